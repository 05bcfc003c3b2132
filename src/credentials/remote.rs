//! Sources that hand out temporary credentials over the network: the CVM role (instance
//! metadata), sts AssumeRole (signed with a long-term key) and TKE OIDC
//! (AssumeRoleWithWebIdentity, unsigned). Each fetch answers a credential and its expiry.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::chain::Source;
use super::keystore::json_reason;
use super::provider::CredentialProvider;
use super::sources::validate;
use crate::api::http::Http;
use crate::api::network::ProxyChoice;
use crate::api::sts::{self, DEFAULT_DURATION_SECS, RoleRequest, STS_REGION};
use crate::api::{ApiError, Client, ClientConfig};
use crate::auth::{Credential, CredentialError, CredentialFailure, Secret};

/// Where the CVM instance metadata service answers.
pub const DEFAULT_METADATA_URL: &str = "http://metadata.tencentyun.com";
/// Replaces [`DEFAULT_METADATA_URL`] (the sandbox serves the same paths).
pub const METADATA_URL_VAR: &str = "TCENI_METADATA_URL";
const ROLE_PATH: &str = "/latest/meta-data/cam/security-credentials/";
/// The chain's last step asks the metadata service with this connect timeout, so a laptop
/// (where `metadata.tencentyun.com` leads nowhere) never stalls.
pub const METADATA_PROBE_TIMEOUT: Duration = Duration::from_millis(800);
/// The most bytes read of a metadata answer: a role name or one credential is well under 4 KiB.
const METADATA_MAX_BYTES: usize = 64 * 1024;

/// How the network sources are reached.
#[derive(Debug, Clone)]
pub struct RemoteConfig {
    /// `scheme://host[:port]` for sts (the `--endpoint` override: the sandbox, a private
    /// endpoint). None: `https://sts.tencentcloudapi.com`.
    pub endpoint_override: Option<String>,
    /// The metadata service's base URL.
    pub metadata_url: String,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// `DurationSeconds` of every AssumeRole (default 7200, at most 43200).
    pub role_duration_secs: u32,
    /// Everything else the API client needs (the endpoint rule, proxy, CA bundle): sts calls
    /// go out exactly like the others.
    pub api: ClientConfig,
}

impl RemoteConfig {
    /// Defaults, with the metadata URL from `TCENI_METADATA_URL` when set.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>, endpoint_override: Option<String>) -> Self {
        let metadata_url = env(METADATA_URL_VAR).filter(|v| !v.is_empty());
        RemoteConfig {
            endpoint_override,
            metadata_url: metadata_url.unwrap_or_else(|| DEFAULT_METADATA_URL.to_owned()),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            role_duration_secs: DEFAULT_DURATION_SECS,
            api: ClientConfig::default(),
        }
    }

    /// The network settings of `api` (endpoint rule, timeouts, proxy, CA), the metadata URL
    /// from `env`.
    pub fn for_api(env: &dyn Fn(&str) -> Option<String>, api: &ClientConfig) -> Self {
        RemoteConfig {
            connect_timeout: api.connect_timeout,
            request_timeout: api.request_timeout,
            api: api.clone(),
            ..Self::from_env(env, api.endpoint_override.clone())
        }
    }

    fn client_config(&self) -> ClientConfig {
        ClientConfig {
            endpoint_override: self.endpoint_override.clone(),
            connect_timeout: self.connect_timeout,
            request_timeout: self.request_timeout,
            rate_limit: 0,
            ..self.api.clone()
        }
    }
}

/// The key an AssumeRole is signed with: a long-term key, or another source's temporary key
/// (a CVM role or a login assuming a cross-account role), refreshed by its own provider.
#[derive(Debug, Clone)]
pub(crate) enum SourceKey {
    Key(Credential),
    Provider(Arc<CredentialProvider>),
}

impl SourceKey {
    async fn current(&self) -> Result<Credential, CredentialError> {
        match self {
            SourceKey::Key(credential) => Ok(credential.clone()),
            SourceKey::Provider(provider) => {
                Box::pin(crate::auth::ProvideCredentials::credential(provider.as_ref())).await
            }
        }
    }
}

/// A source of temporary credentials.
#[derive(Debug, Clone)]
pub(crate) enum Remote {
    /// `role` None: ask the metadata service which role is bound.
    CvmRole {
        role: Option<String>,
    },
    AssumeRole {
        source: SourceKey,
        arn: String,
        session: String,
        external_id: Option<String>,
    },
    Oidc {
        region: String,
        provider_id: String,
        token_file: PathBuf,
        arn: String,
    },
    /// A `tccli auth login` key, renewed with the file's access token.
    TccliOauth {
        profile: String,
        login: super::tccli_login::OauthLogin,
        /// The key in the file and its expiry, used until then.
        issued: (Credential, i64),
    },
}

