#[tokio::main]
async fn main() {
    install_panic_report();
    // Kept until the end: dropping it lets the log's writer thread finish the queued lines.
    let log = tceni::logging::init(&tceni::paths::state_dir());
    // `--help` speaks the run's language: it is chosen before clap builds the command.
    tceni::i18n::set_for_run(tceni::cli::help::language_before_parsing(std::env::args_os()));
    let parsed = tceni::cli::help::command()
        .try_get_matches()
        .and_then(|matches| <tceni::cli::Cli as clap::FromArgMatches>::from_arg_matches(&matches));
    let cli = match parsed {
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
            let message = tceni::api::text::from_server(&line).to_string();
            eprintln!("{}", tceni::tr!("cli-error", message = message));
            tceni::cli::exit::FAILED
        }
    };
    drop(log);
    std::process::exit(code);
}

/// The panic report stays (coloured only where colour is allowed); an error is one line, never
/// a backtrace; a write to a closed pipe (`tceni history | head -1`) is a quiet exit 0.
fn install_panic_report() {
    use color_eyre::config::{HookBuilder, Theme};
    let theme = if tceni::cli::colour::on_stderr() { Theme::dark() } else { Theme::new() };
    let (panic_hook, eyre_hook) = HookBuilder::default().theme(theme).into_hooks();
    let _ = eyre_hook.install();
    let panic_hook = panic_hook.into_panic_hook();
    std::panic::set_hook(Box::new(move |info| {
        if tceni::cli::colour::is_closed_pipe(info.payload()) {
            std::process::exit(tceni::cli::exit::OK);
        }
        panic_hook(info)
    }));
}
