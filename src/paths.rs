//! Where tceni keeps its files: XDG data, state and config dirs, each overridable.

use std::path::PathBuf;

/// History lives here: `$TCENI_DATA_DIR`, else `$XDG_DATA_HOME/tceni`, else the platform's data dir.
pub fn data_dir() -> PathBuf {
    dir_from("TCENI_DATA_DIR", "XDG_DATA_HOME", dirs::data_dir)
}

/// Logs live here: `$TCENI_STATE_DIR`, else `$XDG_STATE_HOME/tceni`, else the platform's state dir.
pub fn state_dir() -> PathBuf {
    dir_from("TCENI_STATE_DIR", "XDG_STATE_HOME", || dirs::state_dir().or_else(dirs::data_local_dir))
}

/// The config file lives here: `$TCENI_CONFIG_DIR`, else `$XDG_CONFIG_HOME/tceni`, else the platform's.
pub fn config_dir() -> PathBuf {
    dir_from("TCENI_CONFIG_DIR", "XDG_CONFIG_HOME", dirs::config_dir)
}

fn dir_from(own: &str, xdg: &str, platform: impl FnOnce() -> Option<PathBuf>) -> PathBuf {
    if let Some(dir) = non_empty_env(own) {
        return PathBuf::from(dir);
    }
    let base = non_empty_env(xdg).map(PathBuf::from).or_else(platform).unwrap_or_else(|| PathBuf::from("."));
    base.join("tceni")
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
