use clap::Parser;

#[tokio::main]
async fn main() {
    // The panic report stays; an error is one line, never a backtrace.
    let _ = color_eyre::install();
    // Kept until the end: dropping it lets the log's writer thread finish the queued lines.
    let log = tceni::logging::init(&tceni::paths::state_dir());
    let cli = match tceni::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // A usage error repeats what was typed: escaped, so an escape sequence in an argument
            // is shown, never obeyed by the terminal. Exit 2, as clap's own.
            eprint!("{}", tceni::api::text::escape_controls_keep_lines(&e.render().to_string()));
            std::process::exit(e.exit_code());
        }
        Err(e) => e.exit(),
    };
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
