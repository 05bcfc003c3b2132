//! The one resolution of every setting: [`Layers`] asks each source in the documented order and
//! answers a [`Setting`], the value with its [`Origin`]. Adding a setting is one method here:
//! a `match` over the layers saying where that setting can come from.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use super::{Config, ConfigError, ProfileConfig, SERVICES, TccliConfigure, TccliEndpoint};
use crate::api::endpoint::DEFAULT_ROOT_DOMAIN;

/// The environment variables read here (the credential ones are read by the chain).
pub const REGION_VAR: &str = "TENCENTCLOUD_REGION";
pub const DOMAIN_VAR: &str = "TENCENTCLOUD_DOMAIN";
pub const ENDPOINT_VAR: &str = "TCENI_ENDPOINT";
/// Terraform's AssumeRole variables: the credential found assumes this role.
pub const ASSUME_ROLE_ARN_VAR: &str = "TENCENTCLOUD_ASSUME_ROLE_ARN";
pub const ASSUME_ROLE_SESSION_VAR: &str = "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME";
pub const ASSUME_ROLE_DURATION_VAR: &str = "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION";
pub const ASSUME_ROLE_EXTERNAL_ID_VAR: &str = "TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID";

/// Where a setting's value came from. Its static text is the layer (strum).
#[derive(Debug, Clone, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum Origin {
    /// A command-line flag, e.g. `--region`.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// A tccli (or Terraform shared-credentials) file, as shown to the user.
    Tccli(String),
    /// `[profiles.NAME]` in config.toml.
    #[strum(serialize = "profile")]
    ProfileSection(String),
    /// The top level of config.toml.
    #[strum(serialize = "config")]
    ConfigFile,
    Default,
}

impl Origin {
    /// The kind of source, for JSON: `flag`, `env`, `tccli`, `profile`, `config`, `default`.
    pub fn layer(&self) -> &'static str {
        self.into()
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => f.write_str(flag),
            Origin::Env(name) => write!(f, "env {name}"),
            Origin::Tccli(shown) => f.write_str(shown),
            Origin::ProfileSection(profile) => write!(f, "config.toml [profiles.{profile}]"),
            Origin::ConfigFile => f.write_str("config.toml"),
            Origin::Default => f.write_str("default"),
        }
    }
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Setting { value, origin }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Setting<U> {
        Setting { value: f(self.value), origin: self.origin }
    }
}

/// Where one service's calls go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `scheme://host[:port]`, every region.
    Url(String),
    /// The catalog's host under this root domain (Finance regions keep their own host).
    Root(String),
}

impl Route {
    /// The host a call in `region` goes to (`https://vpc.tencentcloudapi.com`).
    pub fn shown(&self, service: &str, region: Option<&str>) -> String {
        match self {
            Route::Url(url) => url.clone(),
            Route::Root(root) => {
                let host = crate::catalog::service_host(service, region.unwrap_or_default());
                let prefix = host.strip_suffix(DEFAULT_ROOT_DOMAIN).unwrap_or(&host);
                format!("https://{prefix}{root}")
            }
        }
    }
}

/// A role to assume with the credential found (`--role-arn`, Terraform's variables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleChoice {
    pub arn: String,
    /// None: `tceni-<unix time>`.
    pub session: Option<String>,
    pub external_id: Option<String>,
}

/// Values given on the command line (`None`: not given).
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub root_domain: Option<String>,
    pub role_duration_secs: Option<u32>,
    pub proxy: Option<String>,
    pub ca_bundle: Option<PathBuf>,
    pub role_arn: Option<String>,
    pub role_session_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Flag,
    Env,
    Tccli,
    Section,
    Top,
}

/// Every source of a setting, asked in the documented order.
pub struct Layers<'a> {
    pub flags: &'a Flags,
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub tccli: &'a TccliConfigure,
    pub config: &'a Config,
    /// The profile in use (its `[profiles.NAME]` section and tccli files apply).
    pub profile: &'a str,
    /// Named on purpose (`--profile`, `TCENI_PROFILE`, config `profile`): its files outrank the
    /// environment, as in tccli.
    pub profile_explicit: bool,
}

type Found<T> = Option<(T, Origin)>;

