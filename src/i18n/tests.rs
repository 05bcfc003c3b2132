use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Message ID → the `$variables` it uses, read from FTL text. A message starts at column 0
/// (`id = …`); its lines (variants, attributes, continued text) are indented, or a selector's
/// closing `}`.
fn messages(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in ftl.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        // A message starts with its ID at column 0; a `}` there closes a selector and the
        // message's text goes on after it.
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            current = line.split_once('=').map(|(id, _)| id.trim().to_string());
            if let Some(id) = &current {
                found.entry(id.clone()).or_default();
            }
        }
        let Some(id) = &current else { continue };
        let variables = found.get_mut(id).expect("entered above");
        for (at, _) in line.match_indices('$') {
            let name: String = line[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            // A `$` not followed by a name is text (`${name}` in a runbook's syntax).
            if !name.is_empty() {
                variables.insert(name);
            }
        }
    }
    found
}

fn catalog(language: Language) -> BTreeMap<String, BTreeSet<String>> {
    sources(language).flat_map(|(_, text)| messages(text)).collect()
}

/// What differs between two catalogs: an ID only one has, or an argument only one uses.
fn differences(
    en: &BTreeMap<String, BTreeSet<String>>,
    zh: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for id in en.keys().filter(|id| !zh.contains_key(*id)) {
        problems.push(format!("{id}: in en-US, not in zh-CN"));
    }
    for id in zh.keys().filter(|id| !en.contains_key(*id)) {
        problems.push(format!("{id}: in zh-CN, not in en-US"));
    }
    for (id, en_args) in en {
        if let Some(zh_args) = zh.get(id)
            && en_args != zh_args
        {
            problems.push(format!("{id}: en-US uses {en_args:?}, zh-CN uses {zh_args:?}"));
        }
    }
    problems
}

#[test]
fn both_catalogs_have_the_same_messages_with_the_same_arguments() {
    let problems = differences(&catalog(Language::EnUs), &catalog(Language::ZhCn));
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_message_missing_in_one_language_or_an_argument_dropped_is_found() {
    let en = messages("a = one\nb = { $count ->\n    [one] one ENI\n   *[other] { $count } ENIs\n}\n");
    let zh_missing = messages("a = 一\n");
    let zh_no_arg = messages("a = 一\nb = 弹性网卡\n");
    assert_eq!(differences(&en, &zh_missing), ["b: in en-US, not in zh-CN"]);
    assert_eq!(differences(&en, &zh_no_arg).len(), 1, "{:?}", differences(&en, &zh_no_arg));
    assert!(differences(&en, &messages("a = 一\nb = { $count } 个弹性网卡\n")).is_empty());
}

#[test]
fn every_catalog_file_parses_and_no_id_is_defined_twice() {
    for language in Language::ALL {
        let mut seen = BTreeSet::new();
        for (name, text) in sources(language) {
            assert!(FluentResource::try_new(text.to_string()).is_ok(), "{language}/{name} does not parse");
            for id in messages(text).into_keys() {
                assert!(seen.insert(id.clone()), "{language}: {id} defined twice ({name})");
            }
        }
    }
}

/// Every `tr!("id", name = …)` in the sources: (file, id, argument names).
fn tr_calls() -> Vec<(String, String, BTreeSet<String>)> {
    let mut calls = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                if path.ends_with("i18n/tests.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("readable");
                // Code lines only: the docs show calls too.
                let code: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
                let code = code.join("\n");
                for shape in ["tr!(\"", "msgid!(\""] {
                    for (at, _) in code.match_indices(shape) {
                        let before = code[..at].chars().next_back();
                        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                            continue; // include_str!, concat_str!…
                        }
                        let call = &code[at + shape.len()..];
                        let Some((id, rest)) = call.split_once('"') else { continue };
                        calls.push((path.display().to_string(), id.to_string(), argument_names(rest)));
                    }
                }
            }
        }
    }
    calls
}

