//! The fuzzer's edits to a knowledge file: lines deleted, duplicated, swapped or truncated,
//! numbers changed, strings replaced, headers moved, awkward characters injected.

use std::fmt::Write as _;

use proptest::prelude::*;
use proptest::sample::Index;

use super::awkward;

/// A value in TOML basic-string form, whatever characters it holds.
pub(super) fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One change to the lines of a knowledge file.
#[derive(Debug, Clone)]
pub(super) enum Edit {
    DeleteLine(Index),
    DuplicateLine(Index, Index),
    SwapLines(Index, Index),
    /// Replaces the first number on the line.
    Number(Index, String),
    /// Replaces the contents of the first string on the line, written as a TOML string.
    Value(Index, String),
    /// Inserts raw text at a character of the line.
    Inject(Index, Index, String),
    /// Replaces the line with a table header.
    Header(Index, &'static str),
    /// Cuts the line at a character.
    Truncate(Index, Index),
}

pub(super) fn edit() -> impl Strategy<Value = Edit> {
    let number = prop_oneof![
        prop::sample::select(vec![
            "0",
            "-1",
            "4294967296",
            "9223372036854775807",
            "-9223372036854775808",
            "99999999999999999999",
            "1.5",
            "nan",
            "inf",
            "1979-05-27",
        ])
        .prop_map(str::to_owned),
        any::<i64>().prop_map(|n| n.to_string()),
    ];
    let header = prop::sample::select(vec![
        "[[numbers]]",
        "[[reasons]]",
        "[[sources]]",
        "[[tiers]]",
        "[[disagreements]]",
        "[[escalation]]",
        "[meta]",
        "[checklist]",
        "[deadlines]",
        "[reasons.checklist]",
        "[[reasons.channels]]",
        "[numbers]",
    ]);
    // Most edits keep the file valid TOML, so that most cases get past the parser to the
    // validation, the index and the matcher.
    prop_oneof![
        2 => any::<Index>().prop_map(Edit::DeleteLine),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::DuplicateLine(a, b)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        2 => (any::<Index>(), number).prop_map(|(at, n)| Edit::Number(at, n)),
        8 => (any::<Index>(), awkward()).prop_map(|(at, v)| Edit::Value(at, v)),
        2 => (any::<Index>(), any::<Index>(), awkward()).prop_map(|(l, c, v)| Edit::Inject(l, c, v)),
        1 => (any::<Index>(), header).prop_map(|(at, h)| Edit::Header(at, h)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(l, c)| Edit::Truncate(l, c)),
    ]
}

/// Byte offset of the character `at` picks in `line` (or its end).
fn char_offset(line: &str, at: Index) -> usize {
    let count = line.chars().count();
    line.char_indices()
        .map(|(i, _)| i)
        .nth(at.index(count + 1))
        .unwrap_or(line.len())
}

pub(super) fn apply(lines: &mut Vec<String>, edit: &Edit) {
    if lines.is_empty() {
        return;
    }
    let len = lines.len();
    let pick = |at: &Index| at.index(len);
    match edit {
        Edit::DeleteLine(at) => {
            let at = pick(at);
            lines.remove(at);
        }
        Edit::DuplicateLine(from, to) => {
            let line = lines[pick(from)].clone();
            let to = pick(to);
            lines.insert(to, line);
        }
        Edit::SwapLines(a, b) => {
            let (a, b) = (pick(a), pick(b));
            lines.swap(a, b);
        }
        Edit::Number(at, n) => {
            let line = &mut lines[pick(at)];
            if let Some(start) = line.find(|c: char| c.is_ascii_digit()) {
                let len = line[start..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(line.len() - start);
                line.replace_range(start..start + len, n);
            }
        }
        Edit::Value(at, value) => {
            let line = &mut lines[pick(at)];
            if let Some(open) = line.find('"') {
                let close = line[open + 1..]
                    .find('"')
                    .map_or(line.len(), |c| open + 2 + c);
                line.replace_range(open..close, &toml_string(value));
            }
        }
        Edit::Inject(at, c, text) => {
            let line = &mut lines[pick(at)];
            let offset = char_offset(line, *c);
            line.insert_str(offset, text);
        }
        Edit::Header(at, header) => {
            let at = pick(at);
            lines[at] = (*header).to_owned();
        }
        Edit::Truncate(at, c) => {
            let line = &mut lines[pick(at)];
            let offset = char_offset(line, *c);
            line.truncate(offset);
        }
    }
}
