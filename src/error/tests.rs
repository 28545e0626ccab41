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
