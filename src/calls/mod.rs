//! The call-log domain and the pure rules over it: the dates people type, Fair Credit Billing Act
//! deadlines and which escalation rung comes next. Nothing here reads the clock or touches
//! storage: `now` and `today` are passed in, so every rule is tested with fixed dates.

mod dates;
mod deadlines;
mod escalation;
mod model;
mod money;

pub(crate) use dates::*;
pub(crate) use deadlines::*;
pub(crate) use escalation::*;
pub(crate) use model::*;
pub(crate) use money::*;

#[cfg(test)]
mod deadlines_tests;
#[cfg(test)]
mod escalation_tests;
#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
