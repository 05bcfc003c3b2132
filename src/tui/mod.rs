//! The terminal app, in The Elm Architecture.
//!
//! * [`model`]: plain data, the whole state of the screen.
//! * [`update::update`]: `(&mut Model, Msg) -> Vec<Effect>`, the only place state changes; no I/O.
//! * [`view::draw`]: `(&Model, &mut Frame)`, pure.
//! * [`workers`]: the one runtime. Effects run as tokio tasks whose handles it keeps (aborted
//!   when the app ends) and report back as [`Msg`] on one channel; each is handed what it needs
//!   from the runtime's [`workers::Handles`] (client, caller, history). No message carries a
//!   client.
//! * [`app`]: the loop: it drains the channel, updates, hands effects to the runtime, and draws
//!   once per burst (and on its 100 ms tick while a run is live or the confirm dwell runs).

pub mod app;
pub mod keymap;
pub(crate) mod layout;
pub mod model;
pub mod msg;
pub(crate) mod terminal;
pub(crate) mod theme;
pub mod update;
pub mod view;
pub mod workers;

#[cfg(test)]
mod testdata;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use app::run;
pub use model::Exit;
pub use msg::{Effect, Msg};
pub use theme::Theme;

use crate::api::ClientConfig;
use crate::attach::PollPolicy;
use crate::credentials::Resolved;

/// Everything the app needs to start, filled by the command line.
#[derive(Debug, Clone)]
pub struct Setup {
    /// With the endpoint override already set for the demo / `--endpoint`.
    pub client_config: ClientConfig,
    /// None opens the credentials dialog.
    pub credential: Option<Resolved>,
    /// Where `credential` came from; the client asks it before each call, so a temporary key
    /// is refreshed. None: `credential` is used as it is.
    pub provider: Option<std::sync::Arc<crate::credentials::CredentialProvider>>,
    pub history_path: PathBuf,
    pub region: Option<String>,
    pub eni: Option<String>,
    pub instance: Option<String>,
    /// Show everything, send nothing.
    pub read_only: bool,
    /// Show the SANDBOX badge.
    pub sandbox: bool,
    pub theme: Theme,
    /// Action name → key, from the config file (see [`keymap`]).
    pub keymap_overrides: BTreeMap<String, String>,
    pub last_region: Option<String>,
    pub poll: PollPolicy,
    /// The profile asked for (`--profile`), so a key stored from the dialog lands there.
    pub profile: String,
    /// Why the credential chain failed, when it was not simply "nothing found" (a broken source).
    pub credential_problem: Option<String>,
    /// How long the confirm pane's verdicts stay on screen before a key that sends is honoured
    /// (config `confirm_dwell_ms`).
    pub confirm_dwell: std::time::Duration,
    /// The accounts an operation may change (`allowed_accounts`); empty: any.
    pub allowed_accounts: Vec<String>,
    /// How far back the confirm pane looks for others' changes (config
    /// `activity_window_mins`; 0: it does not look).
    pub activity_window: std::time::Duration,
    /// The accounts no operation may change (`forbidden_account_ids`).
    pub forbidden_accounts: Vec<String>,
    /// Where the Runbooks pane looks for runbooks (`<config dir>/runbooks`).
    pub runbook_dir: PathBuf,
    /// `--runbook FILE`: listed too, and the app opens on the Runbooks pane.
    pub runbook: Option<PathBuf>,
    /// Where undo runbooks and apply locks go (beside the history).
    pub data_dir: PathBuf,
}

/// The default of [`Setup::confirm_dwell`]: long enough to see what changed, short enough
/// not to slow an operator who did read it.
pub const CONFIRM_DWELL: std::time::Duration = std::time::Duration::from_millis(300);

impl Default for Setup {
    fn default() -> Self {
        Setup {
            client_config: ClientConfig::default(),
            credential: None,
            provider: None,
            history_path: crate::history::Store::default_path(),
            region: None,
            eni: None,
            instance: None,
            read_only: false,
            sandbox: false,
            theme: Theme::default(),
            keymap_overrides: BTreeMap::new(),
            last_region: None,
            poll: PollPolicy::default(),
            profile: crate::credentials::DEFAULT_PROFILE.to_string(),
            credential_problem: None,
            confirm_dwell: CONFIRM_DWELL,
            allowed_accounts: Vec::new(),
            activity_window: crate::activity::DEFAULT_WARN_WINDOW,
            forbidden_accounts: Vec::new(),
            runbook_dir: crate::paths::config_dir().join("runbooks"),
            runbook: None,
            data_dir: crate::paths::data_dir(),
        }
    }
}

#[cfg(test)]
mod layering {
    use std::path::Path;

    /// The code lines (comments left out) of the product files of `src/tui/<dir>` (test files
    /// left out) that name `needle`.
    fn naming(dir: &str, needle: &str) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui").join(dir);
        let mut found = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if path.is_dir() {
                    dirs.push(path);
                } else if name != "tests.rs" && !name.ends_with("_tests.rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
                    found
                        .extend(code.filter(|l| l.contains(needle)).map(|l| format!("{name}: {}", l.trim())));
                }
            }
        }
        found
    }

    /// State changes in `update`, drawing is `view`: neither calls the other, and the model
    /// calls neither (what both need, like how far a pane scrolls, is in the model). None of the
    /// three waits on anything: the runtime (`workers`) does the I/O and answers with messages.
    #[test]
    fn update_and_view_never_call_each_other() {
        assert_eq!(naming("update", "view::"), Vec::<String>::new(), "update calls view");
        assert_eq!(naming("view", "update::"), Vec::<String>::new(), "view calls update");
        for needle in ["view::", "update::"] {
            assert_eq!(naming("model", needle), Vec::<String>::new(), "the model calls {needle}");
        }
        for dir in ["model", "update", "view"] {
            assert_eq!(naming(dir, ".await"), Vec::<String>::new(), "{dir} waits on I/O");
        }
    }
}
