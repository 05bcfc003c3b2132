//! One attach workflow for the CLI, the TUI and the tests.

pub mod exit;
pub mod ids;
pub mod preflight;
pub mod workflow;

pub use workflow::{AttachInput, Event, Finish, Operation, Options, Plan, PollPolicy, Workflow};
