//! The command line: clap definitions; each subcommand hands off to its module.

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "tceni", version, about = "Attach a Tencent Cloud ENI to a CVM instance")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the local API emulator (signature-verifying) for demos and tests.
    Sandbox(crate::sandbox::SandboxArgs),
}

pub async fn run(cli: Cli) -> color_eyre::Result<i32> {
    match cli.command {
        Some(Command::Sandbox(args)) => crate::sandbox::run_cli(args).await?,
        None => {}
    }
    Ok(0)
}
