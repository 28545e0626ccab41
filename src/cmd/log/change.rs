//! `amex-help log edit` and `log resolve`: change a case in place.

use anyhow::Result;
use chrono::{Local, Utc};

use super::{done, report_masking, Changed};
use crate::calls::{parse_follow_up, CaseId};
use crate::cli::{LogEditArgs, LogResolveArgs};
use crate::cmd::resolve::{
    charge_flags, check_not_before_1970, check_title, date_flag, last5_flag, reason_flag,
    statement_date_flag, text_flag,
};
use crate::cmd::Ctx;
use crate::db::CaseEdit;
use crate::error::bad_input;
use crate::privacy::Masker;

pub(super) fn edit(ctx: &Ctx, args: &LogEditArgs) -> Result<()> {
    let today = Local::now().date_naive();
    if args.reason.is_none()
        && args.title.is_none()
        && args.follow_up.is_none()
        && args.statement_date.is_none()
        && args.card_last5.is_none()
        && args.charge.is_empty()
    {
        return Err(bad_input(format!(
            "nothing to change in case {}; give --reason, --title, --follow-up, --statement-date, \
             --card-last5, --merchant, --amount, --charge-date, --card or --cycle-day",
            args.case
        )));
    }
    check_title(args.title.as_deref())?;
    let follow_up = match args.follow_up.as_deref() {
        Some("none") => Some(None),
        other => date_flag("--follow-up", other, |s| parse_follow_up(s, today))?.map(Some),
    };
    if let Some(Some(date)) = follow_up {
        check_not_before_1970("--follow-up", Some(date))?;
    }
    let statement_date = statement_date_flag(args.statement_date.as_deref(), today)?;
    let card_last5 = last5_flag(args.card_last5.as_deref())?;
    let reason = reason_flag(ctx, args.reason.as_deref())?;
    let mut masker = Masker::new();
    let charge = charge_flags(&args.charge, &mut masker)?;
    let edit = CaseEdit {
        reason,
        title: masker.clean_opt("title", args.title.as_deref()),
        follow_up,
        statement_date,
        card_last5,
        charge,
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

pub(super) fn resolve(ctx: &Ctx, args: &LogResolveArgs) -> Result<()> {
    let note = text_flag("--note", args.note.as_deref(), &mut false)?;
    let mut masker = Masker::new();
    let note = masker.clean_opt("note", note.as_deref());
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
