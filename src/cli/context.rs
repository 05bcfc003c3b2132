//! What every command needs, built once from flags, environment and the config file.

use super::GlobalArgs;
use crate::api::{Client, ClientConfig, EndpointRule, Language};
use crate::attach::PollPolicy;
use crate::config::Config;
use crate::credentials::{self, CredentialProvider, CredentialsError, Overrides, RemoteConfig, RoleFlags};
use crate::history::Store;
use crate::history::{Caller, History};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub struct Context {
    pub config: Config,
    pub global: GlobalArgs,
}

impl Context {
    pub fn load(global: &GlobalArgs) -> color_eyre::Result<Context> {
        let config = Config::load(&Config::path())?;
        Ok(Context { config, global: global.clone() })
    }

    pub fn profile(&self) -> Option<String> {
        self.global.profile.clone().or_else(|| self.config.profile.clone())
    }

    /// Region: the flag, else the config file, else `TENCENTCLOUD_REGION` (tccli's variable).
    pub fn region(&self, flag: Option<&str>) -> Option<String> {
        flag.map(str::to_string)
            .or_else(|| self.config.region.clone())
            .or_else(|| std::env::var("TENCENTCLOUD_REGION").ok().filter(|r| !r.is_empty()))
    }

    /// The credential provider: the chain (or `--use-cvm-role`), then `--role-arn` on top. A
    /// temporary credential is fetched now, so a bad role fails here, before any plan is sent.
    pub async fn credentials(&self) -> Result<Arc<CredentialProvider>, CredentialsError> {
        let provider = credentials::resolve_provider_default(
            self.profile().as_deref(),
            self.remote_config(),
            self.overrides(),
        )
        .await?;
        Ok(Arc::new(provider))
    }

    fn overrides(&self) -> Overrides {
        let role = self.global.role_arn.clone().filter(|arn| !arn.is_empty());
        Overrides {
            use_cvm_role: self.global.use_cvm_role,
            role: role.map(|arn| RoleFlags { arn, session: self.global.role_session_name.clone() }),
        }
    }

    /// How sts and the metadata service are reached: like every call, plus the role duration.
    pub fn remote_config(&self) -> RemoteConfig {
        let env = |name: &str| std::env::var(name).ok();
        let mut config = RemoteConfig::for_api(&env, &self.client_config());
        if let Some(secs) = self.global.role_duration.or(self.config.role_duration_secs) {
            config.role_duration_secs = secs;
        }
        config
    }

    pub fn client_config(&self) -> ClientConfig {
        let mut config = ClientConfig {
            endpoint_override: self.global.endpoint.clone().or_else(|| self.config.endpoint.clone()),
            ..ClientConfig::default()
        };
        let language = self.global.language.as_deref().or(self.config.language.as_deref());
        config.language = if language == Some("zh-CN") { Language::ZhCn } else { Language::EnUs };
        if let Some(secs) = self.global.connect_timeout.or(self.config.connect_timeout_secs) {
            config.connect_timeout = Duration::from_secs(secs);
        }
        if let Some(secs) = self.global.timeout.or(self.config.request_timeout_secs) {
            config.request_timeout = Duration::from_secs(secs);
        }
        if let Some(rate) = self.config.rate_limit {
            config.rate_limit = rate;
        }
        config
    }

    /// Where calls go, known before any credential is looked up.
    pub fn endpoint_rule(&self) -> EndpointRule {
        EndpointRule::new(self.client_config().endpoint_override)
    }

    pub fn client(&self, provider: &Arc<CredentialProvider>) -> color_eyre::Result<Client> {
        Ok(Client::with_provider(provider.clone(), self.client_config())?)
    }

    pub fn poll_policy(&self, wait_timeout: Option<u64>) -> PollPolicy {
        let mut policy = PollPolicy::default();
        if let Some(ms) = self.global.poll_interval_ms {
            policy.first_delay = Duration::from_millis(ms);
        }
        if let Some(secs) = wait_timeout.or(self.config.wait_timeout_secs) {
            policy.deadline = Duration::from_secs(secs);
        }
        policy
    }

    pub fn data_dir(&self) -> PathBuf {
        self.global.data_dir.clone().unwrap_or_else(crate::paths::data_dir)
    }

    pub fn history_path(&self) -> PathBuf {
        self.data_dir().join(crate::history::FILE_NAME)
    }

    /// Opened (and migrated) off the async threads.
    pub async fn open_history(&self) -> Option<History> {
        let path = self.history_path();
        let opened = tokio::task::spawn_blocking(move || Store::open(path)).await;
        match opened.expect("opening the history does not panic") {
            Ok(store) => Some(History::new(store)),
            Err(e) => {
                eprintln!("warning: the history could not be opened ({e}); this call will not be recorded");
                None
            }
        }
    }

    pub fn caller(provider: &CredentialProvider) -> Caller {
        Caller { profile: provider.profile().to_owned(), secret_id_masked: provider.masked_id() }
    }
}
