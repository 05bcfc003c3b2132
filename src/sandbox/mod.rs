//! The sandbox: a local emulator of the Tencent Cloud VPC/CVM/region API, faithful as far as a
//! client can observe (TC3 signature checks, envelopes, error codes, paging, async tasks,
//! ClientToken idempotency, rate limits), plus fault injection for tests and demos.
//!
//! Start it in-process with [`Sandbox::start`] or as `tceni sandbox`. The world it serves is
//! `assets/sandbox-world.json` unless told otherwise (format in README.md).

mod actions;
mod audit;
mod config;
mod control;
mod error;
mod faults;
mod http;
mod log;
mod metadata;
mod params;
mod ratelimit;
mod server;
mod state;
mod sts;
mod tasks;
mod verify;
mod world;

pub use audit::{
    AUDIT_QUOTA, AuditConfig, AuditSeed, AuditUser, DEFAULT_AUDIT_JSON, MAX_RESULTS as MAX_AUDIT_RESULTS,
    SeedEvent, UserKind, beijing_time,
};
pub use config::{
    Credential, DEFAULT_RATE_LIMIT, DEFAULT_TASK_DELAY, DEMO_SECRET_ID, DEMO_SECRET_KEY, DEMO_TEMP_SECRET_ID,
    DEMO_TEMP_SECRET_KEY, DEMO_TOKEN, SandboxConfig,
};
pub use error::ApiError;
pub use faults::{Fault, FaultKind, FaultParseError, parse_fault};
pub use log::{LogEntry, mask_secret_id};
pub use server::Sandbox;
pub use state::{EniDump, InstanceDump, StateDump, TaskDump};
pub use sts::{DEFAULT_CVM_ROLE, DEMO_ACCESS_TOKEN, DEMO_WEB_IDENTITY_TOKEN};
pub use tasks::{Change, TaskStatus};
pub use verify::MAX_SKEW_SECONDS;
pub use world::{DEFAULT_WORLD_JSON, MigrateScenario, Scenario, World, WorldError};

use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The environment variables the sandbox's own key and token are read from: never argv, where
/// `ps` shows them to every user of the machine.
pub const SECRET_KEY_VAR: &str = "TCENI_SANDBOX_SECRET_KEY";
pub const TOKEN_VAR: &str = "TCENI_SANDBOX_TOKEN";

/// `tceni sandbox` flags.
#[derive(Debug, Clone, clap::Args)]
pub struct SandboxArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// A world file to serve instead of the built-in one (format: README.md).
    #[arg(long, value_name = "FILE")]
    pub world: Option<PathBuf>,
    /// Accept this SecretId instead of the demo credentials. Its SecretKey comes from
    /// TCENI_SANDBOX_SECRET_KEY or --secret-key-file, never from the command line.
    #[arg(long, value_name = "ID")]
    pub secret_id: Option<String>,
    /// A file holding the SecretKey for --secret-id (else TCENI_SANDBOX_SECRET_KEY).
    #[arg(long, requires = "secret_id", value_name = "FILE")]
    pub secret_key_file: Option<PathBuf>,
    /// A file holding the X-TC-Token requests with --secret-id must carry (else
    /// TCENI_SANDBOX_TOKEN; neither: the key is a long-term one).
    #[arg(long, requires = "secret_id", value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// How long an attach, detach or migrate task stays RUNNING.
    #[arg(long, default_value_t = 300, value_name = "MS")]
    pub task_delay_ms: u64,
    /// Requests per second per (action, region); 0 turns the limit off.
    #[arg(long, default_value_t = DEFAULT_RATE_LIMIT, value_name = "N")]
    pub rate_limit: u32,
    /// Count a request the rate limit refused against it too, as the real service does.
    #[arg(long)]
    pub count_refused: bool,
    /// Run the service's clock this many seconds ahead (negative: behind) of this machine's.
    #[arg(long, default_value_t = 0, value_name = "SECS", allow_hyphen_values = true)]
    pub clock_offset: i64,
    /// A fault active from the start: KIND[=VALUE][,action=ACTION][,times=N|always]
    /// (latency=MS, http-500, html-502, truncated-body, drop-before, drop-after, hang,
    /// task-failed[=REASON], error=CODE[:MESSAGE]). Repeatable.
    #[arg(long = "fault", value_parser = parse_fault, value_name = "SPEC")]
    pub faults: Vec<Fault>,
    /// Every temporary credential issued (sts, the CVM role) lasts this long, whatever was asked.
    #[arg(long, value_name = "SECS")]
    pub temp_lifetime: Option<u64>,
    /// The CAM role the metadata paths (`/latest/meta-data/cam/security-credentials/`) report.
    #[arg(long, default_value = sts::DEFAULT_CVM_ROLE, value_name = "NAME")]
    pub cvm_role: String,
    /// How long after a change its CloudAudit event is listed (the real service: minutes).
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub audit_delay_ms: u64,
    /// The CloudAudit trail's users and past events (format: docs/cloudaudit.md); default the
    /// built-in assets/sandbox-audit.json.
    #[arg(long, value_name = "FILE")]
    pub audit_seed: Option<PathBuf>,
    /// This SecretId has no CloudAudit rights: LookUpEvents answers UnauthorizedOperation.
    /// Repeatable.
    #[arg(long = "audit-deny", value_name = "ID")]
    pub audit_denied: Vec<String>,
    /// Also append the request log to this file.
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Do not print the request log on stderr.
    #[arg(long)]
    pub quiet: bool,
}

