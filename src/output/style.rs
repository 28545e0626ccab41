//! The colour and width decision, the house table style, and escaping user text for a terminal.

use std::borrow::Cow;
use std::io::{self, IsTerminal};

use comfy_table::{presets, ContentArrangement, Table};

use super::escape_stored;

/// When to colour output, as `--color` says; `cli` maps its flag onto this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The colour decision, made once from `--color`, `NO_COLOR` and whether stdout is a terminal,
/// and the width tables must fit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub(crate) color: bool,
    /// Whether stdout is a terminal, which decides whether tables may ask it for its width.
    pub(crate) terminal: bool,
    /// The width tables must fit, from `COLUMNS`. Without it a table fits the terminal it is
    /// printed on, and has no width limit off a terminal, where a pipe or file wants whole lines.
    pub(crate) width: Option<u16>,
}

impl Style {
    pub(crate) fn decide(when: ColorWhen) -> Style {
        let terminal = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => terminal && !no_color,
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|w| w.trim().parse::<u16>().ok())
            .filter(|&w| w > 0);
        Style {
            color,
            terminal,
            width,
        }
    }

    fn paint<'a>(self, code: &str, text: &'a str) -> Cow<'a, str> {
        if self.color {
            Cow::Owned(format!("\x1b[{code}m{text}\x1b[0m"))
        } else {
            Cow::Borrowed(text)
        }
    }

    pub(crate) fn heading(self, text: &str) -> Cow<'_, str> {
        self.paint("1", text)
    }

    pub(crate) fn emphasis(self, text: &str) -> Cow<'_, str> {
        self.paint("1;36", text)
    }

    pub(crate) fn dim(self, text: &str) -> Cow<'_, str> {
        self.paint("2", text)
    }

    pub(crate) fn warn(self, text: &str) -> Cow<'_, str> {
        self.paint("1;33", text)
    }

    /// A table in the house style. It fits `width` when set, else the terminal's width when stdout
    /// is a terminal; otherwise it is as wide as its content.
    pub(crate) fn table(self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
            .set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(width) = self.width {
            table.set_width(width);
        }
        // comfy-table asks the terminal for its width only when it believes it is on one. It
        // styles cells only when it is on a terminal or told to; cells carry a style (the bold
        // header) only when colour is on, so without colour no ANSI code is written either way.
        if !self.terminal {
            table.force_no_tty();
        }
        if self.color {
            table.enforce_styling();
            table.set_header(
                header
                    .iter()
                    .map(|h| comfy_table::Cell::new(h).add_attribute(comfy_table::Attribute::Bold)),
            );
        } else {
            table.set_header(header.iter().copied());
        }
        table
    }

    /// Stored, user-typed text, made safe to print on a terminal or in a pipe: controls and
    /// bidi overrides are shown escaped (see `escape.rs` for the policy).
    /// The same whatever the style; a method so that every human output reaches it the same way.
    #[allow(clippy::unused_self)]
    pub(crate) fn text(self, raw: &str) -> Cow<'_, str> {
        escape_stored(raw)
    }
}
