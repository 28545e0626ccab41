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
    if let Some((path, _)) = &given {
        refuse_other_home(path)?;
    }
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
        Some((path, source)) if !path.as_os_str().is_empty() => Ok(PathWithSource {
            path: expand_home(path),
            source,
        }),
        _ => Ok(PathWithSource {
            path: default()?,
            source: PathSource::Default,
        }),
    }
}

/// A leading `~` or `~/`, which a shell expands only when unquoted (`--db=~/x`, a quoted
/// `AMEX_HELP_DB='~/x'` and a config file keep it), means the home directory, as it would in the
/// shell; without it the log would be made in a folder literally named `~`.
fn expand_home(path: PathBuf) -> PathBuf {
    let Some(text) = path.to_str() else {
        return path;
    };
    let rest = match text.strip_prefix('~') {
        Some("") => "",
        Some(rest) if rest.starts_with('/') || rest.starts_with(std::path::MAIN_SEPARATOR) => {
            &rest[1..]
        }
        _ => return path,
    };
    match dirs::home_dir() {
        Some(home) if rest.is_empty() => home,
        Some(home) => home.join(rest),
        None => path,
    }
}

/// `~user/...` names another user's home, which this program does not look up.
fn refuse_other_home(path: &std::path::Path) -> Result<()> {
    let text = path.to_string_lossy();
    if text.starts_with('~') && !(text == "~" || text.starts_with("~/")) {
        return Err(crate::error::bad_input(format!(
            "cannot expand `{}`: only a leading `~/` (your home directory) is expanded; write the full path",
            text.split('/').next().unwrap_or("~")
        )));
    }
    if text.starts_with('~') && dirs::home_dir().is_none() {
        return Err(crate::error::bad_input(
            "cannot expand `~`: no home directory is set; write the full path",
        ));
    }
    Ok(())
}
