//! Stored text made safe to print: what a person typed into the log (a note, a title, a
//! reference) can hold escape sequences that retitle a window, clear the screen or reorder a line.
//!
//! Policy, the same on a terminal and in a pipe (`log show 1 | less -R` still interprets them):
//! - ESC is shown as `\e`; newline, carriage return and tab as `\n`, `\r` and `\t`. Each stored
//!   field is printed on its own line and wrapped or put in a table by width, which a raw line
//!   break or tab would defeat (and a raw `\r` would overwrite the start of the line).
//! - Every other C0 control (U+0000-U+001F), DEL (U+007F) and the C1 controls (U+0080-U+009F),
//!   which include the 8-bit CSI and OSC introducers, are shown as `\u{..}` in lowercase hex.
//! - Bidirectional overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069), the
//!   directional marks (U+200E, U+200F, U+061C) and the Unicode line and paragraph separators
//!   (U+2028, U+2029) are shown the same way, so text cannot appear in an order other than stored.
//! - Everything else, a backslash included, is printed as stored: text with nothing to escape is
//!   borrowed, not copied. JSON output needs none of this, since `serde_json` escapes controls.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal raw; error messages, which can quote what was typed,
/// escape by it too.
pub(crate) fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `raw` with every control, bidi override and line separator shown visibly (see the module doc).
pub(crate) fn escape_stored(raw: &str) -> Cow<'_, str> {
    if !raw.chars().any(needs_escape) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len() + 8);
    for c in raw.chars() {
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
#[path = "escape_tests.rs"]
mod tests;
