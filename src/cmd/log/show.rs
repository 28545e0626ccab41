//! `amex-help log show`: one case with its timeline.

use anyhow::Result;
use chrono::Local;

use crate::calls::{assess, clocks, CaseId, DisputeFacts};
use crate::cmd::Ctx;
use crate::output::{emit, CaseView};

pub(super) fn run(ctx: &Ctx, id: CaseId) -> Result<()> {
    let case = ctx.find_case(id)?;
    let today = Local::now().date_naive();
    let dates = assess(&DisputeFacts::of(&case), today, &clocks(ctx.knowledge()?));
    emit(
        &CaseView::from(&case).with_dates(dates),
        ctx.format,
        ctx.style,
    )
}
