//! Every word a person reads: Fluent catalogs (`assets/i18n/<lang>/*.ftl`, embedded in the
//! binary) and the one language chosen for the run.
//!
//! A message is looked up with [`tr!`](crate::tr): `tr!("history-rows", count = n)`. Arguments
//! are named, so a translation may put them anywhere and pluralise on them; a sentence is never
//! assembled from fragments. A test checks that every `tr!` in the sources names a message both
//! catalogs have, with exactly the arguments the catalogs use.
//!
//! The language is a property of the run, like the terminal itself: chosen once before anything
//! is printed or drawn ([`choose`]) and set with [`set_for_run`]. Tests render both languages in
//! one process with [`scoped`], which overrides it for the current thread only.

mod choose;

pub use choose::{Choice, LanguageError, Origin, Sources, choose};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::cell::Cell;
use std::sync::{LazyLock, OnceLock};

/// A language tceni has a catalog for. Also what `X-TC-Language` asks the service for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, strum::EnumIter, strum::IntoStaticStr)]
pub enum Language {
    #[default]
    #[strum(serialize = "en-US")]
    EnUs,
    #[strum(serialize = "zh-CN")]
    ZhCn,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::EnUs, Language::ZhCn];

    /// The BCP 47 tag: the catalog's folder, the value of `--language` and of `X-TC-Language`.
    pub fn tag(self) -> &'static str {
        self.into()
    }

    /// The tag sent in `X-TC-Language`.
    pub fn header(self) -> &'static str {
        self.tag()
    }

    /// `en-US`, `zh-CN`, and the forms people type for them (`zh_CN`, `zh`, `EN-us`).
    pub fn parse(text: &str) -> Option<Language> {
        let tag = text.trim().replace('_', "-").to_ascii_lowercase();
        match tag.as_str() {
            "en" | "en-us" => Some(Language::EnUs),
            "zh" | "zh-cn" | "zh-hans" | "zh-hans-cn" => Some(Language::ZhCn),
            _ => None,
        }
    }

    /// The current language of this thread: a test's [`scoped`] one, else the run's.
    pub fn current() -> Language {
        OVERRIDE.with(Cell::get).or_else(|| RUN.get().copied()).unwrap_or_default()
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

static RUN: OnceLock<Language> = OnceLock::new();

thread_local! {
    static OVERRIDE: Cell<Option<Language>> = const { Cell::new(None) };
}

/// Set the run's language, once, before the first word is printed. A second call is ignored
/// (the first choice stands for the whole run).
pub fn set_for_run(language: Language) {
    let _ = RUN.set(language);
}

/// Speak `language` on this thread until the guard is dropped (tests, benchmarks).
pub fn scoped(language: Language) -> Scoped {
    let previous = OVERRIDE.with(|cell| cell.replace(Some(language)));
    Scoped { previous }
}

#[must_use = "the language is restored when the guard is dropped"]
pub struct Scoped {
    previous: Option<Language>,
}

impl Drop for Scoped {
    fn drop(&mut self) {
        OVERRIDE.with(|cell| cell.set(self.previous));
    }
}

/// The catalog files, the same names in every language (a test checks both folders match).
macro_rules! catalog_files {
    ($($name:literal),+ $(,)?) => {
        /// (file name, en-US text, zh-CN text)
        pub const FILES: &[(&str, &str, &str)] = &[$((
            $name,
            include_str!(concat!("../../assets/i18n/en-US/", $name)),
            include_str!(concat!("../../assets/i18n/zh-CN/", $name)),
        )),+];
    };
}
catalog_files!(
    "common.ftl",
    "tui.ftl",
    "cli.ftl",
    "activity.ftl",
    "progress.ftl",
    "attach.ftl",
    "help.ftl",
    "runbook.ftl",
    "notices.ftl",
    "workflow.ftl",
    "runbook-file.ftl",
    "errors.ftl",
);

/// The FTL sources of one language, file by file.
pub fn sources(language: Language) -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().map(move |(name, en, zh)| match language {
        Language::EnUs => (*name, *en),
        Language::ZhCn => (*name, *zh),
    })
}

type Bundle = FluentBundle<FluentResource>;

fn build(language: Language) -> Bundle {
    let id: unic_langid::LanguageIdentifier = language.tag().parse().expect("a valid tag");
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // Terminals do not render the Unicode isolation marks Fluent puts around arguments; they
    // would show as stray cells or shift the columns.
    bundle.set_use_isolating(false);
    for (name, text) in sources(language) {
        let resource = FluentResource::try_new(text.to_string())
            .unwrap_or_else(|(_, errors)| panic!("{language}/{name} does not parse: {errors:?}"));
        bundle.add_resource(resource).unwrap_or_else(|e| panic!("{language}/{name}: {e:?}"));
    }
    bundle
}

// One lazy bundle per language: a run speaks one, so the other's catalogs (half the text
// parsed before the first frame) are never parsed.
static EN_US: LazyLock<Bundle> = LazyLock::new(|| build(Language::EnUs));
static ZH_CN: LazyLock<Bundle> = LazyLock::new(|| build(Language::ZhCn));

fn bundle(language: Language) -> &'static Bundle {
    match language {
        Language::EnUs => &EN_US,
        Language::ZhCn => &ZH_CN,
    }
}

/// One argument of a message: text (an ID, a name) or a number (counts, seconds).
pub type Arg<'a> = FluentValue<'a>;

/// The message `id` in `language`, its arguments filled in. A missing message (which the
/// catalog tests rule out) shows its ID rather than nothing.
pub fn message_in(language: Language, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let bundle = bundle(language);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else { return id.to_string() };
    let args: Option<FluentArgs> =
        (!args.is_empty()).then(|| args.iter().map(|(name, value)| (*name, value.clone())).collect());
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, args.as_ref(), &mut errors).into_owned()
}

/// The message `id` in the current language. Use [`tr!`](crate::tr), which names the arguments.
pub fn message(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    message_in(Language::current(), id, args)
}

/// Whether `language`'s catalog has the message.
pub fn has(language: Language, id: &str) -> bool {
    bundle(language).has_message(id)
}

/// A message of the catalogs in the current language: `tr!("id")`, `tr!("id", count = n,
/// eni = id)`. Argument names are the FTL's `$variables`.
#[macro_export]
macro_rules! tr {
    ($id:literal) => {
        $crate::i18n::message($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// A message ID kept for later lookup (a table's column title, a label chosen by a `match`):
/// `msgid!("col-eni")` is the literal itself, checked against the catalogs like a `tr!`.
#[macro_export]
macro_rules! msgid {
    ($id:literal) => {
        $id
    };
}

/// `text` followed by spaces up to `columns` display columns (a CJK character takes two), for
/// the CLI's aligned columns; longer text is left whole (unicode-truncate's pad, never cutting).
pub fn pad(text: &str, columns: usize) -> String {
    use unicode_truncate::{Alignment, UnicodeTruncateStr};
    text.unicode_pad(columns, Alignment::Left, false).into_owned()
}

/// A duration in seconds, as the catalogs show it (`0.2`, `15`): one decimal below 10 s.
pub fn seconds(duration: std::time::Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 10.0 && duration.subsec_millis() != 0 {
        format!("{secs:.1}")
    } else {
        format!("{}", secs.round())
    }
}

#[cfg(test)]
mod tests;
