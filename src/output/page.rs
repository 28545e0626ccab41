//! A page of human output at one width: headings, wrapped paragraphs, bullets and grids, all
//! fitted to the width (see `wrap.rs`: phone numbers, references, dates and slugs are never
//! broken), with colour added after wrapping so it never changes where a line breaks.

use std::borrow::Cow;
use std::io::{self, Write};

use super::grid::Grid;
use super::wrap::wrap_hanging;
use super::Style;

/// Writes lines to `out`, each fitted to the style's width.
pub(crate) struct Page<'o> {
    out: &'o mut dyn Write,
    style: Style,
    width: u16,
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
            out,
            width: style.columns(),
            style,
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
        writeln!(self.out, "{painted}")
    }

    pub(crate) fn blank(&mut self) -> io::Result<()> {
        writeln!(self.out)
    }

    /// `text` wrapped with `indent` on every line.
    pub(crate) fn para(&mut self, indent: &str, text: &str) -> io::Result<()> {
        self.hanging(indent, indent, text)
    }

    /// `text` wrapped, the first line starting with `first`, the rest with `rest`.
    pub(crate) fn hanging(&mut self, first: &str, rest: &str, text: &str) -> io::Result<()> {
        for line in wrap_hanging(text, self.width, first, rest) {
            writeln!(self.out, "{line}")?;
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
        for line in wrap_hanging(text, self.width, indent, indent) {
            let painted = self.paint(paint, &line).into_owned();
            writeln!(self.out, "{painted}")?;
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
        let lines = wrap_hanging(&format!("{lead} {text}"), self.width, first, rest);
        for (i, line) in lines.into_iter().enumerate() {
            let start = format!("{first}{lead}");
            match line.strip_prefix(&start) {
                Some(after) if i == 0 => {
                    let painted = self.paint(paint, lead).into_owned();
                    writeln!(self.out, "{first}{painted}{after}")?;
                }
                _ => writeln!(self.out, "{line}")?,
            }
        }
        Ok(())
    }

    /// A grid at this width: a table, or a list on a narrow screen.
    pub(crate) fn grid(&mut self, grid: &Grid) -> io::Result<()> {
        for line in grid.render(self.width, self.style.color) {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }
}
