//! What every command needs, built once from flags, environment, tccli's profile file and the
//! config file, in that order (see `config::Layers`).

use super::GlobalArgs;
use crate::api::endpoint::DEFAULT_ROOT_DOMAIN;
use crate::api::network::ProxyChoice;
use crate::api::{Client, ClientConfig, EndpointRule};
use crate::attach::PollPolicy;
use crate::config::{Config, Flags, Layers, Origin, Route, Setting, Settings, TccliConfigure};
use crate::credentials::{self, CredentialProvider, CredentialsError, Overrides, RemoteConfig, RoleFlags};
use crate::history::Store;
use crate::history::{Caller, History};
use crate::i18n;
use crate::tr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub struct Context {
    pub config: Config,
    pub global: GlobalArgs,
    /// `<profile>.configure` of the profile in use (tccli's directory).
    pub tccli: TccliConfigure,
    /// Every setting with its origin (the command's own `--region` aside).
    pub settings: Settings,
    /// The run's language and where it came from: what tceni says and `X-TC-Language`.
    pub language: i18n::Choice,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

impl Context {
    /// Every file and setting, read and checked now: a broken one is refused before anything
    /// is looked up or sent.
    pub fn load(global: &GlobalArgs) -> color_eyre::Result<Context> {
        let config = Config::load(&Config::path())?;
        let profile = profile_setting(global.profile.as_deref(), &config);
        let home = dirs::home_dir();
        let dir = crate::paths::tccli_dir(&env, home.as_deref());
        let tccli =
            TccliConfigure::load(dir.as_ref().map(|(d, s)| (d.as_path(), s.as_str())), &profile.0.value)?;
        let (profile, explicit) = profile;
        let flags = flags(global, None);
        let layers = Layers {
            flags: &flags,
            env: &env,
            tccli: &tccli,
            config: &config,
            profile: &profile.value,
            profile_explicit: explicit,
        };
        let settings = layers.settings(profile.clone())?;
        // A CA bundle from a file is checked now, as `--ca-bundle` is when parsed.
        if let Some(ca) = settings.ca_bundle.as_ref().filter(|ca| ca.origin != Origin::Flag("--ca-bundle")) {
            crate::api::network::load_ca_bundle(&ca.value).map_err(|e| {
                crate::config::ConfigError::Unusable {
                    what: format!("ca_bundle in {}", ca.origin),
                    problem: e.to_string(),
                }
            })?;
        }
        let language = choose_language(global.language.as_deref(), &config, &tccli, &settings.profile.value)?;
        Ok(Context { config, global: global.clone(), tccli, settings, language })
    }

    /// The language to speak before the settings are known to be valid (a config file that
    /// does not parse is said so in it): the files that can be read are asked, a language
    /// without a catalog gives way to the next layer's.
    pub fn language_for_messages(global: &GlobalArgs) -> i18n::Language {
        Self::language_for(global.language.as_deref(), global.profile.as_deref())
    }

    /// [`Self::language_for_messages`] from the two flags that matter to it (`--language`,
    /// `--profile`): what `--help` speaks, read before clap parses.
    pub fn language_for(language: Option<&str>, profile: Option<&str>) -> i18n::Language {
        let config = Config::load(&Config::path()).unwrap_or_default();
        let (profile, _) = profile_setting(profile, &config);
        let home = dirs::home_dir();
        let dir = crate::paths::tccli_dir(&env, home.as_deref());
        let dir = dir.as_ref().map(|(d, s)| (d.as_path(), s.as_str()));
        let tccli = TccliConfigure::load(dir, &profile.value).unwrap_or_default();
        choose_language(language, &config, &tccli, &profile.value).map_or_else(|e| e.fallback, |c| c.language)
    }

    /// The profile when it was named on purpose (the flag, `TCENI_PROFILE`, config `profile`);
    /// None leaves it to the chain (`TCCLI_PROFILE`, `TENCENTCLOUD_PROFILE`, `default`).
    pub fn profile(&self) -> Option<String> {
        self.settings.profile_explicit.then(|| self.settings.profile.value.clone())
    }

    /// The profile in use, whoever named it.
    pub fn profile_name(&self) -> String {
        self.settings.profile.value.clone()
    }

    /// Every setting's sources, `region` being the command's `--region`.
    pub fn with_layers<T>(&self, region: Option<&str>, ask: impl FnOnce(&Layers<'_>) -> T) -> T {
        let flags = flags(&self.global, region);
        let layers = Layers {
            flags: &flags,
            env: &env,
            tccli: &self.tccli,
            config: &self.config,
            profile: &self.settings.profile.value,
            profile_explicit: self.settings.profile_explicit,
        };
        ask(&layers)
    }

    /// Region: `--region`, `TENCENTCLOUD_REGION`, tccli's `_sys_param.region`, then config.toml
    /// (a named profile's files before the environment).
    pub fn region(&self, flag: Option<&str>) -> Option<String> {
        self.with_layers(flag, |l| l.region()).ok().flatten().map(|s| s.value)
    }

    /// Accounts an operation may touch (empty: any).
    pub fn allowed_accounts(&self) -> Vec<String> {
        self.settings.allowed_accounts.value.clone()
    }

    /// The account guard of this command: `allowed_accounts`, `forbidden_account_ids`, and the
    /// account of each key.
    pub fn accounts(&self) -> crate::attach::account::Accounts {
        crate::attach::account::Accounts::new(self.allowed_accounts())
            .forbidding(self.settings.forbidden_accounts.value.clone())
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
        let role = self.settings.role.as_ref().map(|role| RoleFlags {
            arn: role.value.arn.clone(),
            session: role.value.session.clone(),
            external_id: role.value.external_id.clone(),
        });
        Overrides { use_cvm_role: self.global.use_cvm_role, role }
    }

    /// How sts and the metadata service are reached: like every call, plus the role duration.
    pub fn remote_config(&self) -> RemoteConfig {
        let mut config = RemoteConfig::for_api(&env, &self.client_config());
        config.role_duration_secs = self.settings.role_duration_secs.value;
        config
    }

    pub fn client_config(&self) -> ClientConfig {
        let settings = &self.settings;
        let mut config = ClientConfig {
            proxy: settings
                .proxy
                .as_ref()
                .map_or(ProxyChoice::FromEnv, |p| ProxyChoice::Url(p.value.clone())),
            ca_bundle: settings.ca_bundle.as_ref().map(|c| c.value.clone()),
            ..ClientConfig::default()
        };
        match &settings.general_route.value {
            Route::Url(url) => config.endpoint_override = Some(url.clone()),
            Route::Root(root) if root != DEFAULT_ROOT_DOMAIN => config.root_domain = Some(root.clone()),
            Route::Root(_) => {}
        }
        // A service's own route, where it differs from the general one.
        for (service, route) in &settings.routes {
            match &route.value {
                same if *same == settings.general_route.value => {}
                Route::Url(url) => _ = config.service_endpoints.insert(service.to_string(), url.clone()),
                Route::Root(root) => {
                    _ = config.service_root_domains.insert(service.to_string(), root.clone())
                }
            }
        }
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
        // The quota is the account's: every tceni on this machine keeps it together.
        config.rate_limit_dir = Some(crate::paths::state_dir().join("rate"));
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
                eprintln!("{}", tr!("cli-history-unopened", reason = e.to_string()));
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

/// The command line's values, `region` being the command's `--region`.
fn flags(global: &GlobalArgs, region: Option<&str>) -> Flags {
    Flags {
        region: region.map(str::to_owned),
        endpoint: global.endpoint.clone(),
        root_domain: global.root_domain.clone(),
        role_duration_secs: global.role_duration,
        proxy: global.proxy.clone(),
        ca_bundle: global.ca_bundle.clone(),
        role_arn: global.role_arn.clone(),
        role_session_name: global.role_session_name.clone(),
    }
}

/// `--language` > `TCENI_LANGUAGE` > tccli's `language` > config.toml > locale > system (the
/// i18n module's order; its origin is shown by `tceni config`).
fn choose_language(
    flag: Option<&str>,
    config: &Config,
    tccli: &TccliConfigure,
    profile: &str,
) -> Result<i18n::Choice, i18n::LanguageError> {
    let section = config.profiles.get(profile).and_then(|p| p.language.as_deref());
    let system = sys_locale::get_locale;
    i18n::choose(&i18n::Sources {
        flag,
        env: &env,
        tccli: tccli.language.as_deref(),
        profile,
        config_profile: section,
        config_top: config.language.as_deref(),
        system: &system,
    })
}

/// The profile and whether it was named on purpose: `--profile`, `TCENI_PROFILE` (explicit),
/// `TCCLI_PROFILE`, `TENCENTCLOUD_PROFILE` (environment), config `profile` (explicit), default.
fn profile_setting(flag: Option<&str>, config: &Config) -> (Setting<String>, bool) {
    let (name, explicit, var) = credentials::named_profile(flag, &env);
    match (flag, var, &config.profile) {
        (Some(_), _, _) => (Setting::new(name, Origin::Flag("--profile")), true),
        (None, Some(var), _) => (Setting::new(name, Origin::Env(var)), explicit),
        (None, None, Some(named)) => (Setting::new(named.clone(), Origin::ConfigFile), true),
        (None, None, None) => (Setting::new(name, Origin::Default), false),
    }
}
