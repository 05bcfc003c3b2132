//! One attach workflow for the CLI, the TUI and the tests.

pub mod ids;
pub mod preflight;
