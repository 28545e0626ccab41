//! The knowledge half of `build.rs`: parses and validates `knowledge.toml`, then writes the facts
//! out as `static` data for `src/knowledge/mod.rs` to borrow.
//!
//! - `knowledge.rs`: `static FACTS: Facts`, every string a `&'static str` and every list a static
//!   slice, so a run without an overlay parses, checks and allocates nothing for its knowledge.
//! - `slugs.rs`: each reason's slug and title as a constant, which the command line offers to
//!   shell completion without touching the rest of the facts.
//!
//! A TOML or schema error fails the build with the parser's line and column; a validation problem
//! (an unknown number id, a duplicate alias, ...) fails it with the line of the entry it names.

use std::fmt::{self, Write as _};
use std::path::Path;

use crate::data::{List, Text};
use crate::facts::Facts;
use crate::{model, validate, write, HEADER};

/// The files this half reads, for `cargo::rerun-if-changed`.
pub(crate) const INPUTS: &[&str] = &[
    "knowledge.toml",
    "build/knowledge.rs",
    "src/knowledge/data.rs",
    "src/knowledge/facts.rs",
    "src/knowledge/model.rs",
    "src/knowledge/text.rs",
    "src/knowledge/validate.rs",
];

/// Reads, checks and writes the built-in facts; returns them for the rest of the build script.
/// The error is every problem, one `knowledge.toml:LINE: ...` line each.
pub(crate) fn generate(root: &Path, out: &Path) -> Result<Facts, String> {
    let source = root.join("knowledge.toml");
    let text = std::fs::read_to_string(&source)
        .map_err(|err| format!("cannot read {}: {err}", source.display()))?;
    let raw: model::RawKnowledge = toml::from_str(&text).map_err(|err| {
        let (line, column) = err
            .span()
            .map_or((1, 1), |span| model::line_column(&text, span.start));
        format!(
            "knowledge.toml:{line}:{column}: {}; fix it and rebuild\n{}",
            err.message().trim_end().replace('\n', " "),
            err.to_string().trim_end()
        )
    })?;
    let facts = Facts::from_raw(raw).map_err(|problem| format!("knowledge.toml:1: {problem}"))?;
    let problems = validate::problems(&facts);
    if !problems.is_empty() {
        return Err(problems
            .iter()
            .map(|problem| {
                format!(
                    "knowledge.toml:{}: {problem}; fix it and rebuild",
                    line_of(&text, problem)
                )
            })
            .collect::<Vec<_>>()
            .join("\n"));
    }
    let unwritable = |err: fmt::Error| format!("cannot generate code: {err}");
    let mut code = String::from(HEADER);
    code.push_str("pub(super) static FACTS: facts::Facts = ");
    facts.emit(&mut code).map_err(unwritable)?;
    code.push_str(";\n");
    write(&out.join("knowledge.rs"), &code)?;
    write(
        &out.join("slugs.rs"),
        &render_slugs(&facts.reasons).map_err(unwritable)?,
    )?;
    Ok(facts)
}

/// The line of `knowledge.toml` a validation problem is about. Problems name their entries in
/// backticks, owner first ("reason `travel` cites unknown source `x`"), so this is the line of the
/// last name quoted after the owner's first quoted occurrence; for "appears twice", the owner's
/// second occurrence. Line 1 when the file names none of them (a missing `[[tiers]]` entry, say,
/// points at the first `[[tiers]]` table instead).
fn line_of(text: &str, problem: &str) -> usize {
    let line = |offset: usize| model::line_column(text, offset).0;
    let names: Vec<&str> = problem.split('`').skip(1).step_by(2).collect();
    let quoted =
        |name: &str, from: usize| text[from..].find(&format!("\"{name}\"")).map(|i| i + from);
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
    let Some(first) = quoted(owner, 0) else {
        return 1;
    };
    if problem.ends_with("appears twice") || problem.ends_with("is used twice") {
        let name = names.last().unwrap_or(owner);
        let start = quoted(name, first).unwrap_or(first);
        return quoted(name, start + 1).map_or(line(start), line);
    }
    match names.last() {
        Some(last) if names.len() > 1 => quoted(last, first).map_or(line(first), line),
        _ => line(first),
    }
}

