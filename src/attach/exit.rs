//! The process exit codes, documented in the README; one place for the CLI and the workflow.

pub const OK: i32 = 0;
/// The service refused, or the task ended FAILED.
pub const REFUSED: i32 = 1;
/// Invalid input: nothing was sent.
pub const INVALID_INPUT: i32 = 2;
pub const NO_CREDENTIALS: i32 = 3;
/// Sent, but whether it took effect is unknown.
pub const OUTCOME_UNKNOWN: i32 = 4;
/// A preflight rule failed: nothing was sent.
pub const PREFLIGHT_FAILED: i32 = 5;
/// Cancelled before anything was sent (the shell's convention for Ctrl-C).
pub const CANCELLED: i32 = 130;
