//! Unit tests of `error`.

use super::*;
use anyhow::Context;

#[test]
fn bad_input_under_context_still_exits_2() {
    let err = Err::<(), _>(bad_input("no case 7; run `amex-help log list`"))
        .context("showing case 7")
        .unwrap_err();
    match classify(&err) {
        Outcome::Failed { code, message } => {
            assert_eq!(code, ExitCode::BadInput);
            assert_eq!(
                message,
                "showing case 7: no case 7; run `amex-help log list`"
            );
        }
        Outcome::BrokenPipe => panic!("not a broken pipe"),
    }
}

#[test]
fn controls_and_bidi_overrides_in_a_message_are_escaped() {
    for (raw, shown) in [
        (
            "reason `\u{1b}[2J\r\0\t` has no keywords\nor phrases",
            "reason `\\u{1b}[2J\\r\\u{0}\\t` has no keywords or phrases",
        ),
        (
            "not sure what \"abc\u{202e}def\u{200f}\" is about",
            "not sure what \"abc\\u{202e}def\\u{200f}\" is about",
        ),
    ] {
        match classify(&bad_input(raw)) {
            Outcome::Failed { message, .. } => assert_eq!(message, shown),
            Outcome::BrokenPipe => panic!("not a broken pipe"),
        }
    }
}

#[test]
fn io_errors_exit_1_and_broken_pipe_is_quiet() {
    let denied = anyhow::Error::new(io::Error::from(io::ErrorKind::PermissionDenied));
    assert!(matches!(
        classify(&denied),
        Outcome::Failed {
            code: ExitCode::Failure,
            ..
        }
    ));
    let pipe = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
    assert!(matches!(classify(&pipe), Outcome::BrokenPipe));
}

#[test]
fn a_broken_pipe_inside_a_json_error_is_quiet() {
    // serde_json wraps the io::Error so that `source()` does not reach it.
    struct Closed;
    impl io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let json = serde_json::to_writer(Closed, &[1, 2, 3]).expect_err("the writer fails");
    let err = anyhow::Error::new(json).context("writing the list");
    assert!(matches!(classify(&err), Outcome::BrokenPipe));
    let full = serde_json::to_writer(FullDisk, &[1]).expect_err("the writer fails");
    assert!(matches!(
        classify(&anyhow::Error::new(full)),
        Outcome::Failed {
            code: ExitCode::Failure,
            ..
        }
    ));
}

struct FullDisk;
impl io::Write for FullDisk {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::from(io::ErrorKind::StorageFull))
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_usage_error_is_one_line_with_its_tips_usage_and_help() {
    use clap::CommandFactory;
    let error = |args: &[&str]| {
        crate::Cli::command()
            .try_get_matches_from(args)
            .map_err(crate::cli::without_globals_in_usage)
            .expect_err("a usage error")
    };
    let err = error(&["amex-help", "log", "edit"]);
    assert_eq!(
        usage_message(&err, "amex-help log edit"),
        "the following required arguments were not provided: <CASE>; \
         usage: amex-help log edit <CASE>; see `amex-help log edit --help`"
    );
    // Without a usage line, the help named is the command line's.
    let err = error(&["amex-help", "log", "list", "--limit", "x"]);
    let message = usage_message(&err, "amex-help log list");
    assert!(
        message.starts_with("invalid value 'x' for '--limit <N>': "),
        "{message}"
    );
    assert!(
        message.ends_with("; see `amex-help log list --help`"),
        "{message}"
    );
    // Two missing arguments are joined by a comma; a control character typed is escaped.
    let two = clap::Command::new("t")
        .arg(clap::Arg::new("a").required(true))
        .arg(clap::Arg::new("b").required(true))
        .try_get_matches_from(["t"])
        .expect_err("both missing");
    assert!(usage_message(&two, "t").starts_with(
        "the following required arguments were not provided: <a>, <b>; usage: t <a> <b>; "
    ));
    let err = error(&["amex-help", "route", "x", "--card", "\u{1b}[2J\u{202e}"]);
    let message = usage_message(&err, "amex-help route");
    assert!(
        !message.contains('\u{1b}') && !message.contains('\u{202e}'),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");
}
