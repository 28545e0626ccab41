//! Unit tests of `knowledge`.

use super::*;

#[test]
fn problems_quoting_control_characters_print_one_line_each_on_a_terminal() {
    let report = Check {
        file: "o.toml".to_owned(),
        ok: false,
        numbers: 1,
        reasons: 1,
        problems: vec![
            "reason `\u{1b}[2J\r` has no keywords".to_owned(),
            "number `a\nb` has no source".to_owned(),
        ],
    };
    let mut out = Vec::new();
    let terminal = Style {
        color: false,
        width: None,
    };
    report.human(&mut out, terminal).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "o.toml: problem: reason `\\e[2J\\r` has no keywords\n\
         o.toml: problem: number `a\\nb` has no source\n"
    );
}
