//! The account guard: `allowed_accounts` (config.toml, top level or `[profiles.NAME]`) names
//! the accounts an operation may change, `forbidden_account_ids` (Terraform's name) those it
//! may not. Any other account (any listed one), or one that cannot be determined while a list
//! is set, is refused before anything is sent, as the preflight rule "account is allowed".

use crate::tr;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::preflight::{Report, Rule, Status, Verdict};
use crate::api::{ApiError, Client};
use crate::attempt::{OwnCode, Reason};

/// The code a refusal carries (explained in `assets/errors.toml`).
pub const NOT_ALLOWED: &str = "ClientError.AccountNotAllowed";

/// A refusal: the report with its one failed rule, and the reason the run ends with.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub report: Report,
    pub reason: Reason,
}

/// The account a credential acts in, as sts GetCallerIdentity answers it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Account {
    /// The root account's ID (the UIN of the owner), e.g. `100000000001`.
    pub id: String,
    /// The caller: `qcs::cam::uin/100000000001:uin/…`, `qcs::sts:100000000001:assumed-role/…`.
    pub arn: String,
}

impl std::fmt::Display for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.id, self.arn)
    }
}

/// The accounts an operation may change (`allowed_accounts`; empty: any), and the account each
/// credential acts in, asked of sts once per SecretId (a refreshed temporary key asks again).
/// Clones share what was learnt: one per process (the CLI) or per app (the terminal app).
#[derive(Debug, Clone, Default)]
pub struct Accounts {
    allowed: Arc<[String]>,
    forbidden: Arc<[String]>,
    known: Arc<Mutex<HashMap<String, Account>>>,
}

impl Accounts {
    pub fn new(allowed: Vec<String>) -> Accounts {
        Accounts { allowed: allowed.into(), forbidden: Arc::default(), known: Arc::default() }
    }

    /// The same guard, also refusing these accounts (`forbidden_account_ids`).
    pub fn forbidding(self, forbidden: Vec<String>) -> Accounts {
        Accounts { forbidden: forbidden.into(), ..self }
    }

    /// True when `allowed_accounts` or `forbidden_account_ids` names any: only then must an
    /// operation wait for sts.
    pub fn has_rule(&self) -> bool {
        !self.allowed.is_empty() || !self.forbidden.is_empty()
    }

    /// The account already learnt for the credential with this SecretId.
    pub fn known(&self, secret_id: &str) -> Option<Account> {
        self.known.lock().unwrap_or_else(|p| p.into_inner()).get(secret_id).cloned()
    }

    /// The account `client`'s current credential acts in: sts GetCallerIdentity, asked once per
    /// credential.
    pub async fn of(&self, client: &Client) -> Result<Account, ApiError> {
        if let Some(account) = self.known(&client.secret_id()) {
            return Ok(account);
        }
        let me = crate::api::sts::get_caller_identity(client).await?;
        let account = Account { id: me.account_id, arn: me.arn };
        // The SecretId signed with is known now (a temporary key's was fetched for the call).
        let secret_id = client.secret_id();
        self.known.lock().unwrap_or_else(|p| p.into_inner()).insert(secret_id, account.clone());
        Ok(account)
    }

    /// The verdict of a rule that passed (the account known and on the list), to show which
    /// account was checked; nothing when no list is configured.
    pub fn passed(&self, client: &Client) -> Option<Verdict> {
        let account = self.known(&client.secret_id()).filter(|a| self.allowed.contains(&a.id))?;
        Some(Verdict {
            rule: Rule::AccountAllowed,
            status: Status::Pass,
            reason: tr!("rule-account-in-list", account = account.id.as_str()),
            code: None,
            advice: None,
            next: None,
        })
    }

    /// None when no list is configured or the account is on it.
    pub async fn refusal(&self, client: &Client) -> Option<Refusal> {
        refusal(client, self).await
    }
}

async fn refusal(client: &Client, accounts: &Accounts) -> Option<Refusal> {
    let (allowed, forbidden) = (&accounts.allowed, &accounts.forbidden);
    if !accounts.has_rule() {
        return None;
    }
    let reason = match accounts.of(client).await {
        Ok(account) if forbidden.contains(&account.id) => tr!(
            "rule-account-forbidden",
            account = account.id.as_str(),
            arn = account.arn.as_str(),
            forbidden = forbidden.join(", ")
        ),
        Ok(account) if allowed.is_empty() || allowed.contains(&account.id) => return None,
        Ok(account) => tr!(
            "rule-account-not-listed",
            account = account.id.as_str(),
            arn = account.arn.as_str(),
            allowed = allowed.join(", ")
        ),
        // The rules that need the account: `allowed_accounts (…)` and/or
        // `forbidden_account_ids (…)`.
        Err(e) => tr!(
            "rule-account-unknown",
            error = e.to_string(),
            rules = match (allowed.is_empty(), forbidden.is_empty()) {
                (false, false) => "both",
                (false, true) => "allowed",
                _ => "forbidden",
            },
            allowed = allowed.join(", "),
            forbidden = forbidden.join(", ")
        ),
    };
    let verdict = Verdict {
        rule: Rule::AccountAllowed,
        status: Status::Fail,
        reason: reason.clone(),
        code: Some(NOT_ALLOWED.into()),
        advice: None,
        next: None,
    };
    Some(Refusal {
        report: Report { verdicts: vec![verdict] },
        reason: Reason::new(OwnCode::AccountNotAllowed, reason),
    })
}
