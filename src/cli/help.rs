//! `--help` in the run's language: clap's command tree with every about and help text, and the
//! headings, taken from the catalogs (`assets/i18n/<lang>/help.ftl`).
//!
//! The language must be known before clap parses (it prints the help while parsing), so it is
//! read from the arguments and the environment first ([`language_before_parsing`]), the same
//! way the run chooses it. The doc comments on the clap types stay the English source of
//! `tceni man` and of the shell completions: those are files installed once for a machine,
//! not a run's output, so they are not in any one operator's language.
//!
//! Message IDs follow the tree: `help-about` (the program), `help-cmd-<path>` (a subcommand,
//! `<path>` its names joined with `-`), `help-global-<arg>` (a flag every command takes) and
//! `help-arg-<path>-<arg>` (a command's own; `tceni` for the program's). A test checks that
//! every command and argument has its message in both catalogs, and that none is left over.

use clap::{Arg, Command};
use std::ffi::OsString;

/// The program's commands with every text from the catalogs, in the current language.
pub fn command() -> Command {
    let mut command = <super::Cli as clap::CommandFactory>::command();
    // Built, so the global flags, `--help`, `--version` and the `help` subcommand exist on
    // every command and can be given their words too.
    command.build();
    localized(command, &[])
}

/// One command and everything under it.
fn localized(command: Command, path: &[&str]) -> Command {
    let id = command_id(path);
    let mut command = command
        .about(message(&id))
        .long_about(None::<&str>)
        .help_template(template())
        .subcommand_help_heading(message("help-heading-commands"));
    let args: Vec<(String, String)> = command
        .get_arguments()
        .map(|arg| {
            let id = arg_id(path, arg, crate::i18n::Language::current());
            (arg.get_id().to_string(), id.unwrap_or_else(|| arg_ids(path, arg)[0].clone()))
        })
        .collect();
    for (name, id) in args {
        let heading = message(heading_id(&command, &name, path));
        command =
            command.mut_arg(name, |arg| arg.help(message(&id)).long_help(None::<&str>).help_heading(heading));
    }
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        let mut below: Vec<&str> = path.to_vec();
        below.push(&name);
        let sub = command.find_subcommand(&name).expect("listed above").clone();
        let sub = localized(sub, &below);
        command = command.mut_subcommand(&name, |_| sub);
    }
    command
}

/// A command's own arguments, then its own options, then the flags every command takes under a
/// heading of their own: mixed in one list, `attach --help` buried `--eni` and `--instance`
/// among the connection and role flags.
fn heading_id(command: &Command, name: &str, path: &[&str]) -> &'static str {
    let arg = command.get_arguments().find(|a| a.get_id() == name);
    match arg {
        Some(arg) if arg.is_positional() => "help-heading-arguments",
        // The program's own help lists the flags where they are declared: there every flag
        // is the program's.
        Some(arg) if arg.is_global_set() && !path.is_empty() => "help-heading-global",
        _ => "help-heading-options",
    }
}

/// clap's layout with its two fixed words (`Usage:`) in the run's language; the sections'
/// headings are set on the arguments.
fn template() -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        message("help-usage")
    )
}

fn command_id(path: &[&str]) -> String {
    match path {
        [] => "help-about".to_string(),
        // clap's `help` subcommand, and under it each command again (`help attach`): the
        // command's own words.
        [.., "help"] => "help-cmd-help".to_string(),
        _ => {
            let path: Vec<&str> = path.iter().copied().filter(|name| *name != "help").collect();
            format!("help-cmd-{}", path.join("-")).replace('_', "-")
        }
    }
}

/// The IDs an argument's help may have, the first the catalogs hold wins: the command's own
/// (`help-arg-attach-instance`), else the one shared by the commands that take it alike
/// (`help-arg-eni` for attach, detach and move).
fn arg_ids(path: &[&str], arg: &Arg) -> [String; 2] {
    let name = arg.get_id().as_str().replace('_', "-");
    let own = match name.as_str() {
        "help" | "version" => format!("help-flag-{name}"),
        _ if arg.is_global_set() => format!("help-global-{name}"),
        _ if path.is_empty() => format!("help-arg-tceni-{name}"),
        _ => format!("help-arg-{}-{name}", path.join("-").replace('_', "-")),
    };
    [own, format!("help-arg-{name}")]
}

/// The ID [`arg_ids`] settles on in `language`.
fn arg_id(path: &[&str], arg: &Arg, language: crate::i18n::Language) -> Option<String> {
    arg_ids(path, arg).into_iter().find(|id| crate::i18n::has(language, id))
}

fn message(id: &str) -> String {
    crate::i18n::message(id, &[])
}

