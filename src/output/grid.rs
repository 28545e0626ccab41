//! Rows of cells laid out for a person: a comfy-table table that fits the width, in which chosen
//! columns (a phone number, a reference, a date, a slug) never wrap; or, on a narrow screen or
//! when those columns alone would not fit, a list with one entry per row and one field per line.

use comfy_table::{
    presets, Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width,
};
use textwrap::core::display_width;

use super::wrap::wrap_hanging;

/// Below this width a table's columns get too narrow to read, so rows become a list.
pub(crate) const LIST_BELOW: u16 = 60;

/// The narrowest a wrapping column may get before the table gives way to the list.
const MIN_PROSE_COLUMN: usize = 8;

/// Indent of a field under its row in the list layout, and of a field's continuation lines.
const FIELD: &str = "  ";
const CONTINUATION: &str = "    ";

#[derive(Debug, Clone)]
pub(crate) struct Grid {
    header: Vec<String>,
    whole: Vec<bool>,
    rows: Vec<Vec<String>>,
    /// Cells to make stand out when colour is on (something overdue), by row and column.
    marked: Vec<(usize, usize)>,
    /// In the list layout, the first `head` cells of a row share its first line and the other
    /// fields follow in one wrapped paragraph; 0 gives one field per line.
    head: usize,
}

impl Grid {
    pub(crate) fn new(header: &[&str]) -> Grid {
        Grid {
            header: header.iter().map(|&h| h.to_owned()).collect(),
            whole: vec![false; header.len()],
            rows: Vec::new(),
            marked: Vec::new(),
            head: 0,
        }
    }

    /// Never wrap column `index` (counted from 0): it holds something to dial or quote.
    pub(crate) fn keep_whole(mut self, index: usize) -> Grid {
        if let Some(w) = self.whole.get_mut(index) {
            *w = true;
        }
        self
    }

    /// A compact list layout: the first `head` cells on one line, the other fields after it as
    /// one paragraph, for rows a person scans (`log list`).
    pub(crate) fn compact(mut self, head: usize) -> Grid {
        self.head = head.min(self.header.len());
        self
    }

    /// Adds a row; missing cells are empty and extra cells are ignored. Cells are printed as
    /// given, so stored text must already be escaped.
    pub(crate) fn row(&mut self, cells: impl IntoIterator<Item = String>) {
        let mut cells: Vec<String> = cells.into_iter().take(self.header.len()).collect();
        cells.resize(self.header.len(), String::new());
        self.rows.push(cells);
    }

    /// Makes cell `column` of the last row stand out (bold yellow) when colour is on.
    pub(crate) fn mark(&mut self, column: usize) {
        if let Some(row) = self.rows.len().checked_sub(1) {
            self.marked.push((row, column));
        }
    }

    fn is_marked(&self, row: usize, column: usize) -> bool {
        self.marked.contains(&(row, column))
    }

    /// The lines to print at `width` columns: a table from [`LIST_BELOW`] columns up when its
    /// whole columns fit, else the list. `bold` makes the header (or each entry's first line) bold.
    pub(crate) fn render(&self, width: u16, bold: bool) -> Vec<String> {
        if width >= LIST_BELOW && self.table_fits(width) {
            self.table(width, bold)
        } else {
            self.list(width, bold)
        }
    }

    /// The widest content of column `index`, header included; a cell may hold several lines.
    fn content_width(&self, index: usize) -> usize {
        self.rows
            .iter()
            .flat_map(|r| r[index].lines())
            .map(display_width)
            .chain(std::iter::once(display_width(&self.header[index])))
            .max()
            .unwrap_or(0)
    }

    /// The longest word in column `index`, header included: a prose column is never narrower,
    /// so a slug or a number inside prose is never broken either.
    fn longest_word(&self, index: usize) -> usize {
        self.rows
            .iter()
            .map(|r| r[index].as_str())
            .chain(std::iter::once(self.header[index].as_str()))
            .flat_map(str::split_whitespace)
            .map(display_width)
            .max()
            .unwrap_or(0)
    }

    /// The narrowest column `index` may be.
    fn min_width(&self, index: usize) -> usize {
        if self.whole[index] {
            self.content_width(index)
        } else {
            self.content_width(index)
                .min(MIN_PROSE_COLUMN)
                .max(self.longest_word(index))
        }
    }

