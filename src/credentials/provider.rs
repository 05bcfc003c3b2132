//! [`CredentialProvider`]: hands out a current [`Credential`], fetching temporary credentials
//! when needed and refreshing them before they expire. Cheap when fresh (a lock and a clone).
//!
//! Refresh rule: a temporary credential is replaced once less than a fifth of its lifetime, or
//! less than 5 minutes, remains, whichever margin is smaller (a 2-hour AssumeRole key is
//! refreshed 5 minutes before it expires, a 2-second sandbox key 0.4 s before). If a refresh
//! fails while the old credential has not yet expired, the old one is used. "Yet" is read from
//! the clock after the refresh gave up (it may have taken the whole `--timeout`), and a key that
//! a source hands out already expired is refused: an expired key is never handed out.

use std::future::Future;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use tokio::sync::Mutex;

use super::chain::{LoginKind, ResolveInput, Resolved, Source, choose_profile};
use super::error::CredentialsError;
use super::keystore::OsKeyring;
use super::remote::{METADATA_PROBE_TIMEOUT, Remote, RemoteConfig, SourceKey};
use super::sources::Lookup;
use crate::auth::{Credential, CredentialError, CredentialFailure, ProvideCredentials};

/// Never refresh earlier than this before expiry.
const MAX_MARGIN_SECS: f64 = 300.0;
/// … nor once more than this fraction of the lifetime remains.
const MARGIN_FRACTION: f64 = 0.2;

/// What a source yields, before any network call.
#[derive(Debug)]
pub(crate) enum Supply {
    Fixed(Credential),
    Login { credential: Credential, expires_at: i64, kind: LoginKind },
    Remote(Remote),
}

impl Supply {
    /// `Err(reason)` for a miss.
    pub(crate) fn from_lookup(lookup: Lookup) -> Result<Supply, String> {
        match lookup {
            Lookup::Found(credential) => Ok(Supply::Fixed(credential)),
            Lookup::Login { credential, expires_at, kind } => {
                Ok(Supply::Login { credential, expires_at, kind })
            }
            Lookup::Remote(remote) => Ok(Supply::Remote(remote)),
            Lookup::Missing(reason) => Err(reason),
        }
    }
}

/// The chain's verdict without the network: what was found (and its source), what was passed.
pub(crate) struct ChainSearch {
    pub found: Option<(Supply, Source)>,
    pub searched: Vec<String>,
    /// A named profile: the CVM role is not tried after the files.
    pub explicit: bool,
}

/// A tccli login key is refused once `expires_at` has passed (tccli refreshes it, not tceni).
pub(crate) fn check_login(expires_at: i64, kind: LoginKind, profile: &str) -> Result<(), CredentialsError> {
    if (now() as i64) < expires_at {
        return Ok(());
    }
    let at = chrono::DateTime::from_timestamp(expires_at, 0)
        .map_or_else(|| expires_at.to_string(), |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string());
    Err(CredentialsError::LoginExpired { profile: profile.to_owned(), kind, at })
}

/// A temporary credential and its lifetime, in Unix seconds.
struct Fresh {
    credential: Credential,
    fetched_at: f64,
    expires_at: f64,
}

impl Fresh {
    fn usable(&self, now: f64) -> bool {
        now < self.expires_at - refresh_margin(self.expires_at - self.fetched_at)
    }
}

/// How long before expiry a credential of this lifetime is refreshed.
pub fn refresh_margin(lifetime_secs: f64) -> f64 {
    (lifetime_secs * MARGIN_FRACTION).clamp(0.0, MAX_MARGIN_SECS)
}

/// Hands out the current credential of one source. Share it behind an `Arc`.
pub struct CredentialProvider {
    source: Source,
    profile: String,
    searched: Vec<String>,
    supply: Supply,
    config: RemoteConfig,
    cache: Mutex<Option<Fresh>>,
}

