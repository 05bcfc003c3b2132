//! The run's language, from the same layers as every other setting, and where it came from:
//! `--language` > `TCENI_LANGUAGE` > tccli's configure `language` > `config.toml`
//! (`[profiles.NAME]`, then the top level) > the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) > the
//! system locale > en-US.
//!
//! A setting someone wrote (flag, variable, file) that names a language without a catalog is an
//! error; a locale is only a preference: one tceni cannot meet (`fr_FR`, `C`) passes to the
//! next layer.

use super::Language;

pub const LANGUAGE_VAR: &str = "TCENI_LANGUAGE";
/// The locale variables, strongest first (POSIX: `LC_ALL` overrides `LC_MESSAGES` overrides `LANG`).
pub const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// What each layer says, `None` where it says nothing.
pub struct Sources<'a> {
    pub flag: Option<&'a str>,
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// tccli's `_sys_param.language` of the profile in use.
    pub tccli: Option<&'a str>,
    /// The profile in use (names the tccli file and the `[profiles.NAME]` section).
    pub profile: &'a str,
    /// `[profiles.NAME] language`.
    pub config_profile: Option<&'a str>,
    /// The top level's `language`.
    pub config_top: Option<&'a str>,
    /// The system's locale (sys-locale), asked only when every layer above is silent.
    pub system: &'a dyn Fn() -> Option<String>,
}

/// Where the run's language came from (shown by `tceni config`). Its static text is the layer
/// `tceni config --output json` names, as every other setting's (`config::Origin::layer`).
#[derive(Debug, Clone, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum Origin {
    Flag,
    Env,
    Tccli {
        profile: String,
    },
    #[strum(serialize = "profile")]
    ConfigProfile {
        profile: String,
    },
    #[strum(serialize = "config")]
    ConfigTop,
    #[strum(serialize = "env")]
    Locale {
        var: &'static str,
        value: String,
    },
    #[strum(serialize = "default")]
    System {
        value: String,
    },
    Default,
}

impl Origin {
    /// `flag`, `env`, `tccli`, `profile`, `config` or `default`.
    pub fn layer(&self) -> &'static str {
        self.into()
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Flag => f.write_str("--language"),
            Origin::Env => f.write_str(LANGUAGE_VAR),
            Origin::Tccli { profile } => write!(f, "~/.tccli/{profile}.configure"),
            Origin::ConfigProfile { profile } => write!(f, "config.toml [profiles.{profile}]"),
            Origin::ConfigTop => f.write_str("config.toml"),
            Origin::Locale { var, value } => write!(f, "{var}={value}"),
            Origin::System { value } => write!(f, "system locale {value}"),
            Origin::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub language: Language,
    pub origin: Origin,
}

/// A setting names a language tceni has no catalog for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageError {
    pub value: String,
    pub origin: Origin,
    /// The language the layers below would have chosen: the error is said in it.
    pub fallback: Language,
}

impl std::fmt::Display for LanguageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let available = Language::ALL.map(Language::tag).join(", ");
        let args = [
            ("value", super::Arg::from(self.value.as_str())),
            ("origin", super::Arg::from(self.origin.to_string())),
            ("available", super::Arg::from(available)),
        ];
        f.write_str(&super::message_in(self.fallback, "language-unknown", &args))
    }
}

impl std::error::Error for LanguageError {}

/// The run's language and its origin.
pub fn choose(sources: &Sources<'_>) -> Result<Choice, LanguageError> {
    let env = |name: &str| (sources.env)(name).filter(|v| !v.trim().is_empty());
    let written = [
        (sources.flag.map(str::to_owned), Origin::Flag),
        (env(LANGUAGE_VAR), Origin::Env),
        (sources.tccli.map(str::to_owned), Origin::Tccli { profile: sources.profile.to_owned() }),
        (
            sources.config_profile.map(str::to_owned),
            Origin::ConfigProfile { profile: sources.profile.to_owned() },
        ),
        (sources.config_top.map(str::to_owned), Origin::ConfigTop),
    ];
    let mut written = written.into_iter().filter_map(|(value, origin)| Some((value?, origin)));
    match written.next() {
        None => Ok(preferred(sources, &env)),
        Some((value, origin)) => match Language::parse(&value) {
            Some(language) => Ok(Choice { language, origin }),
            None => {
                // The error is said in what the rest would give (a bad one there: the locale's).
                let fallback = written
                    .find_map(|(v, _)| Language::parse(&v))
                    .unwrap_or_else(|| preferred(sources, &env).language);
                Err(LanguageError { value, origin, fallback })
            }
        },
    }
}

/// The locale's language, else the system's, else en-US.
fn preferred(sources: &Sources<'_>, env: &dyn Fn(&str) -> Option<String>) -> Choice {
    // The first locale variable set decides; `C`, `POSIX` or a language without a catalog is
    // no preference, and the system is asked.
    if let Some((var, value)) = LOCALE_VARS.iter().find_map(|var| Some((*var, env(var)?)))
        && let Some(language) = from_locale(&value)
    {
        return Choice { language, origin: Origin::Locale { var, value } };
    }
    if let Some(value) = (sources.system)()
        && let Some(language) = from_locale(&value)
    {
        return Choice { language, origin: Origin::System { value } };
    }
    Choice { language: Language::EnUs, origin: Origin::Default }
}

/// `zh_CN.UTF-8`, `zh_TW` (no zh-TW catalog: zh-CN), `zh-Hans-CN`, `en_GB` → a language;
/// `C`, `POSIX`, `C.UTF-8` and languages without a catalog → no preference.
pub fn from_locale(value: &str) -> Option<Language> {
    let name = value.split(['.', '@']).next().unwrap_or_default();
    match name.split(['_', '-']).next().unwrap_or_default().to_ascii_lowercase().as_str() {
        "zh" => Some(Language::ZhCn),
        "en" => Some(Language::EnUs),
        _ => None,
    }
}
