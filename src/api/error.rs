//! Every way a call can fail, typed. Each kind says whether the request reached the service,
//! because that decides what an operator (and a retry) may safely do next.

use crate::auth::CredentialError;
use crate::catalog::{self, Explanation};

/// An error answered by the service itself: the envelope's `Error` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    /// For `AuthFailure.SignatureExpire`: server clock minus local clock, in seconds, measured
    /// from the answer's `Date` header.
    pub clock_skew_secs: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// Nothing reached the service: connection refused, DNS failure, connect timeout.
    #[error("{}", crate::tr!("err-not-sent", endpoint = endpoint.as_str(), reason = reason.as_str()))]
    NotSent { endpoint: String, reason: String },
    /// The request went out but no answer came back (timeout, connection dropped).
    #[error("{}", crate::tr!("err-no-answer", endpoint = endpoint.as_str(), reason = reason.as_str()))]
    NoAnswer { endpoint: String, reason: String },
    /// An HTTP status other than 200 with a body that is not the service's envelope
    /// (a gateway's HTML 502 page, say).
    #[error("{}", crate::tr!("err-http-status", status = *status, endpoint = endpoint.as_str(), excerpt = excerpt.as_str()))]
    HttpStatus { endpoint: String, status: u16, excerpt: String },
    /// An answer that could not be read: cut short, not JSON, or not the envelope.
    #[error("{}", crate::tr!("err-undecodable", endpoint = endpoint.as_str(), reason = reason.as_str(), excerpt = excerpt.as_str()))]
    Undecodable { endpoint: String, reason: String, excerpt: String, truncated: bool },
    /// The service refused the call.
    #[error("{}: {}", .0.code, .0.message)]
    Service(ServiceError),
    /// No credential to sign with: a temporary key could not be fetched or refreshed (sts, the
    /// CVM metadata service) or a tccli login expired. Nothing was sent to `endpoint`.
    #[error("{}", crate::tr!("err-credentials", endpoint = endpoint.as_str(), error = error.to_string()))]
    Credentials { endpoint: String, error: CredentialError },
}