    /// Whether every column at its narrowest ([`Grid::min_width`]), padding and borders fit in
    /// `width`.
    fn table_fits(&self, width: u16) -> bool {
        let columns = self.header.len();
        let content: usize = (0..columns).map(|i| self.min_width(i)).sum();
        // One space of padding on each side of a cell, and columns + 1 borders.
        content + 3 * columns < usize::from(width)
    }

    fn table(&self, width: u16, bold: bool) -> Vec<String> {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width)
            // The width is decided here, not by comfy-table asking the terminal.
            .force_no_tty();
        if bold {
            table.enforce_styling();
            table.set_header(
                self.header
                    .iter()
                    .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
            );
        } else {
            table.set_header(&self.header);
        }
        for (r, row) in self.rows.iter().enumerate() {
            table.add_row(row.iter().enumerate().map(|(c, text)| {
                let cell = Cell::new(text);
                if bold && self.is_marked(r, c) {
                    cell.fg(Color::Yellow).add_attribute(Attribute::Bold)
                } else {
                    cell
                }
            }));
        }
        for (index, &whole) in self.whole.iter().enumerate() {
            let constraint = if whole {
                ColumnConstraint::ContentWidth
            } else {
                let min = u16::try_from(self.longest_word(index)).unwrap_or(u16::MAX);
                ColumnConstraint::LowerBoundary(Width::Fixed(min))
            };
            if let Some(column) = table.column_mut(index) {
                column.set_constraint(constraint);
            }
        }
        table.lines().collect()
    }

    /// The compact list: "2  open  travel  Travel bookings", then "Next due: ...; Reference: ...".
    fn compact_list(&self, width: u16, bold: bool) -> Vec<String> {
        let mut lines = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            let head: Vec<&str> = row[..self.head]
                .iter()
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect();
            for line in wrap_hanging(&head.join("  "), width, "", CONTINUATION) {
                lines.push(if bold {
                    format!("\x1b[1m{line}\x1b[0m")
                } else {
                    line
                });
            }
            let fields: Vec<String> = (self.head..row.len())
                .filter(|&c| !row[c].is_empty() && row[c] != "-")
                .map(|c| format!("{}: {}", self.header[c], row[c].replace('\n', " ")))
                .collect();
            if fields.is_empty() {
                continue;
            }
            let mut wrapped = wrap_hanging(&fields.join("; "), width, FIELD, CONTINUATION);
            // Colour goes on after wrapping, on a marked value wherever it landed whole.
            for c in (self.head..row.len()).filter(|&c| bold && self.is_marked(r, c)) {
                let value = row[c].replace('\n', " ");
                if let Some(line) = wrapped.iter_mut().find(|l| l.contains(&value)) {
                    *line = line.replacen(&value, &format!("\x1b[1;33m{value}\x1b[0m"), 1);
                }
            }
            lines.extend(wrapped);
        }
        lines
    }

    fn list(&self, width: u16, bold: bool) -> Vec<String> {
        if self.head > 0 {
            return self.compact_list(width, bold);
        }
        let mut lines = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            let (first, fields) = row.split_first().unwrap_or((&self.header[0], &[]));
            let first_lines = if self.whole[0] {
                first.lines().map(str::to_owned).collect()
            } else {
                wrap_hanging(first, width, "", FIELD)
            };
            lines.extend(first_lines.into_iter().map(|l| {
                if bold {
                    format!("\x1b[1m{l}\x1b[0m")
                } else {
                    l
                }
            }));
            for (i, value) in fields.iter().enumerate() {
                if value.is_empty() {
                    continue;
                }
                let start = lines.len();
                let label = format!("{FIELD}{}: ", self.header[i + 1]);
                if !self.whole[i + 1] {
                    lines.extend(wrap_hanging(value, width, &label, CONTINUATION));
                } else if value.lines().count() == 1
                    && display_width(&label) + display_width(value) <= usize::from(width)
                {
                    lines.push(format!("{label}{value}"));
                } else {
                    // Never broken: on lines of its own when it does not fit beside its label.
                    lines.push(label.trim_end().to_owned());
                    lines.extend(value.lines().map(|v| format!("{CONTINUATION}{v}")));
                }
                if bold && self.is_marked(r, i + 1) {
                    for line in &mut lines[start..] {
                        *line = format!("\x1b[1;33m{line}\x1b[0m");
                    }
                }
            }
        }
        lines
    }
}

#[cfg(test)]
#[path = "grid_tests.rs"]
mod tests;
