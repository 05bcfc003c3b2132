//! Settings: the config file (`config.toml` in the config dir), tccli's profile configuration
//! (`~/.tccli/<profile>.configure`) and the order in which they, the environment and the flags
//! are asked.
//!
//! # Order (the same for every setting)
//!
//! flag > environment > tccli profile file > `config.toml` `[profiles.NAME]` > `config.toml`
//! top level > built-in default. The README has the table, one row per setting; [`Layers`]
//! is where the order lives.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const DEFAULT_CONFIG: &str = include_str!("../assets/default-config.toml");

/// The environment variables read (beside the credential ones).
pub const REGION_VAR: &str = "TENCENTCLOUD_REGION";
pub const DOMAIN_VAR: &str = "TENCENTCLOUD_DOMAIN";

/// The services whose host can be set one by one (`[endpoints]`, tccli's `<service>.endpoint`).
pub const SERVICES: [&str; 4] = ["vpc", "cvm", "sts", "region"];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Region used when no `--region` is given.
    pub region: Option<String>,
    /// `scheme://host[:port]` that replaces every service endpoint.
    pub endpoint: Option<String>,
    /// `en-US` or `zh-CN`: the language tceni speaks and asks the service to answer in.
    pub language: Option<String>,
    pub profile: Option<String>,
    /// `tencentcloudapi.com` (default), `intl.tencentcloudapi.com`, `internal.tencentcloudapi.com`…
    pub root_domain: Option<String>,
    /// One host per service: `vpc = "vpc.internal.tencentcloudapi.com"`.
    pub endpoints: Endpoints,
    /// `DurationSeconds` of assumed roles (default 7200, at most 43200).
    pub role_duration_secs: Option<u32>,
    /// Operations on any other account are refused before sending (empty: any account).
    pub allowed_accounts: Vec<String>,
    /// `http://host:port` or `socks5://host:port` for every API call (loopback never).
    pub proxy: Option<String>,
    /// PEM file of extra CA certificates (a TLS-inspecting proxy), trusted beside the system's.
    pub ca_bundle: Option<PathBuf>,
    pub connect_timeout_secs: Option<u64>,
    pub request_timeout_secs: Option<u64>,
    /// How long to follow the asynchronous task before reporting "outcome unknown".
    pub wait_timeout_secs: Option<u64>,
    /// Requests per second per (action, region); the service's documented limit is 50.
    pub rate_limit: Option<u32>,
    /// `dark`, `light` or `terminal`.
    pub theme: Option<String>,
    /// TUI key remapping: action name → key (see `tceni` `?` for the action names).
    pub keys: BTreeMap<String, String>,
    /// How long the terminal app's confirm verdicts stay on screen before a key that sends is
    /// honoured (default 300).
    pub confirm_dwell_ms: Option<u64>,
    /// Per-profile settings, over the top level for that profile.
    pub profiles: BTreeMap<String, ProfileConfig>,
}

/// `[profiles.NAME]`: what may differ between accounts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProfileConfig {
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub language: Option<String>,
    pub root_domain: Option<String>,
    pub endpoints: Endpoints,
    pub role_duration_secs: Option<u32>,
    pub allowed_accounts: Option<Vec<String>>,
    pub proxy: Option<String>,
    pub ca_bundle: Option<PathBuf>,
}

/// `[endpoints]`: a host (or `scheme://host[:port]`) per service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Endpoints {
    pub vpc: Option<String>,
    pub cvm: Option<String>,
    pub sts: Option<String>,
    pub region: Option<String>,
}

impl Endpoints {
    fn get(&self, service: &str) -> Option<&String> {
        match service {
            "vpc" => self.vpc.as_ref(),
            "cvm" => self.cvm.as_ref(),
            "sts" => self.sts.as_ref(),
            "region" => self.region.as_ref(),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    /// One line: the file, where in it, and what is wrong.
    #[error("{path} is not valid: line {line}, column {column}: {message}")]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
    #[error("{shown} is not valid: {reason}")]
    Tccli { shown: String, reason: String },
    #[error(
        "{what} {value:?} is not a domain name (letters, digits, '-' and '.', e.g. intl.tencentcloudapi.com)"
    )]
    Domain { what: String, value: String },
}

impl ConfigError {
    fn parse(path: &Path, text: &str, error: &toml::de::Error) -> ConfigError {
        let at = error.span().map_or(0, |span| span.start.min(text.len()));
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        // toml's message can span lines; the operator gets one.
        let message = error.message().split_whitespace().collect::<Vec<_>>().join(" ");
        ConfigError::Parse { path: path.to_path_buf(), line, column, message }
    }
}

