//! The command line: clap definitions; each subcommand hands off to its module. The same
//! attach workflow runs here as in the TUI.

mod activity;
mod attach;
pub mod colour;
mod context;
mod credentials;
pub mod help;
mod history;
mod regions;
mod runbook;
mod runbook_apply;
mod settings;
mod shell;
mod table;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

pub use context::Context;

pub mod exit;

#[derive(Debug, Parser)]
#[command(
    name = "tceni",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("TCENI_BUILD_COMMIT"), ")"),
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
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Send every call, sts included, to this `[scheme://]host[:port]` (the sandbox, a private
    /// endpoint; a bare host is https). One service's host (vpc.…) is that service's only.
    /// Env: TCENI_ENDPOINT.
    #[arg(long, global = true)]
    pub endpoint: Option<String>,
    /// The API's root domain: tencentcloudapi.com (default), intl.tencentcloudapi.com,
    /// internal.tencentcloudapi.com (inside a VPC) or any other (env TENCENTCLOUD_DOMAIN).
    #[arg(long, global = true, value_name = "DOMAIN", value_parser = root_domain)]
    pub root_domain: Option<String>,
    /// Send API calls through this proxy: http://host:port or socks5://host:port (loopback
    /// never goes through it). Default: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, minus NO_PROXY.
    #[arg(long, global = true, value_name = "URL", value_parser = proxy_url)]
    pub proxy: Option<String>,
    /// Also trust the CA certificates in this PEM file (a TLS-inspecting proxy).
    #[arg(long, global = true, value_name = "FILE", value_parser = ca_bundle)]
    pub ca_bundle: Option<PathBuf>,
    /// Where the history lives (default: $XDG_DATA_HOME/tceni).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Language of everything tceni says and of the service's messages: en-US or zh-CN
    /// (default: TCENI_LANGUAGE, tccli's, config.toml's, then the locale's).
    #[arg(long, global = true, value_name = "LANG")]
    pub language: Option<String>,
    /// Use this CVM's CAM role (instance metadata), whatever else is configured.
    #[arg(long, global = true)]
    pub use_cvm_role: bool,
    /// Assume this CAM role (sts AssumeRole) with the credential found, e.g.
    /// qcs::cam::uin/100000000001:roleName/ops.
    #[arg(long, global = true, value_name = "ARN", value_parser = role_arn)]
    pub role_arn: Option<String>,
    /// The session name of --role-arn (default: tceni-<unix time>).
    #[arg(long, global = true, requires = "role_arn", value_name = "NAME", value_parser = session_name)]
    pub role_session_name: Option<String>,
    /// How long assumed-role credentials last, in seconds (default 7200, at most 43200).
    #[arg(long, global = true, value_name = "SECS", value_parser = clap::value_parser!(u32).range(1..=43200))]
    pub role_duration: Option<u32>,
    /// Seconds to wait for a connection (1 to 3600).
    #[arg(long, global = true, hide = true, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub connect_timeout: Option<u64>,
    /// Seconds the whole command may take before the task is followed (credentials, account,
    /// preflight, the send and its retries): 1 to 86400, default 30.
    #[arg(long, global = true, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub timeout: Option<u64>,
    /// Milliseconds before the first task poll (then every 200 ms for 15 s, then ×1.5 up to
    /// 2 s); for tests and demos.
    #[arg(long, global = true, hide = true, value_parser = clap::value_parser!(u64).range(1..=60000))]
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
    /// Open on the Runbooks pane with this runbook listed (besides those in <config dir>/runbooks).
    #[arg(long, value_name = "FILE")]
    pub runbook: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Attach an ENI to an instance (preflight, confirm, send, follow the task).
    Attach(attach::AttachArgs),
    /// Detach an ENI from an instance (the undo of attach).
    Detach(attach::DetachArgs),
    /// Move a secondary ENI (and its IPs) from one instance to another in one call.
    Move(attach::MoveArgs),
    /// Plan or apply a runbook: many moves, attaches and detaches checked whole, confirmed once.
    Runbook(runbook::RunbookArgs),
    /// Show the record of past calls.
    History(history::HistoryArgs),
    /// Show who changed ENIs on the account (its CloudAudit trail), this machine's attempts marked.
    Activity(activity::ActivityArgs),
    /// List regions (built-in catalog, or live with --refresh).
    Regions(regions::RegionsArgs),
    /// Store, show or delete the key in the OS keyring.
    Credentials(credentials::CredentialsArgs),
    /// Every setting in effect and where it came from; `config check` tries them for real.
    Config(settings::ConfigArgs),
    /// Print shell completions (subcommands, flags, region IDs, the profiles found now).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `tceni man | man -l -`.
    Man,
    /// Run the local API emulator (signature-verifying) for demos and tests.
    Sandbox(crate::sandbox::SandboxArgs),
}

