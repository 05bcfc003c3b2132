//! Carrying out a plan: the rules checked before sending (pure), the facts they need, the run
//! (send, poll, verify), how it ended, and settling rows a crash left open.

pub(crate) mod account;
pub(crate) mod eligibility;
pub mod facts;
pub(crate) mod outcome;
pub mod preflight;
pub mod reconcile;
pub(crate) mod run;

pub use crate::attempt::{Located, Placement};
pub use outcome::{Event, Failure};
pub use run::{Confirm, Confirmation, EventSink, Options, PollPolicy, Workflow};

use crate::api::{ApiError, Client};
use crate::plan::Plan;

/// What preflight says of `plan` now, the account guard's verdict first: the confirm pane's
/// verdicts. The workflow runs the same guard and rules again when it sends.
pub async fn review(
    client: &Client,
    accounts: &account::Accounts,
    plan: &Plan,
) -> Result<preflight::Report, ApiError> {
    let (refusal, facts) = tokio::join!(accounts.refusal(client), facts::gather(client, plan));
    let mut report = preflight::check(plan, &facts?);
    // A rule that passed is shown too: the operator sees which account was checked.
    let guard = match refusal {
        Some(refusal) => refusal.report.verdicts,
        None => accounts.passed(client).into_iter().collect(),
    };
    report.verdicts.splice(0..0, guard);
    Ok(report)
}