/// Temporary credentials and their expiry (Unix seconds).
pub(crate) struct Fetched {
    pub credential: Credential,
    pub expires_at: i64,
}

impl Remote {
    pub fn cvm_role() -> Self {
        Remote::CvmRole { role: None }
    }

    /// The CVM role of this name (Terraform's `TENCENTCLOUD_CAM_ROLE_NAME`): not discovered.
    pub fn cvm_role_named(role: String) -> Self {
        Remote::CvmRole { role: Some(role) }
    }

    pub fn assume_role(source: Credential, arn: String, session: String) -> Self {
        Remote::AssumeRole { source: SourceKey::Key(source), arn, session, external_id: None }
    }

    /// AssumeRole signed with whatever `source` hands out.
    pub fn assume_role_with(source: SourceKey, arn: String, session: String) -> Self {
        Remote::AssumeRole { source, arn, session, external_id: None }
    }

    /// The same AssumeRole, sending this external ID.
    pub fn with_external_id(self, id: Option<String>) -> Self {
        match self {
            Remote::AssumeRole { source, arn, session, .. } => {
                Remote::AssumeRole { source, arn, session, external_id: id }
            }
            other => other,
        }
    }

    pub fn tccli_oauth(
        profile: &str,
        login: super::tccli_login::OauthLogin,
        issued: (Credential, i64),
    ) -> Self {
        Remote::TccliOauth { profile: profile.to_owned(), login, issued }
    }

    pub fn oidc(region: String, provider_id: String, token_file: PathBuf, arn: String) -> Self {
        Remote::Oidc { region, provider_id, token_file, arn }
    }

    /// How the header shows it. A CVM role not yet discovered shows as `CVM role`.
    pub fn source(&self) -> Source {
        match self {
            Remote::CvmRole { role } => Source::CvmRole { role: role.clone().unwrap_or_default() },
            Remote::AssumeRole { arn, .. } => Source::AssumedRole { arn: arn.clone() },
            Remote::Oidc { arn, .. } => Source::OidcRole { arn: arn.clone() },
            Remote::TccliOauth { profile, .. } => {
                Source::TccliLogin { kind: super::chain::LoginKind::OAuth, profile: profile.clone() }
            }
        }
    }

    /// Asks the metadata service which role is bound (a CVM role not yet named); other
    /// sources are returned as they are.
    pub async fn discover(self, config: &RemoteConfig, connect: Duration) -> Result<Self, CredentialError> {
        match self {
            Remote::CvmRole { role: None } => {
                let listing = metadata_get(config, "", connect).await.map_err(|f| cvm_error(None, f))?;
                let listing = String::from_utf8_lossy(&listing);
                let role = listing.lines().map(str::trim).find(|l| !l.is_empty());
                let unbound =
                    || CredentialFailure::Unusable { reason: "the metadata service names no role".into() };
                let role = role.ok_or_else(|| cvm_error(None, unbound()))?;
                // The name is shown (`CVM role NAME`) and goes into a URL path: whatever the
                // server put in it is escaped, and a name no CAM role can have is refused.
                if !is_role_name(role) {
                    let reason = format!(
                        "the metadata service named a role that is no CAM role name: {}",
                        crate::api::text::from_server(&role.chars().take(64).collect::<String>())
                    );
                    return Err(cvm_error(None, CredentialFailure::Unusable { reason }));
                }
                Ok(Remote::CvmRole { role: Some(role.to_owned()) })
            }
            other => Ok(other),
        }
    }

    /// Fresh temporary credentials, checked like any other key.
    pub async fn fetch(&self, config: &RemoteConfig) -> Result<Fetched, CredentialError> {
        let fetched = match self {
            Remote::CvmRole { role } => fetch_cvm(config, role.as_deref().unwrap_or_default()).await?,
            // Boxed: AssumeRole goes through an API client, which asks a provider like this one.
            Remote::AssumeRole { source, arn, session, external_id } => {
                Box::pin(assume(config, source, arn, session, external_id.as_deref())).await?
            }
            Remote::Oidc { region, provider_id, token_file, arn } => {
                oidc(config, region, provider_id, token_file, arn).await?
            }
            Remote::TccliOauth { login, .. } => {
                let from = self.source().to_string();
                let (credential, expires_at) =
                    super::tccli_login::renew(login, &config.client_config(), &from).await?;
                Fetched { credential, expires_at }
            }
        };
        let source = self.source().to_string();
        validate(&fetched.credential, &source).map_err(|error| {
            CredentialError::new(source.clone(), CredentialFailure::Unusable { reason: error.to_string() })
        })?;
        Ok(fetched)
    }
}

