//! `tceni completions SHELL` and `tceni man`: both generated from the clap definitions, so they
//! never drift from what the binary accepts. The completion script also lists the region IDs
//! of the catalog and the profile names found when it is generated (tccli's and the SDKs'
//! files, `[profiles.NAME]` in config.toml): regenerate it after adding a profile.

use std::collections::BTreeSet;
use std::io::Write;

use clap::builder::PossibleValuesParser;
use clap::{Arg, Command, CommandFactory};

use super::Cli;

/// The completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) {
    let mut command = with_values(Cli::command(), &region_ids(), &profile_names());
    clap_complete::generate(shell, &mut command, "tceni", &mut std::io::stdout());
}

/// The man page (roff) on stdout: `tceni man | man -l -`.
pub fn man() -> std::io::Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    std::io::stdout().write_all(&page)
}

/// `command` with `--region` and `--profile` completing these values (for the script only:
/// the parser still takes aliases, names and regions the catalog does not know yet).
fn with_values(command: Command, regions: &[String], profiles: &[String]) -> Command {
    let complete = |values: &[String]| {
        // clap wants `'static` names without its `string` feature; the process ends right after.
        let values: Vec<&'static str> =
            values.iter().map(|v| &*Box::leak(v.clone().into_boxed_str())).collect();
        move |arg: Arg| arg.value_parser(PossibleValuesParser::new(values))
    };
    let mut command = command;
    for (name, values) in [("region", regions), ("profile", profiles)] {
        if !values.is_empty() && command.get_arguments().any(|a| a.get_id() == name) {
            command = command.mut_arg(name, complete(values));
        }
    }
    let subcommands: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for name in subcommands {
        command = command.mut_subcommand(name, |sub| with_values(sub, regions, profiles));
    }
    command
}

fn region_ids() -> Vec<String> {
    crate::catalog::regions().iter().map(|r| r.id.clone()).collect()
}

/// Every profile a file on this machine names.
fn profile_names() -> Vec<String> {
    let env = |name: &str| std::env::var(name).ok();
    let mut names = BTreeSet::from([crate::credentials::DEFAULT_PROFILE.to_owned()]);
    let home = dirs::home_dir();
    if let Some((dir, _)) = crate::paths::tccli_dir(&env, home.as_deref()) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if let Some(profile) =
                name.strip_suffix(".credential").or_else(|| name.strip_suffix(".configure"))
            {
                names.insert(profile.to_owned());
            }
        }
    }
    if let Ok(config) = crate::config::Config::load(&crate::config::Config::path()) {
        names.extend(config.profiles.keys().cloned());
    }
    names.retain(|name| crate::credentials::validate_profile(name).is_ok());
    names.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn the_script_completes_regions_and_profiles_everywhere_they_are_taken() {
        let regions = region_ids();
        let command = with_values(Cli::command(), &regions, &["prod".into()]);
        let mut script = Vec::new();
        clap_complete::generate(clap_complete::Shell::Bash, &mut command.clone(), "tceni", &mut script);
        let script = String::from_utf8(script).unwrap();
        assert!(script.contains("ap-shanghai-fsi") && script.contains("prod"), "{script}");
        let attach = command.find_subcommand("attach").unwrap();
        let region = attach.get_arguments().find(|a| a.get_id() == "region").unwrap();
        assert!(region.get_possible_values().iter().any(|v| v.get_name() == "ap-guangzhou"));
        // The parser itself still takes an alias.
        assert!(
            Cli::try_parse_from([
                "tceni",
                "attach",
                "--region",
                "gz",
                "--eni",
                "eni-1",
                "--instance",
                "ins-1"
            ])
            .is_ok()
        );
    }

    #[test]
    fn the_man_page_is_roff_from_the_same_definitions() {
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command()).render(&mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with(".ie") || page.contains(".TH tceni"), "{}", &page[..200.min(page.len())]);
        assert!(page.contains("attach") && page.contains("\\-\\-profile"), "{page}");
    }
}
