//! `amex-help log show`: one case with its timeline.

use anyhow::Result;

use crate::calls::CaseId;
use crate::cmd::Ctx;
use crate::output::{emit, CaseView};

pub(super) fn run(ctx: &Ctx, id: CaseId) -> Result<()> {
    let case = ctx.find_case(id)?;
    let today = chrono::Local::now().date_naive();
    emit(&CaseView::from(&case).on(today), ctx.format, ctx.style)
}
