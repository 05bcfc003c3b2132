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
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock, PoisonError, RwLock};

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

/// One language's catalogs. Parsing them whole (about 68 KB of FTL a language) was most of the
/// terminal app's cold start, and a screen asks for a few dozen messages: so each message's
/// text is found by a line scan at first use ([`entries`], no parsing), and a message is parsed
/// into the bundle the first time it is asked for. The catalogs use no terms and no message
/// references, so a message parses alone (a test parses each one so, against the whole files).
struct Catalog {
    language: Language,
    /// Message ID → its FTL text.
    entries: HashMap<&'static str, &'static str>,
    /// The messages parsed so far.
    bundle: RwLock<Bundle>,
}

impl Catalog {
    fn new(language: Language) -> Catalog {
        let id: unic_langid::LanguageIdentifier = language.tag().parse().expect("a valid tag");
        let mut bundle = Bundle::new_concurrent(vec![id]);
        // Terminals do not render the Unicode isolation marks Fluent puts around arguments; they
        // would show as stray cells or shift the columns.
        bundle.set_use_isolating(false);
        let found: Vec<_> = sources(language).flat_map(|(_, text)| entries(text)).collect();
        // Sized once: growing it rehashes every ID again.
        let mut entries = HashMap::with_capacity(found.len());
        entries.extend(found);
        Catalog { language, entries, bundle: RwLock::new(bundle) }
    }

    /// The message `id`, its arguments filled in; `None` when the catalog lacks it.
    fn format(&self, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        if let Some(text) = format_in(&self.read(), id, args) {
            return Some(text);
        }
        let source = self.entries.get(id)?;
        // Parsed (and a failure logged) before the lock is taken: logging speaks a language too.
        // The catalog tests parse every message; should one still fail, what parsed is kept and
        // a missing message shows its ID.
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, errors)| {
            tracing::warn!(language = %self.language, id, ?errors, "a catalog message does not parse");
            partial
        });
        let mut bundle = self.bundle.write().unwrap_or_else(PoisonError::into_inner);
        if !bundle.has_message(id) {
            bundle.add_resource_overriding(resource);
        }
        format_in(&bundle, id, args)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Bundle> {
        self.bundle.read().unwrap_or_else(PoisonError::into_inner)
    }
}

fn format_in(bundle: &Bundle, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    Some(bundle.format_pattern(pattern, args, &mut errors).into_owned())
}

/// Each message of an FTL file: (ID, its text). A message starts with its ID at column 0
/// (`id = …`) and runs until the next line at column 0 that starts a message, a term or a
/// comment; its own lines (continued text, variants, attributes, blank lines) are indented, or
/// a selector's closing `}`.
fn entries(ftl: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut found = Vec::new();
    let mut open: Option<(&'static str, usize)> = None;
    let mut offset = 0;
    for line in ftl.split_inclusive('\n') {
        let first = line.as_bytes().first().copied().unwrap_or(b' ');
        if first.is_ascii_alphabetic() || first == b'#' || first == b'-' {
            if let Some((id, start)) = open.take() {
                found.push((id, &ftl[start..offset]));
            }
            if first.is_ascii_alphabetic() {
                let id = line.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_');
                open = Some((&line[..id.count()], offset));
            }
        }
        offset += line.len();
    }
    found.extend(open.map(|(id, start)| (id, &ftl[start..])));
    found
}

// One lazy catalog per language: a run speaks one, so the other's is never read.
static EN_US: LazyLock<Catalog> = LazyLock::new(|| Catalog::new(Language::EnUs));
static ZH_CN: LazyLock<Catalog> = LazyLock::new(|| Catalog::new(Language::ZhCn));

fn catalog(language: Language) -> &'static Catalog {
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
    let args: Option<FluentArgs> =
        (!args.is_empty()).then(|| args.iter().map(|(name, value)| (*name, value.clone())).collect());
    catalog(language).format(id, args.as_ref()).unwrap_or_else(|| id.to_string())
}

/// The message `id` in the current language. Use [`tr!`](crate::tr), which names the arguments.
pub fn message(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    message_in(Language::current(), id, args)
}

/// Whether `language`'s catalog has the message.
pub fn has(language: Language, id: &str) -> bool {
    catalog(language).entries.contains_key(id)
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
