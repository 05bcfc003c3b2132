//! The one JSON object of an attempt, printed by `attach|detach|move --output json` and by
//! `history --output json` alike (described by `schema/attempt.schema.json`), and the exit code,
//! both functions of the record alone.

use super::{Attempt, Code, Outcome, OwnCode, Reason, Task, Verification};
use serde_json::{Value, json};

/// The JSON Schema of [`to_json`]'s object and of every command's error object.
pub const JSON_SCHEMA: &str = include_str!("../../schema/attempt.schema.json");

/// The documented exit codes (README, "Exit codes").
pub mod exit {
    pub const OK: i32 = 0;
    /// The service refused, or the task ended FAILED.
    pub const REFUSED: i32 = 1;
    /// tceni itself failed before sending anything (a local file, the terminal): one line says why.
    pub const FAILED: i32 = 1;
    /// Invalid input: nothing was sent.
    pub const INVALID_INPUT: i32 = 2;
    pub const NO_CREDENTIALS: i32 = 3;
    /// Sent, or may have been, and whether it took effect is unknown.
    pub const OUTCOME_UNKNOWN: i32 = 4;
    /// A preflight rule failed: nothing was sent.
    pub const PREFLIGHT_FAILED: i32 = 5;
    /// Nothing could be sent: the service could not be reached (DNS, connection refused, TLS,
    /// a proxy that refuses to connect). Safe to run again as it is.
    pub const UNREACHABLE: i32 = 6;
    /// Cancelled before anything was sent (the shell's convention for Ctrl-C).
    pub const CANCELLED: i32 = 130;
}

/// The documented exit code of an attempt: its outcome, and for "not sent" whether the service
/// could be reached.
pub fn exit_code(attempt: &Attempt) -> i32 {
    exit_code_of(attempt.outcome(), attempt.reason())
}

/// [`exit_code`] of an outcome and its reason (what a runbook keeps of a step that ran).
pub fn exit_code_of(outcome: Outcome, reason: Option<&Reason>) -> i32 {
    match outcome {
        Outcome::Succeeded | Outcome::Sent | Outcome::AlreadyDone => exit::OK,
        Outcome::PreflightFailed => exit::PREFLIGHT_FAILED,
        Outcome::Unknown | Outcome::Pending | Outcome::Sending | Outcome::Mismatch => exit::OUTCOME_UNKNOWN,
        Outcome::Cancelled => exit::CANCELLED,
        Outcome::NotSent if reason.is_some_and(|r| r.code == Code::Own(OwnCode::NetworkError)) => {
            exit::UNREACHABLE
        }
        Outcome::NotSent | Outcome::Failed => exit::REFUSED,
    }
}

fn time(ms: i64) -> Value {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()).into()
}

/// The attempt as one JSON object.
pub fn to_json(a: &Attempt) -> Value {
    let plan = &a.plan;
    let reason = a.reason();
    let explanation = a.explanation();
    let (task_polls, task_ended_at) = match &a.task {
        Task::NotFollowed => (None, Value::Null),
        Task::Polling { asked, .. } => (Some(*asked), Value::Null),
        Task::Succeeded { at, .. } | Task::Failed { at, .. } => (None, at.map_or(Value::Null, time)),
    };
    let account = a.caller.account_id.as_ref().map(|id| json!({ "id": id, "arn": a.caller.account_arn }));
    json!({
        "history_id": a.history_id(),
        "history_recorded": a.recording.complete(),
        "retry_of": a.retry_of,
        "started_at": time(a.started_at),
        "finished_at": a.ending().map_or(Value::Null, |e| time(e.at)),
        "duration_ms": a.ending().and_then(|e| e.duration_ms),
        "profile": a.caller.profile,
        "secret_id": a.caller.secret_id_masked,
        "credential": a.caller.credential,
        "account": account,
        "action": plan.kind().verb(),
        "region": plan.region,
        "endpoint": plan.endpoint,
        "eni": plan.eni.as_str(),
        "instance": plan.instance().as_str(),
        "destination": plan.move_destination().map(|i| i.as_str()),
        "attach_type": plan.attach_type().map(|t| t.code()),
        "client_token": plan.client_token(),
        "preflight_state": <&str>::from(&a.preflight),
        "preflight": a.report().map(|r| &r.verdicts),
        "send_state": <&str>::from(&a.send),
        "request_id": a.request_id(),
        "task_state": match &a.task {
            Task::NotFollowed => "not_followed",
            Task::Polling { .. } => "polling",
            Task::Succeeded { .. } | Task::Failed { .. } => "ended",
        },
        "task_status": a.task.status(),
        "task_output": a.task.output(),
        "task_polls": task_polls,
        "task_ended_at": task_ended_at,
        "verification_state": <&str>::from(&a.verification),
        "verified": a.located().is_some(),
        "attachment": a.located().and_then(|l| l.placement.as_ref()),
        "eni_state": a.located().map(|l| l.state.as_str()),
        "verify_error": match &a.verification {
            Verification::Failed { reason } => Some(reason.as_str()),
            _ => None,
        },
        "outcome": a.outcome().as_str(),
        "exit_code": exit_code(a),
        "error_code": reason.map(|r| r.code.as_str()),
        "message": reason.map(|r| r.message.as_str()),
        "explanation": explanation.as_ref().map(|e| e.meaning.as_str()),
        "what_to_do": explanation.as_ref().map(|e| e.action.as_str()),
        "retryable": explanation.as_ref().map(|e| e.retryable),
        "clock": reason.and_then(|r| r.clock.as_deref()),
    })
}

/// The one shape of every command's error, when nothing was carried out (bad input, no
/// credentials, a file that cannot be read): `{"outcome": "NotSent", "exit_code", "message"}`.
pub fn error_json(exit_code: i32, message: &str) -> Value {
    json!({ "outcome": Outcome::NotSent.as_str(), "exit_code": exit_code, "message": message })
}

#[cfg(test)]
mod tests {
    use super::super::{Preflight, Reason, Send};
    use super::*;

    /// The schema's list of `key`'s values.
    fn schema_enum(key: &str) -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/attempt.schema.json");
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let found = schema.pointer(&format!("/$defs/attempt/properties/{key}/enum"));
        let values = found.unwrap_or_else(|| panic!("the schema lists {key}'s values"));
        values.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
    }

    fn texts<'a, T: 'a>(states: &'a [T]) -> Vec<String>
    where
        &'a T: Into<&'static str>,
    {
        states.iter().map(|s| Into::<&'static str>::into(s).to_string()).collect()
    }

    /// Every state of the record's steps prints as the schema spells it (the texts are output).
    #[test]
    fn every_state_prints_as_the_schema_lists_it() {
        let reason = || Reason::new(OwnCode::NetworkError, "m");
        let preflight = [
            Preflight::NotRun,
            Preflight::Skipped,
            Preflight::Checking,
            Preflight::Checked(Default::default()),
        ];
        assert_eq!(texts(&preflight), schema_enum("preflight_state"));
        let send = [
            Send::NotYet,
            Send::InFlight,
            Send::Accepted { request_id: "r".into() },
            Send::Refused { error: reason(), request_id: None },
            Send::NotDelivered { error: reason() },
            Send::MaybeDelivered { error: reason(), request_id: None },
        ];
        assert_eq!(texts(&send), schema_enum("send_state"));
        let verification = [
            Verification::NotRun,
            Verification::Describing,
            Verification::Located {
                located: super::super::Located { placement: None, state: String::new() },
            },
            Verification::Failed { reason: "r".into() },
        ];
        assert_eq!(texts(&verification), schema_enum("verification_state"));
    }
}
