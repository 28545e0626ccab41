//! The colour and width decision, made once per run, and escaping user text for a terminal.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::io::{self, IsTerminal};

use super::escape_stored;
use super::width::{output_width, DEFAULT_WIDTH};

/// When to colour output, as `--color` says; `cli` maps its flag onto this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The colour decision, made once from `--color`, `NO_COLOR`, `TERM` and whether stdout is a
/// terminal, and the width human output must fit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub(crate) color: bool,
    /// The width human output must fit: the terminal's, else `COLUMNS`, else 80 (see `width.rs`).
    /// `None` (a style built by hand, as in tests) means 80.
    pub(crate) width: Option<u16>,
}

/// `--color auto`: a terminal gets colour unless `NO_COLOR` is set (to anything but empty) or the
/// terminal says it is a dumb one (`TERM=dumb`, as in an editor's shell buffer).
fn auto_color(terminal: bool, no_color: Option<&OsStr>, term: Option<&OsStr>) -> bool {
    terminal && no_color.is_none_or(OsStr::is_empty) && term.is_none_or(|t| t != "dumb")
}

impl Style {
    pub(crate) fn decide(when: ColorWhen) -> Style {
        let color = match when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => auto_color(
                io::stdout().is_terminal(),
                std::env::var_os("NO_COLOR").as_deref(),
                std::env::var_os("TERM").as_deref(),
            ),
        };
        Style {
            color,
            width: Some(output_width()),
        }
    }

    /// The width human output must fit.
    pub(crate) fn columns(self) -> u16 {
        self.width.unwrap_or(DEFAULT_WIDTH)
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

    /// Stored, user-typed text, made safe to print on a terminal or in a pipe: controls and
    /// bidi overrides are shown escaped (see `escape.rs` for the policy).
    /// The same whatever the style; a method so that every human output reaches it the same way.
    #[allow(clippy::unused_self)]
    pub(crate) fn text(self, raw: &str) -> Cow<'_, str> {
        escape_stored(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colours_a_terminal_unless_no_color_or_a_dumb_terminal_says_not() {
        let os = |s: &'static str| Some(OsStr::new(s));
        assert!(auto_color(true, None, os("xterm-256color")));
        assert!(auto_color(true, None, None));
        assert!(
            auto_color(true, os(""), os("xterm")),
            "an empty NO_COLOR is unset"
        );
        assert!(!auto_color(true, os("1"), os("xterm")));
        assert!(!auto_color(true, None, os("dumb")));
        assert!(!auto_color(false, None, os("xterm")));
    }
}
