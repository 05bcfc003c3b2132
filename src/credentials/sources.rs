//! The individual sources of the chain. Each says `Found`, or `Missing` with a plain sentence
//! for the "searched" list; a source that exists but is broken is an error, not a miss, so a
//! damaged file never silently hands over to another account's key.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::chain::LoginKind;
use super::error::CredentialsError;
use super::keystore::{KeyStore, KeyStoreError, SERVICE, json_reason};
use super::remote::Remote;
use crate::auth::{Credential, Field, Secret};

pub const SECRET_ID_VAR: &str = "TENCENTCLOUD_SECRET_ID";
pub const SECRET_KEY_VAR: &str = "TENCENTCLOUD_SECRET_KEY";
/// Token variables, first non-empty wins: tccli's, then Terraform's, then a third-party name.
pub const TOKEN_VARS: [&str; 3] =
    ["TENCENTCLOUD_TOKEN", "TENCENTCLOUD_SECURITY_TOKEN", "TENCENTCLOUD_SESSION_TOKEN"];

/// What one source had to say.
pub(crate) enum Lookup {
    Found(Credential),
    /// A tccli login file: a temporary key usable until `expires_at` (Unix seconds).
    Login {
        credential: Credential,
        expires_at: i64,
        kind: LoginKind,
    },
    /// Temporary credentials to fetch over the network.
    Remote(Remote),
    Missing(String),
}

pub const ROLE_ARN_VAR: &str = "TENCENTCLOUD_ROLE_ARN";
pub const ROLE_SESSION_VAR: &str = "TENCENTCLOUD_ROLE_SESSION_NAME";
/// TKE OIDC: all four set means "assume this role with the pod's web identity token".
pub const TKE_VARS: [&str; 4] =
    ["TKE_REGION", "TKE_PROVIDER_ID", "TKE_WEB_IDENTITY_TOKEN_FILE", "TKE_ROLE_ARN"];

type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// An environment value, with empty meaning unset (as the SDKs treat it).
pub(crate) fn non_empty(env: Env<'_>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.is_empty())
}

/// Terraform's `TENCENTCLOUD_CAM_ROLE_NAME`: this CVM's role of that name, whatever key the
/// environment also holds (as the Terraform provider reads it).
pub const CAM_ROLE_NAME_VAR: &str = "TENCENTCLOUD_CAM_ROLE_NAME";

/// `TENCENTCLOUD_CAM_ROLE_NAME`, else `TENCENTCLOUD_SECRET_ID` + `TENCENTCLOUD_SECRET_KEY` plus
/// the first token variable set.
pub(crate) fn from_env(env: Env<'_>) -> Result<Lookup, CredentialsError> {
    if let Some(role) = non_empty(env, CAM_ROLE_NAME_VAR) {
        return Ok(Lookup::Remote(Remote::cvm_role_named(role)));
    }
    let id = non_empty(env, SECRET_ID_VAR);
    let key = non_empty(env, SECRET_KEY_VAR).map(Secret::new);
    let (id, key) = match (id, key) {
        (Some(id), Some(key)) => (id, key),
        (None, None) => {
            return Ok(Lookup::Missing(crate::tr!("searched-env", id = SECRET_ID_VAR, key = SECRET_KEY_VAR)));
        }
        (Some(_), None) => {
            return Err(CredentialsError::PartialEnv { present: SECRET_ID_VAR, missing: SECRET_KEY_VAR });
        }
        (None, Some(_)) => {
            return Err(CredentialsError::PartialEnv { present: SECRET_KEY_VAR, missing: SECRET_ID_VAR });
        }
    };
    let token_var = TOKEN_VARS.into_iter().find(|name| non_empty(env, name).is_some());
    let token = token_var.and_then(|name| non_empty(env, name)).map(Secret::new);
    let credential = Credential { secret_id: id, secret_key: key, token };
    if let Some((field, problem)) = credential.problem() {
        let var = match field {
            Field::SecretId => SECRET_ID_VAR,
            Field::SecretKey => SECRET_KEY_VAR,
            Field::Token => token_var.unwrap_or(TOKEN_VARS[0]),
        };
        return Err(CredentialsError::Invalid {
            field,
            problem,
            origin: format!("environment variable {var}"),
        });
    }
    with_env_role(env, credential)
}

