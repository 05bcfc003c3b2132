//! The typed failures of the credentials module. None of them carries a key or a token.

use std::path::PathBuf;

use super::chain::LoginKind;
use crate::auth::{Field, Problem};

/// Why no usable credential came out of the chain (or out of a `credentials` subcommand).
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    /// Every source was tried and none had a credential. `searched` says what was looked at,
    /// one plain sentence per source, in the order tried.
    #[error("no Tencent Cloud credentials found. Searched:\n{}\n{HOW_TO_SET}", bullets(.searched))]
    NotFound { searched: Vec<String> },

    /// Exactly one of the two environment variables is set (non-empty).
    #[error("{present} is set but {missing} is not: set both, or unset {present} to use another source")]
    PartialEnv { present: &'static str, missing: &'static str },

    /// A credential was found but a field breaks the SDK rules. The value is never shown.
    #[error("the {field} from {origin} {}", problem_text(*.problem))]
    Invalid { field: Field, problem: Problem, origin: String },

    /// A credential file exists but cannot be read (permissions, not a regular file, too large).
    #[error("cannot read {shown}: {error}")]
    Read { shown: String, path: PathBuf, error: crate::local_file::LocalFileError },

    /// A credential file exists but is not what its format says it should be.
    #[error("{shown} is malformed: {reason}")]
    Malformed { shown: String, reason: String },

    /// The profile name cannot be used (it becomes part of a file name).
    #[error("invalid profile name {name:?}: use letters, digits, '-', '_' or '.', not starting with '.'")]
    InvalidProfile { name: String },

    /// A tccli `auth login` / `sso login` file whose temporary key has expired.
    #[error("the tccli login for profile {profile} expired at {at}; refresh it with `{}`", .kind.refresh_command())]
    LoginExpired { profile: String, kind: LoginKind, at: String },

    /// A source that hands out temporary credentials (sts, the CVM metadata service) failed,
    /// typed by whether asking again can help. It names no key or token.
    #[error(transparent)]
    Fetch(#[from] crate::auth::CredentialError),

    /// The synchronous resolver found a source that must be fetched over the network.
    #[error(
        "credentials from {from} are fetched over the network (sts or the instance metadata service): resolve them with a CredentialProvider"
    )]
    NeedsFetch { from: String },

    /// The keyring answered, but with something other than "no entry" or "unavailable".
    #[error(transparent)]
    KeyStore(#[from] super::keystore::KeyStoreError),
}

const HOW_TO_SET: &str = "Set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, \
     or store a key with `tceni credentials set`, or run `tccli configure`.";

fn bullets(lines: &[String]) -> String {
    lines.iter().map(|line| format!("  - {line}")).collect::<Vec<_>>().join("\n")
}

fn problem_text(problem: Problem) -> &'static str {
    match problem {
        Problem::Empty => "is empty",
        Problem::Whitespace => {
            "contains whitespace (a stray space or newline from pasting?). \
             tceni does not trim keys, as the SDKs do not: remove it at the source"
        }
    }
}
