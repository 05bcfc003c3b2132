use clap::Parser;

#[tokio::main]
async fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    tceni::logging::init(&tceni::paths::state_dir());
    let cli = tceni::cli::Cli::parse();
    let code = tceni::cli::run(cli).await?;
    std::process::exit(code);
}
