//! `amex-help paths`: where the database and the overlay live, and what decided each.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::output::{emit, Page, Render, Style};
use crate::paths::{PathSource, PathWithSource, DB_ENV, KNOWLEDGE_ENV};

pub(crate) fn run(ctx: &Ctx) -> Result<()> {
    let report = Paths {
        database: Entry::new(ctx.db_path().ok()),
        knowledge: Entry::new(ctx.knowledge_path()),
    };
    emit(&report, ctx.format, ctx.style)
}

/// The JSON shape of `paths --json`.
#[derive(Serialize)]
struct Paths {
    database: Entry,
    knowledge: Entry,
}

#[derive(Serialize)]
struct Entry {
    /// Null when the platform has no such directory and nothing was given.
    path: Option<String>,
    source: Option<PathSource>,
    exists: bool,
}

impl Entry {
    fn new(p: Option<PathWithSource>) -> Entry {
        match p {
            Some(p) => Entry {
                exists: p.path.exists(),
                path: Some(p.path.display().to_string()),
                source: Some(p.source),
            },
            None => Entry {
                path: None,
                source: None,
                exists: false,
            },
        }
    }

    fn describe(&self, flag: &str, env: &str) -> String {
        let source = match self.source {
            Some(PathSource::Flag) => format!("from {flag}"),
            Some(PathSource::Env) => format!("from {env}"),
            Some(PathSource::Default) => "default".to_owned(),
            None => "none".to_owned(),
        };
        let state = if self.exists {
            "exists"
        } else {
            "not created yet"
        };
        format!(
            "{} ({source}; {state})",
            self.path.as_deref().unwrap_or("-")
        )
    }
}

impl Render for Paths {
    /// One entry a line, wrapped to the terminal with the path cut after a `/` where it must be.
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        const REST: &str = "           ";
        let mut page = Page::new(out, style);
        page.hanging("database:  ", REST, &self.database.describe("--db", DB_ENV))?;
        page.hanging(
            "knowledge: ",
            REST,
            &self.knowledge.describe("--knowledge", KNOWLEDGE_ENV),
        )
    }
}
