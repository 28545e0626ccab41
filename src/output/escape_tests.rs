use std::borrow::Cow;

use super::escape_stored;

#[test]
fn escapes_controls_and_bidi_visibly() {
    let cases: &[(&str, &str)] = &[
        ("plain text", "plain text"),
        ("ref ABC-123, rep Dana", "ref ABC-123, rep Dana"),
        ("café – naïve ☎", "café – naïve ☎"),
        ("back\\slash", "back\\slash"),
        ("\u{1b}]0;pwned\u{7}", "\\e]0;pwned\\u{7}"),
        ("\u{1b}[2J", "\\e[2J"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("a\tb", "a\\tb"),
        ("nul\u{0}", "nul\\u{0}"),
        ("del\u{7f}", "del\\u{7f}"),
        ("csi\u{9b}2J", "csi\\u{9b}2J"),
        ("osc\u{9d}0;x\u{9c}", "osc\\u{9d}0;x\\u{9c}"),
        ("abc\u{202e}fed", "abc\\u{202e}fed"),
        (
            "\u{202a}\u{202b}\u{202c}\u{202d}",
            "\\u{202a}\\u{202b}\\u{202c}\\u{202d}",
        ),
        (
            "\u{2066}x\u{2067}y\u{2068}z\u{2069}",
            "\\u{2066}x\\u{2067}y\\u{2068}z\\u{2069}",
        ),
        ("\u{200e}\u{200f}\u{61c}", "\\u{200e}\\u{200f}\\u{61c}"),
        ("line\u{2028}para\u{2029}", "line\\u{2028}para\\u{2029}"),
    ];
    for (raw, shown) in cases {
        assert_eq!(escape_stored(raw), *shown, "{raw:?}");
    }
}

#[test]
fn clean_text_is_borrowed_and_escaped_text_has_no_control_left() {
    assert!(matches!(
        escape_stored("call 1-800-528-4800"),
        Cow::Borrowed(_)
    ));
    let every: String = (0u32..0x2070).filter_map(char::from_u32).collect();
    let shown = escape_stored(&every);
    assert!(
        !shown.chars().any(|c| c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)),
        "a control survived"
    );
    // Escaping is visible, not lossy: printable text is kept in order.
    assert!(shown.contains("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
}
