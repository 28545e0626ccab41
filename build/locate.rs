//! Where in `knowledge.toml` a validation problem lies, for the build's error. Compiled by
//! `build.rs` and by a unit test of the crate, so it imports nothing.

/// The line of `knowledge.toml` a validation problem is about. Problems name their entries in
/// backticks, owner first ("reason `travel` cites unknown source `x`"), so this is the line of the
/// last name quoted after the owner's definition (`slug = "travel"`); for "`x` appears twice", the
/// second definition of `x`. Line 1 when the file names none of them (a missing `[[tiers]]` entry, say,
/// points at the first `[[tiers]]` table instead).
pub(crate) fn line_of(text: &str, problem: &str) -> usize {
    let line = |offset: usize| text[..offset].matches('\n').count() + 1;
    let names: Vec<&str> = problem.split('`').skip(1).step_by(2).collect();
    let quoted =
        |name: &str, from: usize| text[from..].find(&format!("\"{name}\"")).map(|i| i + from);
    // Where an entry is defined: `slug = "x"`, `id = "x"`, `topic = "x"`; a list only refers to it.
    let defined = |name: &str, from: usize| {
        text[from..]
            .find(&format!("= \"{name}\""))
            .map(|i| i + from)
    };
    let Some(owner) = names.first() else {
        return problem
            .find("[[")
            .and_then(|i| problem[i..].find("]]").map(|j| &problem[i..i + j + 2]))
            .and_then(|table| text.find(table))
            .map_or(1, line);
    };
    if problem.contains("is missing from [[tiers]]") {
        return text.find("[[tiers]]").map_or(1, line);
    }
    let Some(first) = defined(owner, 0).or_else(|| quoted(owner, 0)) else {
        return 1;
    };
    if problem.ends_with("appears twice") {
        return defined(owner, first + 1).map_or(line(first), line);
    }
    match names.last() {
        Some(last) if names.len() > 1 => quoted(last, first).map_or(line(first), line),
        _ => line(first),
    }
}
