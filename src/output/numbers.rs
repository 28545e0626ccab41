//! The number view shared by `route` and `numbers`: a phone number as scripts see it, its labels,
//! the sources legend and the disagreements between sources.

use std::io::{self, Write};

use serde::Serialize;

use super::Style;
use crate::knowledge::{
    Confidence, Disagreement, Knowledge, NumberKind, PhoneNumber, Region, Source, Text,
};

/// A phone number as scripts see it, in `route`, `numbers` and elsewhere.
#[derive(Serialize)]
pub(crate) struct NumberView<'k> {
    pub(crate) id: &'k str,
    pub(crate) label: &'k str,
    pub(crate) display: &'k str,
    pub(crate) vanity: Option<&'k str>,
    pub(crate) e164: &'k str,
    pub(crate) kind: NumberKind,
    pub(crate) hours: Option<&'k str>,
    pub(crate) region: Region,
    pub(crate) sources: &'k [Text],
    pub(crate) confidence: Confidence,
    pub(crate) note: Option<&'k str>,
}

impl<'k> From<&'k PhoneNumber> for NumberView<'k> {
    fn from(n: &'k PhoneNumber) -> Self {
        NumberView {
            id: &n.id,
            label: &n.label,
            display: &n.display,
            vanity: n.vanity.as_deref(),
            e164: &n.e164,
            kind: n.kind,
            hours: n.hours.as_deref(),
            region: n.region,
            sources: &n.sources,
            confidence: n.confidence,
            note: n.note.as_deref(),
        }
    }
}

impl NumberView<'_> {
    /// The number as a person dials it: the vanity form with its digits, or the display form.
    pub(crate) fn dial(&self) -> String {
        match self.vanity {
            Some(vanity) => format!("{vanity}\n({})", self.display),
            None => self.display.to_owned(),
        }
    }
}

/// The sources cited by `numbers`, in first-cited order.
pub(crate) fn sources_of<'k>(k: &'k Knowledge, numbers: &[&'k PhoneNumber]) -> Vec<&'k Source> {
    let mut out: Vec<&Source> = Vec::new();
    for id in numbers.iter().flat_map(|n| &n.sources) {
        if let Some(s) = k.sources.iter().find(|s| &s.id == id) {
            if !out.iter().any(|o| o.id == s.id) {
                out.push(s);
            }
        }
    }
    out
}

pub(crate) fn kind_label(kind: NumberKind) -> &'static str {
    match kind {
        NumberKind::TollFree => "toll-free",
        NumberKind::Collect => "collect",
        NumberKind::Toll => "toll",
    }
}

pub(crate) fn confidence_label(c: Confidence) -> &'static str {
    match c {
        Confidence::OwnCard => "your card",
        Confidence::Confirmed => "confirmed",
        Confidence::Informal => "informal",
        Confidence::NotUs => "not a US line",
    }
}

pub(crate) fn region_label(r: Region) -> &'static str {
    match r {
        Region::Us => "US",
        Region::Abroad => "from abroad",
    }
}

/// The sources legend under a table of numbers.
pub(crate) fn write_sources(
    out: &mut dyn Write,
    style: Style,
    sources: &[&Source],
) -> io::Result<()> {
    writeln!(out, "{}", style.dim("Sources:"))?;
    for s in sources {
        match &s.location {
            Some(loc) => writeln!(
                out,
                "{}",
                style.dim(&format!("  {}: {} ({loc})", s.id, s.title))
            )?,
            None => writeln!(out, "{}", style.dim(&format!("  {}: {}", s.id, s.title)))?,
        }
    }
    Ok(())
}

pub(crate) fn write_disagreements(
    out: &mut dyn Write,
    style: Style,
    disagreements: &[&Disagreement],
) -> io::Result<()> {
    for d in disagreements {
        writeln!(
            out,
            "{} {}",
            style.warn(&format!("Sources disagree on the {}:", d.topic)),
            d.note
        )?;
    }
    Ok(())
}
