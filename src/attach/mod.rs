//! Carrying out a plan: the rules checked before sending (pure), the facts they need, the run
//! (send, poll, verify), how it ended, and settling rows a crash left open.

pub mod account;
pub mod eligibility;
pub mod facts;
pub mod outcome;
pub mod preflight;
pub mod reconcile;
pub mod run;

pub use outcome::{Event, Failure, FailureKind, Finish, Located, Placement, Recording};
pub use run::{Confirm, Confirmation, EventSink, Options, PollPolicy, Workflow};
