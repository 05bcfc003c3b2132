//! Runbooks: a change of many ENIs written before the incident, planned whole (every step
//! against the world the steps before it leave), confirmed once, and run at the API's pace.
//!
//! - [`file`]: the TOML file, its variables, and every problem at its line and column.
//! - [`world`]: the world it starts from, each ENI and instance described once.
//! - [`preflight`]: every step's rules against the world the steps before it leave.

pub mod file;
pub mod preflight;
pub mod world;

pub use file::{Problem, Problems, Runbook, Step, Vars};
