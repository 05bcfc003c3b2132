//! What every command needs, built once from flags, environment, tccli's profile file and the
//! config file, in that order (see `config::Layers`).

use super::GlobalArgs;
use crate::api::network::ProxyChoice;
use crate::api::{Client, ClientConfig, EndpointRule};
use crate::attach::PollPolicy;
use crate::config::{Config, Flags, Layers, TccliConfigure};
use crate::credentials::{self, CredentialProvider, CredentialsError, Overrides, RemoteConfig, RoleFlags};
use crate::history::Store;
use crate::history::{Caller, History};
use crate::i18n;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub struct Context {
    pub config: Config,
    pub global: GlobalArgs,
    /// `~/.tccli/<profile>.configure` of the profile in use.
    pub tccli: TccliConfigure,
    /// The run's language and where it came from: what tceni says and `X-TC-Language`.
    pub language: i18n::Choice,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

impl Context {
    pub fn load(global: &GlobalArgs) -> color_eyre::Result<Context> {
        let config = Config::load(&Config::path())?;
        let language = i18n::Choice { language: i18n::Language::EnUs, origin: i18n::Origin::Default };
        let mut ctx = Context { config, global: global.clone(), tccli: TccliConfigure::default(), language };
        let home = dirs::home_dir();
        ctx.tccli = TccliConfigure::load(home.as_deref(), &ctx.profile_name())?;
        ctx.language = ctx.choose_language()?;
        // A bad root domain is refused now, before any lookup or request.
        ctx.with_layers(None, |l| l.root_domain())?;
        Ok(ctx)
    }

    /// The language to speak before the settings are known to be valid (a config file that
    /// does not parse is said so in it): the files that can be read are asked, a language
    /// without a catalog gives way to the next layer's.
    pub fn language_for_messages(global: &GlobalArgs) -> i18n::Language {
        let config = Config::load(&Config::path()).unwrap_or_default();
        let language = i18n::Choice { language: i18n::Language::EnUs, origin: i18n::Origin::Default };
        let mut ctx = Context { config, global: global.clone(), tccli: TccliConfigure::default(), language };
        let home = dirs::home_dir();
        ctx.tccli = TccliConfigure::load(home.as_deref(), &ctx.profile_name()).unwrap_or_default();
        ctx.choose_language().map_or_else(|e| e.fallback, |choice| choice.language)
    }

    /// `--language` > `TCENI_LANGUAGE` > tccli's `language` > config.toml > locale > system.
    fn choose_language(&self) -> Result<i18n::Choice, i18n::LanguageError> {
        let profile = self.profile_name();
        let section = self.config.profiles.get(&profile).and_then(|p| p.language.as_deref());
        let system = sys_locale::get_locale;
        i18n::choose(&i18n::Sources {
            flag: self.global.language.as_deref(),
            env: &env,
            tccli: self.tccli.language.as_deref(),
            profile: &profile,
            config_profile: section,
            config_top: self.config.language.as_deref(),
            system: &system,
        })
    }

    /// The profile named by `--profile` / `TCENI_PROFILE`, else (unless `TCCLI_PROFILE` names
    /// one: the chain reads it, as environment) the config file's `profile`.
    pub fn profile(&self) -> Option<String> {
        let tccli_env = credentials::choose_profile(None, &env).0 != credentials::DEFAULT_PROFILE;
        let config = if tccli_env { None } else { self.config.profile.clone() };
        self.global.profile.clone().or(config)
    }

    /// The profile in use, whoever named it.
    pub fn profile_name(&self) -> String {
        credentials::choose_profile(self.profile().as_deref(), &env).0
    }

    fn flags(&self, region: Option<&str>) -> Flags {
        Flags {
            region: region.map(str::to_owned),
            endpoint: self.global.endpoint.clone(),
            root_domain: self.global.root_domain.clone(),
            role_duration_secs: self.global.role_duration,
            proxy: self.global.proxy.clone(),
            ca_bundle: self.global.ca_bundle.clone(),
        }
    }

    /// Every setting's sources, `region` being the command's `--region`.
    pub fn with_layers<T>(&self, region: Option<&str>, ask: impl FnOnce(&Layers<'_>) -> T) -> T {
        let flags = self.flags(region);
        let profile = self.profile_name();
        let layers =
            Layers { flags: &flags, env: &env, tccli: &self.tccli, config: &self.config, profile: &profile };
        ask(&layers)
    }

    /// Region: `--region`, `TENCENTCLOUD_REGION`, tccli's `_sys_param.region`, then config.toml.
    pub fn region(&self, flag: Option<&str>) -> Option<String> {
        self.with_layers(flag, |l| l.region())
    }

    /// Accounts an operation may touch (empty: any).
    pub fn allowed_accounts(&self) -> Vec<String> {
        self.with_layers(None, |l| l.allowed_accounts())
    }

    /// The account guard of this command: `allowed_accounts`, and the account of each key.
    pub fn accounts(&self) -> crate::attach::account::Accounts {
        crate::attach::account::Accounts::new(self.allowed_accounts())
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
        let mut config = RemoteConfig::for_api(&env, &self.client_config());
        if let Some(secs) = self.with_layers(None, |l| l.role_duration_secs()) {
            config.role_duration_secs = secs;
        }
        config
    }

    pub fn client_config(&self) -> ClientConfig {
        let (endpoint, root_domain, service_endpoints) =
            self.with_layers(None, |l| (l.endpoint(), l.root_domain().ok().flatten(), l.service_endpoints()));
        let (proxy, ca_bundle) = self.with_layers(None, |l| (l.proxy(), l.ca_bundle()));
        let mut config = ClientConfig {
            endpoint_override: endpoint,
            root_domain,
            service_endpoints,
            proxy: proxy.map_or(ProxyChoice::FromEnv, ProxyChoice::Url),
            ca_bundle,
            ..ClientConfig::default()
        };
        config.language = self.language.language;
        // The flags are range-checked by clap; the config file's values are held to the same
        // ranges here, so no value can overflow a deadline (a panic) or leave no time at all.
        if let Some(secs) = self.global.connect_timeout.or(self.config.connect_timeout_secs) {
            config.connect_timeout = Duration::from_secs(secs.clamp(1, 3600));
        }
        if let Some(secs) = self.global.timeout.or(self.config.request_timeout_secs) {
            config.request_timeout = Duration::from_secs(secs.clamp(1, 86400));
        }
        if let Some(rate) = self.config.rate_limit {
            config.rate_limit = rate;
        }
        config
    }

    /// Where calls go, known before any credential is looked up.
    pub fn endpoint_rule(&self) -> EndpointRule {
        EndpointRule::from_config(&self.client_config())
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
            policy.deadline = Duration::from_secs(secs.clamp(1, 86400));
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
        Caller {
            profile: provider.profile().to_owned(),
            secret_id_masked: provider.masked_id(),
            account_id: None,
            account_arn: None,
            credential: String::new(),
        }
    }
}
