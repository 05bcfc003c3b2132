//! The typed failures of the credentials module. None of them carries a key or a token.

use std::path::PathBuf;

use super::chain::LoginKind;
use crate::auth::{Field, Problem};

/// Why no usable credential came out of the chain (or out of a `credentials` subcommand).
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    /// Every source was tried and none had a credential. `searched` says what was looked at,
    /// one plain sentence per source, in the order tried.
    #[error("{}", crate::tr!("err-cred-not-found", searched = bullets(.searched)))]
    NotFound { searched: Vec<String> },

    /// Exactly one of the two environment variables is set (non-empty).
    #[error("{}", crate::tr!("err-cred-partial-env", present = *present, missing = *missing))]
    PartialEnv { present: &'static str, missing: &'static str },

    /// A credential was found but a field breaks the SDK rules. The value is never shown.
    #[error("{}", problem_text(field, *.problem, origin))]
    Invalid { field: Field, problem: Problem, origin: String },

    /// A credential file exists but cannot be read (permissions, not a regular file, too large).
    #[error("{}", crate::tr!("err-cred-read", file = shown.as_str(), error = error.to_string()))]
    Read { shown: String, path: PathBuf, error: crate::local_file::LocalFileError },

    /// A credential file exists but is not what its format says it should be.
    #[error("{}", crate::tr!("err-cred-malformed", file = shown.as_str(), reason = reason.as_str()))]
    Malformed { shown: String, reason: String },

    /// The profile name cannot be used (it becomes part of a file name).
    #[error("{}", crate::tr!("err-cred-profile", name = format!("{name:?}")))]
    InvalidProfile { name: String },

    /// A tccli `auth login` / `sso login` file whose temporary key has expired.
    #[error("{}", crate::tr!("err-cred-login-expired", profile = profile.as_str(), at = at.as_str(), command = kind.refresh_command()))]
    LoginExpired { profile: String, kind: LoginKind, at: String },

    /// A source that hands out temporary credentials (sts, the CVM metadata service) failed,
    /// typed by whether asking again can help. It names no key or token.
    #[error(transparent)]
    Fetch(#[from] crate::auth::CredentialError),

    /// The synchronous resolver found a source that must be fetched over the network.
    #[error("{}", crate::tr!("err-cred-needs-fetch", from = from.as_str()))]
    NeedsFetch { from: String },

    /// The keyring answered, but with something other than "no entry" or "unavailable".
    #[error(transparent)]
    KeyStore(#[from] super::keystore::KeyStoreError),
}

fn bullets(lines: &[String]) -> String {
    lines.iter().map(|line| format!("  - {line}")).collect::<Vec<_>>().join("\n")
}

fn problem_text(field: &Field, problem: Problem, origin: &str) -> String {
    let field = field.to_string();
    match problem {
        Problem::Empty => crate::tr!("err-cred-empty", field = field, origin = origin),
        Problem::Whitespace => crate::tr!("err-cred-whitespace", field = field, origin = origin),
    }
}