/// `TENCENTCLOUD_ROLE_ARN` (+ `TENCENTCLOUD_ROLE_SESSION_NAME`) turns the environment's key into
/// the source of an AssumeRole, as in tccli.
fn with_env_role(env: Env<'_>, credential: Credential) -> Result<Lookup, CredentialsError> {
    match (non_empty(env, ROLE_ARN_VAR), non_empty(env, ROLE_SESSION_VAR)) {
        (None, _) => Ok(Lookup::Found(credential)),
        (Some(arn), Some(session)) => Ok(Lookup::Remote(Remote::assume_role(credential, arn, session))),
        (Some(_), None) => {
            Err(CredentialsError::PartialEnv { present: ROLE_ARN_VAR, missing: ROLE_SESSION_VAR })
        }
    }
}

/// TKE OIDC: `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN`.
pub(crate) fn from_tke_env(env: Env<'_>) -> Result<Lookup, CredentialsError> {
    let values = TKE_VARS.map(|name| non_empty(env, name));
    if values.iter().all(Option::is_none) {
        return Ok(Lookup::Missing(crate::tr!("searched-tke")));
    }
    let (present, missing) = match values.iter().position(Option::is_none) {
        Some(at) => (values.iter().position(Option::is_some).unwrap_or(0), at),
        None => {
            let [region, provider_id, token_file, arn] = values.map(Option::unwrap_or_default);
            return Ok(Lookup::Remote(Remote::oidc(region, provider_id, PathBuf::from(token_file), arn)));
        }
    };
    Err(CredentialsError::PartialEnv { present: TKE_VARS[present], missing: TKE_VARS[missing] })
}

/// The OS keyring entry for the profile. An unavailable keyring is a quiet miss.
pub(crate) fn from_keystore(keystore: &dyn KeyStore, profile: &str) -> Result<Lookup, CredentialsError> {
    let place = format!("OS keyring (service {SERVICE}, profile {profile})");
    match keystore.get(profile) {
        Ok(Some(credential)) => Ok(Lookup::Found(credential)),
        Ok(None) => Ok(Lookup::Missing(crate::tr!("searched-no-entry", place = place.as_str()))),
        Err(KeyStoreError::Unavailable(reason)) => {
            Ok(Lookup::Missing(crate::tr!("searched-unavailable", place = place.as_str(), reason = reason)))
        }
        Err(other) => Err(other.into()),
    }
}

/// How tccli's credential file is shown to the user (never the machine's absolute path).
pub(crate) fn tccli_shown(dir_shown: &str, profile: &str) -> String {
    format!("{dir_shown}/{profile}.credential")
}

/// The parts of `~/.tccli/<profile>.credential` tceni understands; other keys are ignored.
#[derive(Deserialize)]
struct TccliFile {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(rename = "secretId", default)]
    secret_id: Option<String>,
    #[serde(rename = "secretKey", default)]
    secret_key: Option<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(rename = "role-arn", default)]
    role_arn: Option<String>,
    #[serde(rename = "role-session-name", default)]
    role_session_name: Option<String>,
    /// Unix seconds; `oauth` and `sso` files only.
    #[serde(rename = "expiresAt", default)]
    expires_at: Option<i64>,
    /// `tccli auth login`'s OAuth tokens: what renews the key.
    #[serde(default)]
    oauth: Option<super::tccli_login::OauthBlock>,
}

/// tccli's JSON profile file: a key pair (with an optional token; `"type": "default"` is what
/// `tccli configure set use-cvm-role false` writes), a key pair with a role to assume,
/// `{"type": "cvm-role"}`, or an `oauth`/`sso` login (a temporary key until `expiresAt`).
pub(crate) fn from_tccli(
    env: Env<'_>,
    dir: &Path,
    dir_shown: &str,
    profile: &str,
) -> Result<Lookup, CredentialsError> {
    let shown = tccli_shown(dir_shown, profile);
    let path = dir.join(format!("{profile}.credential"));
    let Some(text) = read_optional(&path, &shown)? else {
        return Ok(Lookup::Missing(crate::tr!("searched-no-file", file = shown.as_str())));
    };
    let file: TccliFile = serde_json::from_str(text.expose())
        .map_err(|e| CredentialsError::Malformed { shown: shown.clone(), reason: json_reason(&e) })?;
    match file.kind.as_deref().filter(|k| !k.is_empty()) {
        None | Some("default") => tccli_keys(file, &shown),
        Some("cvm-role") => Ok(Lookup::Remote(Remote::cvm_role())),
        Some("oauth") => tccli_oauth(env, file, &shown, profile),
        Some("sso") => tccli_login(file, &shown, LoginKind::Sso),
        Some(kind) => Ok(Lookup::Missing(crate::tr!(
            "searched-type-unsupported",
            file = shown.as_str(),
            kind = format!("{kind:?}")
        ))),
    }
}

