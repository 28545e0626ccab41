use super::*;

const TEXTS: [&str; 9] = [
    "Call Lost and Stolen Cards at 1-800-528-4800, toll-free, 24 hours a day.",
    "see (https://www.americanexpress.com/us/fraud-protection-center/how-we-protect-you.html)",
    "x 000_7f265ee942515205.txt y",
    "+1 336-393-1111 collect, (855) 411-2372",
    "caf\u{e9} \u{4e2d}\u{6587} \u{1f4b3} card",
    "a tab\there and\ttwo",
    "two\nlines",
    "",
    "word",
];

/// Every way a page writes, at `width`, on `page`.
fn write_all(page: &mut Page<'_>) -> io::Result<()> {
    for text in TEXTS {
        page.painted(Paint::Heading, text)?;
        page.blank()?;
        page.para("  ", text)?;
        page.hanging("  - ", "    ", text)?;
        page.painted_para(Paint::Dim, "\t", text)?;
        page.lead(("  ", "     "), (Paint::Warn, "Note:"), text)?;
        page.hanging(&" ".repeat(130), "", text)?;
    }
    let mut grid = Grid::new(&["number", "notes"]);
    grid.row(["1-800-528-4800".to_owned(), TEXTS[0].to_owned()]);
    grid.row(["two".to_owned(), "cell\n".to_owned()]);
    page.grid(&grid)
}

/// A counting page counts the lines a writing page writes, whatever the width, colour and text.
#[test]
fn a_counting_page_counts_what_a_writing_page_writes() {
    for width in [0, 1, 10, 20, 45, 80, 200] {
        for color in [false, true] {
            let style = Style {
                color,
                width: Some(width),
            };
            let mut written = Vec::new();
            write_all(&mut Page::new(&mut written, style)).unwrap();
            let mut counting = Page::counting(style);
            write_all(&mut counting).unwrap();
            let lines = String::from_utf8(written).unwrap().lines().count();
            assert_eq!(counting.lines(), lines, "width {width}, colour {color}");
        }
    }
}
