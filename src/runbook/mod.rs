//! Runbooks: a change of many ENIs written before the incident, planned whole (every step
//! against the world the steps before it leave), confirmed once, and run at the API's pace.
//!
//! - [`file`]: the TOML file, its variables, and every problem at its line and column.
//! - [`world`]: the world it starts from, each ENI and instance described once.
//! - [`preflight`]: every step's rules against the world the steps before it leave.
//! - [`apply`]: the steps run (side by side where independent), a crashed run resumed.
//! - [`lock`]: one apply of a runbook at a time.
//! - [`session`]: one apply from start to end, as the command line and the terminal app run it.
//! - [`undo`]: the inverse runbook of what a run changed.

pub(crate) mod apply;
pub(crate) mod file;
pub mod lock;
pub mod preflight;
pub mod session;
pub(crate) mod undo;
pub(crate) mod world;

pub use apply::{Progress, Ran, StepEnd};
pub use file::{Outline, Problem, Problems, Runbook, Step, Variable, Vars};
pub use world::Described;
