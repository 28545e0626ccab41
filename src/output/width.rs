//! How wide human output may be: the terminal's width when stdout is one, else `COLUMNS`, else 80.

use std::io::IsTerminal;

/// The width used when neither the terminal nor `COLUMNS` says.
pub(crate) const DEFAULT_WIDTH: u16 = 80;

/// The width of stdout's terminal, else `COLUMNS`, else [`DEFAULT_WIDTH`].
pub(crate) fn output_width() -> u16 {
    let terminal = if std::io::stdout().is_terminal() {
        terminal_size::terminal_size().map(|(w, _)| w.0)
    } else {
        None
    };
    choose_width(terminal, std::env::var("COLUMNS").ok().as_deref())
}

/// The decision itself: a terminal's own width wins, then a usable `COLUMNS`, then 80. A width of
/// 0 (a terminal that does not know, `COLUMNS=0`) or a `COLUMNS` that is not a number is ignored.
pub(crate) fn choose_width(terminal: Option<u16>, columns: Option<&str>) -> u16 {
    terminal
        .filter(|&w| w > 0)
        .or_else(|| {
            columns
                .and_then(|c| c.trim().parse::<u16>().ok())
                .filter(|&w| w > 0)
        })
        .unwrap_or(DEFAULT_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::choose_width;

    #[test]
    fn terminal_then_columns_then_eighty() {
        let cases: &[(Option<u16>, Option<&str>, u16)] = &[
            (Some(45), Some("120"), 45),
            (Some(0), Some("120"), 120),
            (None, Some("120"), 120),
            (None, Some(" 60 "), 60),
            (None, Some("0"), 80),
            (None, Some("wide"), 80),
            (None, Some(""), 80),
            (None, Some("70000"), 80),
            (None, None, 80),
            (Some(200), None, 200),
        ];
        for &(terminal, columns, want) in cases {
            assert_eq!(
                choose_width(terminal, columns),
                want,
                "{terminal:?} {columns:?}"
            );
        }
    }
}
