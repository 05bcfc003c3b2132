//! The built binary with nothing of this machine's environment: its own home, data, state and
//! config directories under one temp dir, no OS keyring, and the metadata service a closed port
//! (so the CVM role is never found by accident).

use std::path::Path;
use std::process::{Command, Stdio};

/// `tceni args…` isolated under `dir` (its home is `dir/home`).
pub fn tceni(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tceni"));
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir.join("home"))
        .env("TCENI_DATA_DIR", dir.join("data"))
        .env("TCENI_STATE_DIR", dir.join("state"))
        .env("TCENI_CONFIG_DIR", dir.join("config"))
        .env("TCENI_KEYRING", "off")
        .env("TCENI_METADATA_URL", "http://127.0.0.1:9")
        .env("TCENI_SYSTEM_CONFIG_DIR", dir.join("etc"))
        .stdin(Stdio::null());
    cmd
}