fn tccli_keys(file: TccliFile, shown: &str) -> Result<Lookup, CredentialsError> {
    let token = file.token.filter(|t| !t.is_empty());
    let found = pair(file.secret_id, file.secret_key, token, shown, ("secretId", "secretKey"))?;
    let arn = file.role_arn.filter(|r| !r.is_empty());
    match (found, arn) {
        (Lookup::Found(credential), Some(arn)) => {
            let session = file.role_session_name.filter(|s| !s.is_empty());
            let session = session.ok_or_else(|| half(shown, "role-arn", "role-session-name"))?;
            Ok(Lookup::Remote(Remote::assume_role(credential, arn, session)))
        }
        (Lookup::Missing(_), Some(_)) => Err(half(shown, "role-arn", "secretId/secretKey to assume it with")),
        (found, _) => Ok(found),
    }
}

/// An `auth login` file: renewed as tccli renews it while its access token lasts (see
/// `tccli_login`), else a key used until its `expiresAt`.
fn tccli_oauth(
    env: Env<'_>,
    mut file: TccliFile,
    shown: &str,
    profile: &str,
) -> Result<Lookup, CredentialsError> {
    let now = chrono::Utc::now().timestamp();
    let renewal = file.oauth.take().and_then(|block| block.usable(env, now));
    match (tccli_login(file, shown, LoginKind::OAuth)?, renewal) {
        (Lookup::Login { credential, expires_at, .. }, Some(login)) => {
            Ok(Lookup::Remote(Remote::tccli_oauth(profile, login, (credential, expires_at))))
        }
        (lookup, _) => Ok(lookup),
    }
}

fn tccli_login(file: TccliFile, shown: &str, kind: LoginKind) -> Result<Lookup, CredentialsError> {
    let expires_at = file.expires_at.ok_or_else(|| half(shown, "type", "expiresAt"))?;
    let token = file.token.filter(|t| !t.is_empty());
    match pair(file.secret_id, file.secret_key, token, shown, ("secretId", "secretKey"))? {
        Lookup::Found(credential) => Ok(Lookup::Login { credential, expires_at, kind }),
        _ => Err(half(shown, "type", "secretId/secretKey")),
    }
}

/// The Go SDK's variable naming the SDK's INI file.
pub const CREDENTIALS_FILE_VAR: &str = "TENCENTCLOUD_CREDENTIALS_FILE";
/// Replaces `/etc` as the root of the machine-wide `tencentcloud/credentials` (tests).
pub const SYSTEM_CONFIG_DIR_VAR: &str = "TCENI_SYSTEM_CONFIG_DIR";
/// How the user's SDK profile file is shown.
pub(crate) const SDK_FILE_SHOWN: &str = "~/.tencentcloud/credentials";

/// The SDKs' INI file: `$TENCENTCLOUD_CREDENTIALS_FILE` (the Go SDK), else
/// `~/.tencentcloud/credentials`, else `/etc/tencentcloud/credentials` (the Python SDK). The
/// section is the profile's name (`[default]` unless a profile is named); keys `secret_id`,
/// `secret_key`, no token.
pub(crate) fn from_sdk_file(
    env: Env<'_>,
    home: Option<&Path>,
    profile: &str,
) -> Result<Lookup, CredentialsError> {
    let Some((path, shown)) = sdk_file(env, home)? else {
        let system = system_sdk_file(env).1;
        return Ok(Lookup::Missing(crate::tr!(
            "searched-no-sdk-file",
            file = SDK_FILE_SHOWN,
            system = system.to_string()
        )));
    };
    let Some(text) = read_optional(&path, &shown)? else {
        return Ok(Lookup::Missing(crate::tr!("searched-no-file", file = shown.as_str())));
    };
    let Some(mut section) = super::ini::section(text.expose(), profile) else {
        return Ok(Lookup::Missing(crate::tr!(
            "searched-no-section",
            file = shown.as_str(),
            profile = profile
        )));
    };
    let (id, key) = (section.remove("secret_id"), section.remove("secret_key"));
    pair(id, key, None, &shown, ("secret_id", "secret_key"))
}

