//! `amex-help log`: record contacts, and list, show, edit, resolve, reopen or delete cases.

use std::fmt::Write as _;
use std::io::{self, BufRead, Write};
use std::num::NonZeroUsize;

use anyhow::Result;
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

use super::{list_limit, note_more, resolve_reason_text, Ctx};
use crate::calls::{
    parse_at, parse_date, parse_follow_up, CaseRecord, CaseSummary, Channel, NewCase, NewContact,
    NewPromise,
};
use crate::cli::{
    CaseArg, ChannelArg, LogAddArgs, LogCommand, LogDeleteArgs, LogEditArgs, LogListArgs,
    LogResolveArgs,
};
use crate::db::{CaseEdit, CaseFilter, CaseId, ContactId, Db, OpenMode};
use crate::error::bad_input;
use crate::output::{emit, notice, Render, Style};
use crate::privacy::{check_last5, MaskReport, Masker};

pub(crate) fn run(ctx: &Ctx, command: &LogCommand) -> Result<()> {
    match command {
        LogCommand::Add(args) => add(ctx, args),
        LogCommand::List(args) => list(ctx, args),
        LogCommand::Show(CaseArg { case }) => show(ctx, CaseId(*case)),
        LogCommand::Edit(args) => edit(ctx, args),
        LogCommand::Resolve(args) => resolve(ctx, args),
        LogCommand::Reopen(CaseArg { case }) => {
            ctx.open_db()?.reopen(CaseId(*case))?;
            done(
                ctx,
                &Changed {
                    case_id: CaseId(*case),
                    action: "reopened",
                },
            )
        }
        LogCommand::Delete(args) => delete(ctx, args),
    }
}

pub(crate) fn channel(arg: ChannelArg) -> Channel {
    match arg {
        ChannelArg::Phone => Channel::Phone,
        ChannelArg::Chat => Channel::Chat,
        ChannelArg::App => Channel::App,
        ChannelArg::SecureMessage => Channel::SecureMessage,
        ChannelArg::Email => Channel::Email,
        ChannelArg::Letter => Channel::Letter,
        ChannelArg::Social => Channel::Social,
        ChannelArg::InPerson => Channel::InPerson,
    }
}

/// A date flag, checked, or a one-line error naming the flag.
fn date_flag(
    flag: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<NaiveDate, String>,
) -> Result<Option<NaiveDate>> {
    value
        .map(|v| parse(v).map_err(|why| bad_input(format!("{flag}: {why}"))))
        .transpose()
}

/// `--card-last5`, checked without ever echoing what was typed (it may be a whole card number).
fn last5_flag(value: Option<&str>) -> Result<Option<String>> {
    value.map(|s| check_last5(s).map_err(bad_input)).transpose()
}

/// A `--reason` filter or edit, resolved to its slug as `route` would.
fn reason_flag(ctx: &Ctx, value: Option<&str>) -> Result<Option<String>> {
    match value {
        Some(r) => Ok(Some(resolve_reason_text(ctx.knowledge()?, r)?.slug.clone())),
        None => Ok(None),
    }
}

/// Tells the user, on stderr, what the masker removed; scripts also get it in the JSON.
fn report_masking(reports: &[MaskReport]) {
    for r in reports {
        let what = if r.count == 1 {
            r.kind.describe().to_owned()
        } else {
            format!("{} × {}", r.count, r.kind.describe())
        };
        notice(&format!(
            "masked {what} in --{} before storing it ({}); never type card numbers, security codes, PINs or SSNs into the log",
            r.field.replace('_', "-"),
            r.why
        ));
    }
}

