//! The process exit codes, documented in the README: the command line's, in one place.

pub const OK: i32 = 0;
/// The service refused, or the task ended FAILED.
pub const REFUSED: i32 = 1;
/// tceni itself failed before sending anything (a local file, the terminal): one line says why.
pub const FAILED: i32 = 1;
/// Invalid input: nothing was sent.
pub const INVALID_INPUT: i32 = 2;
pub const NO_CREDENTIALS: i32 = 3;
/// Sent, but whether it took effect is unknown.
pub const OUTCOME_UNKNOWN: i32 = 4;
/// A preflight rule failed: nothing was sent.
pub const PREFLIGHT_FAILED: i32 = 5;
/// Nothing could be sent: the service could not be reached (DNS, connection refused, TLS,
/// a proxy that refuses to connect). Safe to run again as it is.
pub const UNREACHABLE: i32 = 6;
/// Cancelled before anything was sent (the shell's convention for Ctrl-C).
pub const CANCELLED: i32 = 130;

use crate::attach::{FailureKind, Finish};
use crate::history::Outcome;

/// The documented exit code of a finished run.
pub fn of(finish: &Finish) -> i32 {
    match finish.outcome {
        Outcome::Succeeded | Outcome::Sent | Outcome::AlreadyDone => OK,
        Outcome::PreflightFailed => PREFLIGHT_FAILED,
        Outcome::Unknown | Outcome::Pending | Outcome::Sending | Outcome::Mismatch => OUTCOME_UNKNOWN,
        Outcome::Cancelled => CANCELLED,
        Outcome::NotSent => match finish.failure.as_ref().map(|f| f.kind) {
            Some(FailureKind::InvalidInput) => INVALID_INPUT,
            Some(FailureKind::NoCredentials) => NO_CREDENTIALS,
            Some(FailureKind::Unreachable) => UNREACHABLE,
            _ => REFUSED,
        },
        Outcome::Failed => REFUSED,
    }
}
