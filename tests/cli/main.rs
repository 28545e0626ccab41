//! Integration tests: the real binary, run against temporary homes and databases.

mod calendar;
mod checklist;
mod completions;
mod crash;
mod escape;
mod golden;
mod help;
mod knowledge;
mod log;
mod numbers;
mod output;
mod privacy;
mod readme;
mod route;
mod soak;
mod support;
mod terminal;