async fn assume(
    config: &RemoteConfig,
    source: &SourceKey,
    arn: &str,
    session: &str,
    external_id: Option<&str>,
) -> Result<Fetched, CredentialError> {
    let from = || Source::AssumedRole { arn: shown_input(arn) }.to_string();
    // From a flag, the environment or a tccli file alike: what sts would refuse is not sent.
    if let Err(reason) = check_role_arn(arn).and_then(|()| check_session_name(session)) {
        return Err(CredentialError::new(from(), CredentialFailure::Unusable { reason }));
    }
    let from = || Source::AssumedRole { arn: arn.to_owned() }.to_string();
    let source = source.current().await.map_err(|e| signer_error(from(), e))?;
    let client = Client::new(source, config.client_config()).map_err(|e| api_error(from(), e))?;
    let request =
        RoleRequest { external_id, ..role_request(STS_REGION, arn, session, config.role_duration_secs) };
    let answer = sts::assume_role(&client, &request).await.map_err(|e| api_error(from(), e))?;
    Ok(Fetched { credential: answer.credential, expires_at: answer.expired_time })
}

async fn oidc(
    config: &RemoteConfig,
    region: &str,
    provider_id: &str,
    token_file: &std::path::Path,
    arn: &str,
) -> Result<Fetched, CredentialError> {
    let from = || Source::OidcRole { arn: arn.to_owned() }.to_string();
    // TKE rotates the token file: read it on every fetch.
    let token =
        crate::local_file::read_text(token_file, crate::local_file::SECRET_FILE_CAP).map_err(|e| {
            let reason = format!("cannot read TKE_WEB_IDENTITY_TOKEN_FILE {}: {e}", token_file.display());
            CredentialError::new(from(), CredentialFailure::Unusable { reason })
        })?;
    let token = Secret::new(token.trim().to_owned());
    let session = format!("tceni-{}", chrono::Utc::now().timestamp());
    let request = role_request(region, arn, &session, config.role_duration_secs);
    let client = Client::anonymous(config.client_config()).map_err(|e| api_error(from(), e))?;
    let answer = sts::assume_role_with_web_identity(&client, provider_id, &token, &request)
        .await
        .map_err(|e| api_error(from(), e))?;
    Ok(Fetched { credential: answer.credential, expires_at: answer.expired_time })
}

fn role_request<'a>(region: &'a str, arn: &'a str, session: &'a str, duration: u32) -> RoleRequest<'a> {
    RoleRequest {
        region,
        role_arn: arn,
        role_session_name: session,
        duration_seconds: duration,
        external_id: None,
    }
}

/// An sts failure, typed by what it says about asking again: the service said no (its code), or
/// it could not be reached or answered nothing usable (escaped text already).
fn api_error(from: String, error: ApiError) -> CredentialError {
    let failure = match error {
        ApiError::Service(e) => CredentialFailure::Refused { code: e.code, message: e.message },
        other if other.retryable() => CredentialFailure::Unreachable { reason: other.to_string() },
        other => CredentialFailure::Unusable { reason: other.to_string() },
    };
    CredentialError::new(from, failure)
}

/// The key that signs an AssumeRole could not be had: the role cannot be assumed, for the
/// same reason (and asking again helps exactly when it helps the signer).
fn signer_error(from: String, error: CredentialError) -> CredentialError {
    let failure = match error.failure {
        CredentialFailure::Unreachable { .. } | CredentialFailure::TimedOut => {
            CredentialFailure::Unreachable { reason: error.to_string() }
        }
        _ => CredentialFailure::Unusable { reason: error.to_string() },
    };
    CredentialError::new(from, failure)
}

fn cvm_error(role: Option<&str>, failure: CredentialFailure) -> CredentialError {
    let from = match role {
        Some(role) => Source::CvmRole { role: role.to_owned() }.to_string(),
        None => "the CVM role (instance metadata)".to_owned(),
    };
    CredentialError::new(from, failure)
}

/// A CAM role name: 1–128 of letters, digits and `+=,.@_-` (the console's rule).
fn is_role_name(name: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    (1..=128).contains(&name.len()) && name.chars().all(allowed)
}

