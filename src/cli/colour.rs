//! Whether tceni may colour what it writes: `NO_COLOR` (non-empty) never, else
//! `CLICOLOR_FORCE` (non-empty, not `0`) always, else `CLICOLOR=0` never, else only on a
//! terminal. The same order as clap's own output, so `--help` and tceni agree.

/// True when colour may be written to a stream that `is_terminal` or not.
pub fn allowed(is_terminal: bool, env: &dyn Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if set("CLICOLOR").is_some_and(|v| v == "0") {
        return false;
    }
    is_terminal
}

/// [`allowed`] for standard error, with the process's environment.
pub fn on_stderr() -> bool {
    use std::io::IsTerminal;
    allowed(std::io::stderr().is_terminal(), &|name| std::env::var(name).ok())
}

/// True when a panic is only a write to a closed pipe (`tceni regions | head -1`): the reader
/// has all it wanted, so that is a quiet exit 0, never a panic report.
pub fn is_closed_pipe(payload: &(dyn std::any::Any + Send)) -> bool {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    text.starts_with("failed printing to std") && text.contains("Broken pipe")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn no_color_wins_then_force_then_clicolor_then_the_terminal() {
        assert!(allowed(true, &with(&[])));
        assert!(!allowed(false, &with(&[])));
        assert!(!allowed(true, &with(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")])));
        assert!(allowed(true, &with(&[("NO_COLOR", "")])), "an empty NO_COLOR is unset");
        assert!(allowed(false, &with(&[("CLICOLOR_FORCE", "1")])));
        assert!(!allowed(false, &with(&[("CLICOLOR_FORCE", "0")])));
        assert!(!allowed(true, &with(&[("CLICOLOR", "0")])));
        assert!(allowed(true, &with(&[("CLICOLOR", "1")])));
    }

    #[test]
    fn only_a_write_to_a_closed_pipe_is_quiet() {
        let pipe = String::from("failed printing to stdout: Broken pipe (os error 32)");
        assert!(is_closed_pipe(&pipe));
        assert!(!is_closed_pipe(&"index out of bounds"));
    }
}