impl Layers<'_> {
    fn order(&self) -> [Layer; 5] {
        match self.profile_explicit {
            true => [Layer::Flag, Layer::Tccli, Layer::Section, Layer::Env, Layer::Top],
            false => [Layer::Flag, Layer::Env, Layer::Tccli, Layer::Section, Layer::Top],
        }
    }

    /// The first layer, in order, that has something.
    fn first<T>(
        &self,
        mut at: impl FnMut(Layer) -> Result<Found<T>, ConfigError>,
    ) -> Result<Option<Setting<T>>, ConfigError> {
        for layer in self.order() {
            if let Some((value, origin)) = at(layer)? {
                return Ok(Some(Setting::new(value, origin)));
            }
        }
        Ok(None)
    }

    /// An environment value; empty means unset.
    fn env(&self, name: &'static str) -> Found<String> {
        let value = (self.env)(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())?;
        Some((value, Origin::Env(name)))
    }

    fn flag<T: Clone>(value: &Option<T>, name: &'static str) -> Found<T> {
        value.clone().map(|v| (v, Origin::Flag(name)))
    }

    fn section<T>(&self, pick: impl FnOnce(&ProfileConfig) -> Option<T>) -> Found<T> {
        let value = self.config.profile(self.profile).and_then(pick)?;
        Some((value, Origin::ProfileSection(self.profile.to_owned())))
    }

    fn top<T>(value: Option<T>) -> Found<T> {
        value.map(|v| (v, Origin::ConfigFile))
    }

    fn tccli_value(&self, value: &Option<String>) -> Found<String> {
        value.clone().map(|v| (v, Origin::Tccli(self.tccli.shown.clone())))
    }

    pub fn region(&self) -> Result<Option<Setting<String>>, ConfigError> {
        self.first(|layer| {
            Ok(match layer {
                Layer::Flag => Self::flag(&self.flags.region, "--region"),
                Layer::Env => self.env(REGION_VAR),
                Layer::Tccli => self.tccli_value(&self.tccli.region),
                Layer::Section => self.section(|p| p.region.clone()),
                Layer::Top => Self::top(self.config.region.clone()),
            })
        })
    }

    /// Where `service`'s calls go. In each layer the one-host endpoint comes first, then the
    /// service's own host, then the root domain; the first layer with any of them wins.
    pub fn route(&self, service: &str) -> Result<Setting<Route>, ConfigError> {
        let found = self.first(|layer| self.route_in(layer, Some(service)))?;
        Ok(found.unwrap_or_else(|| Setting::new(Route::Root(DEFAULT_ROOT_DOMAIN.into()), Origin::Default)))
    }

    /// Where a service with no host of its own goes: the one-host endpoint or the root domain.
    pub fn general_route(&self) -> Result<Setting<Route>, ConfigError> {
        let found = self.first(|layer| self.route_in(layer, None))?;
        Ok(found.unwrap_or_else(|| Setting::new(Route::Root(DEFAULT_ROOT_DOMAIN.into()), Origin::Default)))
    }

    fn route_in(&self, layer: Layer, service: Option<&str>) -> Result<Found<Route>, ConfigError> {
        let one_host = |value: Option<(String, Origin)>| -> Result<Found<Route>, ConfigError> {
            let Some((text, origin)) = value else { return Ok(None) };
            let url = endpoint_url(&text)
                .map_err(|problem| ConfigError::Endpoint { what: endpoint_name(&origin), problem })?;
            // `--endpoint vpc.tencentcloudapi.com` (as tccli takes it) is vpc's host only.
            Ok(match service_of(&url) {
                Some(owner) if Some(owner) != service => None,
                _ => Some((Route::Url(url), origin)),
            })
        };
        let own = |value: Option<(String, Origin)>| -> Result<Found<Route>, ConfigError> {
            let Some((text, origin)) = value else { return Ok(None) };
            let what = format!("{} in {origin}", service.unwrap_or_default());
            let url = endpoint_url(&text).map_err(|problem| ConfigError::Endpoint { what, problem })?;
            Ok(Some((Route::Url(url), origin)))
        };
        let root = |value: Option<(String, Origin)>| -> Result<Found<Route>, ConfigError> {
            let Some((text, origin)) = value else { return Ok(None) };
            let domain = check_domain(&domain_name(&origin), &text)?;
            Ok(Some((Route::Root(domain), origin)))
        };
        let service_host = |endpoints: &super::Endpoints| service.and_then(|s| endpoints.get(s).cloned());
        let found = match layer {
            Layer::Flag => one_host(Self::flag(&self.flags.endpoint, "--endpoint"))?
                .or(root(Self::flag(&self.flags.root_domain, "--root-domain"))?),
            Layer::Env => one_host(self.env(ENDPOINT_VAR))?.or(root(self.env(DOMAIN_VAR))?),
            Layer::Tccli => {
                let line = service.and_then(|s| self.tccli.endpoints.get(s));
                let origin = || Origin::Tccli(self.tccli.shown.clone());
                match line {
                    Some(TccliEndpoint::Url(url)) => Some((Route::Url(url.clone()), origin())),
                    Some(TccliEndpoint::Root(root)) => Some((Route::Root(root.clone()), origin())),
                    None => None,
                }
            }
            Layer::Section => match self.config.profile(self.profile) {
                None => None,
                Some(p) => {
                    let origin = || Origin::ProfileSection(self.profile.to_owned());
                    one_host(p.endpoint.clone().map(|v| (v, origin())))?
                        .or(own(service_host(&p.endpoints).map(|v| (v, origin())))?)
                        .or(root(p.root_domain.clone().map(|v| (v, origin())))?)
                }
            },
            Layer::Top => {
                let c = self.config;
                one_host(Self::top(c.endpoint.clone()))?
                    .or(own(Self::top(service_host(&c.endpoints)))?)
                    .or(root(Self::top(c.root_domain.clone()))?)
            }
        };
        Ok(found)
    }

    /// Every service's route.
    pub fn routes(&self) -> Result<BTreeMap<&'static str, Setting<Route>>, ConfigError> {
        SERVICES.iter().map(|service| Ok((*service, self.route(service)?))).collect()
    }

    pub fn role_duration_secs(&self) -> Result<Setting<u32>, ConfigError> {
        let found = self.first(|layer| {
            Ok(match layer {
                Layer::Flag => Self::flag(&self.flags.role_duration_secs, "--role-duration"),
                Layer::Env => match self.env(ASSUME_ROLE_DURATION_VAR) {
                    None => None,
                    Some((text, origin)) => Some((parse_duration(&text)?, origin)),
                },
                Layer::Tccli => None,
                Layer::Section => self.section(|p| p.role_duration_secs),
                Layer::Top => Self::top(self.config.role_duration_secs),
            })
        })?;
        Ok(found.unwrap_or_else(|| Setting::new(crate::api::sts::DEFAULT_DURATION_SECS, Origin::Default)))
    }

    /// A role the credential found assumes: `--role-arn`, else Terraform's
    /// `TENCENTCLOUD_ASSUME_ROLE_ARN` + `_SESSION_NAME` (+ `_EXTERNAL_ID`). Half of the
    /// variables is refused: acting as the raw key instead of the role is the unsafe reading.
    pub fn role(&self) -> Result<Option<Setting<RoleChoice>>, ConfigError> {
        if let Some(arn) = self.flags.role_arn.clone().filter(|a| !a.is_empty()) {
            let session = self.flags.role_session_name.clone();
            return Ok(Some(Setting::new(
                RoleChoice { arn, session, external_id: None },
                Origin::Flag("--role-arn"),
            )));
        }
        let arn = self.env(ASSUME_ROLE_ARN_VAR).map(|(v, _)| v);
        let session = self.env(ASSUME_ROLE_SESSION_VAR).map(|(v, _)| v);
        let external_id = self.env(ASSUME_ROLE_EXTERNAL_ID_VAR).map(|(v, _)| v);
        match (arn, session) {
            (None, None) if external_id.is_none() => Ok(None),
            (Some(arn), Some(session)) => {
                let bad = |name, problem: String| ConfigError::Variable {
                    name,
                    problem: format!("is wrong: {problem}"),
                };
                crate::credentials::check_role_arn(&arn).map_err(|p| bad(ASSUME_ROLE_ARN_VAR, p))?;
                crate::credentials::check_session_name(&session)
                    .map_err(|p| bad(ASSUME_ROLE_SESSION_VAR, p))?;
                if let Some(id) = &external_id {
                    check_external_id(id).map_err(|p| bad(ASSUME_ROLE_EXTERNAL_ID_VAR, p))?;
                }
                let role = RoleChoice { arn, session: Some(session), external_id };
                Ok(Some(Setting::new(role, Origin::Env(ASSUME_ROLE_ARN_VAR))))
            }
            (Some(_), None) => Err(half_role(ASSUME_ROLE_ARN_VAR, ASSUME_ROLE_SESSION_VAR)),
            (None, _) if external_id.is_some() => {
                Err(half_role(ASSUME_ROLE_EXTERNAL_ID_VAR, ASSUME_ROLE_ARN_VAR))
            }
            (None, _) => Err(half_role(ASSUME_ROLE_SESSION_VAR, ASSUME_ROLE_ARN_VAR)),
        }
    }

    /// Accounts an operation may change; empty: any. `[profiles.NAME]` replaces the top level.
    pub fn allowed_accounts(&self) -> Setting<Vec<String>> {
        self.account_list(|p| p.allowed_accounts.clone(), &self.config.allowed_accounts)
    }

    /// Accounts no operation may change (Terraform's `forbidden_account_ids`).
    pub fn forbidden_accounts(&self) -> Setting<Vec<String>> {
        self.account_list(|p| p.forbidden_account_ids.clone(), &self.config.forbidden_account_ids)
    }

    fn account_list(
        &self,
        pick: impl FnOnce(&ProfileConfig) -> Option<Vec<String>>,
        top: &[String],
    ) -> Setting<Vec<String>> {
        let found = self.section(pick).or_else(|| Self::top(Some(top.to_vec()).filter(|t| !t.is_empty())));
        let (value, origin) = found.unwrap_or((Vec::new(), Origin::Default));
        Setting::new(value, origin)
    }

    /// `--proxy`, else `proxy` in the config file; None: the proxy variables (`HTTPS_PROXY`…),
    /// which the HTTP client reads itself so that `NO_PROXY` applies as curl applies it.
    pub fn proxy(&self) -> Option<Setting<String>> {
        let found = Self::flag(&self.flags.proxy, "--proxy")
            .or_else(|| self.section(|p| p.proxy.clone()))
            .or_else(|| Self::top(self.config.proxy.clone()))?;
        Some(Setting::new(found.0, found.1))
    }

    pub fn ca_bundle(&self) -> Option<Setting<PathBuf>> {
        let found = Self::flag(&self.flags.ca_bundle, "--ca-bundle")
            .or_else(|| self.section(|p| p.ca_bundle.clone()))
            .or_else(|| Self::top(self.config.ca_bundle.clone()))?;
        Some(Setting::new(found.0, found.1))
    }
}

