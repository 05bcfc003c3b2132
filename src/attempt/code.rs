//! How an attempt ended and why, as text that is part of the history file format and the JSON:
//! the outcome, and a code that is either tceni's own (`ClientError.*`) or the service's.

use crate::catalog::{self, Explanation};
use serde::{Deserialize, Serialize};

/// How an attempt ended, or where an open one stands (the history's `outcome` column; never
/// rename a variant: the names are stored).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
pub enum Outcome {
    /// Recorded; nothing sent yet.
    Pending,
    /// Written just before the request leaves: it may have been sent (the ClientToken is in the
    /// row). A crash here leaves "may have been sent", never "nothing sent yet".
    Sending,
    /// Sent and accepted: the RequestId is known, the task was not followed to its end.
    Sent,
    /// The task finished with SUCCESS, or the ENI was found where the plan puts it.
    Succeeded,
    /// The service refused the call, or the task finished with FAILED.
    Failed,
    /// Sent, or may have been, and whether it took effect is not known.
    Unknown,
    /// A preflight rule failed; nothing was sent.
    PreflightFailed,
    /// Nothing reached the service, or it refused the call before acting on it.
    NotSent,
    /// The operator cancelled before anything was sent.
    Cancelled,
    /// The ENI was already where the plan puts it: nothing was sent.
    AlreadyDone,
    /// The task said SUCCESS but the ENI is not where the plan put it.
    Mismatch,
}

impl Outcome {
    pub const ALL: &'static [Outcome] = <Outcome as strum::VariantArray>::VARIANTS;

    /// The stable text stored in the file.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Not final yet: the service may still say otherwise (Pending, Sending, Sent, Unknown).
    pub fn is_open(self) -> bool {
        matches!(self, Outcome::Pending | Outcome::Sending | Outcome::Sent | Outcome::Unknown)
    }

    /// The request may have reached the service, so only the service can settle the row.
    pub fn may_have_been_sent(self) -> bool {
        matches!(self, Outcome::Sending | Outcome::Sent | Outcome::Unknown)
    }
}

/// tceni's own codes, for what no service code describes (the Tencent SDKs use the same
/// `ClientError.*` family). Each has an entry in `assets/errors.toml`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::Display,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
pub enum OwnCode {
    /// Nothing reached the service (DNS, connection refused, TLS).
    #[strum(serialize = "ClientError.NetworkError")]
    NetworkError,
    /// Sent, and no answer came back.
    #[strum(serialize = "ClientError.OutcomeUnknown")]
    OutcomeUnknown,
    #[strum(serialize = "ClientError.HttpStatus")]
    HttpStatus,
    #[strum(serialize = "ClientError.ParseJsonError")]
    ParseJsonError,
    #[strum(serialize = "ClientError.CredentialError")]
    CredentialError,
    #[strum(serialize = "ClientError.AccountNotAllowed")]
    AccountNotAllowed,
    #[strum(serialize = "ClientError.Cancelled")]
    Cancelled,
    #[strum(serialize = "ClientError.TaskTimeout")]
    TaskTimeout,
    #[strum(serialize = "ClientError.TaskFailed")]
    TaskFailed,
    #[strum(serialize = "ClientError.VerifyMismatch")]
    VerifyMismatch,
    #[strum(serialize = "ClientError.NotCarriedOut")]
    NotCarriedOut,
    /// Credited, not failed: its answer was lost, and the same request (its ClientToken) sent
    /// again was answered and SUCCEEDED.
    #[strum(serialize = "ClientError.SameRequest")]
    SameRequest,
    /// Settled by the account's audit trail (CloudAudit): it recorded the service's answer to
    /// this very call.
    #[strum(serialize = "ClientError.AuditTrail")]
    AuditTrail,
}

/// The code of an ending: tceni's own or the service's (kept as the service spelled it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Code {
    Own(OwnCode),
    Service(String),
}

impl Code {
    pub fn parse(text: &str) -> Code {
        match text.parse::<OwnCode>() {
            Ok(own) => Code::Own(own),
            Err(_) => Code::Service(text.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Code::Own(own) => own.into(),
            Code::Service(code) => code,
        }
    }

    /// Said by the service (not by tceni about a call that got no answer).
    pub fn is_service(&self) -> bool {
        matches!(self, Code::Service(code) if !code.starts_with("ClientError."))
    }

    pub fn explanation(&self) -> Explanation {
        catalog::explain(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, text: &&str) -> bool {
        self.as_str() == *text
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, text: &str) -> bool {
        self.as_str() == text
    }
}

impl From<OwnCode> for Code {
    fn from(own: OwnCode) -> Code {
        Code::Own(own)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        Ok(Code::parse(&String::deserialize(d)?))
    }
}

/// Why an attempt ended as it did, or why a call failed: the code, the message (escaped for a
/// terminal, never starting with the code again) and, for a signature that expired, the clock's
/// skew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: Code,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
    /// Whether sending it again can help: this failure's own answer (a redirect cannot be
    /// helped, an expiry while the clocks agree can), by default its code's.
    #[serde(default)]
    pub retryable: bool,
}

impl Reason {
    pub fn new(code: impl Into<Code>, message: impl Into<String>) -> Reason {
        let code = code.into();
        let message = strip_code(code.as_str(), message.into());
        let retryable = code.explanation().retryable;
        Reason { code, message, clock: None, retryable }
    }

    /// The client's error: its code, its message (without the code in front), the clock advice.
    pub fn from_api(err: &crate::api::ApiError) -> Reason {
        Reason {
            clock: err.clock_advice(),
            retryable: err.worth_sending_again(),
            ..Reason::new(Code::parse(err.code()), err.to_string())
        }
    }

    pub fn explanation(&self) -> Explanation {
        Explanation { retryable: self.retryable, ..self.code.explanation() }
    }
}

/// The service's text often starts with its code (`Code: message`): said once is enough.
fn strip_code(code: &str, message: String) -> String {
    match message.strip_prefix(code).and_then(|rest| rest.strip_prefix(": ")) {
        Some(rest) => rest.to_string(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_round_trip() {
        for o in Outcome::ALL {
            assert_eq!(o.as_str().parse::<Outcome>().unwrap(), *o);
        }
        assert!("pending".parse::<Outcome>().is_err());
        for own in <OwnCode as strum::VariantArray>::VARIANTS {
            let text: &str = own.into();
            assert_eq!(Code::parse(text), Code::Own(*own));
            assert!(crate::catalog::explain(text).code == text, "{text} has its own entry in errors.toml");
        }
        assert_eq!(Code::parse("InvalidParameter"), Code::Service("InvalidParameter".into()));
    }

    #[test]
    fn open_outcomes() {
        let open: Vec<_> = Outcome::ALL.iter().filter(|o| o.is_open()).collect();
        assert_eq!(open, [&Outcome::Pending, &Outcome::Sending, &Outcome::Sent, &Outcome::Unknown]);
    }

    #[test]
    fn a_message_does_not_repeat_its_code() {
        let r = Reason::new(Code::parse("InvalidParameter"), "InvalidParameter: the ENI is wrong");
        assert_eq!(r.message, "the ENI is wrong");
    }
}
