use textwrap::core::display_width;

use super::{Grid, LIST_BELOW};

const NUMBERS: &[&str] = &[
    "1-800-528-4800",
    "+1 336-393-1111",
    "(855) 411-2372",
    "1-800-297-3276",
];

/// A table like `numbers`: the number and a reference kept whole, the rest prose.
fn numbers_grid() -> Grid {
    let mut grid = Grid::new(&["Number", "Kind", "Hours", "Reference", "Sources"])
        .keep_whole(0)
        .keep_whole(3);
    for (i, number) in NUMBERS.iter().enumerate() {
        grid.row([
            (*number).to_owned(),
            "toll-free".to_owned(),
            "24 hours a day, 7 days a week, including holidays".to_owned(),
            format!("REF-2026-12-0{i}"),
            "issuer's site (americanexpress.com), informal article, your card".to_owned(),
        ]);
    }
    grid
}

#[test]
fn no_line_is_wider_than_the_width_and_numbers_stay_whole() {
    let grid = numbers_grid();
    for width in 30..=160 {
        let lines = grid.render(width, false);
        for line in &lines {
            assert!(
                display_width(line) <= usize::from(width),
                "{width}: {line:?}\n{}",
                lines.join("\n")
            );
        }
        for (i, number) in NUMBERS.iter().enumerate() {
            assert!(
                lines.iter().any(|l| l.contains(number)),
                "{number} broken at {width}:\n{}",
                lines.join("\n")
            );
            let reference = format!("REF-2026-12-0{i}");
            assert!(
                lines.iter().any(|l| l.contains(&reference)),
                "{reference} at {width}"
            );
        }
        let is_table = lines.iter().any(|l| l.contains('│'));
        // Below LIST_BELOW always a list; from 100 columns this table's narrowest (whole
        // columns, and prose columns as wide as their longest word) fits. In between, either.
        if !(LIST_BELOW..100).contains(&width) {
            assert_eq!(is_table, width >= 100, "{width}:\n{}", lines.join("\n"));
        }
    }
}

#[test]
fn the_list_has_one_entry_per_row_and_one_field_per_line() {
    let mut grid = Grid::new(&["Case", "Title", "Next due"]).keep_whole(2);
    grid.row([
        "3".to_owned(),
        "Card stolen in a taxi".to_owned(),
        "2026-12-04".to_owned(),
    ]);
    grid.row(["4".to_owned(), String::new(), "2026-12-09".to_owned()]);
    assert_eq!(
        grid.render(40, false),
        [
            "3",
            "  Title: Card stolen in a taxi",
            "  Next due: 2026-12-04",
            "4",
            "  Next due: 2026-12-09"
        ]
    );
    assert_eq!(
        grid.render(20, false),
        [
            "3",
            "  Title: Card stolen",
            "    in a taxi",
            "  Next due:",
            "    2026-12-04",
            "4",
            "  Next due:",
            "    2026-12-09"
        ]
    );
}

#[test]
fn a_table_whose_whole_columns_cannot_fit_becomes_a_list() {
    let mut grid = Grid::new(&["Number", "Note"]).keep_whole(0).keep_whole(1);
    grid.row(["1-800-528-4800".to_owned(), "x".repeat(70)]);
    let lines = grid.render(80, false);
    assert!(!lines.iter().any(|l| l.contains('│')), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains(&"x".repeat(70))));
}

#[test]
fn colour_is_only_added_when_asked() {
    let grid = numbers_grid();
    for width in [45, 100] {
        assert!(grid
            .render(width, false)
            .iter()
            .all(|l| !l.contains('\x1b')));
        assert!(grid
            .render(width, true)
            .iter()
            .any(|l| l.contains("\x1b[1m")));
    }
}