impl ApiError {
    /// The service's code, or a `ClientError.*` code for failures that have none, so that every
    /// failure finds its explanation in `assets/errors.toml`.
    pub fn code(&self) -> &str {
        match self {
            ApiError::NotSent { .. } => "ClientError.NetworkError",
            ApiError::NoAnswer { .. } => "ClientError.OutcomeUnknown",
            // Not a gateway's hiccup (which HttpStatus explains as worth retrying): something
            // that is not the API answered, and asking it again gives the same answer.
            ApiError::HttpStatus { status, .. } if is_redirect(*status) => "ClientError.Redirect",
            ApiError::HttpStatus { .. } => "ClientError.HttpStatus",
            ApiError::Undecodable { .. } => "ClientError.ParseJsonError",
            ApiError::Credentials { .. } => "ClientError.CredentialError",
            ApiError::Service(e) => &e.code,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Service(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    pub fn explanation(&self) -> Explanation {
        catalog::explain(self.code())
    }

    /// True when the request may have been carried out although no answer says so.
    /// A redirect (3xx) is not: the API never redirects and the client never follows one, so
    /// whatever answered it was not the service, and the request went no further.
    /// The service's own `InternalError*` counts too: it failed somewhere inside, possibly after
    /// the change was made.
    pub fn may_have_been_delivered(&self) -> bool {
        match self {
            ApiError::HttpStatus { status, .. } => !is_redirect(*status),
            ApiError::Service(e) => e.code.starts_with("InternalError"),
            _ => matches!(self, ApiError::NoAnswer { .. } | ApiError::Undecodable { .. }),
        }
    }

    /// The service's "slow down" answers, which get a longer retry budget than other failures.
    pub fn is_rate_limited(&self) -> bool {
        let ApiError::Service(e) = self else { return false };
        e.code == "RequestLimitExceeded"
            || e.code.starts_with("RequestLimitExceeded.")
            || e.code == "LimitExceeded.ActionLimited"
    }

    /// True when the service certainly did not act: nothing reached it, or the gateway refused
    /// the call before the action ran (an `AuthFailure*` is checked before anything is done).
    pub fn never_executed(&self) -> bool {
        match self {
            ApiError::NotSent { .. } | ApiError::Credentials { .. } => true,
            ApiError::Service(e) => e.code.starts_with("AuthFailure"),
            _ => false,
        }
    }

    /// "No such resource" during a describe: the thing is not there (preflight says so as a
    /// rule). An auth failure or anything else is never "not found".
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Service(e)
            if e.code.starts_with("ResourceNotFound") || e.code == "InvalidInstanceId.NotFound")
    }

    /// An earlier try with this ClientToken was accepted and is still running.
    pub fn is_idempotent_processing(&self) -> bool {
        matches!(self, ApiError::Service(e) if e.code == "UnsupportedOperation.IdempotentProcessing")
    }

    /// Whether sending the same request again (same ClientToken, fresh timestamp) can help.
    pub fn retryable(&self) -> bool {
        match self {
            ApiError::NotSent { .. } | ApiError::NoAnswer { .. } => true,
            ApiError::HttpStatus { status, .. } => *status >= 500 || *status == 429,
            ApiError::Undecodable { truncated, .. } => *truncated,
            // A source that did not answer may answer the next time; one that said no will not
            // (and the provider already kept the old key while it lasted).
            ApiError::Credentials { error, .. } => error.retryable(),
            // IdempotentProcessing means an earlier try is still running: the attach workflow
            // waits for it at the task's pace, so the client does not also retry it on its own.
            ApiError::Service(_) if self.is_idempotent_processing() => false,
            ApiError::Service(e) => catalog::explain(&e.code).retryable,
        }
    }

    /// Whether the operator sending it again can help: what the client itself retries, and a
    /// signature that expired while the clocks agree (something held the request; a fresh
    /// timestamp is enough, and the client does not retry an AuthFailure on its own).
    pub fn worth_sending_again(&self) -> bool {
        self.retryable()
            || matches!(self, ApiError::Service(e) if e.code == "AuthFailure.SignatureExpire"
                && e.clock_skew_secs.is_some_and(|skew| skew.unsigned_abs() < CLOCK_AGREES_SECS))
    }

    /// A line for the operator about the clock, when the service said the signature expired:
    /// the skew measured from the answer's `Date` header, or that it could not be measured, or
    /// that the clocks agree (so something held the request for minutes).
    pub fn clock_advice(&self) -> Option<String> {
        let ApiError::Service(e) = self else { return None };
        if e.code != "AuthFailure.SignatureExpire" && e.clock_skew_secs.is_none() {
            return None;
        }
        let Some(skew) = e.clock_skew_secs else {
            return Some(
                "the skew could not be measured (the answer had no usable Date header); check this \
                 machine's clock (chrony or ntpd): more than 5 minutes off is refused"
                    .into(),
            );
        };
        if skew.unsigned_abs() < CLOCK_AGREES_SECS {
            return Some(format!(
                "this machine's clock is within {} of the service's, so it is not the cause: the \
                 request was signed more than 5 minutes before it arrived (held by a proxy or a queue); \
                 send it again",
                humanize_secs(CLOCK_AGREES_SECS)
            ));
        }
        let direction = if skew > 0 { "behind" } else { "ahead of" };
        Some(format!(
            "this machine's clock is {} {direction} the service's clock (more than 5 minutes is refused); \
             sync it (chrony or ntpd) and try again",
            humanize_secs(skew.unsigned_abs())
        ))
    }
}

/// Clocks closer than this (the `Date` header has whole seconds, and the answer takes a moment)
/// agree for the purpose of a signature's 5-minute window.
const CLOCK_AGREES_SECS: u64 = 60;

/// 3xx: an answer that points elsewhere instead of acting.
pub fn is_redirect(status: u16) -> bool {
    (300..400).contains(&status)
}

fn humanize_secs(secs: u64) -> String {
    match secs {
        0..=119 => format!("{secs} s"),
        120..=7199 => format!("{} min {} s", secs / 60, secs % 60),
        _ => format!("{} h {} min", secs / 3600, (secs % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str) -> ApiError {
        ApiError::Service(ServiceError {
            code: code.into(),
            message: "m".into(),
            request_id: Some("r".into()),
            clock_skew_secs: None,
        })
    }

    #[test]
    fn client_side_failures_have_codes_of_their_own() {
        let e = ApiError::NotSent { endpoint: "e".into(), reason: "refused".into() };
        assert_eq!(e.code(), "ClientError.NetworkError");
        assert!(!e.may_have_been_delivered());
        let e = ApiError::NoAnswer { endpoint: "e".into(), reason: "timed out".into() };
        assert!(e.may_have_been_delivered() && e.retryable());
    }

    #[test]
    fn service_errors_keep_their_code_and_request_id() {
        let e = service("UnsupportedOperation.ZoneMismatch");
        assert_eq!(e.code(), "UnsupportedOperation.ZoneMismatch");
        assert_eq!(e.request_id(), Some("r"));
        assert!(!e.may_have_been_delivered());
    }

    #[test]
    fn html_gateway_errors_are_retryable_but_4xx_are_not() {
        let e502 = ApiError::HttpStatus { endpoint: "e".into(), status: 502, excerpt: "Bad Gateway".into() };
        let e403 = ApiError::HttpStatus { endpoint: "e".into(), status: 403, excerpt: "Forbidden".into() };
        assert!(e502.retryable());
        assert!(!e403.retryable());
    }

    #[test]
    fn a_redirect_is_neither_retried_nor_maybe_carried_out() {
        let e = ApiError::HttpStatus { endpoint: "e".into(), status: 307, excerpt: "x".into() };
        assert!(!e.retryable() && !e.may_have_been_delivered());
        let e = ApiError::HttpStatus { endpoint: "e".into(), status: 500, excerpt: "x".into() };
        assert!(e.may_have_been_delivered());
    }

    #[test]
    fn throttling_codes_are_recognised() {
        for code in
            ["RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded", "LimitExceeded.ActionLimited"]
        {
            assert!(service(code).is_rate_limited(), "{code}");
        }
        assert!(!service("LimitExceeded.EniQuota").is_rate_limited());
        assert!(!service("InternalError").is_rate_limited());
        assert!(service("InternalError.UnknownError").may_have_been_delivered());
        assert!(!service("RequestLimitExceeded").may_have_been_delivered());
    }

    #[test]
    fn clock_advice_names_the_direction_and_size_of_the_skew() {
        let e = ApiError::Service(ServiceError {
            code: "AuthFailure.SignatureExpire".into(),
            message: "expired".into(),
            request_id: None,
            clock_skew_secs: Some(-600),
        });
        let advice = e.clock_advice().unwrap();
        assert!(advice.contains("10 min 0 s ahead of"), "{advice}");
        assert!(service("InternalError").clock_advice().is_none());
    }

    #[test]
    fn clock_advice_says_when_the_skew_is_unmeasured_or_not_the_cause() {
        let expired = |skew| {
            ApiError::Service(ServiceError {
                code: "AuthFailure.SignatureExpire".into(),
                message: "expired".into(),
                request_id: None,
                clock_skew_secs: skew,
            })
        };
        let unmeasured = expired(None).clock_advice().unwrap();
        assert!(unmeasured.contains("could not be measured"), "{unmeasured}");
        let agrees = expired(Some(0)).clock_advice().unwrap();
        assert!(agrees.contains("not the cause") && !agrees.contains("0 s ahead"), "{agrees}");
    }
}
