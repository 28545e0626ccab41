//! Turns what a person typed into a reason: an exact slug, an alias, or free text read by the
//! trained router (`router/`), which says how sure it is and refuses when it is not sure enough.

use super::router;
use super::text::{normalize, normalize_into};
use super::{Knowledge, Reason};

/// How the input was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MatchMethod {
    Slug,
    Alias,
    FreeText,
}

#[derive(Debug)]
pub(crate) struct Match<'k> {
    pub(crate) reason: &'k Reason,
    pub(crate) method: MatchMethod,
    /// How likely the reason is, from 0 to 1: 1 for a slug or alias (or an overlay reason's own
    /// keyword), the router's calibrated probability for free text.
    pub(crate) confidence: f32,
    /// For free text, the runners-up with their probabilities, most likely first; else empty.
    pub(crate) alternatives: Vec<(&'k Reason, f32)>,
}

/// Free text the router is not sure enough about, with the closest reasons and their
/// probabilities, most likely first; or text with no word in it at all, which the router is
/// not asked about.
#[derive(Debug)]
pub(crate) struct Refusal<'k> {
    pub(crate) closest: Vec<(&'k Reason, f32)>,
    /// The text has no letter or digit: there was nothing to read, so there are no guesses.
    pub(crate) no_words: bool,
}

/// Runners-up shown with an answer, and reasons shown with a refusal.
const ALTERNATIVES: usize = 3;
/// A runner-up less likely than this is not worth showing.
const MIN_ALTERNATIVE: f32 = 0.01;
/// The highest confidence free text gets: below 1, and still 0.9999 at four decimal places.
const MOST_SURE: f32 = 0.999_9;
/// How much of the input a refusal or route's page quotes, in columns.
const QUOTED: usize = 60;

impl Refusal<'_> {
    /// The one line that says so: `not sure what "…" is about; closest: dispute (41%), …`, or,
    /// for a text without a letter or digit, that there is nothing to read.
    pub(crate) fn message(&self, input: &str) -> String {
        let quoted = quote(input);
        if self.no_words {
            let what = if input.chars().all(is_invisible) {
                "no reason given".to_owned()
            } else {
                format!("no words in \"{quoted}\"")
            };
            return format!(
                "{what}: name a reason such as `lost-card`, or say what happened in words; try `amex-help reasons`"
            );
        }
        let closest: Vec<String> = self
            .closest
            .iter()
            .map(|(r, p)| format!("{} ({})", r.slug, percent(f64::from(*p))))
            .collect();
        format!(
            "not sure what \"{quoted}\" is about; closest: {}; try `amex-help reasons`",
            closest.join(", ")
        )
    }
}

/// What was typed, as a message quotes it: white space runs as single spaces, and past
/// [`QUOTED`] columns cut, with `…` to say so. A pasted letter stays one short line, in any
/// script (a Chinese character takes two columns).
pub(crate) fn quote(input: &str) -> String {
    let words = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut quoted = String::new();
    let mut columns = 0;
    let mut buf = [0; 4];
    for c in words.chars() {
        columns += textwrap::core::display_width(c.encode_utf8(&mut buf));
        if columns > QUOTED {
            break;
        }
        quoted.push(c);
    }
    if quoted.len() < words.len() {
        quoted.truncate(quoted.trim_end().len());
        quoted.push('…');
    }
    quoted
}

/// A probability as people read it: "87%". Short of certainty it never reads "100%", and above
/// nothing never "0%".
pub(crate) fn percent(p: f64) -> String {
    let whole = (p * 100.0).round();
    if p >= 1.0 {
        "100%".to_owned()
    } else if whole >= 100.0 {
        "99%".to_owned()
    } else if whole < 1.0 && p > 0.0 {
        "<1%".to_owned()
    } else {
        format!("{whole:.0}%")
    }
}

/// Finds the reason for `input`: an exact slug or alias first, then free text.
pub(crate) fn find_reason<'k>(k: &'k Knowledge, input: &str) -> Result<Match<'k>, Refusal<'k>> {
    let typed = normalize(input);
    let exact = |reason, method| Match {
        reason,
        method,
        confidence: 1.0,
        alternatives: Vec::new(),
    };
    if let Some(reason) = k.reasons.iter().find(|r| r.slug == typed) {
        return Ok(exact(reason, MatchMethod::Slug));
    }
    // One buffer for every alias of every reason.
    let mut alias = String::new();
    if let Some(reason) = k.reasons.iter().find(|r| {
        r.aliases.iter().any(|a| {
            if is_slug_form(a) {
                // As the built-in aliases are written: nothing to normalize.
                return **a == *typed;
            }
            normalize_into(a, &mut alias);
            alias == typed
        })
    }) {
        return Ok(exact(reason, MatchMethod::Alias));
    }
    if let Some(reason) = find_overlay_reason(k, &typed) {
        return Ok(exact(reason, MatchMethod::FreeText));
    }
    if typed.is_empty() {
        // No letter or digit: the router's guesses would be its priors alone.
        return Err(Refusal {
            closest: Vec::new(),
            no_words: true,
        });
    }
    let reading = router::read(input);
    let mut ranked = reading.ranked.iter().filter_map(|&(class, p)| {
        Some((
            k.reasons
                .iter()
                .find(|r| r.slug == router::slugs()[class])?,
            p,
        ))
    });
    if reading.refused {
        return Err(Refusal {
            closest: ranked.take(ALTERNATIVES).collect(),
            no_words: false,
        });
    }
    let Some((reason, confidence)) = ranked.next() else {
        return Err(Refusal {
            closest: Vec::new(),
            no_words: false,
        });
    };
    Ok(Match {
        reason,
        method: MatchMethod::FreeText,
        // 1 means an exact slug or alias; a probability in f32 can round up to it.
        confidence: confidence.min(MOST_SURE),
        alternatives: ranked
            .take(ALTERNATIVES)
            .filter(|&(_, p)| p >= MIN_ALTERNATIVE)
            .collect(),
    })
}

/// Whether `c` shows nothing on a terminal: white space, and the zero-width and direction
/// characters (a text of only these reads as nothing typed at all).
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Whether `text` is already as [`normalize`] would write it: lowercase ASCII letters and digits
/// in words joined by single dashes.
fn is_slug_form(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A reason that an overlay added and the router was never trained on, whose keywords or phrases
/// appear in `typed` (the input in slug form) as whole words: the one with the most of them, the
/// first in file order on a tie.
fn find_overlay_reason<'k>(k: &'k Knowledge, typed: &str) -> Option<&'k Reason> {
    let text = format!("-{typed}-");
    let mut term = String::new();
    let mut best: Option<(&Reason, usize)> = None;
    for reason in k
        .reasons
        .iter()
        .filter(|r| !router::slugs().contains(&r.slug.as_str()))
    {
        let hits = reason
            .keywords
            .iter()
            .chain(&reason.phrases)
            .filter(|t| {
                normalize_into(t, &mut term);
                !term.is_empty() && text.contains(&format!("-{term}-"))
            })
            .count();
        if hits > 0 && best.is_none_or(|(_, most)| hits > most) {
            best = Some((reason, hits));
        }
    }
    best.map(|(reason, _)| reason)
}

#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