/// Every setting in effect, each with its origin: what `tceni config` shows and what the
/// clients are built from. Resolved once per command.
#[derive(Debug, Clone)]
pub struct Settings {
    pub profile: Setting<String>,
    /// Named on purpose: its files outrank the environment, and the environment's key is never
    /// used for it.
    pub profile_explicit: bool,
    /// Without the command's own `--region`.
    pub region: Option<Setting<String>>,
    /// Where a service with no host of its own goes.
    pub general_route: Setting<Route>,
    pub routes: BTreeMap<&'static str, Setting<Route>>,
    /// None: the proxy variables of the environment (or none).
    pub proxy: Option<Setting<String>>,
    pub ca_bundle: Option<Setting<PathBuf>>,
    pub role: Option<Setting<RoleChoice>>,
    pub role_duration_secs: Setting<u32>,
    pub allowed_accounts: Setting<Vec<String>>,
    pub forbidden_accounts: Setting<Vec<String>>,
}

impl Layers<'_> {
    /// Everything, or the first setting that cannot be used.
    pub fn settings(&self, profile: Setting<String>) -> Result<Settings, ConfigError> {
        Ok(Settings {
            profile,
            profile_explicit: self.profile_explicit,
            region: self.region()?,
            general_route: self.general_route()?,
            routes: self.routes()?,
            proxy: self.proxy(),
            ca_bundle: self.ca_bundle(),
            role: self.role()?,
            role_duration_secs: self.role_duration_secs()?,
            allowed_accounts: self.allowed_accounts(),
            forbidden_accounts: self.forbidden_accounts(),
        })
    }
}

