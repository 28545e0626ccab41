//! Integration tests: the real binary, run against temporary homes and databases.

mod calendar;
mod checklist;
mod completions;
mod crash;
mod disputes;
mod escape;
mod files;
mod golden;
mod help;
mod hostile;
mod knowledge;
mod log;
mod numbers;
mod output;
mod privacy;
mod readme;
mod reliability;
mod route;
mod soak;
mod support;
mod terminal;
