//! `export --format json`: the whole log, streamed one case at a time, as `import` reads it.

use std::io::Write;

use anyhow::Result;

use crate::db::{Db, ExportCase, EXPORT_FORMAT, EXPORT_VERSION};

/// Writes the export JSON byte for byte as pretty-printing a whole [`Export`] would, one case at
/// a time. A case's pretty JSON has no line breaks inside strings, so indenting it line by line
/// nests it correctly; a test compares the two.
/// `on_case` is called after each case is written (for progress).
pub(super) fn write_json(
    out: &mut impl Write,
    db: Option<&Db>,
    on_case: &mut impl FnMut(&ExportCase),
) -> Result<()> {
    write!(
        out,
        "{{\n  \"format\": {},\n  \"version\": {EXPORT_VERSION},\n  \"cases\": [",
        serde_json::to_string(EXPORT_FORMAT)?
    )?;
    let mut empty = true;
    if let Some(db) = db {
        db.for_each_case(|case| {
            out.write_all(if empty { b"\n" } else { b",\n" })?;
            empty = false;
            for (i, line) in serde_json::to_string_pretty(&case)?.lines().enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(b"    ")?;
                out.write_all(line.as_bytes())?;
            }
            on_case(&case);
            Ok(())
        })?;
    }
    out.write_all(if empty { b"]\n}\n" } else { b"\n  ]\n}\n" })?;
    Ok(())
}
