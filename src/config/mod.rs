//! Settings: the config file (`config.toml` in the config dir), tccli's profile configuration
//! (`~/.tccli/<profile>.configure`) and the one order in which they, the environment and the
//! flags are asked ([`Layers`]), each answer carrying where it came from ([`Origin`]).
//!
//! # Order (the same for every setting)
//!
//! flag > environment > tccli profile file > `config.toml` `[profiles.NAME]` > `config.toml`
//! top level > built-in default. With a profile named explicitly (`--profile`,
//! `TCENI_PROFILE`, config `profile`), that profile's own files (tccli's, `[profiles.NAME]`)
//! come before the environment, as tccli does. The README has the table.

mod settings;
mod tccli;

pub use settings::{Flags, Layers, Origin, Route, Setting, Settings, check_domain};
pub use tccli::{TccliConfigure, TccliEndpoint};

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::local_file::{self, LocalFileError};

/// The services whose host can be set one by one (`[endpoints]`, tccli's `<service>.endpoint`,
/// an `--endpoint` at one service's host).
pub const SERVICES: [&str; 5] = ["vpc", "cvm", "sts", "region", "cloudaudit"];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Region used when no `--region` is given.
    pub region: Option<String>,
    /// `scheme://host[:port]` that replaces every service endpoint.
    pub endpoint: Option<String>,
    /// `en-US` (default) or `zh-CN`: the language of the service's error messages.
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
    /// Operations on these accounts are refused before sending (Terraform's name).
    pub forbidden_account_ids: Vec<String>,
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
    /// How far back (minutes) the confirm pane looks for others' changes to the ENI and its
    /// instances in the account's audit trail (default 60; 0: it does not look).
    pub activity_window_mins: Option<u64>,
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
    pub forbidden_account_ids: Option<Vec<String>>,
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
    pub cloudaudit: Option<String>,
}

impl Endpoints {
    pub fn get(&self, service: &str) -> Option<&String> {
        match service {
            "vpc" => self.vpc.as_ref(),
            "cvm" => self.cvm.as_ref(),
            "sts" => self.sts.as_ref(),
            "region" => self.region.as_ref(),
            "cloudaudit" => self.cloudaudit.as_ref(),
            _ => None,
        }
    }
}

/// A setting that cannot be used: one line naming where it came from, what is wrong and how to
/// fix it. Nothing is sent after one (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}", crate::tr!("err-config-read", path = path.display().to_string(), reason = reason.to_string()))]
    Read { path: PathBuf, reason: LocalFileError },
    /// One line: the file, where in it, and what is wrong.
    #[error("{}", crate::tr!("err-config-parse", path = path.display().to_string(), line = *line, column = *column, message = message.as_str()))]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
    #[error("{}", crate::tr!("err-config-tccli", file = shown.as_str(), reason = reason.as_str()))]
    Tccli { shown: String, reason: String },
    #[error("{}", crate::tr!("err-config-domain", what = what.as_str(), value = format!("{value:?}")))]
    Domain { what: String, value: String },
    /// An endpoint that is not `[https://]host[:port]`; `problem` never holds a password.
    #[error("{}", crate::tr!("err-config-endpoint", what = what.as_str(), problem = problem.as_str()))]
    Endpoint { what: String, problem: String },
    /// A setting that names something unusable (a CA bundle that is not PEM, not a file…).
    #[error("{what}: {problem}")]
    Unusable { what: String, problem: String },
    /// An environment variable whose value cannot be used.
    #[error("{name} {problem}")]
    Variable { name: &'static str, problem: String },
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
        match local_file::read_text(path, local_file::CONFIG_FILE_CAP) {
            Ok(text) => toml::from_str(&text).map_err(|e| ConfigError::parse(path, &text, &e)),
            Err(e) if e.is_missing() => Ok(Config::default()),
            Err(reason) => Err(ConfigError::Read { path: path.to_path_buf(), reason }),
        }
    }

    pub fn profile(&self, name: &str) -> Option<&ProfileConfig> {
        self.profiles.get(name)
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
        let config: Config = toml::from_str(include_str!("../../assets/default-config.toml")).unwrap();
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
}