impl Config {
    pub fn path() -> PathBuf {
        crate::paths::config_dir().join("config.toml")
    }

    /// The config at `path`; a missing file is the empty config.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| ConfigError::parse(path, &text, &e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read { path: path.to_path_buf(), source }),
        }
    }

    fn profile(&self, name: &str) -> Option<&ProfileConfig> {
        self.profiles.get(name)
    }
}

/// What tceni reads of tccli's `~/.tccli/<profile>.configure` (written by `tccli configure`):
/// `_sys_param.region`, `_sys_param.language` and each service's `endpoint`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TccliConfigure {
    pub region: Option<String>,
    pub language: Option<String>,
    /// Service name → host.
    pub endpoints: BTreeMap<String, String>,
}

impl TccliConfigure {
    /// The file of `profile` under `home`; none is the empty configuration.
    pub fn load(home: Option<&Path>, profile: &str) -> Result<TccliConfigure, ConfigError> {
        let Some(home) = home else { return Ok(TccliConfigure::default()) };
        let shown = format!("~/.tccli/{profile}.configure");
        let path = home.join(".tccli").join(format!("{profile}.configure"));
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(TccliConfigure::default()),
            Err(e) => return Err(ConfigError::Tccli { shown, reason: e.to_string() }),
        };
        Self::parse(&text).map_err(|reason| ConfigError::Tccli { shown, reason })
    }

    pub fn parse(text: &str) -> Result<TccliConfigure, String> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("not JSON (line {}, column {})", e.line(), e.column()))?;
        let text_at = |pointer: &str| {
            value
                .pointer(pointer)
                .and_then(|v| v.as_str())
                .filter(|v| !v.trim().is_empty())
                .map(str::to_owned)
        };
        let endpoints = SERVICES
            .iter()
            .filter_map(|service| Some((service.to_string(), text_at(&format!("/{service}/endpoint"))?)))
            .collect();
        Ok(TccliConfigure {
            region: text_at("/_sys_param/region"),
            language: text_at("/_sys_param/language"),
            endpoints,
        })
    }
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
}

/// Every source of a setting, asked in the documented order.
pub struct Layers<'a> {
    pub flags: &'a Flags,
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub tccli: &'a TccliConfigure,
    pub config: &'a Config,
    /// The profile in use (its `[profiles.NAME]` section applies).
    pub profile: &'a str,
}

