//! The attach workflow over real HTTP against the in-process sandbox, with a real SQLite history.

mod support;

mod faults;
mod flows;
mod hostile;
mod limits;
mod moves;
mod truth;
mod witness;
