//! `amex-help knowledge check`: validate a knowledge overlay against the built-in facts.

use std::fs;
use std::io::{self, Write};

use anyhow::{Context, Result};
use serde::Serialize;

use super::Ctx;
use crate::cli::KnowledgeCheckArgs;
use crate::error::bad_input;
use crate::knowledge::{not_utf8, problems, Knowledge};
use crate::output::{emit, Render, Style};

pub(crate) fn check(ctx: &Ctx, args: &KnowledgeCheckArgs) -> Result<()> {
    let text = match fs::read_to_string(&args.file) {
        Err(err) if err.kind() == io::ErrorKind::InvalidData => return Err(not_utf8(&args.file)),
        read => read.with_context(|| format!("reading knowledge file {}", args.file.display()))?,
    };
    // A syntax or shape error is already one line naming file, line and column.
    let k = Knowledge::load_unvalidated(&text, &args.file)?;
    let report = Check {
        file: args.file.display().to_string(),
        ok: true,
        numbers: k.numbers.len(),
        reasons: k.reasons.len(),
        problems: problems(&k),
    };
    let report = Check {
        ok: report.problems.is_empty(),
        ..report
    };
    emit(&report, ctx.format, ctx.style)?;
    if report.ok {
        Ok(())
    } else {
        Err(bad_input(format!(
            "{} has {} problem(s); fix them and check again",
            report.file,
            report.problems.len()
        )))
    }
}

/// The JSON shape of `knowledge check --json`.
#[derive(Serialize)]
struct Check {
    file: String,
    ok: bool,
    /// Counts after merging the file over the built-in facts.
    numbers: usize,
    reasons: usize,
    problems: Vec<String>,
}

impl Render for Check {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        if self.ok {
            return writeln!(
                out,
                "{}: ok ({} numbers, {} reasons after merging over the built-in facts)",
                self.file, self.numbers, self.reasons
            );
        }
        for p in &self.problems {
            // A problem quotes the overlay's own text, which may hold control characters.
            let (file, problem) = (style.text(&self.file), style.text(p));
            writeln!(out, "{file}: {} {problem}", style.warn("problem:"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
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
            terminal: true,
            width: None,
        };
        report.human(&mut out, terminal).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "o.toml: problem: reason `\\e[2J\\r` has no keywords\n\
             o.toml: problem: number `a\\nb` has no source\n"
        );
    }
}