impl Layers<'_> {
    fn env(&self, name: &str) -> Option<String> {
        (self.env)(name).filter(|v| !v.trim().is_empty())
    }

    /// `[profiles.NAME]`'s value, else the top level's.
    fn file<T: Clone>(&self, pick: impl Fn(&ProfileConfig) -> Option<T>, top: Option<T>) -> Option<T> {
        self.config.profile(self.profile).and_then(pick).or(top)
    }

    pub fn region(&self) -> Option<String> {
        let file = || self.file(|p| p.region.clone(), self.config.region.clone());
        self.flags
            .region
            .clone()
            .or_else(|| self.env(REGION_VAR))
            .or_else(|| self.tccli.region.clone())
            .or_else(file)
    }

    /// The one host for every service (`--endpoint`, `TCENI_ENDPOINT`, `endpoint`).
    pub fn endpoint(&self) -> Option<String> {
        self.flags
            .endpoint
            .clone()
            .or_else(|| self.file(|p| p.endpoint.clone(), self.config.endpoint.clone()))
    }

    pub fn root_domain(&self) -> Result<Option<String>, ConfigError> {
        let (what, value) = match (&self.flags.root_domain, self.env(DOMAIN_VAR)) {
            (Some(flag), _) => ("--root-domain", Some(flag.clone())),
            (None, Some(env)) => (DOMAIN_VAR, Some(env)),
            (None, None) => (
                "root_domain in config.toml",
                self.file(|p| p.root_domain.clone(), self.config.root_domain.clone()),
            ),
        };
        match value {
            Some(domain) => Ok(Some(check_domain(what, &domain)?)),
            None => Ok(None),
        }
    }

    /// Service → host: tccli's `<service>.endpoint`, else `[profiles.NAME.endpoints]`, else
    /// `[endpoints]`.
    pub fn service_endpoints(&self) -> BTreeMap<String, String> {
        let profile = self.config.profile(self.profile).map(|p| &p.endpoints);
        SERVICES
            .iter()
            .filter_map(|service| {
                let host = (self.tccli.endpoints.get(*service))
                    .or_else(|| profile.and_then(|e| e.get(service)))
                    .or_else(|| self.config.endpoints.get(service))?;
                Some((service.to_string(), host.clone()))
            })
            .collect()
    }

    pub fn role_duration_secs(&self) -> Option<u32> {
        self.flags
            .role_duration_secs
            .or_else(|| self.file(|p| p.role_duration_secs, self.config.role_duration_secs))
    }

    /// Empty: any account.
    pub fn allowed_accounts(&self) -> Vec<String> {
        let top = Some(self.config.allowed_accounts.clone()).filter(|a| !a.is_empty());
        self.file(|p| p.allowed_accounts.clone(), top).unwrap_or_default()
    }

    /// `--proxy`, else `proxy` in the config file. The proxy environment variables are read by
    /// the HTTP client itself (so `NO_PROXY` applies to them as curl does).
    pub fn proxy(&self) -> Option<String> {
        self.flags.proxy.clone().or_else(|| self.file(|p| p.proxy.clone(), self.config.proxy.clone()))
    }

    pub fn ca_bundle(&self) -> Option<PathBuf> {
        self.flags
            .ca_bundle
            .clone()
            .or_else(|| self.file(|p| p.ca_bundle.clone(), self.config.ca_bundle.clone()))
    }
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

    #[test]
    fn a_malformed_file_is_one_line_naming_it_and_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "region = \"ap-guangzhou\"\ntheme = [\n").unwrap();
        let text = Config::load(&path).unwrap_err().to_string();
        assert!(!text.contains('\n'), "{text}");
        assert!(text.contains("config.toml is not valid: line 2"), "{text}");
    }

    #[test]
    fn the_shipped_example_config_parses() {
        let config: Config = toml::from_str(DEFAULT_CONFIG).unwrap();
        assert_eq!(config.rate_limit, Some(50));
    }

    #[test]
    fn a_missing_file_is_empty_and_a_typo_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Config::load(&dir.path().join("none.toml")).unwrap().region.is_none());
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "regoin = 'ap-guangzhou'\n").unwrap();
        let err = Config::load(&path).unwrap_err().to_string();
        assert!(err.contains("regoin"), "{err}");
    }

    #[test]
    fn tccli_configure_gives_region_language_and_endpoints() {
        let text = r#"{"_sys_param": {"arrayCount": 10, "output": "json", "region": "ap-singapore", "language": "zh-CN"},
            "cvm": {"endpoint": "cvm.intl.tencentcloudapi.com", "version": "2017-03-12"},
            "vpc": {"endpoint": "", "version": "2017-03-12"}, "cbs": {"endpoint": "cbs.x.com"}}"#;
        let parsed = TccliConfigure::parse(text).unwrap();
        assert_eq!(parsed.region.as_deref(), Some("ap-singapore"));
        assert_eq!(parsed.language.as_deref(), Some("zh-CN"));
        assert_eq!(
            parsed.endpoints.into_iter().collect::<Vec<_>>(),
            [("cvm".into(), "cvm.intl.tencentcloudapi.com".into())]
        );
        assert!(TccliConfigure::parse("{not json").unwrap_err().contains("line 1"));
    }

    #[test]
    fn a_profile_section_beats_the_top_level_for_its_profile_only() {
        let config: Config = toml::from_str(
            "region = 'ap-guangzhou'\nallowed_accounts = ['1']\n[profiles.prod]\nregion = 'ap-shanghai'\nallowed_accounts = ['2']\n[profiles.prod.endpoints]\nvpc = 'vpc.internal.tencentcloudapi.com'\n",
        )
        .unwrap();
        let (flags, tccli) = (Flags::default(), TccliConfigure::default());
        let layers =
            |profile| Layers { flags: &flags, env: &|_| None, tccli: &tccli, config: &config, profile };
        assert_eq!(layers("prod").region().as_deref(), Some("ap-shanghai"));
        assert_eq!(layers("prod").allowed_accounts(), ["2"]);
        assert_eq!(layers("prod").service_endpoints()["vpc"], "vpc.internal.tencentcloudapi.com");
        assert_eq!(layers("dev").region().as_deref(), Some("ap-guangzhou"));
        assert_eq!(layers("dev").allowed_accounts(), ["1"]);
        assert!(layers("dev").service_endpoints().is_empty());
    }

    #[test]
    fn domains_are_host_names() {
        assert_eq!(check_domain("x", "Intl.TencentCloudAPI.com.").unwrap(), "intl.tencentcloudapi.com");
        for bad in ["https://x.com", "x.com/path", "localhost", "a..b", "x.com:443", ""] {
            assert!(check_domain("x", bad).is_err(), "{bad}");
        }
    }
}