/// An external ID as sts takes it: 2–128 of letters, digits and `_+=,.@:/-`.
fn check_external_id(id: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c);
    match (2..=128).contains(&id.len()) && id.chars().all(allowed) {
        true => Ok(()),
        false => Err("an external ID is 2 to 128 letters, digits or _+=,.@:/-".into()),
    }
}

fn half_role(present: &'static str, missing: &'static str) -> ConfigError {
    ConfigError::Variable {
        name: present,
        problem: format!("is set but {missing} is not: set both to assume the role, or unset {present}"),
    }
}

fn parse_duration(text: &str) -> Result<u32, ConfigError> {
    let max = crate::api::sts::MAX_DURATION_SECS;
    match text.parse::<u32>() {
        Ok(secs) if (1..=max).contains(&secs) => Ok(secs),
        _ => Err(ConfigError::Variable {
            name: ASSUME_ROLE_DURATION_VAR,
            problem: format!("is not a number of seconds from 1 to {max}: set e.g. 7200, or unset it"),
        }),
    }
}

fn endpoint_name(origin: &Origin) -> String {
    match origin {
        Origin::Flag(flag) => flag.to_string(),
        Origin::Env(name) => name.to_string(),
        other => format!("endpoint in {other}"),
    }
}

fn domain_name(origin: &Origin) -> String {
    match origin {
        Origin::Flag(flag) => flag.to_string(),
        Origin::Env(name) => name.to_string(),
        other => format!("root_domain in {other}"),
    }
}

