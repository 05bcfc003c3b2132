use clap::Parser;

#[tokio::main]
async fn main() {
    // The panic report stays; an error is one line, never a backtrace.
    let _ = color_eyre::install();
    // Kept until the end: dropping it lets the log's writer thread finish the queued lines.
    let log = tceni::logging::init(&tceni::paths::state_dir());
    let cli = tceni::cli::Cli::parse();
    let code = match tceni::cli::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            let chain: Vec<String> = e.chain().map(|cause| cause.to_string()).collect();
            let mut line = chain.join(": ");
            line.retain(|c| c != '\n');
            eprintln!("error: {}", tceni::api::text::from_server(&line));
            tceni::cli::exit::FAILED
        }
    };
    drop(log);
    std::process::exit(code);
}
