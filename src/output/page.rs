//! A page of human output at one width: headings, wrapped paragraphs, bullets and grids, all
//! fitted to the width (see `wrap.rs`: phone numbers, references, dates and slugs are never
//! broken), with colour added after wrapping so it never changes where a line breaks.

use std::borrow::Cow;
use std::io::{self, Write};

use super::grid::Grid;
use super::wrap::{line_count, wrap_hanging};
use super::Style;

/// Writes lines to `out`, each fitted to the style's width; or only counts them.
pub(crate) struct Page<'o> {
    out: Out<'o>,
    style: Style,
    width: u16,
}

/// Where a page's lines go.
enum Out<'o> {
    Write(&'o mut dyn Write),
    /// Nowhere: they are counted, and paragraphs are measured rather than wrapped.
    Count(usize),
}

/// Counts the newlines written to it.
struct Newlines(usize);

impl std::fmt::Write for Newlines {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.bytes().filter(|&b| b == b'\n').count();
        Ok(())
    }
}

/// How a painted part of a line looks.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Paint {
    Heading,
    Emphasis,
    Dim,
    Warn,
}

impl<'o> Page<'o> {
    pub(crate) fn new(out: &'o mut dyn Write, style: Style) -> Page<'o> {
        Page {
            out: Out::Write(out),
            width: style.columns(),
            style,
        }
    }

    /// A page that writes nothing and counts the lines it would write (see [`Page::lines`]):
    /// what fits a budget is found without building the lines.
    pub(crate) fn counting(style: Style) -> Page<'static> {
        Page {
            out: Out::Count(0),
            width: style.columns(),
            style,
        }
    }

    /// The lines a [counting](Page::counting) page would have written so far; 0 for any other.
    pub(crate) fn lines(&self) -> usize {
        match self.out {
            Out::Count(n) => n,
            Out::Write(_) => 0,
        }
    }

    fn line(&mut self, line: std::fmt::Arguments<'_>) -> io::Result<()> {
        match &mut self.out {
            Out::Write(out) => writeln!(out, "{line}"),
            Out::Count(n) => {
                // A line with newlines in it (a grid cell's, a heading's) is several on screen.
                let mut newlines = Newlines(0);
                let _ = std::fmt::Write::write_fmt(&mut newlines, line);
                *n += 1 + newlines.0;
                Ok(())
            }
        }
    }

    /// For a counting page, counts the lines of `text` wrapped after `first` and `rest` and
    /// returns true; false for a page that writes.
    fn counted(&mut self, text: &str, first: &str, rest: &str) -> bool {
        match &mut self.out {
            Out::Count(n) => {
                *n += line_count(text, self.width, first, rest);
                true
            }
            Out::Write(_) => false,
        }
    }

    pub(crate) fn style(&self) -> Style {
        self.style
    }

    fn paint<'a>(&self, paint: Paint, text: &'a str) -> Cow<'a, str> {
        match paint {
            Paint::Heading => self.style.heading(text),
            Paint::Emphasis => self.style.emphasis(text),
            Paint::Dim => self.style.dim(text),
            Paint::Warn => self.style.warn(text),
        }
    }

    /// One line as given, painted whole.
    pub(crate) fn painted(&mut self, paint: Paint, text: &str) -> io::Result<()> {
        let painted = self.paint(paint, text).into_owned();
        self.line(format_args!("{painted}"))
    }

    pub(crate) fn blank(&mut self) -> io::Result<()> {
        self.line(format_args!(""))
    }

    /// `text` wrapped with `indent` on every line.
    pub(crate) fn para(&mut self, indent: &str, text: &str) -> io::Result<()> {
        self.hanging(indent, indent, text)
    }

    /// `text` wrapped, the first line starting with `first`, the rest with `rest`.
    pub(crate) fn hanging(&mut self, first: &str, rest: &str, text: &str) -> io::Result<()> {
        if self.counted(text, first, rest) {
            return Ok(());
        }
        for line in wrap_hanging(text, self.width, first, rest) {
            self.line(format_args!("{line}"))?;
        }
        Ok(())
    }

    /// `text` wrapped, every line painted.
    pub(crate) fn painted_para(
        &mut self,
        paint: Paint,
        indent: &str,
        text: &str,
    ) -> io::Result<()> {
        if self.counted(text, indent, indent) {
            return Ok(());
        }
        for line in wrap_hanging(text, self.width, indent, indent) {
            let painted = self.paint(paint, &line).into_owned();
            self.line(format_args!("{painted}"))?;
        }
        Ok(())
    }

    /// `lead` and `text` wrapped as one paragraph (`first` before the lead, `rest` on later
    /// lines), with only the lead painted: "Note: ...", "1. App: ...".
    pub(crate) fn lead(
        &mut self,
        (first, rest): (&str, &str),
        (paint, lead): (Paint, &str),
        text: &str,
    ) -> io::Result<()> {
        let whole = format!("{lead} {text}");
        if self.counted(&whole, first, rest) {
            return Ok(());
        }
        let lines = wrap_hanging(&whole, self.width, first, rest);
        let start = format!("{first}{lead}");
        for (i, line) in lines.into_iter().enumerate() {
            match line.strip_prefix(&start) {
                Some(after) if i == 0 => {
                    let painted = self.paint(paint, lead).into_owned();
                    self.line(format_args!("{first}{painted}{after}"))?;
                }
                _ => self.line(format_args!("{line}"))?,
            }
        }
        Ok(())
    }

    /// A grid at this width: a table, or a list on a narrow screen.
    pub(crate) fn grid(&mut self, grid: &Grid) -> io::Result<()> {
        for line in grid.render(self.width, self.style.color) {
            self.line(format_args!("{line}"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "page_tests.rs"]
mod tests;
