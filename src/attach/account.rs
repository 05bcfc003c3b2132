//! The account guard: `allowed_accounts` (config.toml, top level or `[profiles.NAME]`) names
//! the accounts an operation may change. Any other account, or one that cannot be determined,
//! is refused before anything is sent, as the preflight rule "account is allowed".

use super::preflight::{Report, Rule, Status, Verdict};
use crate::api::Client;
use crate::attempt::{OwnCode, Reason};

/// The code a refusal carries (explained in `assets/errors.toml`).
pub const NOT_ALLOWED: &str = "ClientError.AccountNotAllowed";

/// A refusal: the report with its one failed rule, and the reason the run ends with.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub report: Report,
    pub reason: Reason,
}

/// None when no list is configured or the account is on it; the account comes from sts
/// GetCallerIdentity, cached per credential.
pub async fn refusal(client: &Client) -> Option<Refusal> {
    let allowed = &client.config().allowed_accounts;
    if allowed.is_empty() {
        return None;
    }
    let reason = match crate::api::sts::account(client).await {
        Ok(account) if allowed.contains(&account.id) => return None,
        Ok(account) => format!(
            "the credential acts in account {} ({}), which is not in allowed_accounts ({}): nothing was sent",
            account.id,
            account.arn,
            allowed.join(", ")
        ),
        Err(e) => format!(
            "the credential's account is unknown (sts GetCallerIdentity: {e}), and allowed_accounts ({}) \
             needs it: nothing was sent",
            allowed.join(", ")
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
        reason: Reason::new(OwnCode::AccountNotAllowed, reason),
    })
}
