//! Amounts of money as people type them (`$40`, `40.00`, `1,250.5`), held as whole cents so that
//! nothing is lost to floating point.

/// The largest amount accepted: a typo guard far above any card charge, and below every card
/// number read as cents (13 digits or more), so a card typed as an amount is refused.
pub(crate) const MAX_CENTS: i64 = 100_000_000_000;

const AMOUNT_HINT: &str = "give dollars and cents, such as 40, $40.00 or 1,250.50";

/// Parses dollars and cents: an optional `$`, digits with optional comma thousands separators,
/// and an optional `.` with one or two digits of cents.
pub(crate) fn parse_amount(s: &str) -> Result<i64, String> {
    let text = s.trim();
    let bad = || format!("{text} is not an amount; {AMOUNT_HINT}");
    let body = text.strip_prefix('$').unwrap_or(text);
    let (whole, cents) = match body.split_once('.') {
        Some((w, c)) => (w, Some(c)),
        None => (body, None),
    };
    if whole.is_empty() || whole.starts_with(',') || whole.ends_with(',') {
        return Err(bad());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_right =
        groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_right || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let dollars: i64 = groups.concat().parse().map_err(|_| bad())?;
    let cents: i64 = match cents {
        None => 0,
        Some(c) if (1..=2).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()) => {
            let n: i64 = c.parse().map_err(|_| bad())?;
            if c.len() == 1 {
                n * 10
            } else {
                n
            }
        }
        Some(_) => return Err(bad()),
    };
    dollars
        .checked_mul(100)
        .and_then(|d| d.checked_add(cents))
        .filter(|total| *total <= MAX_CENTS)
        .ok_or_else(|| format!("{text} is too large for an amount on a card statement"))
}

/// Shows cents as dollars: `$1,250.50`.
pub(crate) fn format_amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let digits = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}
