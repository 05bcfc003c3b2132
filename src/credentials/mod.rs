//! Credentials: where the Tencent Cloud key comes from, and types that keep it out of logs.
//!
//! # The chain
//!
//! Sources, first found wins:
//!
//! 1. **env**: `TENCENTCLOUD_SECRET_ID` + `TENCENTCLOUD_SECRET_KEY`; the session token from the
//!    first non-empty of `TENCENTCLOUD_TOKEN`, `TENCENTCLOUD_SECURITY_TOKEN`,
//!    `TENCENTCLOUD_SESSION_TOKEN`. An empty variable counts as unset. One of id/key set without
//!    the other is an error naming the missing variable. With `TENCENTCLOUD_ROLE_ARN` (+
//!    `TENCENTCLOUD_ROLE_SESSION_NAME`) the key assumes that role (sts AssumeRole).
//! 2. **TKE OIDC**: `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE`,
//!    `TKE_ROLE_ARN` → AssumeRoleWithWebIdentity (unsigned). Some but not all set is an error.
//! 3. **keyring**: the OS keyring entry (service `tceni`, user = profile), written by
//!    `tceni credentials set`. No keyring on the machine (headless server, container) or
//!    `TCENI_KEYRING=off` is a quiet miss, recorded in the searched list.
//! 4. **tccli**: `~/.tccli/<profile>.credential`: `secretId`, `secretKey`, optional `token`;
//!    with `role-arn` + `role-session-name` that key assumes the role; `{"type":"cvm-role"}` is
//!    the CVM role; `"type":"oauth"|"sso"` (tccli `auth login` / `sso login`) is a temporary key
//!    used until its `expiresAt`, then refused with the command that refreshes it.
//! 5. **SDK file**: `$TENCENTCLOUD_CREDENTIALS_FILE`, else `~/.tencentcloud/credentials`, else
//!    `/etc/tencentcloud/credentials`; INI section named like the profile, keys `secret_id` and
//!    `secret_key`.
//! 6. **CVM role** (only [`resolve_provider`], only without `--profile`): the metadata service
//!    (`TCENI_METADATA_URL`, default `http://metadata.tencentyun.com`), connect timeout < 1 s.
//!
//! [`resolve`] is synchronous and never touches the network: a role source is
//! [`CredentialsError::NeedsFetch`] there (only `credentials show`'s offline tests use it).
//! [`resolve_provider`] handles every source and returns a [`CredentialProvider`], whose
//! `current()` hands out a credential refreshed before expiry; the API client asks it before
//! signing each call. `--use-cvm-role` and `--role-arn` ([`Overrides`]) change what it builds.
//!
//! # Profile and precedence (tccli's rule)
//!
//! The profile is `--profile NAME` if given, else a non-empty `TCCLI_PROFILE`, else `default`.
//!
//! * `--profile` **not** given (including when `TCCLI_PROFILE` picks the profile, since that is
//!   itself environment): env → TKE OIDC → keyring → tccli → SDK file → CVM role.
//! * `--profile` given: keyring → tccli → SDK file, and **never** the environment or the
//!   machine's role: either may belong to another account, and a named profile that silently
//!   used it could attach in the wrong account.
//!
//! The winning source is always reported ([`Resolved::describe`]), so a fallback is visible.
//!
//! # Validation
//!
//! A SecretId, SecretKey or token containing whitespace is **refused, not trimmed** (the Python
//! SDK refuses it too): a silently altered key would fail later with a confusing
//! `AuthFailure.SignatureFailure`. The error names the field and where it came from, never the
//! value. A source that exists but is broken (half a key pair, malformed JSON, unreadable file,
//! corrupt keyring entry) is an error rather than a miss, so it never hands over silently to a
//! key further down the chain.
//!
//! Terraform's and the SDKs' names are read too: `TENCENTCLOUD_CAM_ROLE_NAME` (env step: that
//! CVM role), `TENCENTCLOUD_PROFILE` (like `TCCLI_PROFILE`), `TENCENTCLOUD_SHARED_CREDENTIALS_DIR`
//! (tccli's directory), `TENCENTCLOUD_CREDENTIALS_FILE` and `/etc/tencentcloud/credentials`
//! (the SDK file step, whose section is the profile's name).

mod chain;
mod commands;
mod error;
mod ini;
mod keystore;
mod provider;
mod remote;
mod sources;
mod tccli_login;

pub use crate::auth::{Credential, Field, Problem, Secret, mask_secret_id};
pub use chain::{
    DEFAULT_PROFILE, LoginKind, PROFILE_VAR, ResolveInput, Resolved, Source, TCENI_PROFILE_VAR,
    TERRAFORM_PROFILE_VAR, choose_profile, locate, locate_default, named_profile, resolve, resolve_default,
    validate_profile,
};
pub use commands::{delete, read_secret_line, show, store, store_reporting, stored_message};
pub use error::CredentialsError;
pub use keystore::{KEYRING_ENV, KeyStore, KeyStoreError, MemoryKeyStore, OsKeyring, Persistence, SERVICE};
pub use provider::{
    CredentialProvider, Overrides, RoleFlags, refresh_margin, resolve_provider, resolve_provider_default,
    resolve_provider_with,
};
pub use remote::{
    DEFAULT_METADATA_URL, METADATA_PROBE_TIMEOUT, METADATA_URL_VAR, RemoteConfig, check_role_arn,
    check_session_name,
};
pub use sources::{
    CAM_ROLE_NAME_VAR, CREDENTIALS_FILE_VAR, ROLE_ARN_VAR, ROLE_SESSION_VAR, SECRET_ID_VAR, SECRET_KEY_VAR,
    SYSTEM_CONFIG_DIR_VAR, TKE_VARS, TOKEN_VARS,
};
pub use tccli_login::LOGIN_URL_VAR;
