//! The command line: clap definitions; each subcommand hands off to its module. The same
//! attach workflow runs here as in the TUI.

mod attach;
mod context;
mod credentials;
mod history;
mod regions;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use context::Context;

pub mod exit;

#[derive(Debug, Parser)]
#[command(
    name = "tceni",
    version,
    about = "Attach a Tencent Cloud elastic network interface to a CVM instance"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub tui: TuiArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Credential profile (keyring entry, ~/.tccli/<profile>.credential).
    #[arg(long, global = true, env = "TCENI_PROFILE")]
    pub profile: Option<String>,
    /// Send every call to this `scheme://host[:port]` (the sandbox, a private endpoint).
    #[arg(long, global = true, env = "TCENI_ENDPOINT")]
    pub endpoint: Option<String>,
    /// Where the history lives (default: $XDG_DATA_HOME/tceni).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Language of the service's messages.
    #[arg(long, global = true, value_parser = ["en-US", "zh-CN"])]
    pub language: Option<String>,
    /// Seconds to wait for a connection.
    #[arg(long, global = true, hide = true)]
    pub connect_timeout: Option<u64>,
    /// Seconds to wait for one whole call.
    #[arg(long, global = true)]
    pub timeout: Option<u64>,
    /// Milliseconds before the first task poll (then ×1.5 up to 5 s); for tests and demos.
    #[arg(long, global = true, hide = true)]
    pub poll_interval_ms: Option<u64>,
}

/// Flags of the terminal app (`tceni` with no subcommand).
#[derive(Debug, Clone, Args)]
pub struct TuiArgs {
    /// Open against a built-in sandbox with demo credentials: no account needed.
    #[arg(long)]
    pub demo: bool,
    /// Region to open with.
    #[arg(long)]
    pub region: Option<String>,
    /// ENI to prefill (eni-xxxxxxxx).
    #[arg(long)]
    pub eni: Option<String>,
    /// Instance to prefill (ins-xxxxxxxx).
    #[arg(long)]
    pub instance: Option<String>,
    /// Show everything, send nothing.
    #[arg(long)]
    pub read_only: bool,
    /// Colour theme.
    #[arg(long, value_parser = ["dark", "light", "terminal"])]
    pub theme: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Attach an ENI to an instance (preflight, confirm, send, follow the task).
    Attach(attach::AttachArgs),
    /// Detach an ENI from an instance (the undo of attach).
    Detach(attach::DetachArgs),
    /// Move a secondary ENI (and its IPs) from one instance to another in one call.
    Move(attach::MoveArgs),
    /// Show the record of past calls.
    History(history::HistoryArgs),
    /// List regions (built-in catalog, or live with --refresh).
    Regions(regions::RegionsArgs),
    /// Store, show or delete the key in the OS keyring.
    Credentials(credentials::CredentialsArgs),
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Run the local API emulator (signature-verifying) for demos and tests.
    Sandbox(crate::sandbox::SandboxArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

pub async fn run(cli: Cli) -> color_eyre::Result<i32> {
    let Cli { global, tui, command } = cli;
    match command {
        Some(Command::Attach(args)) => attach::run_attach(&global, args).await,
        Some(Command::Detach(args)) => attach::run_detach(&global, args).await,
        Some(Command::Move(args)) => attach::run_move(&global, args).await,
        Some(Command::History(args)) => history::run(&global, args).await,
        Some(Command::Regions(args)) => regions::run(&global, args).await,
        Some(Command::Credentials(args)) => credentials::run(&global, args),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "tceni", &mut std::io::stdout());
            Ok(exit::OK)
        }
        Some(Command::Sandbox(args)) => {
            crate::sandbox::run_cli(args).await?;
            Ok(exit::OK)
        }
        None => run_tui(&global, tui).await,
    }
}

/// The terminal app. `--demo` serves the sandbox in this process and signs in with its demo
/// credentials, so a newcomer sees the whole flow with no account.
async fn run_tui(global: &GlobalArgs, args: TuiArgs) -> color_eyre::Result<i32> {
    let already_demo = args.demo;
    let exit = open_tui(global, args.clone()).await?;
    if exit.open_demo && !already_demo {
        // Asked for from the "no credential" dialog: reopen on the built-in sandbox.
        let exit = open_tui(global, TuiArgs { demo: true, ..args }).await?;
        return Ok(exit.code);
    }
    Ok(exit.code)
}

async fn open_tui(global: &GlobalArgs, args: TuiArgs) -> color_eyre::Result<crate::tui::Exit> {
    let ctx = Context::load(global)?;
    let mut client_config = ctx.client_config();
    let (credential, _sandbox) = if args.demo {
        let sandbox = crate::sandbox::Sandbox::start(crate::sandbox::SandboxConfig::default()).await?;
        client_config.endpoint_override = Some(sandbox.url());
        let demo = crate::credentials::Credential::new(
            crate::sandbox::DEMO_SECRET_ID,
            crate::sandbox::DEMO_SECRET_KEY,
            None,
        );
        (Ok(crate::credentials::Resolved::sandbox_demo(demo)), Some(sandbox))
    } else {
        (ctx.credentials(), None)
    };
    let (credential, credential_problem) = match credential {
        Ok(resolved) => (Some(resolved), None),
        Err(crate::credentials::CredentialsError::NotFound { .. }) => (None, None),
        Err(broken) => (None, Some(broken.to_string())),
    };
    let env = |name: &str| std::env::var(name).ok();
    let (profile, _) = crate::credentials::choose_profile(ctx.profile().as_deref(), &env);
    let theme = match args.theme.as_deref().or(ctx.config.theme.as_deref()) {
        Some("light") => crate::tui::Theme::Light,
        Some("terminal") => crate::tui::Theme::Terminal,
        _ => crate::tui::Theme::Dark,
    };
    // An explicit region (flag, config) opens the form; otherwise the region list opens with the
    // last region used (the newest history row) preselected, so nobody acts in a region by habit.
    let region = args
        .region
        .clone()
        .or_else(|| ctx.config.region.clone())
        .or_else(|| args.demo.then(|| "ap-guangzhou".into()));
    // `--region gz` opens ap-guangzhou; a region that names none is refused before the app opens.
    let region = match region.as_deref().map(crate::catalog::resolve_region_id).transpose() {
        Ok(region) => region,
        Err(e) => {
            eprintln!("tceni: {e}");
            return Ok(crate::tui::Exit { code: exit::INVALID_INPUT, message: None, open_demo: false });
        }
    };
    let setup = crate::tui::Setup {
        client_config,
        credential,
        // The demo keeps its own history, so sandbox rows never mix with real ones.
        history_path: if args.demo {
            ctx.data_dir().join("demo-history.sqlite3")
        } else {
            ctx.history_path()
        },
        region,
        eni: args.eni,
        instance: args.instance,
        read_only: args.read_only,
        sandbox: args.demo,
        theme,
        keymap_overrides: ctx.config.keys.clone(),
        last_region: last_used_region(ctx.history_path()).await.or_else(|| ctx.region(None)),
        poll: ctx.poll_policy(None),
        profile,
        credential_problem,
    };
    crate::tui::run(setup).await
}

/// The region of the newest history row, read once before the app starts.
async fn last_used_region(path: std::path::PathBuf) -> Option<String> {
    let newest = tokio::task::spawn_blocking(move || {
        let store = crate::history::Store::open(path).ok()?;
        let query = crate::history::HistoryQuery { limit: 1, ..Default::default() };
        store.page(&query).ok()?.into_iter().next().map(|row| row.region)
    });
    newest.await.ok().flatten()
}