/// `--root-domain`: a host name, refused as bad input (exit 2) otherwise.
fn root_domain(value: &str) -> Result<String, String> {
    crate::config::check_domain("--root-domain", value).map_err(|e| e.to_string())
}

/// `--proxy`: a URL a proxy can be reached at (else exit 2; the text never repeats a password).
fn proxy_url(value: &str) -> Result<String, String> {
    crate::api::network::check_proxy(value).map_err(|e| e.to_string())?;
    Ok(value.to_owned())
}

/// `--role-arn`: `qcs::cam::uin/<account>:roleName/<name>`, refused here rather than by sts.
fn role_arn(value: &str) -> Result<String, String> {
    crate::credentials::check_role_arn(value)?;
    Ok(value.to_owned())
}

/// `--role-session-name`: what sts accepts, refused here rather than by sts.
fn session_name(value: &str) -> Result<String, String> {
    crate::credentials::check_session_name(value)?;
    Ok(value.to_owned())
}

/// `--ca-bundle`: a readable PEM file with at least one certificate (else exit 2).
fn ca_bundle(value: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(value);
    crate::api::network::load_ca_bundle(&path).map_err(|e| e.to_string())?;
    Ok(path)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

pub async fn run(cli: Cli) -> color_eyre::Result<i32> {
    let Cli { global, tui, command } = cli;
    crate::i18n::set_for_run(Context::language_for_messages(&global));
    if let Some(code) = refuse_bad_setup(&global, command.as_ref()) {
        return Ok(code);
    }
    match command {
        Some(Command::Attach(args)) => attach::run_attach(&global, args).await,
        Some(Command::Detach(args)) => attach::run_detach(&global, args).await,
        Some(Command::Move(args)) => attach::run_move(&global, args).await,
        Some(Command::Runbook(args)) => runbook::run(&global, args).await,
        Some(Command::History(args)) => history::run(&global, args).await,
        Some(Command::Activity(args)) => activity::run(&global, args).await,
        Some(Command::Regions(args)) => regions::run(&global, args).await,
        Some(Command::Credentials(args)) => credentials::run(&global, args).await,
        Some(Command::Config(args)) => settings::run(&global, args).await,
        Some(Command::Completions { shell }) => {
            shell::completions(shell);
            Ok(exit::OK)
        }
        Some(Command::Man) => {
            shell::man()?;
            Ok(exit::OK)
        }
        Some(Command::Sandbox(args)) => {
            crate::sandbox::run_cli(args).await?;
            Ok(exit::OK)
        }
        None => run_tui(&global, tui).await,
    }
}

/// A config file that does not parse, or an `--endpoint` that is not `scheme://host[:port]`, is
/// invalid input: one line (or a JSON error object), exit 2, nothing sent or recorded.
fn refuse_bad_setup(global: &GlobalArgs, command: Option<&Command>) -> Option<i32> {
    if matches!(command, Some(Command::Completions { .. } | Command::Man | Command::Sandbox(_))) {
        return None;
    }
    // A broken config file, tccli file or setting, or a malformed endpoint: bad input, one
    // line, nothing sent or recorded.
    let problem = match Context::load(global) {
        Err(e) => e.to_string(),
        Ok(ctx) => {
            // A proxy from the config file is checked as `--proxy` is (endpoints and root
            // domains are checked by the settings themselves).
            let proxy = ctx.settings.proxy.as_ref()?;
            crate::api::network::check_proxy(&proxy.value).err()?.to_string()
        }
    };
    let json = match command {
        Some(Command::Attach(a)) => a.run.output,
        Some(Command::Detach(a)) => a.run.output,
        Some(Command::Move(a)) => a.run.output,
        Some(Command::History(a)) => a.output,
        Some(Command::Config(a)) => a.output,
        Some(Command::Runbook(a)) => a.command.output(),
        _ => OutputFormat::Text,
    } == OutputFormat::Json;
    let text = crate::api::text::from_server(&problem);
    match json {
        // The shape of every early refusal (see `attach::fail_early`).
        true => println!("{}", crate::attempt::error_json(exit::INVALID_INPUT, &text)),
        false => eprintln!("{}", crate::tr!("cli-error", message = text.to_string())),
    }
    Some(exit::INVALID_INPUT)
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
        let demo =
            crate::credentials::CredentialProvider::fixed(crate::credentials::Resolved::sandbox_demo(demo));
        (Ok(std::sync::Arc::new(demo)), Some(sandbox))
    } else {
        (ctx.credentials().await, None)
    };
    let (provider, credential_problem) = match credential {
        Ok(provider) => (Some(provider), None),
        Err(crate::credentials::CredentialsError::NotFound { .. }) => (None, None),
        Err(broken) => (None, Some(broken.to_string())),
    };
    let credential = match &provider {
        Some(provider) => Some(provider.resolved().await?),
        None => None,
    };
    let env = |name: &str| std::env::var(name).ok();
    let (profile, _) = crate::credentials::choose_profile(ctx.profile().as_deref(), &env);
    let theme = match args.theme.as_deref().or(ctx.config.theme.as_deref()) {
        // The theme's own names (clap's ValueEnum); an unknown one in the config file is dark.
        Some(name) => <crate::tui::Theme as clap::ValueEnum>::from_str(name, false).unwrap_or_default(),
        // NO_COLOR / CLICOLOR=0: the terminal's own colours, only bold, dim and reverse.
        None if !colour::allowed(true, &env) => crate::tui::Theme::Terminal,
        None => crate::tui::Theme::Dark,
    };
    // An explicit region (flag, config) opens the form; otherwise the region list opens with the
    // last region used (the newest history row) preselected, so nobody acts in a region by habit.
    let region = match args.demo {
        true => Some(args.region.clone().unwrap_or_else(|| "ap-guangzhou".into())),
        false => ctx.region(args.region.as_deref()),
    };
    // `--region gz` opens ap-guangzhou; a region that names none is refused before the app opens.
    // The app lists catalog regions only, so a well-formed ID the catalog lacks is refused too.
    let region = match region.as_deref().map(crate::catalog::resolve_catalog_region).transpose() {
        Ok(region) => region,
        Err(e) => {
            eprintln!("tceni: {e}");
            return Ok(crate::tui::Exit { code: exit::INVALID_INPUT, message: None, open_demo: false });
        }
    };
    let setup = crate::tui::Setup {
        allowed_accounts: ctx.allowed_accounts(),
        forbidden_accounts: ctx.settings.forbidden_accounts.value.clone(),
        client_config,
        credential,
        provider,
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
        confirm_dwell: ctx
            .config
            .confirm_dwell_ms
            .map_or(crate::tui::CONFIRM_DWELL, std::time::Duration::from_millis),
        activity_window: ctx
            .config
            .activity_window_mins
            .map_or(crate::activity::DEFAULT_WARN_WINDOW, |mins| std::time::Duration::from_secs(mins * 60)),
        runbook_dir: crate::paths::config_dir().join("runbooks"),
        runbook: args.runbook,
        data_dir: ctx.data_dir(),
    };
    // Said in one line rather than as the terminal's "No such device or address".
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        eprintln!("{}", crate::tr!("cli-needs-terminal"));
        return Ok(crate::tui::Exit { code: exit::INVALID_INPUT, message: None, open_demo: false });
    }
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