/// Which INI file is read, as the SDKs pick it: the variable's (even if missing: it was named),
/// else the first of the user's and the machine's that exists. None: neither exists.
fn sdk_file(env: Env<'_>, home: Option<&Path>) -> Result<Option<(PathBuf, String)>, CredentialsError> {
    if let Some(value) = env(CREDENTIALS_FILE_VAR) {
        if value.is_empty() {
            return Err(CredentialsError::Malformed {
                shown: CREDENTIALS_FILE_VAR.into(),
                reason: "it is set but empty: name the SDK credentials file, or unset it".into(),
            });
        }
        return Ok(Some((PathBuf::from(value), format!("${CREDENTIALS_FILE_VAR}"))));
    }
    let user = home.map(|home| (home.join(".tencentcloud").join("credentials"), SDK_FILE_SHOWN.to_owned()));
    let candidates = user.into_iter().chain([system_sdk_file(env)]);
    Ok(candidates.into_iter().find(|(path, _)| path.symlink_metadata().is_ok()))
}

/// How the INI file the SDKs would read is shown (for a source found in it).
pub(crate) fn sdk_file_shown(env: Env<'_>, home: Option<&Path>) -> String {
    match sdk_file(env, home) {
        Ok(Some((_, shown))) => shown,
        _ => SDK_FILE_SHOWN.to_owned(),
    }
}

fn system_sdk_file(env: Env<'_>) -> (PathBuf, String) {
    let root = non_empty(env, SYSTEM_CONFIG_DIR_VAR).unwrap_or_else(|| "/etc".into());
    (PathBuf::from(root).join("tencentcloud").join("credentials"), "/etc/tencentcloud/credentials".into())
}

/// Both halves present → found; both absent or empty → a miss; one alone → malformed.
fn pair(
    id: Option<String>,
    key: Option<String>,
    token: Option<String>,
    shown: &str,
    names: (&str, &str),
) -> Result<Lookup, CredentialsError> {
    let id = id.filter(|v| !v.is_empty());
    let key = key.filter(|v| !v.is_empty()).map(Secret::new);
    match (id, key) {
        (Some(id), Some(key)) => {
            let credential = Credential { secret_id: id, secret_key: key, token: token.map(Secret::new) };
            check(credential, shown)
        }
        (None, None) => {
            Ok(Lookup::Missing(crate::tr!("searched-no-pair", file = shown, id = names.0, key = names.1)))
        }
        (Some(_), None) => Err(half(shown, names.0, names.1)),
        (None, Some(_)) => Err(half(shown, names.1, names.0)),
    }
}

fn half(shown: &str, present: &str, missing: &str) -> CredentialsError {
    CredentialsError::Malformed {
        shown: shown.to_owned(),
        reason: format!("it has {present} but no {missing}"),
    }
}

/// Refuses a credential with an empty or whitespace-bearing field, naming where it came from.
pub(crate) fn check(credential: Credential, origin: &str) -> Result<Lookup, CredentialsError> {
    validate(&credential, origin)?;
    Ok(Lookup::Found(credential))
}

pub(crate) fn validate(credential: &Credential, origin: &str) -> Result<(), CredentialsError> {
    match credential.problem() {
        Some((field, problem)) => {
            Err(CredentialsError::Invalid { field, problem, origin: origin.to_owned() })
        }
        None => Ok(()),
    }
}

/// The file's text (held as a `Secret`, it holds a key), or `None` if there is no such file.
/// Regular files of at most 64 KiB only: `/dev/zero` or a FIFO is refused, never read.
fn read_optional(path: &Path, shown: &str) -> Result<Option<Secret>, CredentialsError> {
    match crate::local_file::read_text(path, crate::local_file::SECRET_FILE_CAP) {
        Ok(text) => Ok(Some(Secret::new(text))),
        Err(e) if e.is_missing() => Ok(None),
        Err(error) => {
            Err(CredentialsError::Read { shown: shown.to_owned(), path: PathBuf::from(path), error })
        }
    }
}