impl std::fmt::Debug for CredentialProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialProvider")
            .field("source", &self.source)
            .field("profile", &self.profile)
            .finish()
    }
}

impl CredentialProvider {
    /// A provider for a credential already in hand (the sandbox demo, a key just stored).
    pub fn fixed(resolved: Resolved) -> Self {
        let Resolved { credential, source, profile, searched } = resolved;
        Self::new(
            Supply::Fixed(credential),
            source,
            profile,
            searched,
            RemoteConfig::from_env(&|_| None, None),
        )
    }

    fn new(
        supply: Supply,
        source: Source,
        profile: String,
        searched: Vec<String>,
        config: RemoteConfig,
    ) -> Self {
        Self { source, profile, searched, supply, config, cache: Mutex::new(None) }
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    pub fn profile(&self) -> &str {
        &self.profile
    }

    /// The sources passed over before this one (plain sentences, no secrets).
    pub fn searched(&self) -> &[String] {
        &self.searched
    }

    /// True when the credential is temporary and fetched (refreshed) by this provider.
    pub fn refreshes(&self) -> bool {
        matches!(self.supply, Supply::Remote(_))
    }

    /// The credential last handed out, without waiting or fetching (a dry run's signature, the
    /// masked SecretId of a history row). None only before the first fetch or while one runs.
    pub fn peek(&self) -> Option<Credential> {
        match &self.supply {
            Supply::Fixed(credential) | Supply::Login { credential, .. } => Some(credential.clone()),
            Supply::Remote(_) => self.cache.try_lock().ok()?.as_ref().map(|f| f.credential.clone()),
        }
    }

    /// The credential to sign the next request with: fresh, or refreshed now. An expired tccli
    /// login says which command renews it.
    pub async fn current(&self) -> Result<Credential, CredentialsError> {
        if let Supply::Login { expires_at, kind, .. } = &self.supply {
            check_login(*expires_at, *kind, &self.profile)?;
        }
        Ok(self.credential().await?)
    }

    async fn current_remote(&self, remote: &Remote) -> Result<Credential, CredentialError> {
        let mut cache = self.cache.lock().await;
        let asked_at = now();
        if let Some(fresh) = cache.as_ref().filter(|f| f.usable(asked_at)) {
            return Ok(fresh.credential.clone());
        }
        let fetched = remote.fetch(&self.config).await;
        // The fetch may have taken the whole of the call's time: judge every expiry from now.
        let now = now();
        let error = match fetched {
            Ok(fetched) if (fetched.expires_at as f64) > now => {
                let credential = fetched.credential.clone();
                let expires_at = fetched.expires_at as f64;
                *cache = Some(Fresh { credential: fetched.credential, fetched_at: asked_at, expires_at });
                return Ok(credential);
            }
            Ok(fetched) => {
                let expired = CredentialFailure::Expired { at: fetched.expires_at, renew: None };
                CredentialError::new(self.source.to_string(), expired)
            }
            Err(error) => error,
        };
        // The refresh failed, but the old credential still works: use it until it expires.
        match cache.as_ref().filter(|f| now < f.expires_at) {
            Some(fresh) => {
                tracing::warn!(source = %self.source, %error, "refresh failed; using the current credential");
                Ok(fresh.credential.clone())
            }
            None => Err(error),
        }
    }

    /// The current credential as a [`Resolved`], for code that builds a `Client` from one.
    pub async fn resolved(&self) -> Result<Resolved, CredentialsError> {
        Ok(Resolved {
            credential: self.current().await?,
            source: self.source.clone(),
            profile: self.profile.clone(),
            searched: self.searched.clone(),
        })
    }

    /// For the header bar: `assumed role qcs::cam::uin/1:roleName/ops (…9XYZ)`, with the
    /// SecretId last handed out (a temporary one changes at each refresh).
    pub fn describe(&self) -> String {
        match self.peek() {
            Some(credential) => format!("{} ({})", self.source, credential.masked_id()),
            None => self.source.to_string(),
        }
    }

    /// The masked SecretId last handed out (`…` before the first fetch).
    pub fn masked_id(&self) -> String {
        self.peek().map_or_else(|| "…".to_owned(), |c| c.masked_id())
    }
}

impl ProvideCredentials for CredentialProvider {
    fn credential(&self) -> BoxFuture<'_, Result<Credential, CredentialError>> {
        Box::pin(async move {
            match &self.supply {
                Supply::Fixed(credential) => Ok(credential.clone()),
                Supply::Login { credential, expires_at, kind } => {
                    if (now() as i64) < *expires_at {
                        return Ok(credential.clone());
                    }
                    let expired =
                        CredentialFailure::Expired { at: *expires_at, renew: Some(kind.refresh_command()) };
                    Err(CredentialError::new(self.source.to_string(), expired))
                }
                Supply::Remote(remote) => self.current_remote(remote).await,
            }
        })
    }