/// The reasons' slugs and titles, in file order, as a constant slice.
fn render_slugs(reasons: &[model::Reason]) -> Result<String, fmt::Error> {
    let mut out = String::from(HEADER);
    out.push_str("/// The built-in reasons as (slug, title), in `knowledge.toml` order.\n");
    out.push_str("pub(crate) const REASON_SLUGS: &[(&str, &str)] = &[\n");
    for r in reasons {
        writeln!(out, "    ({:?}, {:?}),", r.slug.as_str(), r.title.as_str())?;
    }
    out.push_str("];\n");
    Ok(out)
}

/// A value written as the constant expression that borrows the same value from static data.
/// Strings go through the including module's helper `s`, which keeps the generated code short;
/// lists are written as constructors, which give their slices the static's lifetime.
trait Emit {
    fn emit(&self, out: &mut String) -> fmt::Result;
}

impl Emit for Text {
    fn emit(&self, out: &mut String) -> fmt::Result {
        write!(out, "s({:?})", self.as_str())
    }
}

impl<T: Emit + Clone> Emit for List<T> {
    fn emit(&self, out: &mut String) -> fmt::Result {
        out.push_str("List(Cow::Borrowed(&[");
        for item in self {
            item.emit(out)?;
            out.push_str(", ");
        }
        out.push_str("]))");
        Ok(())
    }
}

/// Numbers and booleans print as their own literals.
macro_rules! emit_display {
    ($($ty:ty),*) => {$(
        impl Emit for $ty {
            fn emit(&self, out: &mut String) -> fmt::Result {
                write!(out, "{self}")
            }
        }
    )*};
}

emit_display!(bool, u32, i64);

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, out: &mut String) -> fmt::Result {
        match self {
            Some(value) => {
                out.push_str("Some(");
                value.emit(out)?;
                out.push(')');
            }
            None => out.push_str("None"),
        }
        Ok(())
    }
}

/// Destructures every field, so a field added to the model fails this build script until it is
/// listed here too, rather than being left out of the binary.
macro_rules! emit_struct {
    ($($module:ident :: $ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl Emit for crate::$module::$ty {
            fn emit(&self, out: &mut String) -> fmt::Result {
                let crate::$module::$ty { $($field),* } = self;
                out.push_str(concat!(stringify!($module), "::", stringify!($ty), " {\n"));
                $(
                    out.push_str(concat!(stringify!($field), ": "));
                    $field.emit(out)?;
                    out.push_str(",\n");
                )*
                out.push('}');
                Ok(())
            }
        }
    )*};
}

/// Matches every variant, for the same reason.
macro_rules! emit_enum {
    ($($ty:ident { $($variant:ident),* $(,)? })*) => {$(
        impl Emit for model::$ty {
            fn emit(&self, out: &mut String) -> fmt::Result {
                out.push_str(match self {
                    $(model::$ty::$variant => {
                        concat!("model::", stringify!($ty), "::", stringify!($variant))
                    })*
                });
                Ok(())
            }
        }
    )*};
}

emit_struct! {
    facts::Facts {
        reminder, sources, numbers, disagreements, tiers, reasons, checklist, escalation, deadlines,
    }
    model::Source { id, title, location }
    model::PhoneNumber {
        id, label, display, vanity, e164, kind, hours, region, sources, confidence, note, use_for,
    }
    model::Disagreement { topic, numbers, note }
    model::Tier { slug, name, opens, numbers }
    model::ChannelAdvice { channel, why }
    model::ReasonChecklist { before, say, during, after }
    model::Reason {
        slug, title, department, description, aliases, keywords, phrases, numbers, channels, tips,
        tiers, card_lines, related, checklist, expected_days, sources,
    }
    model::CommonChecklist { before, during, after }
    model::EscalationStep { rung, slug, action, channel, contact, when }
    model::Deadlines {
        billing_error_notice_days, acknowledge_days, resolve_days, cfpb_response_days, sources,
    }
}

emit_enum! {
    NumberKind { TollFree, Collect, Toll }
    Region { Us, Abroad }
    Confidence { OwnCard, Confirmed, Informal, NotUs }
    ChannelKind { App, Chat, Phone, SecureMessage, Social, Web, Letter }
}