/// Run `tceni sandbox` until interrupted (Ctrl-C or SIGTERM).
pub async fn run_cli(args: SandboxArgs) -> io::Result<()> {
    let banner = credential_lines(&args);
    let config = config_from(args)?;
    let sandbox = Sandbox::start(config).await?;
    let mut out = io::stdout().lock();
    writeln!(out, "listening {}", sandbox.url())?;
    for line in banner {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    drop(out);
    wait_for_shutdown().await;
    sandbox.shutdown();
    Ok(())
}

fn config_from(args: SandboxArgs) -> io::Result<SandboxConfig> {
    let world = match &args.world {
        Some(path) => World::from_json(&std::fs::read_to_string(path)?)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))?,
        None => World::default_world(),
    };
    let seed = match &args.audit_seed {
        Some(path) => AuditSeed::from_json(&std::fs::read_to_string(path)?)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))?,
        None => AuditSeed::default_seed(),
    };
    let audit =
        AuditConfig { delay: Duration::from_millis(args.audit_delay_ms), denied: args.audit_denied, seed };
    let credentials = match args.secret_id.clone() {
        Some(id) => {
            let key = secret_from(args.secret_key_file.as_deref(), SECRET_KEY_VAR)?.ok_or_else(|| {
                let why = format!("--secret-id needs its SecretKey in {SECRET_KEY_VAR} or --secret-key-file");
                io::Error::new(io::ErrorKind::InvalidInput, why)
            })?;
            let token = secret_from(args.token_file.as_deref(), TOKEN_VAR)?;
            vec![Credential { secret_id: id, secret_key: key, token }]
        }
        None => Credential::demo(),
    };
    Ok(SandboxConfig {
        listen: args.listen,
        credentials,
        world,
        task_delay: Duration::from_millis(args.task_delay_ms),
        rate_limit: args.rate_limit,
        faults: args.faults,
        log_to_stderr: !args.quiet,
        log_file: args.log,
        clock_offset_secs: args.clock_offset,
        temp_lifetime: args.temp_lifetime.map(Duration::from_secs),
        cvm_role: Some(args.cvm_role),
        audit,
        count_refused_tries: args.count_refused,
    })
}

/// A secret from `file` (its first line), else from the environment variable `var`; None when
/// neither holds one. A file is read only if it is a regular file, at most 4 KiB.
fn secret_from(file: Option<&std::path::Path>, var: &str) -> io::Result<Option<String>> {
    let Some(path) = file else {
        return Ok(std::env::var(var).ok().filter(|v| !v.is_empty()));
    };
    let refuse =
        |why: &str| io::Error::new(io::ErrorKind::InvalidInput, format!("{}: {why}", path.display()));
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() || meta.len() > 4096 {
        return Err(refuse("not a regular file of at most 4 KiB"));
    }
    let text = std::fs::read_to_string(path)?;
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r').to_owned();
    if line.is_empty() {
        return Err(refuse("empty"));
    }
    Ok(Some(line))
}

/// The lines after `listening ...`. The demo values are public and printed whole; credentials
/// given on the command line are never echoed.
fn credential_lines(args: &SandboxArgs) -> Vec<String> {
    match &args.secret_id {
        Some(id) => vec![format!(
            "credentials secret_id={id} secret_key=(as given){}",
            if args.token_file.is_some() || std::env::var_os(TOKEN_VAR).is_some() {
                " token=(as given)"
            } else {
                ""
            }
        )],
        None => vec![
            format!("credentials secret_id={DEMO_SECRET_ID} secret_key={DEMO_SECRET_KEY}"),
            format!(
                "credentials secret_id={DEMO_TEMP_SECRET_ID} secret_key={DEMO_TEMP_SECRET_KEY} token={DEMO_TOKEN}"
            ),
        ],
    }
}

async fn wait_for_shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! { _ = tokio::signal::ctrl_c() => {}, _ = term.recv() => {} }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
