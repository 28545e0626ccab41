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
fn control_characters_in_a_message_are_escaped() {
    let err = bad_input("reason `\u{1b}[2J\r\0\t` has no keywords\nor phrases");
    match classify(&err) {
        Outcome::Failed { message, .. } => assert_eq!(
            message,
            "reason `\\u{1b}[2J\\r\\u{0}\\t` has no keywords or phrases"
        ),
        Outcome::BrokenPipe => panic!("not a broken pipe"),
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