/// The `name =` of each top-level argument up to the call's closing parenthesis.
fn argument_names(rest: &str) -> BTreeSet<String> {
    let mut depth = 0;
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => {
                end = i;
                break;
            }
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    let mut names = BTreeSet::new();
    let mut depth = 0;
    let mut piece = String::new();
    for c in rest[..end].chars().chain([',']) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth <= 0 {
            if let Some((name, _)) = piece.split_once('=')
                && !name.trim().is_empty()
                && name.trim().chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                names.insert(name.trim().to_string());
            }
            piece.clear();
        } else {
            piece.push(c);
        }
    }
    names
}

#[test]
fn every_message_the_code_asks_for_exists_with_exactly_its_arguments() {
    let en = catalog(Language::EnUs);
    let calls = tr_calls();
    let mut problems = Vec::new();
    for (file, id, args) in &calls {
        match en.get(id) {
            None => problems.push(format!("{file}: tr!(\"{id}\") is in no catalog")),
            Some(used) if used != args => {
                problems.push(format!("{file}: tr!(\"{id}\") passes {args:?}, the catalog uses {used:?}"))
            }
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_call_scanner_reads_argument_names() {
    let names = argument_names(", count = rows.len(), eni = f(a, b), note = x.map(|v| v == 1)) + 1");
    assert_eq!(names, BTreeSet::from(["count".into(), "eni".into(), "note".into()]));
    assert!(argument_names(") rest").is_empty());
}

/// A bundle of one FTL text, as the catalogs are set up (no isolation marks); the parse errors.
fn bundle_of(language: Language, ftl: &str) -> (Bundle, usize) {
    let (resource, errors) = match FluentResource::try_new(ftl.to_string()) {
        Ok(resource) => (resource, 0),
        Err((resource, errors)) => (resource, errors.len()),
    };
    let id: unic_langid::LanguageIdentifier = language.tag().parse().unwrap();
    let mut bundle = Bundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap();
    (bundle, errors)
}

/// The messages an FTL text defines, as Fluent's own parser sees them.
fn message_count(ftl: &str) -> usize {
    let resource = FluentResource::try_new(ftl.to_string()).unwrap_or_else(|(partial, _)| partial);
    resource.entries().filter(|entry| format!("{entry:?}").starts_with("Message(")).count()
}

/// Messages are parsed one at a time, from the text the line scan cut for each: every message
/// of every file is found, alone it parses without error and defines just itself, and it reads
/// (with and without its arguments) exactly as parsed with its whole file.
#[test]
fn each_message_parsed_alone_reads_as_in_its_whole_file() {
    for language in Language::ALL {
        for (name, text) in sources(language) {
            let found = entries(text);
            assert_eq!(found.len(), message_count(text), "{language}/{name}: messages found by the scan");
            let (whole, _) = bundle_of(language, text);
            let variables = messages(text);
            for (id, source) in found {
                let (alone, errors) = bundle_of(language, source);
                assert_eq!(
                    (errors, message_count(source)),
                    (0, 1),
                    "{language}/{name}: {id} alone: {source:?}"
                );
                let names = variables.get(id).cloned().unwrap_or_default();
                let numbers: FluentArgs = names.iter().map(|n| (n.as_str(), Arg::from(2))).collect();
                let texts: FluentArgs = names.iter().map(|n| (n.as_str(), Arg::from("x"))).collect();
                for args in [None, Some(&numbers), Some(&texts)] {
                    let want = format_in(&whole, id, args);
                    assert!(want.is_some(), "{language}/{name}: {id} has no value");
                    assert_eq!(format_in(&alone, id, args), want, "{language}/{name}: {id}");
                }
                let lazily: Vec<(&str, Arg<'_>)> = names.iter().map(|n| (n.as_str(), Arg::from(2))).collect();
                assert_eq!(Some(message_in(language, id, &lazily)), format_in(&whole, id, Some(&numbers)));
                assert!(has(language, id), "{language}: {id}");
            }
        }
    }
}

#[test]
fn a_message_is_cut_at_the_next_message_term_or_comment() {
    let ftl = "# a comment\na = one\n    continued\n\nb = { $n ->\n    [one] one\n   *[other] many\n}\n## group\nc = three\n-term = t\n";
    assert_eq!(
        entries(ftl),
        [
            ("a", "a = one\n    continued\n\n"),
            ("b", "b = { $n ->\n    [one] one\n   *[other] many\n}\n"),
            ("c", "c = three\n"),
        ]
    );
}

#[test]
fn arguments_are_not_wrapped_in_bidi_isolation_marks() {
    let text = message_in(
        Language::ZhCn,
        "language-unknown",
        &[
            ("value", Arg::from("fr")),
            ("origin", Arg::from("--language")),
            ("available", Arg::from("en-US, zh-CN")),
        ],
    );
    assert!(text.contains("“fr”"), "{text}");
    assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
}

#[test]
fn scoped_language_is_per_thread_and_restored() {
    let outer = Language::current();
    {
        let _zh = scoped(Language::ZhCn);
        assert_eq!(Language::current(), Language::ZhCn);
        let other = std::thread::spawn(Language::current).join().unwrap();
        assert_eq!(other, outer, "another thread keeps the run's language");
    }
    assert_eq!(Language::current(), outer);
}

#[test]
fn tags_people_type_are_read() {
    for (text, want) in [
        ("zh-CN", Some(Language::ZhCn)),
        ("zh_CN", Some(Language::ZhCn)),
        ("ZH-cn", Some(Language::ZhCn)),
        ("en-US", Some(Language::EnUs)),
        ("en", Some(Language::EnUs)),
        ("fr-FR", None),
        ("zh-TW", None),
        ("", None),
    ] {
        assert_eq!(Language::parse(text), want, "{text:?}");
    }
}

mod choosing {
    use super::super::choose::from_locale;
    use super::*;

    struct Layers {
        flag: Option<&'static str>,
        env: Vec<(&'static str, &'static str)>,
        tccli: Option<&'static str>,
        profile: Option<&'static str>,
        top: Option<&'static str>,
        system: Option<&'static str>,
    }

    const NONE: Layers =
        Layers { flag: None, env: Vec::new(), tccli: None, profile: None, top: None, system: None };

    fn pick(layers: Layers) -> Result<Choice, LanguageError> {
        let env = move |name: &str| layers.env.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string());
        let system = move || layers.system.map(str::to_owned);
        choose(&Sources {
            flag: layers.flag,
            env: &env,
            tccli: layers.tccli,
            profile: "ops",
            config_profile: layers.profile,
            config_top: layers.top,
            system: &system,
        })
    }

    fn ok(layers: Layers) -> (Language, String) {
        let choice = pick(layers).expect("a language");
        (choice.language, choice.origin.to_string())
    }

    #[test]
    fn each_layer_wins_over_those_below_it() {
        let all = || Layers {
            flag: Some("en-US"),
            env: vec![("TCENI_LANGUAGE", "zh-CN"), ("LANG", "en_US.UTF-8")],
            tccli: Some("en-US"),
            profile: Some("zh-CN"),
            top: Some("en-US"),
            system: Some("zh-CN"),
        };
        assert_eq!(ok(all()), (Language::EnUs, "--language".into()));
        assert_eq!(ok(Layers { flag: None, ..all() }), (Language::ZhCn, "TCENI_LANGUAGE".into()));
        let no_env = || Layers { flag: None, env: vec![("LANG", "en_US.UTF-8")], ..all() };
        assert_eq!(ok(no_env()), (Language::EnUs, "~/.tccli/ops.configure".into()));
        assert_eq!(
            ok(Layers { tccli: None, ..no_env() }),
            (Language::ZhCn, "config.toml [profiles.ops]".into())
        );
        assert_eq!(
            ok(Layers { tccli: None, profile: None, ..no_env() }),
            (Language::EnUs, "config.toml".into())
        );
        let locale = Layers { env: vec![("LANG", "zh_CN.UTF-8")], system: Some("en-US"), ..NONE };
        assert_eq!(ok(locale), (Language::ZhCn, "LANG=zh_CN.UTF-8".into()));
        assert_eq!(
            ok(Layers { system: Some("zh-Hans-CN"), ..NONE }),
            (Language::ZhCn, "system locale zh-Hans-CN".into())
        );
        assert_eq!(ok(NONE), (Language::EnUs, "default".into()));
    }

    #[test]
    fn the_locale_variables_in_posix_order() {
        let env = vec![("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_TW.Big5")];
        assert_eq!(ok(Layers { env, ..NONE }), (Language::ZhCn, "LC_MESSAGES=zh_TW.Big5".into()));
        let env = vec![("LANG", "zh_CN.UTF-8"), ("LC_ALL", "en_GB.UTF-8")];
        assert_eq!(ok(Layers { env, ..NONE }).0, Language::EnUs);
        // C and POSIX say nothing: the system is asked.
        let env = vec![("LC_ALL", "C"), ("LANG", "POSIX")];
        assert_eq!(ok(Layers { env, system: Some("zh-CN"), ..NONE }).0, Language::ZhCn);
        assert_eq!(ok(Layers { env: vec![("LANG", "C.UTF-8")], ..NONE }), (Language::EnUs, "default".into()));
    }

    #[test]
    fn locales_map_to_catalogs() {
        for (locale, want) in [
            ("zh_CN.UTF-8", Some(Language::ZhCn)),
            ("zh_TW", Some(Language::ZhCn)),
            ("zh_HK.UTF-8@stroke", Some(Language::ZhCn)),
            ("zh-Hant-TW", Some(Language::ZhCn)),
            ("en_US.UTF-8", Some(Language::EnUs)),
            ("C", None),
            ("POSIX", None),
            ("fr_FR.UTF-8", None),
            ("", None),
        ] {
            assert_eq!(from_locale(locale), want, "{locale:?}");
        }
    }

    #[test]
    fn a_written_language_without_a_catalog_is_an_error_said_in_the_fallback() {
        let error =
            pick(Layers { flag: Some("fr"), env: vec![("LANG", "zh_CN.UTF-8")], ..NONE }).unwrap_err();
        assert_eq!(
            (error.value.as_str(), &error.origin, error.fallback),
            ("fr", &Origin::Flag, Language::ZhCn)
        );
        let line = error.to_string();
        assert!(
            line.contains("en-US, zh-CN") && line.contains("--language") && !line.contains('\n'),
            "{line}"
        );
        assert!(line.contains("目录"), "said in zh-CN: {line}");
        let error = pick(Layers { top: Some("de-DE"), tccli: None, ..NONE }).unwrap_err();
        assert_eq!((error.origin, error.fallback), (Origin::ConfigTop, Language::EnUs));
        let english = pick(Layers { tccli: Some("jp"), top: Some("zh-CN"), ..NONE }).unwrap_err();
        assert_eq!(english.fallback, Language::ZhCn, "the next written layer decides");
    }

    #[test]
    fn empty_values_say_nothing() {
        let env = vec![("TCENI_LANGUAGE", " "), ("LANG", "")];
        assert_eq!(ok(Layers { env, ..NONE }), (Language::EnUs, "default".into()));
    }
}

/// The CLI's columns line up by display width: a CJK character takes two columns, and a text
/// longer than its column is left whole.
#[test]
fn pad_fills_display_columns_and_never_cuts() {
    assert_eq!(pad("广州", 6), "广州  ");
    assert_eq!(pad("ap-guangzhou", 14), "ap-guangzhou  ");
    assert_eq!(pad("ap-guangzhou", 4), "ap-guangzhou");
    assert_eq!(pad("", 2), "  ");
}