fn add(ctx: &Ctx, args: &LogAddArgs) -> Result<()> {
    // Everything is checked and masked before the database is touched: bad input writes nothing.
    let now = Utc::now();
    let today = Local::now().date_naive();
    let at = match &args.at {
        Some(s) => parse_at(s, Local).map_err(|why| bad_input(format!("--at: {why}")))?,
        None => now,
    };
    let follow_up = date_flag("--follow-up", args.follow_up.as_deref(), |s| {
        parse_follow_up(s, today)
    })?;
    let promise_due = date_flag("--promise-due", args.promise_due.as_deref(), |s| {
        parse_follow_up(s, today)
    })?;
    let statement_date = date_flag(
        "--statement-date",
        args.statement_date.as_deref(),
        parse_date,
    )?;
    let card_last5 = last5_flag(args.card_last5.as_deref())?;
    if args.case.is_none() && args.reason.is_none() {
        return Err(bad_input(
            "a new case needs --reason (or pass --case N to add to an existing case)",
        ));
    }
    let k = ctx.knowledge()?;
    let reason = args
        .reason
        .as_deref()
        .map(|r| resolve_reason_text(k, r))
        .transpose()?;
    let channel = channel(args.channel);

    let mut masker = Masker::new();
    let mut contact = NewContact::new(at, channel);
    contact.number = args
        .number
        .as_deref()
        .map(|n| masker.clean_number("number", n));
    contact.department = masker.clean_opt("dept", args.dept.as_deref());
    contact.rep = masker.clean_opt("rep", args.rep.as_deref());
    contact.rep_id = masker.clean_opt("rep_id", args.rep_id.as_deref());
    contact.reference = masker.clean_opt("ref", args.reference.as_deref());
    contact.duration_minutes = args.duration;
    contact.outcome = masker.clean_opt("outcome", args.outcome.as_deref());
    contact.notes = masker.clean_opt("notes", args.notes.as_deref());
    if let Some(text) = &args.promise {
        contact.promises.push(NewPromise {
            text: masker.clean("promise", text),
            due: promise_due,
        });
    }
    // Department and number default from the route, so a bare `log add --reason lost-card` is useful.
    if let Some(reason) = reason {
        if contact.department.is_none() {
            contact.department = Some(masker.clean("dept", &reason.department));
        }
        if contact.number.is_none() && channel == Channel::Phone {
            if let Some(n) = k.numbers_for(reason, None).first() {
                contact.number = Some(masker.clean("number", &n.display));
            }
        }
    }

    let mut db = ctx.open_db()?;
    let (case_id, contact_id) = if let Some(case) = args.case {
        let id = CaseId(case);
        let contact_id = db.insert_contact(id, &contact, follow_up.map(Some), statement_date)?;
        (id, contact_id)
    } else {
        {
            let reason = reason.ok_or_else(|| bad_input("a new case needs --reason"))?;
            let title = masker.clean("title", args.title.as_deref().unwrap_or(&reason.title));
            let case = NewCase {
                reason: reason.slug.clone(),
                title,
                follow_up,
                statement_date,
                card_last5,
            };
            // A case opened by logging an earlier call began with that call, which is what
            // "days open" on the escalation ladder should count from.
            let opened = contact.at.min(now);
            let (id, contact_id) = db.insert_case(&case, Some(&contact), opened)?;
            (
                id,
                contact_id.ok_or_else(|| anyhow::anyhow!("the new case {id} has no contact"))?,
            )
        }
    };
    let mask_reports = masker.into_reports();
    report_masking(&mask_reports);
    let report = Added {
        case_id,
        contact_id,
        new_case: args.case.is_none(),
        at,
        masked: mask_reports,
    };
    emit(&report, ctx.format, ctx.style)
}

/// The JSON contract of `log add --json`.
#[derive(Serialize)]
struct Added {
    case_id: CaseId,
    contact_id: ContactId,
    new_case: bool,
    at: DateTime<Utc>,
    masked: Vec<MaskReport>,
}

impl Render for Added {
    fn human(&self, out: &mut dyn Write, _: Style) -> io::Result<()> {
        if self.new_case {
            writeln!(
                out,
                "Opened case {} with contact {}.",
                self.case_id, self.contact_id
            )
        } else {
            writeln!(
                out,
                "Added contact {} to case {}.",
                self.contact_id, self.case_id
            )
        }
    }
}

fn list(ctx: &Ctx, args: &LogListArgs) -> Result<()> {
    let since = date_flag("--since", args.since.as_deref(), parse_date)?
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| d.and_local_timezone(Local).earliest())
        .map(|d| d.with_timezone(&Utc));
    let reason = reason_flag(ctx, args.reason.as_deref())?;
    let limit = list_limit(args.all, args.limit.map(NonZeroUsize::get), ctx.format);
    let filter = CaseFilter {
        open_only: args.open,
        reason,
        since,
        search: args.search.clone(),
        // One more than shown tells whether the limit left some out.
        limit: limit.map(|n| n.saturating_add(1)),
    };
    let mut cases = match ctx.read_db()? {
        Some(db) => db.list_cases(&filter)?,
        None => Vec::new(),
    };
    let more = limit.is_some_and(|n| cases.len() > n);
    if let Some(n) = limit {
        cases.truncate(n);
    }
    let shown = cases.len();
    emit(&CaseList(cases), ctx.format, ctx.style)?;
    note_more(ctx, more, shown);
    Ok(())
}

#[derive(Serialize)]
#[serde(transparent)]
struct CaseList(Vec<CaseSummary>);

pub(crate) fn local_date(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d").to_string()
}

pub(crate) fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

