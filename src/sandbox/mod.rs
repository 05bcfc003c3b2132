//! The API emulator (being filled in by the sandbox work).

/// `tceni sandbox` flags.
#[derive(Debug, Clone, clap::Args)]
pub struct SandboxArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: std::net::SocketAddr,
}

/// Run `tceni sandbox` until interrupted.
pub async fn run_cli(args: SandboxArgs) -> std::io::Result<()> {
    let _ = args;
    Ok(())
}
