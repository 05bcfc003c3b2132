//! The config file (`config.toml` in the config dir). Every key is optional; flags win over it.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const DEFAULT_CONFIG: &str = include_str!("../assets/default-config.toml");

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
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    /// One line: the file, where in it, and what is wrong.
    #[error("{path} is not valid: line {line}, column {column}: {message}")]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
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
}