impl Render for CaseList {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        if self.0.is_empty() {
            return writeln!(
                out,
                "No cases yet. Record a call with `amex-help log add --reason <reason> ...`."
            );
        }
        let mut table = style.table(&[
            "Case",
            "Status",
            "Reason",
            "Title",
            "Last contact",
            "Follow up",
            "Reference",
            "Rep",
        ]);
        for c in &self.0 {
            table.add_row(vec![
                c.id.to_string(),
                c.status.as_str().to_owned(),
                c.reason.clone(),
                style.text(&c.title).into_owned(),
                c.last_contact_at.map_or_else(|| "-".to_owned(), local_date),
                c.follow_up
                    .map_or_else(|| "-".to_owned(), |d| d.to_string()),
                c.last_reference
                    .as_deref()
                    .map_or_else(|| "-".to_owned(), |r| style.text(r).into_owned()),
                c.last_rep
                    .as_deref()
                    .map_or_else(|| "-".to_owned(), |r| style.text(r).into_owned()),
            ]);
        }
        writeln!(out, "{table}")
    }
}

/// Finds a case for a read command, or fails with "no case N" (exit 2).
pub(crate) fn find_case(ctx: &Ctx, id: CaseId) -> Result<CaseRecord> {
    let missing = || {
        bad_input(format!(
            "no case {id}; `amex-help log list` shows the case numbers"
        ))
    };
    let db = ctx.read_db()?.ok_or_else(missing)?;
    db.find_case(id)?.ok_or_else(missing)
}

fn show(ctx: &Ctx, id: CaseId) -> Result<()> {
    let case = find_case(ctx, id)?;
    emit(&CaseView::from(&case), ctx.format, ctx.style)
}

/// The JSON contract of `log show N --json`.
#[derive(Serialize)]
pub(crate) struct CaseView<'a> {
    pub(crate) case_id: CaseId,
    pub(crate) reason: &'a str,
    pub(crate) title: &'a str,
    pub(crate) status: &'static str,
    pub(crate) follow_up: Option<NaiveDate>,
    pub(crate) statement_date: Option<NaiveDate>,
    pub(crate) card_last5: Option<&'a str>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) resolved_at: Option<DateTime<Utc>>,
    pub(crate) resolution_note: Option<&'a str>,
    pub(crate) contacts: Vec<ContactView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ContactView<'a> {
    pub(crate) contact_id: ContactId,
    pub(crate) at: DateTime<Utc>,
    pub(crate) channel: Channel,
    pub(crate) number: Option<&'a str>,
    pub(crate) department: Option<&'a str>,
    pub(crate) rep: Option<&'a str>,
    pub(crate) rep_id: Option<&'a str>,
    pub(crate) reference: Option<&'a str>,
    pub(crate) duration_minutes: Option<u32>,
    pub(crate) outcome: Option<&'a str>,
    pub(crate) promises: Vec<PromiseView<'a>>,
    pub(crate) notes: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct PromiseView<'a> {
    pub(crate) text: &'a str,
    pub(crate) due: Option<NaiveDate>,
}

impl<'a> From<&'a CaseRecord> for CaseView<'a> {
    fn from(c: &'a CaseRecord) -> Self {
        CaseView {
            case_id: c.id,
            reason: &c.reason,
            title: &c.title,
            status: c.status.as_str(),
            follow_up: c.follow_up,
            statement_date: c.statement_date,
            card_last5: c.card_last5.as_deref(),
            created_at: c.created_at,
            resolved_at: c.resolved_at,
            resolution_note: c.resolution_note.as_deref(),
            contacts: c
                .contacts
                .iter()
                .map(|k| ContactView {
                    contact_id: k.id,
                    at: k.at,
                    channel: k.channel,
                    number: k.number.as_deref(),
                    department: k.department.as_deref(),
                    rep: k.rep.as_deref(),
                    rep_id: k.rep_id.as_deref(),
                    reference: k.reference.as_deref(),
                    duration_minutes: k.duration_minutes,
                    outcome: k.outcome.as_deref(),
                    promises: k
                        .promises
                        .iter()
                        .map(|p| PromiseView {
                            text: &p.text,
                            due: p.due,
                        })
                        .collect(),
                    notes: k.notes.as_deref(),
                })
                .collect(),
        }
    }
}