    fn last(&self) -> Option<Credential> {
        self.peek()
    }

    fn source(&self) -> String {
        self.source.to_string()
    }
}

/// Every source, network ones included. The chain is walked now (no network); the returned
/// future fetches the first temporary credential (so a bad role fails here, not at the first
/// call) and, when nothing else was found and no profile was named, asks the CVM metadata
/// service (connect timeout under 1 s). The future is `Send` and borrows nothing from `input`.
pub fn resolve_provider(
    input: &ResolveInput<'_>,
    config: &RemoteConfig,
) -> impl Future<Output = Result<CredentialProvider, CredentialsError>> + Send + 'static {
    resolve_provider_with(input, config, Overrides::default())
}

/// What the command line asks for beyond the chain: `--use-cvm-role`, `--role-arn`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Use the CVM role whatever the chain would find (`--use-cvm-role`).
    pub use_cvm_role: bool,
    /// Assume this role with whatever credential the chain (or the CVM role) gives.
    pub role: Option<RoleFlags>,
}

/// `--role-arn ARN [--role-session-name NAME]`, or Terraform's `TENCENTCLOUD_ASSUME_ROLE_*`.
#[derive(Debug, Clone)]
pub struct RoleFlags {
    pub arn: String,
    /// None: `tceni-<unix time>`.
    pub session: Option<String>,
    /// Sent as `ExternalId` when the role's trust policy asks for one.
    pub external_id: Option<String>,
}

/// [`resolve_provider`] with the command line's overrides.
pub fn resolve_provider_with(
    input: &ResolveInput<'_>,
    config: &RemoteConfig,
    overrides: Overrides,
) -> impl Future<Output = Result<CredentialProvider, CredentialsError>> + Send + 'static {
    // `--use-cvm-role` skips the chain (a broken file elsewhere must not block it).
    let search = if overrides.use_cvm_role {
        Ok(ChainSearch {
            found: Some((Supply::Remote(Remote::cvm_role()), Source::CvmRole { role: String::new() })),
            searched: Vec::new(),
            explicit: true,
        })
    } else {
        super::chain::search(input)
    };
    let (profile, config) = (input.profile.to_owned(), config.clone());
    async move {
        let provider = finish(search?, profile, config.clone()).await?;
        match overrides.role {
            None => Ok(provider),
            Some(role) => assume_with(provider, role, config).await,
        }
    }
}

/// [`resolve_provider_with`] with the real environment, home and OS keyring. `config` carries
/// the API client's settings (sts goes out like any call: `--endpoint`, proxy, CA bundle).
pub async fn resolve_provider_default(
    profile: Option<&str>,
    config: RemoteConfig,
    overrides: Overrides,
) -> Result<CredentialProvider, CredentialsError> {
    let env = |name: &str| std::env::var(name).ok();
    let (profile, profile_explicit) = choose_profile(profile, &env);
    let home = dirs::home_dir();
    let keystore = OsKeyring::from_env();
    let input = ResolveInput {
        profile: &profile,
        profile_explicit,
        env: &env,
        home: home.as_deref(),
        keystore: &keystore,
    };
    let future = resolve_provider_with(&input, &config, overrides);
    future.await
}

