//! The account guard: `allowed_accounts` (config.toml, top level or `[profiles.NAME]`) names
//! the accounts an operation may change. Any other account, or one that cannot be determined,
//! is refused before anything is sent, as the preflight rule "account is allowed".

use super::outcome::{Failure, FailureKind};
use super::preflight::{Report, Rule, Status, Verdict};
use crate::api::Client;

/// The code a refusal carries (explained in `assets/errors.toml`).
pub const NOT_ALLOWED: &str = "ClientError.AccountNotAllowed";

/// A refusal: the report with its one failed rule, and the failure the run ends with.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub report: Report,
    pub failure: Failure,
}

/// `allowed_accounts (…)` and/or `forbidden_account_ids (…)`: the rules that need the account.
fn rules_shown(allowed: &[String], forbidden: &[String]) -> String {
    let allowed = (!allowed.is_empty()).then(|| format!("allowed_accounts ({})", allowed.join(", ")));
    let forbidden =
        (!forbidden.is_empty()).then(|| format!("forbidden_account_ids ({})", forbidden.join(", ")));
    allowed.into_iter().chain(forbidden).collect::<Vec<_>>().join(" and ")
}

/// None when no list is configured or the account is on it; the account comes from sts
/// GetCallerIdentity, cached per credential.
pub async fn refusal(client: &Client) -> Option<Refusal> {
    let (allowed, forbidden) = (&client.config().allowed_accounts, &client.config().forbidden_accounts);
    if allowed.is_empty() && forbidden.is_empty() {
        return None;
    }
    let reason = match crate::api::sts::account(client).await {
        Ok(account) if forbidden.contains(&account.id) => format!(
            "the credential acts in account {} ({}), which is in forbidden_account_ids ({}): nothing was sent",
            account.id,
            account.arn,
            forbidden.join(", ")
        ),
        Ok(account) if allowed.is_empty() || allowed.contains(&account.id) => return None,
        Ok(account) => format!(
            "the credential acts in account {} ({}), which is not in allowed_accounts ({}): nothing was sent",
            account.id,
            account.arn,
            allowed.join(", ")
        ),
        Err(e) => format!(
            "the credential's account is unknown (sts GetCallerIdentity: {e}), and {} needs it: nothing was sent",
            rules_shown(allowed, forbidden)
        ),
    };
    let verdict = Verdict {
        rule: Rule::AccountAllowed,
        status: Status::Fail,
        reason: reason.clone(),
        code: Some(NOT_ALLOWED),
        advice: None,
    };
    Some(Refusal {
        report: Report { verdicts: vec![verdict] },
        failure: Failure::new(FailureKind::Preflight, NOT_ALLOWED, reason),
    })
}
