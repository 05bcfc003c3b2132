//! What a run tells its watchers as it goes: the attempt it starts, each change to it (the one
//! transition function's input), and the client's retries. Also the explained failure of a call
//! made outside a run (a picker's list, a re-check), as the terminal app shows it.

use crate::api::ApiError;
use crate::attempt::{Attempt, Change};
use crate::catalog::{self, Explanation};

/// Progress, as it happens. A watcher keeps its own copy of the attempt: `Started`, then each
/// `Changed` applied with [`Attempt::apply`].
#[derive(Debug, Clone)]
pub enum Event {
    Started(Box<Attempt>),
    Changed(Change),
    /// The client is trying a call again (why, which try, when the next one goes).
    Retrying(crate::api::RetryNotice),
}

/// A failed call outside a run, with its code and the operator's explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: String,
    pub message: String,
    pub explanation: Explanation,
    pub clock_advice: Option<String>,
}

impl Failure {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Failure {
            code: code.into(),
            message: message.into(),
            explanation: catalog::explain(code),
            clock_advice: None,
        }
    }

    pub fn from_api(err: &ApiError) -> Self {
        let mut failure =
            Failure { clock_advice: err.clock_advice(), ..Failure::new(err.code(), err.to_string()) };
        // Whether retrying helps is this failure's, not its code's in general: a redirect is an
        // HttpStatus that a retry cannot help, a signature that expired while the clocks agree
        // (a held request) is an AuthFailure that a fresh one can.
        failure.explanation.retryable = err.worth_sending_again();
        failure
    }

    /// Whether sending the same call again can help.
    pub fn retryable(&self) -> bool {
        self.explanation.retryable
    }
}