/// Checks a role ARN before it is sent: `qcs::cam::uin/<account>:roleName/<name>` (the form sts
/// AssumeRole takes). The error shows the value escaped and cut: it is the operator's text.
pub fn check_role_arn(arn: &str) -> Result<(), String> {
    let parsed = arn.strip_prefix("qcs::cam::uin/").and_then(|rest| rest.split_once(":roleName/"));
    let valid = parsed.is_some_and(|(account, role)| {
        !account.is_empty()
            && account.len() <= 20
            && account.bytes().all(|b| b.is_ascii_digit())
            && is_role_name(role)
    });
    match valid {
        true => Ok(()),
        false => Err(format!(
            "{} is not a role ARN: give qcs::cam::uin/<account ID>:roleName/<role name>",
            shown_input(arn)
        )),
    }
}

/// Checks a role session name before it is sent: 2–128 of letters, digits and `_+=,.@-`.
pub fn check_session_name(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c);
    match (2..=128).contains(&name.len()) && name.chars().all(allowed) {
        true => Ok(()),
        false => Err(format!(
            "{} is not a role session name: 2 to 128 letters, digits or _+=,.@-",
            shown_input(name)
        )),
    }
}

/// An operator's value in an error: escaped, at most 64 characters, quoted.
fn shown_input(value: &str) -> String {
    let cut: String = value.chars().take(64).collect();
    let more = if value.chars().count() > 64 { "…" } else { "" };
    format!("'{}{more}'", crate::api::text::escape_controls(&cut))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RoleCredentials {
    tmp_secret_id: String,
    tmp_secret_key: String,
    token: String,
    expired_time: i64,
    #[serde(default)]
    code: Option<String>,
}

async fn fetch_cvm(config: &RemoteConfig, role: &str) -> Result<Fetched, CredentialError> {
    let body =
        metadata_get(config, role, config.connect_timeout).await.map_err(|f| cvm_error(Some(role), f))?;
    let mut body = body;
    let text = Secret::new(String::from_utf8_lossy(&body).into_owned());
    zeroize::Zeroize::zeroize(&mut body);
    let unusable = |reason| cvm_error(Some(role), CredentialFailure::Unusable { reason });
    let parsed: RoleCredentials =
        serde_json::from_str(text.expose()).map_err(|e| unusable(json_reason(&e)))?;
    if let Some(code) = parsed.code.as_deref().filter(|c| *c != "Success") {
        let code = crate::api::text::from_server(&code.chars().take(64).collect::<String>());
        return Err(unusable(format!("the metadata service answered Code {code}")));
    }
    let credential = Credential {
        secret_id: parsed.tmp_secret_id,
        secret_key: Secret::new(parsed.tmp_secret_key),
        token: Some(Secret::new(parsed.token)),
    };
    Ok(Fetched { credential, expires_at: parsed.expired_time })
}

/// `GET {base}/latest/meta-data/cam/security-credentials/{rest}`: the body, or why not.
/// Through the one HTTP stack (the call's time over the whole answer, no redirect, at most
/// [`METADATA_MAX_BYTES`]), never through a proxy: the metadata service is link-local.
pub(crate) async fn metadata_get(
    config: &RemoteConfig,
    rest: &str,
    connect: Duration,
) -> Result<Vec<u8>, CredentialFailure> {
    let base = config.metadata_url.trim_end_matches('/');
    let url = format!("{base}{ROLE_PATH}{rest}");
    let network =
        ClientConfig { proxy: ProxyChoice::Direct, connect_timeout: connect, ..config.client_config() };
    let http = Http::new(&network).map_err(|e| CredentialFailure::Unusable { reason: e.to_string() })?;
    let shown_base = crate::api::text::from_server(base);
    match http.get(&url, config.request_timeout, METADATA_MAX_BYTES).await {
        Ok(body) => Ok(body),
        Err(ApiError::HttpStatus { status: 404, .. }) => Err(CredentialFailure::Refused {
            code: "HTTP 404".into(),
            message: "the metadata service has no CAM role for this instance".into(),
        }),
        Err(ApiError::NotSent { .. } | ApiError::NoAnswer { .. }) => Err(CredentialFailure::Unreachable {
            reason: format!("the metadata service at {shown_base} does not answer (not on a CVM?)"),
        }),
        Err(ApiError::HttpStatus { status, .. }) if crate::api::error::is_redirect(status) => {
            Err(CredentialFailure::Unusable {
                reason: format!("the metadata service answered HTTP {status}, a redirect, not followed"),
            })
        }
        Err(ApiError::HttpStatus { status, .. }) => Err(CredentialFailure::Unusable {
            reason: format!("the metadata service answered HTTP {status}"),
        }),
        Err(other) => Err(CredentialFailure::Unusable { reason: other.to_string() }),
    }
}
