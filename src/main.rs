use clap::Parser;

#[tokio::main]
async fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    let cli = tceni::cli::Cli::parse();
    let code = tceni::cli::run(cli).await?;
    std::process::exit(code);
}
