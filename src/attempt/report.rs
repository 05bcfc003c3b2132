//! Preflight's report: each rule's verdict on one plan. A leaf the attempt record owns (and the
//! history stores with serde), so the record needs nothing of the workflow that checks the
//! rules (`attach::preflight`).

use crate::tr;
use serde::{Deserialize, Serialize};

/// A rule of the seed's, by name: the stored texts (serde's and strum's, the same) are part of
/// the history's file format and of the advice keys.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Rule {
    /// The credential's account is in `allowed_accounts` (checked first, see `attach::account`).
    AccountAllowed,
    EniExists,
    /// Attach: the ENI is attached to nothing (and settled).
    EniFree,
    /// Detach and move: the ENI is attached to the instance named as its source.
    EniOnSource,
    /// Detach and move: the primary ENI never leaves its instance.
    EniNotPrimary,
    /// Detach and move: the ENI is not in the middle of another change.
    EniAvailable,
    /// Move: the source's state (a warning: the service may refuse an instance in transition).
    SourceState,
    InstanceExists,
    InstanceState,
    SameVpc,
    SameZone,
    FreeEniSlot,
    SecurityGroup,
    /// A runbook step found done before its run (`tceni runbook apply`): not a seed rule, the
    /// runbook's own verdict, stored as the others are.
    Runbook,
}

impl Rule {
    /// The rule's name in the stored JSON and in advice keys.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The rule as a person reads it, in the run's language.
    pub fn label(self) -> String {
        match self {
            Rule::AccountAllowed => tr!("rule-account-allowed"),
            Rule::EniExists => tr!("rule-eni-exists"),
            Rule::EniFree => tr!("rule-eni-free"),
            Rule::EniOnSource => tr!("rule-eni-on-source"),
            Rule::EniNotPrimary => tr!("rule-eni-not-primary"),
            Rule::EniAvailable => tr!("rule-eni-available"),
            Rule::SourceState => tr!("rule-source-state"),
            Rule::InstanceExists => tr!("rule-instance-exists"),
            Rule::InstanceState => tr!("rule-instance-state"),
            Rule::SameVpc => tr!("rule-same-vpc"),
            Rule::SameZone => tr!("rule-same-zone"),
            Rule::FreeEniSlot => tr!("rule-free-eni-slot"),
            Rule::SecurityGroup => tr!("rule-security-group"),
            Rule::Runbook => tr!("rule-runbook"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// Worth knowing, does not block.
    Warn,
    /// Could not be checked because an earlier rule failed, or there is nothing to do.
    Skipped,
    /// The ENI is already where the plan puts it: nothing to send.
    Done,
}

impl Status {
    /// The one-character mark a list of verdicts shows.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pass => "✓",
            Status::Fail => "✗",
            Status::Warn => "!",
            Status::Skipped => "-",
            Status::Done => "=",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub rule: Rule,
    pub status: Status,
    pub reason: String,
    /// The code the service would answer when this rule fails.
    pub code: Option<String>,
    /// What to do about it, for the state actually found (`assets/errors.toml`, `[advice]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
    /// The action the advice suggests, typed: the terminal app names the key its keymap binds
    /// for it and the CLI its own flag or command, so the advice text itself names no key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<NextStep>,
}

/// A step the advice suggests that tceni itself can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    PickEni,
    PickInstance,
    /// The ENI is on another instance: a move takes it from there in one call.
    SwitchToMove,
    /// Wait for a change to finish, reloading to see it.
    Reload,
    SwitchAttachType,
}

impl Verdict {
    /// Attach the advice for `rule.situation` (a key of the asset's `[advice]` table).
    pub(crate) fn advise(self, situation: &str) -> Verdict {
        let key = format!("{}.{situation}", self.rule.key());
        Verdict { advice: crate::catalog::advice(&key).map(str::to_string), ..self }
    }

    /// The step the advice suggests (set beside [`Verdict::advise`]).
    pub(crate) fn suggesting(self, next: NextStep) -> Verdict {
        Verdict { next: Some(next), ..self }
    }
}

/// Every rule's verdict, in the order shown. The history stores the verdicts as their JSON
/// (serde) and reads them back typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Report {
    pub verdicts: Vec<Verdict>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.verdicts.iter().all(|v| v.status != Status::Fail)
    }

    pub fn failures(&self) -> impl Iterator<Item = &Verdict> {
        self.verdicts.iter().filter(|v| v.status == Status::Fail)
    }

    /// The verdict saying the plan is already carried out, if one does.
    pub fn already_done(&self) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.status == Status::Done)
    }
}
