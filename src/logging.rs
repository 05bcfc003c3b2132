//! Logs go to a file in the state dir, never to stdout or stderr (they would corrupt the TUI and
//! the JSON output). No secret ever reaches a log line: only masked IDs are logged anywhere.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Start logging to `<state_dir>/tceni.log` at the level in `TCENI_LOG` (default `info`).
/// Returns the log file's path; logging is best-effort and never stops the app.
pub fn init(state_dir: &Path) -> Option<PathBuf> {
    crate::paths::create_private_dir(state_dir).ok()?;
    let path = state_dir.join("tceni.log");
    let file = crate::paths::open_private_append(&path).ok()?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("TCENI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(path)
}
