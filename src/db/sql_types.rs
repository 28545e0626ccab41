//! How the domain types are stored: `ToSql`/`FromSql` for the ids, the enums and masked text,
//! and quick reads of the log's own time and date forms.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::ToSql;

use crate::calls::{CaseId, CaseStatus, Channel, ContactId};
use crate::privacy::Clean;

impl ToSql for CaseId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for CaseId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(CaseId)
    }
}

impl ToSql for ContactId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for ContactId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(ContactId)
    }
}

impl ToSql for Clean {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl ToSql for Channel {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Channel {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e: String| FromSqlError::Other(e.into()))
    }
}

impl ToSql for CaseStatus {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for CaseStatus {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e: String| FromSqlError::Other(e.into()))
    }
}

/// A time as the log writes it, `YYYY-MM-DDTHH:MM:SSZ`, read by hand: chrono's general parser
/// cost a sixth of `followups --limit 50`'s instructions at 100,000 cases, ten times this.
/// Any other form a column holds (fractions of a second, an offset, a space for the `T`) goes to
/// rusqlite's own reading, so every value it accepted is still accepted.
pub(super) struct StoredTime(pub(super) DateTime<Utc>);

impl FromSql for StoredTime {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        if let ValueRef::Text(text) = value {
            if let Some(time) = utc_seconds(text) {
                return Ok(StoredTime(time));
            }
        }
        DateTime::<Utc>::column_result(value).map(StoredTime)
    }
}

/// A date as the log writes it, `YYYY-MM-DD`, read by hand for the same reason.
pub(super) struct StoredDate(pub(super) NaiveDate);

impl FromSql for StoredDate {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        if let ValueRef::Text(text) = value {
            if let Some(date) = ymd(text) {
                return Ok(StoredDate(date));
            }
        }
        NaiveDate::column_result(value).map(StoredDate)
    }
}

/// The number written in ASCII digits at `text[range]`, if they are all digits.
fn digits(text: &[u8], range: std::ops::Range<usize>) -> Option<u32> {
    text.get(range)?.iter().try_fold(0_u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `YYYY-MM-DD` exactly, and a real date.
fn ymd(text: &[u8]) -> Option<NaiveDate> {
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(text, 0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(text, 5..7)?, digits(text, 8..10)?)
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, and a real time.
pub(super) fn utc_seconds(text: &[u8]) -> Option<DateTime<Utc>> {
    if text.len() != 20
        || text[10] != b'T'
        || text[13] != b':'
        || text[16] != b':'
        || text[19] != b'Z'
    {
        return None;
    }
    let time = ymd(&text[..10])?.and_hms_opt(
        digits(text, 11..13)?,
        digits(text, 14..16)?,
        digits(text, 17..19)?,
    )?;
    Some(time.and_utc())
}
