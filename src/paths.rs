//! Where the database and the knowledge overlay live, and which source decided each.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use serde::Serialize;

/// What decided a path, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PathSource {
    Flag,
    Env,
    Default,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PathWithSource {
    pub(crate) path: PathBuf,
    pub(crate) source: PathSource,
}

pub(crate) const DB_ENV: &str = "AMEX_HELP_DB";
pub(crate) const KNOWLEDGE_ENV: &str = "AMEX_HELP_KNOWLEDGE";

/// The call-log database: `--db`, then `AMEX_HELP_DB`, then the platform data directory.
pub(crate) fn db(given: Option<(PathBuf, PathSource)>) -> Result<PathWithSource> {
    resolve(given, || {
        dirs::data_local_dir()
            .map(|d| d.join("amex-help").join("calls.sqlite3"))
            .ok_or_else(|| {
                anyhow!(
                    "cannot find a data directory for the call log; pass --db FILE or set {DB_ENV}"
                )
            })
    })
}

/// The knowledge overlay: `--knowledge`, then `AMEX_HELP_KNOWLEDGE`, then the platform config directory.
pub(crate) fn knowledge(given: Option<(PathBuf, PathSource)>) -> Option<PathWithSource> {
    resolve(given, || {
        dirs::config_dir()
            .map(|d| d.join("amex-help").join("knowledge.toml"))
            .ok_or(())
    })
    .ok()
}

fn resolve<E>(
    given: Option<(PathBuf, PathSource)>,
    default: impl FnOnce() -> Result<PathBuf, E>,
) -> Result<PathWithSource, E> {
    match given {
        // An empty value counts as unset (an exported-but-empty variable is a common accident).
        Some((path, source)) if !path.as_os_str().is_empty() => Ok(PathWithSource { path, source }),
        _ => Ok(PathWithSource {
            path: default()?,
            source: PathSource::Default,
        }),
    }
}