async fn finish(
    search: ChainSearch,
    profile: String,
    config: RemoteConfig,
) -> Result<CredentialProvider, CredentialsError> {
    let ChainSearch { found, mut searched, explicit } = search;
    let (supply, source) = match found {
        Some(found) => found,
        None if explicit => return Err(CredentialsError::NotFound { searched }),
        None => match Remote::cvm_role().discover(&config, METADATA_PROBE_TIMEOUT).await {
            Ok(remote) => (Supply::Remote(remote.clone()), remote.source()),
            Err(error) => {
                searched.push(error.to_string());
                return Err(CredentialsError::NotFound { searched });
            }
        },
    };
    let (supply, source) = match supply {
        Supply::Remote(remote) => {
            let remote = remote.discover(&config, config.connect_timeout).await?;
            let source = remote.source();
            (Supply::Remote(remote), source)
        }
        other => (other, source),
    };
    let provider = CredentialProvider::new(supply, source, profile, searched, config);
    // A tccli login's own key is used until it is due for renewal.
    if let Supply::Remote(Remote::TccliOauth { issued: (credential, expires_at), .. }) = &provider.supply {
        let asked_at = now();
        if (*expires_at as f64) > asked_at {
            let fresh = Fresh {
                credential: credential.clone(),
                fetched_at: asked_at,
                expires_at: *expires_at as f64,
            };
            *provider.cache.lock().await = Some(fresh);
        }
    }
    provider.current().await?;
    Ok(provider)
}

/// `--role-arn`: the found credential signs an AssumeRole; a long-term key directly, a
/// temporary one through its own provider (so it is refreshed too).
async fn assume_with(
    inner: CredentialProvider,
    role: RoleFlags,
    config: RemoteConfig,
) -> Result<CredentialProvider, CredentialsError> {
    let session = role.session.unwrap_or_else(|| format!("tceni-{}", chrono::Utc::now().timestamp()));
    let (profile, mut searched) = (inner.profile.clone(), inner.searched.clone());
    searched.push(format!("{} signs the AssumeRole", inner.source));
    let source_key = match &inner.supply {
        Supply::Fixed(credential) => SourceKey::Key(credential.clone()),
        _ => SourceKey::Provider(Arc::new(inner)),
    };
    let source = Source::AssumedRole { arn: role.arn.clone() };
    let remote = Remote::assume_role_with(source_key, role.arn, session).with_external_id(role.external_id);
    let provider = CredentialProvider::new(Supply::Remote(remote), source, profile, searched, config);
    provider.current().await?;
    Ok(provider)
}

fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margin_is_a_fifth_capped_at_five_minutes() {
        assert_eq!(refresh_margin(2.0), 0.4);
        assert_eq!(refresh_margin(7200.0), 300.0);
        assert_eq!(refresh_margin(600.0), 120.0);
        assert_eq!(refresh_margin(-1.0), 0.0);
    }

    #[test]
    fn fresh_is_usable_until_the_margin() {
        let fresh = Fresh {
            credential: Credential::new("AKIDx0000000", "k", None),
            fetched_at: 100.0,
            expires_at: 110.0,
        };
        assert!(fresh.usable(107.9));
        assert!(!fresh.usable(108.1));
    }

    #[test]
    fn an_expired_login_names_the_command() {
        let err = check_login(1, LoginKind::Sso, "work").unwrap_err().to_string();
        assert_eq!(
            err,
            "the tccli login for profile work expired at 1970-01-01 00:00:01 UTC; refresh it with `tccli sso login`"
        );
        assert!(check_login(i64::MAX, LoginKind::OAuth, "p").is_ok());
    }
}