/// One contact as a line of the timeline: date, channel, who, reference, what, promises.
pub(crate) fn write_timeline(
    out: &mut dyn Write,
    style: Style,
    contacts: &[ContactView<'_>],
    bullet: &str,
) -> io::Result<()> {
    // Detail lines line up under the contact line, without a bullet of their own.
    let indent = " ".repeat(bullet.chars().count());
    for c in contacts {
        let mut line = format!("{bullet}{} {}", local_time(c.at), c.channel.as_str());
        if let Some(n) = c.number {
            let _ = write!(line, " {n}");
        }
        if let Some(d) = c.department {
            let _ = write!(line, ", {}", style.text(d));
        }
        if let Some(r) = c.rep {
            let _ = write!(line, ", rep {}", style.text(r));
            if let Some(id) = c.rep_id {
                let _ = write!(line, " (ID {})", style.text(id));
            }
        }
        if let Some(r) = c.reference {
            let _ = write!(line, ", ref {}", style.text(r));
        }
        if let Some(m) = c.duration_minutes {
            let _ = write!(line, ", {m} min");
        }
        writeln!(out, "{line}")?;
        if let Some(o) = c.outcome {
            writeln!(out, "{indent}    outcome: {}", style.text(o))?;
        }
        for p in &c.promises {
            match p.due {
                Some(due) => writeln!(
                    out,
                    "{indent}    promised: {} (by {due})",
                    style.text(p.text)
                )?,
                None => writeln!(out, "{indent}    promised: {}", style.text(p.text))?,
            }
        }
        if let Some(n) = c.notes {
            writeln!(out, "{indent}    notes: {}", style.text(n))?;
        }
    }
    Ok(())
}

impl Render for CaseView<'_> {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        writeln!(
            out,
            "{}  ({}, {})",
            style.heading(&format!(
                "Case {}: {}",
                self.case_id,
                style.text(self.title)
            )),
            self.reason,
            self.status
        )?;
        writeln!(out, "Opened {}", local_time(self.created_at))?;
        if let Some(d) = self.follow_up {
            writeln!(out, "Follow up: {d}")?;
        }
        if let Some(d) = self.statement_date {
            writeln!(out, "Statement date: {d}")?;
        }
        if let Some(d) = self.card_last5 {
            writeln!(out, "Card ending: {d}")?;
        }
        if let Some(t) = self.resolved_at {
            writeln!(
                out,
                "Resolved {}{}",
                local_time(t),
                self.resolution_note
                    .map_or(String::new(), |n| format!(": {}", style.text(n)))
            )?;
        }
        writeln!(out, "\n{}", style.heading("Timeline"))?;
        write_timeline(out, style, &self.contacts, "  ")
    }
}

fn edit(ctx: &Ctx, args: &LogEditArgs) -> Result<()> {
    let today = Local::now().date_naive();
    let follow_up = match args.follow_up.as_deref() {
        Some("none") => Some(None),
        other => date_flag("--follow-up", other, |s| parse_follow_up(s, today))?.map(Some),
    };
    let statement_date = date_flag(
        "--statement-date",
        args.statement_date.as_deref(),
        parse_date,
    )?;
    let card_last5 = last5_flag(args.card_last5.as_deref())?;
    let reason = reason_flag(ctx, args.reason.as_deref())?;
    let mut masker = Masker::new();
    let edit = CaseEdit {
        reason,
        title: masker.clean_opt("title", args.title.as_deref()),
        follow_up,
        statement_date,
        card_last5,
    };
    ctx.open_db()?.update_case(CaseId(args.case), &edit)?;
    report_masking(masker.reports());
    done(
        ctx,
        &Changed {
            case_id: CaseId(args.case),
            action: "edited",
        },
    )
}

fn resolve(ctx: &Ctx, args: &LogResolveArgs) -> Result<()> {
    let mut masker = Masker::new();
    let note = masker.clean_opt("note", args.note.as_deref());
    ctx.open_db()?
        .resolve(CaseId(args.case), note, Utc::now())?;
    report_masking(masker.reports());
    done(
        ctx,
        &Changed {
            case_id: CaseId(args.case),
            action: "resolved",
        },
    )
}

fn delete(ctx: &Ctx, args: &LogDeleteArgs) -> Result<()> {
    let id = CaseId(args.case);
    let case = find_case(ctx, id)?;
    if !args.yes {
        let mut err = io::stderr();
        write!(
            err,
            "Delete case {id} ({}) and its {} contact(s)? [y/N] ",
            case.title,
            case.contacts.len()
        )?;
        err.flush()?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            return Err(bad_input(format!(
                "case {id} was not deleted; answer y, or pass --yes"
            )));
        }
    }
    ctx.open_db()?.delete_case(id)?;
    done(
        ctx,
        &Changed {
            case_id: id,
            action: "deleted",
        },
    )
}

/// The JSON shape of `log edit|resolve|reopen|delete --json`.
#[derive(Serialize)]
struct Changed {
    case_id: CaseId,
    action: &'static str,
}

impl Render for Changed {
    fn human(&self, out: &mut dyn Write, _: Style) -> io::Result<()> {
        writeln!(out, "Case {} {}.", self.case_id, self.action)
    }
}

fn done(ctx: &Ctx, changed: &Changed) -> Result<()> {
    emit(changed, ctx.format, ctx.style)
}

/// Opens the log for a write; used by the commands above and by `import`.
pub(crate) fn open_for_write(path: &std::path::Path) -> Result<Db> {
    Db::open(path, OpenMode::ReadWrite)?
        .ok_or_else(|| anyhow::anyhow!("could not open {} for writing", path.display()))
}