/// The run's language, read before clap parses: `--language` and `--profile` from `args`
/// (`--language zh-CN` or `--language=zh-CN`, before a `--`), then the environment and the
/// files, as the run itself chooses it.
pub fn language_before_parsing(args: impl IntoIterator<Item = OsString>) -> crate::i18n::Language {
    let args: Vec<String> = args.into_iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let value = |flag: &str| {
        let mut found = None;
        for (i, arg) in args.iter().enumerate().skip(1) {
            if arg == "--" {
                break;
            }
            if arg == flag {
                found = args.get(i + 1).cloned();
            } else if let Some(value) = arg.strip_prefix(flag).and_then(|rest| rest.strip_prefix('=')) {
                found = Some(value.to_string());
            }
        }
        found
    };
    super::Context::language_for(value("--language").as_deref(), value("--profile").as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{self, Language};

    /// Every message ID the tree asks for in `language`; an argument with none is named.
    fn ids(command: &Command, path: &[&str], language: Language, out: &mut Vec<String>) {
        out.push(command_id(path));
        out.extend(command.get_arguments().map(|arg| {
            arg_id(path, arg, language).unwrap_or_else(|| format!("(none of {:?})", arg_ids(path, arg)))
        }));
        for sub in command.get_subcommands() {
            let mut below = path.to_vec();
            below.push(sub.get_name());
            ids(sub, &below, language, out);
        }
    }

    #[test]
    fn every_command_and_flag_has_its_help_in_both_catalogs_and_none_is_left_over() {
        let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
        command.build();
        let mut wanted = Vec::new();
        for language in Language::ALL {
            let mut asked = Vec::new();
            ids(&command, &[], language, &mut asked);
            let missing: Vec<&String> = asked.iter().filter(|id| !i18n::has(language, id)).collect();
            assert!(missing.is_empty(), "{language}: no help text for {missing:?}");
            wanted.extend(asked);
        }
        let fixed = [
            "help-usage",
            "help-heading-commands",
            "help-heading-options",
            "help-heading-global",
            "help-heading-arguments",
        ];
        let (_, en, _) = i18n::FILES.iter().find(|(name, _, _)| *name == "help.ftl").expect("help.ftl");
        let left_over: Vec<&str> = en
            .lines()
            .filter_map(|line| line.split_once(" = ").map(|(id, _)| id))
            .filter(|id| id.starts_with("help-") && !fixed.contains(id) && !wanted.iter().any(|w| w == id))
            .collect();
        assert!(left_over.is_empty(), "help texts no command asks for: {left_over:?}");
    }

    fn rendered(language: Language, path: &[&str]) -> String {
        let _in = i18n::scoped(language);
        let mut command = command();
        for name in path {
            command = command.find_subcommand(name).expect("a subcommand").clone();
        }
        command.render_help().to_string()
    }

    #[test]
    fn help_is_in_the_language_asked_for() {
        let zh = rendered(Language::ZhCn, &[]);
        assert!(zh.contains("用法:") && zh.contains("命令:") && zh.contains("选项:"), "{zh}");
        assert!(zh.contains("把弹性网卡绑定到云服务器"), "{zh}");
        let attach = rendered(Language::ZhCn, &["attach"]);
        assert!(attach.contains("弹性网卡 ID") && attach.contains("--client-token"), "{attach}");
        let en = rendered(Language::EnUs, &["attach"]);
        assert!(en.contains("Usage:") && en.contains("Options:"), "{en}");
        assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{en}");
    }

    #[test]
    fn a_commands_own_flags_come_before_the_flags_every_command_takes() {
        for (language, global) in
            [(Language::EnUs, "Options every command takes:"), (Language::ZhCn, "所有命令通用的选项:")]
        {
            let attach = rendered(language, &["attach"]);
            let heading = attach.find(global).unwrap_or_else(|| panic!("{attach}"));
            let at = |flag: &str| attach.find(flag).unwrap_or_else(|| panic!("{flag}: {attach}"));
            assert!(
                at("--eni") < heading && at("--client-token") < heading && at("--yes") < heading,
                "{attach}"
            );
            assert!(at("--role-arn") > heading && at("--proxy") > heading, "{attach}");
        }
        // The program's own help has one list: every flag there is the program's.
        assert!(!rendered(Language::EnUs, &[]).contains("Options every command takes"));
    }

    #[test]
    fn the_language_is_read_from_the_arguments_before_parsing() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            language_before_parsing(args(&["tceni", "--language", "zh-CN", "--help"])),
            Language::ZhCn
        );
        assert_eq!(language_before_parsing(args(&["tceni", "attach", "--language=zh_CN"])), Language::ZhCn);
        assert_eq!(
            language_before_parsing(args(&["tceni", "--language", "en-US", "--help"])),
            Language::EnUs
        );
    }
}
