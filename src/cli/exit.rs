//! The process exit codes, documented in the README: one place, beside the record they are a
//! function of (see [`crate::attempt::exit_code`]).

pub use crate::attempt::exit::*;
