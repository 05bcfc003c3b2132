//! What a call is signed with, and the one question the API client asks about it: the key
//! ([`Credential`], [`Secret`], the SecretId mask) and [`ProvideCredentials`], which hands out
//! the current key before each try. A leaf: it imports nothing of tceni, so the API client
//! (which asks) and the credential chain (which answers) both depend on it and not on each other,
//! the split the AWS SDK (`ProvideCredentials`) and the Tencent Go SDK (`CredentialIface`) make.

use std::fmt;

use futures::future::BoxFuture;
use secrecy::{ExposeSecret, SecretBox};

/// Text that must never be printed: `Debug` and `Display` both show `***`.
///
/// Held in a [`secrecy::SecretBox`], which zeroes the whole buffer (its spare capacity too,
/// through `zeroize`) when it is dropped. Copies made before it was wrapped are out of reach:
/// move the only copy in.
pub struct Secret(SecretBox<String>);

impl Secret {
    /// Wraps text; the caller should move the only copy in.
    pub fn new(text: impl Into<String>) -> Self {
        Self(SecretBox::new(Box::new(text.into())))
    }

    /// The only way to the text. Call it where the bytes are used (signing), nowhere else.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl Clone for Secret {
    fn clone(&self) -> Self {
        Self::new(self.expose())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl From<String> for Secret {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A Tencent Cloud API key pair, with an optional session token (temporary credentials).
///
/// `Debug` and `Display` show the masked SecretId only; the key and token print as `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub secret_id: String,
    pub secret_key: Secret,
    pub token: Option<Secret>,
}

impl Credential {
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>, token: Option<String>) -> Self {
        Self {
            secret_id: secret_id.into(),
            secret_key: Secret::new(secret_key),
            token: token.map(Secret::new),
        }
    }

    /// The credential for the in-process sandbox: same shape, no special casing downstream.
    pub fn sandbox_demo(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self::new(secret_id, secret_key, None)
    }

    /// The SecretId as the UI may show it (see [`mask_secret_id`]).
    pub fn masked_id(&self) -> String {
        mask_secret_id(&self.secret_id)
    }

    /// Which field, if any, breaks the rules the SDKs enforce: non-empty id and key, and no
    /// whitespace anywhere (a stray space or newline from pasting is the usual cause).
    pub fn problem(&self) -> Option<(Field, Problem)> {
        let fields = [
            (Field::SecretId, Some(self.secret_id.as_str())),
            (Field::SecretKey, Some(self.secret_key.expose())),
            (Field::Token, self.token.as_ref().map(Secret::expose)),
        ];
        fields.into_iter().find_map(|(field, value)| {
            let value = value?;
            if value.is_empty() && field != Field::Token {
                Some((field, Problem::Empty))
            } else if value.chars().any(char::is_whitespace) {
                Some((field, Problem::Whitespace))
            } else {
                None
            }
        })
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("secret_id", &self.masked_id())
            .field("secret_key", &self.secret_key)
            .field("token", &self.token)
            .finish()
    }
}

impl fmt::Display for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked_id())?;
        if self.token.is_some() {
            f.write_str(" +token")?;
        }
        Ok(())
    }
}

/// A credential field, named the way the console and the SDKs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::Display)]
pub enum Field {
    SecretId,
    SecretKey,
    #[strum(serialize = "token")]
    Token,
}

/// What is wrong with a field's value (the value itself is never carried).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Empty,
    Whitespace,
}

/// Ids shorter than this are masked completely: showing 4 of 6 characters would show most of it.
const MIN_LEN_TO_REVEAL: usize = 8;
/// How many trailing characters identify a key to its owner (the console shows the same idea).
const REVEALED: usize = 4;

/// The SecretId as the header shows it: `…` and the last 4 characters (`…9XYZ`).
/// Ids shorter than 8 characters become `…` alone: nothing of them is shown.
pub fn mask_secret_id(id: impl AsRef<str>) -> String {
    let id = id.as_ref();
    let count = id.chars().count();
    if count < MIN_LEN_TO_REVEAL {
        return "…".to_owned();
    }
    let tail: String = id.chars().skip(count - REVEALED).collect();
    format!("…{tail}")
}

/// Hands out the key to sign the next call with. The API client asks before every try; a
/// provider of temporary keys refreshes them before they expire. Share it behind an `Arc`.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credential to sign the next request with: valid now, fetched or refreshed if need be.
    fn credential(&self) -> BoxFuture<'_, Result<Credential, CredentialError>>;

    /// The credential last handed out, without waiting or fetching (a dry run's signature, the
    /// masked SecretId of a history row). None before the first fetch or while one runs.
    fn last(&self) -> Option<Credential>;

    /// Where the keys come from, as the operator is shown it (`env`, `assumed role qcs::…`).
    fn source(&self) -> String;
}

