//! Rows of cells laid out for a person: a comfy-table table that fits the width, in which chosen
//! columns (a phone number, a reference, a date, a slug) never wrap; or, on a narrow screen or
//! when those columns alone would not fit, a list with one entry per row and one field per line.

use comfy_table::{presets, Attribute, Cell, ColumnConstraint, ContentArrangement, Table};
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
}

impl Grid {
    pub(crate) fn new(header: &[&str]) -> Grid {
        Grid {
            header: header.iter().map(|&h| h.to_owned()).collect(),
            whole: vec![false; header.len()],
            rows: Vec::new(),
        }
    }

    /// Never wrap column `index` (counted from 0): it holds something to dial or quote.
    pub(crate) fn keep_whole(mut self, index: usize) -> Grid {
        if let Some(w) = self.whole.get_mut(index) {
            *w = true;
        }
        self
    }

    /// Adds a row; missing cells are empty and extra cells are ignored. Cells are printed as
    /// given, so stored text must already be escaped.
    pub(crate) fn row(&mut self, cells: impl IntoIterator<Item = String>) {
        let mut cells: Vec<String> = cells.into_iter().take(self.header.len()).collect();
        cells.resize(self.header.len(), String::new());
        self.rows.push(cells);
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

    /// The widest content of column `index`, header included.
    fn content_width(&self, index: usize) -> usize {
        self.rows
            .iter()
            .map(|r| display_width(&r[index]))
            .chain(std::iter::once(display_width(&self.header[index])))
            .max()
            .unwrap_or(0)
    }

    /// Whether the whole columns at their content width, every other column at least
    /// [`MIN_PROSE_COLUMN`] wide, padding and borders fit in `width`.
    fn table_fits(&self, width: u16) -> bool {
        let columns = self.header.len();
        let content: usize = (0..columns)
            .map(|i| {
                if self.whole[i] {
                    self.content_width(i)
                } else {
                    self.content_width(i).min(MIN_PROSE_COLUMN)
                }
            })
            .sum();
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
        for row in &self.rows {
            table.add_row(row);
        }
        for (index, &whole) in self.whole.iter().enumerate() {
            if let (true, Some(column)) = (whole, table.column_mut(index)) {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        table.lines().collect()
    }

    fn list(&self, width: u16, bold: bool) -> Vec<String> {
        let mut lines = Vec::new();
        for row in &self.rows {
            let (first, fields) = row.split_first().unwrap_or((&self.header[0], &[]));
            let first_lines = if self.whole[0] {
                vec![first.clone()]
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
                let label = format!("{FIELD}{}: ", self.header[i + 1]);
                if !self.whole[i + 1] {
                    lines.extend(wrap_hanging(value, width, &label, CONTINUATION));
                } else if display_width(&label) + display_width(value) <= usize::from(width) {
                    lines.push(format!("{label}{value}"));
                } else {
                    // Never broken: on a line of its own when it does not fit beside its label.
                    lines.push(label.trim_end().to_owned());
                    lines.push(format!("{CONTINUATION}{value}"));
                }
            }
        }
        lines
    }
}

#[cfg(test)]
#[path = "grid_tests.rs"]
mod tests;