/// An endpoint as written (`vpc.tencentcloudapi.com`, `http://127.0.0.1:8080/`) as
/// `scheme://host[:port]`: a bare host means HTTPS. The problem never repeats a password.
pub fn endpoint_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let url = if text.contains("://") { text.to_owned() } else { format!("https://{text}") };
    crate::api::client::check_endpoint(&url).map_err(|e| e.to_string())?;
    Ok(url.trim_end_matches('/').to_owned())
}

/// The service whose own host this is (`https://vpc.tencentcloudapi.com` → `vpc`), if any.
fn service_of(url: &str) -> Option<&'static str> {
    let host = url.split("://").nth(1)?.split([':', '/']).next()?;
    let (first, rest) = host.split_once('.')?;
    // An IP address or `localhost` is nobody's own host.
    if !rest.contains('.') || host.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    SERVICES.into_iter().find(|s| *s == first)
}

/// A root domain: a host name without scheme, path or port.
pub fn check_domain(what: &str, value: &str) -> Result<String, ConfigError> {
    let value = value.trim().trim_end_matches('.').to_ascii_lowercase();
    let label_ok = |l: &str| {
        !l.is_empty() && !l.starts_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if value.contains('.') && value.split('.').all(label_ok) {
        Ok(value)
    } else {
        Err(ConfigError::Domain { what: what.to_owned(), value: value.chars().take(80).collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tceni config --output json` names each setting's layer; the texts are output, never
    /// renamed. The language's origin (its own type) names the same layers.
    #[test]
    fn origins_name_their_layers() {
        let layers: Vec<&str> = [
            Origin::Flag("--region"),
            Origin::Env("TENCENTCLOUD_REGION"),
            Origin::Tccli("~/.tccli/default.configure".into()),
            Origin::ProfileSection("ops".into()),
            Origin::ConfigFile,
            Origin::Default,
        ]
        .iter()
        .map(Origin::layer)
        .collect();
        assert_eq!(layers, ["flag", "env", "tccli", "profile", "config", "default"]);
        use crate::i18n::Origin as Language;
        let layers: Vec<&str> = [
            Language::Flag,
            Language::Env,
            Language::Locale { var: "LANG", value: "zh_CN.UTF-8".into() },
            Language::Tccli { profile: "default".into() },
            Language::ConfigProfile { profile: "ops".into() },
            Language::ConfigTop,
            Language::System { value: "zh-CN".into() },
            Language::Default,
        ]
        .iter()
        .map(Language::layer)
        .collect();
        assert_eq!(layers, ["flag", "env", "env", "tccli", "profile", "config", "default", "default"]);
        let tags: Vec<&str> = crate::i18n::Language::ALL.iter().map(|l| l.tag()).collect();
        assert_eq!(tags, ["en-US", "zh-CN"], "catalog folders and X-TC-Language values");
    }

    struct World {
        flags: Flags,
        env: Vec<(&'static str, &'static str)>,
        tccli: TccliConfigure,
        config: Config,
    }

    impl World {
        fn new(config: &str) -> Self {
            World {
                flags: Flags::default(),
                env: Vec::new(),
                tccli: TccliConfigure::default(),
                config: toml::from_str(config).unwrap(),
            }
        }

        fn ask<T>(&self, profile: &str, explicit: bool, ask: impl FnOnce(&Layers<'_>) -> T) -> T {
            let env = |name: &str| self.env.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string());
            let layers = Layers {
                flags: &self.flags,
                env: &env,
                tccli: &self.tccli,
                config: &self.config,
                profile,
                profile_explicit: explicit,
            };
            ask(&layers)
        }
    }

    #[test]
    fn a_profile_section_beats_the_top_level_for_its_profile_only() {
        let w = World::new(
            "region = 'ap-guangzhou'\nallowed_accounts = ['1']\n[profiles.prod]\nregion = 'ap-shanghai'\nallowed_accounts = ['2']\n[profiles.prod.endpoints]\nvpc = 'vpc.internal.tencentcloudapi.com'\n",
        );
        let region = w.ask("prod", false, |l| l.region().unwrap().unwrap());
        assert_eq!(
            (region.value.as_str(), region.origin),
            ("ap-shanghai", Origin::ProfileSection("prod".into()))
        );
        assert_eq!(w.ask("prod", false, |l| l.allowed_accounts().value), ["2"]);
        let vpc = w.ask("prod", false, |l| l.route("vpc").unwrap());
        assert_eq!(vpc.value, Route::Url("https://vpc.internal.tencentcloudapi.com".into()));
        assert_eq!(w.ask("dev", false, |l| l.region().unwrap().unwrap().origin), Origin::ConfigFile);
        assert_eq!(w.ask("dev", false, |l| l.allowed_accounts().value), ["1"]);
        assert_eq!(w.ask("dev", false, |l| l.route("vpc").unwrap().origin), Origin::Default);
    }

    #[test]
    fn a_higher_layer_wins_whatever_its_scope() {
        let mut w = World::new("[endpoints]\nvpc = 'vpc.example.net'\n");
        w.env.push((DOMAIN_VAR, "intl.tencentcloudapi.com"));
        let vpc = w.ask("default", false, |l| l.route("vpc").unwrap());
        assert_eq!(
            (vpc.value, vpc.origin),
            (Route::Root("intl.tencentcloudapi.com".into()), Origin::Env(DOMAIN_VAR))
        );
        w.flags.endpoint = Some("http://127.0.0.1:9".into());
        assert_eq!(
            w.ask("default", false, |l| l.route("cvm").unwrap().value),
            Route::Url("http://127.0.0.1:9".into())
        );
    }

    #[test]
    fn an_endpoint_at_one_service_s_host_is_that_service_s_only_and_bare_means_https() {
        let mut w = World::new("");
        w.flags.endpoint = Some("vpc.tencentcloudapi.com".into());
        let (vpc, cvm) = w.ask("default", false, |l| (l.route("vpc").unwrap(), l.route("cvm").unwrap()));
        assert_eq!(
            (vpc.value, vpc.origin),
            (Route::Url("https://vpc.tencentcloudapi.com".into()), Origin::Flag("--endpoint"))
        );
        assert_eq!(cvm.origin, Origin::Default);
        assert_eq!(service_of("http://127.0.0.1:8080"), None);
        assert_eq!(service_of("https://sts.internal.tencentcloudapi.com"), Some("sts"));
    }

    #[test]
    fn an_explicit_profile_s_files_outrank_the_environment() {
        let mut w = World::new("[profiles.prod]\nregion = 'ap-shanghai'\n");
        w.env.push((REGION_VAR, "ap-guangzhou"));
        assert_eq!(w.ask("prod", true, |l| l.region().unwrap().unwrap().value), "ap-shanghai");
        assert_eq!(w.ask("prod", false, |l| l.region().unwrap().unwrap().value), "ap-guangzhou");
    }

    #[test]
    fn half_an_assume_role_pair_is_refused_naming_the_missing_variable() {
        let mut w = World::new("");
        w.env.push((ASSUME_ROLE_ARN_VAR, "qcs::cam::uin/1:roleName/ops"));
        let err = w.ask("default", false, |l| l.role().unwrap_err().to_string());
        assert!(err.contains(ASSUME_ROLE_SESSION_VAR), "{err}");
        w.env.push((ASSUME_ROLE_SESSION_VAR, "tf"));
        w.env.push((ASSUME_ROLE_EXTERNAL_ID_VAR, "ext-1"));
        let role = w.ask("default", false, |l| l.role().unwrap().unwrap());
        assert_eq!(role.value.external_id.as_deref(), Some("ext-1"));
        // Garbage is refused here, not sent to sts.
        w.env[0].1 = "not an arn";
        let err = w.ask("default", false, |l| l.role().unwrap_err().to_string());
        assert!(err.starts_with("TENCENTCLOUD_ASSUME_ROLE_ARN is wrong"), "{err}");
    }

    #[test]
    fn domains_are_host_names() {
        assert_eq!(check_domain("x", "Intl.TencentCloudAPI.com.").unwrap(), "intl.tencentcloudapi.com");
        for bad in ["https://x.com", "x.com/path", "localhost", "a..b", "x.com:443", ""] {
            assert!(check_domain("x", bad).is_err(), "{bad}");
        }
    }
}