/// A fixed key is its own provider (tests, benches, the demo).
impl ProvideCredentials for Credential {
    fn credential(&self) -> BoxFuture<'_, Result<Credential, CredentialError>> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }

    fn last(&self) -> Option<Credential> {
        Some(self.clone())
    }

    fn source(&self) -> String {
        "given key".to_owned()
    }
}

/// Why no credential could be handed out. Whatever call asked for it was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::tr!("err-cred-fetch", from = from.as_str(), failure = failure.to_string()))]
pub struct CredentialError {
    /// The source, as the header shows it (`assumed role qcs::cam::…`, `CVM role ops`).
    pub from: String,
    pub failure: CredentialFailure,
}

impl CredentialError {
    pub fn new(from: impl Into<String>, failure: CredentialFailure) -> Self {
        Self { from: from.into(), failure }
    }

    /// Whether asking again can help: the source did not answer (in time), rather than said no.
    pub fn retryable(&self) -> bool {
        matches!(self.failure, CredentialFailure::Unreachable { .. } | CredentialFailure::TimedOut)
    }
}

/// What went wrong in fetching a temporary credential. No variant carries a key or a token;
/// text from a server is escaped before it gets here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialFailure {
    /// The source (sts, the metadata service) could not be reached or gave no answer.
    #[error("{reason}")]
    Unreachable { reason: String },
    /// The source answered and said no (an sts error code, no role bound to the instance).
    #[error("{code}: {message}")]
    Refused { code: String, message: String },
    /// The answer could not be used: not the expected shape, too large, or a field that breaks
    /// the rules every key must keep.
    #[error("{reason}")]
    Unusable { reason: String },
    /// The credential's lifetime is over: a tccli login past its `expiresAt`, or a temporary key
    /// that was already expired when the source handed it out.
    #[error("{}", expired_text(*.at, *.renew))]
    Expired {
        /// Unix seconds.
        at: i64,
        /// The command that gets a fresh one, when tceni cannot.
        renew: Option<&'static str>,
    },
    /// Fetching outlasted the time the call had (`--timeout`).
    #[error("{}", crate::tr!("err-cred-timed-out"))]
    TimedOut,
}

fn expired_text(at: i64, renew: Option<&'static str>) -> String {
    let when = chrono::DateTime::from_timestamp(at, 0)
        .map_or_else(|| at.to_string(), |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string());
    match renew {
        Some(command) => crate::tr!("err-cred-expired-renew", at = when, command = command),
        None => crate::tr!("err-cred-expired", at = when),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "KEYsecretVALUE123";
    const TOKEN: &str = "TOKENsecretVALUE456";

    fn cred() -> Credential {
        Credential::new("AKIDabcdefgh9XYZ", KEY, Some(TOKEN.to_owned()))
    }

    #[test]
    fn secret_prints_stars_both_ways() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn credential_debug_and_display_hide_key_and_token() {
        let c = cred();
        for text in [format!("{c:?}"), format!("{c:#?}"), format!("{c}"), format!("{:?}", Some(&c))] {
            assert!(!text.contains(KEY), "{text}");
            assert!(!text.contains(TOKEN), "{text}");
            assert!(!text.contains("AKIDabcdefgh"), "{text}");
            assert!(text.contains("…9XYZ"), "{text}");
        }
    }

    #[test]
    fn mask_edge_cases() {
        assert_eq!(mask_secret_id("AKIDabcdefgh9XYZ"), "…9XYZ");
        assert_eq!(mask_secret_id("12345678"), "…5678");
        assert_eq!(mask_secret_id("1234567"), "…");
        assert_eq!(mask_secret_id(""), "…");
        assert_eq!(mask_secret_id("ab"), "…");
        // Characters, not bytes: no panic on a multi-byte id, and the tail is whole characters.
        assert_eq!(mask_secret_id("ééééééééxyzé"), "…xyzé");
    }

    #[test]
    fn problems_are_found_per_field() {
        assert_eq!(cred().problem(), None);
        let c = Credential::new("AKID 1", KEY, None);
        assert_eq!(c.problem(), Some((Field::SecretId, Problem::Whitespace)));
        let c = Credential::new("AKID1", "key\n", None);
        assert_eq!(c.problem(), Some((Field::SecretKey, Problem::Whitespace)));
        let c = Credential::new("AKID1", "", None);
        assert_eq!(c.problem(), Some((Field::SecretKey, Problem::Empty)));
        let c = Credential::new("AKID1", KEY, Some("to ken".into()));
        assert_eq!(c.problem(), Some((Field::Token, Problem::Whitespace)));
    }

    #[test]
    fn drop_does_not_panic_on_empty_or_large_capacity() {
        drop(Secret::new(String::new()));
        let mut s = String::with_capacity(1024);
        s.push_str("abc");
        drop(Secret::new(s));
    }
}
