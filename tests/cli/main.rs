//! Integration tests: the real binary, run against temporary homes and databases.

mod checklist;
mod crash;
mod knowledge;
mod log;
mod numbers;
mod readme;
mod route;
mod soak;
mod support;
