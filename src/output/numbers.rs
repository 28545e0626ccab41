//! The number view shared by `route` and `numbers`: a phone number as scripts see it, its labels,
//! the sources legend and the disagreements between sources.

use std::io;

use serde::Serialize;

use super::page::{Page, Paint};
use crate::knowledge::{
    Confidence, Disagreement, Knowledge, NumberKind, PhoneNumber, Region, Source, Text,
};

/// A phone number as scripts see it, in `route`, `numbers` and elsewhere.
#[derive(Clone, Serialize)]
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
    /// How to dial it from outside the US: `+1 336-393-1111`.
    pub(crate) international: String,
    /// Where it comes from, in a word or two: "your card", "issuer's site", "informal article".
    pub(crate) provenance: &'static str,
}

impl<'k> NumberView<'k> {
    /// The view of `n`; `sources` are the knowledge's sources, which say where a confirmed number
    /// was confirmed.
    pub(crate) fn new(n: &'k PhoneNumber, sources: &[Source]) -> Self {
        NumberView {
            international: international_form(&n.e164, &n.display),
            provenance: provenance(n, sources),
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
    /// The number as a person in the US dials it: the vanity form with its digits, or the
    /// display form; from abroad, the `+1` form. One line, with no break inside a number.
    pub(crate) fn dial(&self, abroad: bool) -> String {
        if abroad {
            return self.international.clone();
        }
        match self.vanity {
            Some(vanity) => format!("{vanity} ({})", self.display),
            None => self.display.to_owned(),
        }
    }

    /// [`NumberView::dial`] for a table cell: a vanity form and its digits on two lines.
    pub(crate) fn dial_cell(&self) -> String {
        match self.vanity {
            Some(vanity) => format!("{vanity}\n({})", self.display),
            None => self.display.to_owned(),
        }
    }

    /// Kind, hours, region when abroad, and provenance: "collect, 24/7, from abroad, issuer's site".
    pub(crate) fn facts(&self) -> String {
        self.facts_with(self.region == Region::Abroad)
    }

    /// [`NumberView::facts`], naming the region whatever it is when `region` is set.
    pub(crate) fn facts_with(&self, region: bool) -> String {
        let mut facts = vec![kind_label(self.kind)];
        facts.extend(self.hours);
        if region {
            facts.push(region_label(self.region));
        }
        facts.push(self.provenance);
        facts.join(", ")
    }
}

/// A North American number in `+1 NPA-NXX-XXXX` form, the way it is dialled from another
/// country; any other number as `display` shows it.
pub(crate) fn international_form(e164: &str, display: &str) -> String {
    match e164.strip_prefix("+1") {
        Some(rest) if rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit()) => {
            format!("+1 {}-{}-{}", &rest[..3], &rest[3..6], &rest[6..])
        }
        _ => display.to_owned(),
    }
}

/// Where a number comes from, in words a cardholder knows. A confirmed number names the kind of
/// site that confirms it: the issuer's own, or a government one (the CFPB).
pub(crate) fn provenance(n: &PhoneNumber, sources: &[Source]) -> &'static str {
    match n.confidence {
        Confidence::OwnCard => "your card",
        Confidence::Informal => "informal article",
        Confidence::NotUs => "not a US line",
        Confidence::Confirmed => {
            let locations: Vec<&str> = n
                .sources
                .iter()
                .filter_map(|id| sources.iter().find(|s| &s.id == id))
                .filter_map(|s| s.location.as_deref())
                .collect();
            if locations.iter().any(|l| l.contains("americanexpress.com")) {
                "issuer's site"
            } else if locations.iter().any(|l| l.contains(".gov")) {
                "government site"
            } else {
                "confirmed"
            }
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

pub(crate) fn region_label(r: Region) -> &'static str {
    match r {
        Region::Us => "US",
        Region::Abroad => "from abroad",
    }
}

/// The sources legend: each source the numbers cite, with its title and where it is.
pub(crate) fn write_sources(page: &mut Page<'_>, sources: &[&Source]) -> io::Result<()> {
    page.painted(Paint::Heading, "Sources")?;
    for s in sources {
        let text = match &s.location {
            Some(loc) => format!("{}: {} ({loc})", s.id, s.title),
            None => format!("{}: {}", s.id, s.title),
        };
        page.hanging("  ", "    ", &text)?;
    }
    Ok(())
}

/// Each disagreement in full: its topic and the note that weighs the sources.
pub(crate) fn write_disagreements(
    page: &mut Page<'_>,
    disagreements: &[&Disagreement],
) -> io::Result<()> {
    for d in disagreements {
        page.lead(
            ("", "  "),
            (
                Paint::Warn,
                &format!("Sources disagree on the {}:", d.topic),
            ),
            &d.note,
        )?;
    }
    Ok(())
}

/// Each disagreement in one line: the rival numbers among `numbers`, in their order there, and
/// where to read more.
pub(crate) fn write_disagreement_lines(
    page: &mut Page<'_>,
    disagreements: &[&Disagreement],
    numbers: &[NumberView<'_>],
    abroad: bool,
) -> io::Result<()> {
    for d in disagreements {
        let rivals: Vec<String> = numbers
            .iter()
            .filter(|n| d.numbers.iter().any(|id| id == n.id))
            .map(|n| {
                if abroad {
                    n.international.clone()
                } else {
                    n.display.to_owned()
                }
            })
            .collect();
        let listed = match rivals.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => rivals.join(""),
        };
        page.lead(
            ("", "  "),
            (Paint::Warn, "Sources disagree:"),
            &format!("{listed}; see --sources."),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::international_form;

    #[test]
    fn north_american_numbers_get_the_plus_one_form_and_others_stay_as_shown() {
        let cases = [
            ("+13363931111", "1-336-393-1111", "+1 336-393-1111"),
            ("+18552973276", "1-800-AXP-EARN", "+1 855-297-3276"),
            ("+18554112372", "(855) 411-2372", "+1 855-411-2372"),
            ("+9118004192122", "1800-419-2122", "1800-419-2122"),
            ("+1800", "1-800", "1-800"),
            ("+1800528480x", "odd", "odd"),
        ];
        for (e164, display, want) in cases {
            assert_eq!(international_form(e164, display), want, "{e164}");
        }
    }
}
