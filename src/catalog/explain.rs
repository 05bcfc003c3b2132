//! Error code → plain-language explanation, from `assets/errors.toml`.
//!
//! Lookup order: the exact code (Tencent codes are case-sensitive), then the longest dotted prefix
//! that has a family fallback (`A.B.C` → `A.B` → `A`), then the generic entry. So a code Tencent
//! adds tomorrow still gets a useful text and a safe retry decision from its family.

use crate::i18n::Language;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What an operator needs to know about an error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The code this explanation was found under: the code itself, its prefix for a family
    /// fallback, or `""` for the generic entry.
    pub code: String,
    pub title: String,
    pub meaning: String,
    pub action: String,
    pub retryable: bool,
}

/// One table of the asset. Unknown fields are rejected so a typo in the asset fails the tests;
/// the Chinese text is required, so a code without it fails them too.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    title: String,
    meaning: String,
    action: String,
    retryable: bool,
    #[serde(rename = "zh-CN")]
    zh_cn: Texts,
}

/// The words of an entry in one more language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    title: String,
    meaning: String,
    action: String,
}

impl Entry {
    /// (title, meaning, action) in `language`.
    fn texts(&self, language: Language) -> (&str, &str, &str) {
        match language {
            Language::EnUs => (&self.title, &self.meaning, &self.action),
            Language::ZhCn => (&self.zh_cn.title, &self.zh_cn.meaning, &self.zh_cn.action),
        }
    }
}

/// Preflight advice for one situation, in each language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Advice {
    #[serde(rename = "en-US")]
    en_us: String,
    #[serde(rename = "zh-CN")]
    zh_cn: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalog {
    code: BTreeMap<String, Entry>,
    prefix: BTreeMap<String, Entry>,
    generic: Entry,
    /// Preflight advice per `rule.situation` (see the asset's last section).
    #[serde(default)]
    advice: BTreeMap<String, Advice>,
}

fn parse(text: &str) -> Result<Catalog, toml::de::Error> {
    toml::from_str(text)
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        parse(include_str!("../../assets/errors.toml"))
            .expect("assets/errors.toml is valid (checked by a test)")
    })
}

/// The explanation for an error code (service code or tceni `ClientError.*`), in the run's
/// language. Never fails: an unknown code gets its family's text, or the generic one.
pub fn explain(code: &str) -> Explanation {
    explain_in(Language::current(), code)
}

/// [`explain`] in `language`.
pub fn explain_in(language: Language, code: &str) -> Explanation {
    let (found_under, entry) = lookup(catalog(), code);
    let (title, meaning, action) = entry.texts(language);
    Explanation {
        code: found_under.to_string(),
        title: title.to_string(),
        meaning: meaning.to_string(),
        action: action.to_string(),
        retryable: entry.retryable,
    }
}

/// What to do about a preflight verdict in one situation (`rule.situation`, e.g.
/// `eni_available.in_transition`), in the run's language. None for a key the asset lacks (a
/// test checks every key used).
pub fn advice(key: &str) -> Option<&'static str> {
    advice_in(Language::current(), key)
}

/// [`advice`] in `language`.
pub fn advice_in(language: Language, key: &str) -> Option<&'static str> {
    catalog().advice.get(key).map(|advice| match language {
        Language::EnUs => advice.en_us.as_str(),
        Language::ZhCn => advice.zh_cn.as_str(),
    })
}

/// Every advice key in the asset.
pub fn advice_keys() -> impl Iterator<Item = &'static str> {
    catalog().advice.keys().map(String::as_str)
}

/// Whether sending the same call again (same ClientToken, with backoff) can help.
pub fn is_retryable(code: &str) -> bool {
    lookup(catalog(), code).1.retryable
}

/// Every code that has an exact entry, sorted. Family fallbacks are not included.
pub fn all_codes() -> impl Iterator<Item = &'static str> {
    catalog().code.keys().map(String::as_str)
}

/// Returns the key the entry was found under (`""` for generic) and the entry.
fn lookup<'c, 'k>(catalog: &'c Catalog, code: &'k str) -> (&'k str, &'c Entry) {
    if let Some(entry) = catalog.code.get(code) {
        return (code, entry);
    }
    // Only proper prefixes: the whole code was just tried against the exact table.
    let mut prefix = code;
    while let Some(dot) = prefix.rfind('.') {
        prefix = &prefix[..dot];
        if let Some(entry) = catalog.prefix.get(prefix) {
            return (prefix, entry);
        }
    }
    ("", &catalog.generic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(catalog: &Catalog) -> impl Iterator<Item = (&String, &Entry)> {
        catalog.code.iter().chain(catalog.prefix.iter())
    }

    #[test]
    fn asset_parses_and_every_text_is_filled_in() {
        let catalog = catalog();
        let generic = (&String::new(), &catalog.generic);
        for (code, e) in entries(catalog).chain(std::iter::once(generic)) {
            for language in Language::ALL {
                let (title, meaning, action) = e.texts(language);
                for (field, text) in [("title", title), ("meaning", meaning), ("action", action)] {
                    assert!(!text.trim().is_empty(), "{code:?}: empty {language} {field}");
                }
                // Display columns: a CJK character takes two.
                let width = unicode_width::UnicodeWidthStr::width(title);
                assert!(width <= 40, "{code:?}: {language} title too long for a status line: {title:?}");
            }
        }
        for (key, advice) in &catalog.advice {
            assert!(!advice.en_us.trim().is_empty() && !advice.zh_cn.trim().is_empty(), "advice {key}");
        }
        assert!(catalog.code.len() >= 60, "only {} exact codes", catalog.code.len());
    }

    /// Advice is printed by the CLI as well as shown in the app, and `[keys]` may rebind any
    /// key: a key named in its text would be wrong in one or the other. The step it suggests is
    /// the verdict's `next`, which each shows in its own way.
    #[test]
    fn no_advice_names_a_key() {
        for key in advice_keys() {
            for language in Language::ALL {
                let text = advice_in(language, key).unwrap();
                for named in ["Ctrl-", "Ctrl+", "Alt-", "(F1", "Esc"] {
                    assert!(!text.contains(named), "{key} ({language}) names a key: {text}");
                }
            }
        }
    }

    #[test]
    fn keys_are_code_shaped() {
        // A key with a space, a wildcard or a trailing dot would never match a real code.
        for (code, _) in entries(catalog()) {
            let ok = code.split('.').all(|seg| {
                seg.starts_with(|c: char| c.is_ascii_uppercase())
                    && seg.chars().all(|c| c.is_ascii_alphanumeric())
            });
            assert!(ok, "{code:?} is not shaped like a Tencent code");
        }
    }

    #[test]
    fn every_code_family_has_a_fallback() {
        // A new code in a family we already know must get the family text, never the generic one.
        let catalog = catalog();
        for code in catalog.code.keys().filter(|c| c.contains('.')) {
            let family = code.split('.').next().unwrap_or_default();
            assert!(catalog.prefix.contains_key(family), "no [prefix.\"{family}\"] for {code}");
        }
    }

    #[test]
    fn exact_match_wins_and_is_case_sensitive() {
        let e = explain("UnsupportedOperation.ZoneMismatch");
        assert_eq!(e.code, "UnsupportedOperation.ZoneMismatch");
        assert!(e.action.contains("zone"), "{}", e.action);
        assert_eq!(explain("unsupportedoperation.zonemismatch").code, "");
    }

    #[test]
    fn longest_prefix_then_generic() {
        let e = explain("AuthFailure.SomethingNew");
        assert_eq!((e.code.as_str(), e.retryable), ("AuthFailure", false));
        assert_eq!(explain("UnsupportedOperation.New.Deeper").code, "UnsupportedOperation");
        assert_eq!(explain("InvalidParameterValue.New").code, "InvalidParameterValue");
        assert!(is_retryable("RequestLimitExceeded.SomethingNew"));
        assert!(is_retryable("InternalError.SomethingNew"));
        let generic = explain("Totally.Unknown");
        assert_eq!((generic.code.as_str(), generic.retryable), ("", false));
        assert_eq!(explain("").code, "");
    }

    #[test]
    fn prefix_lookup_does_not_split_inside_a_segment() {
        // `InvalidParameterX` is not in the `InvalidParameter` family: prefixes are dotted.
        assert_eq!(explain("InvalidParameterX").code, "");
    }

    #[test]
    fn a_bad_asset_is_rejected() {
        const GOOD: &str = "[code.\"A\"]\ntitle='t'\nmeaning='m'\naction='a'\nretryable=false\n\
                            [code.\"A\".zh-CN]\ntitle='标题'\nmeaning='含义'\naction='建议'\n\
                            [prefix]\n[generic]\ntitle='t'\nmeaning='m'\naction='a'\nretryable=false\n\
                            [generic.zh-CN]\ntitle='标题'\nmeaning='含义'\naction='建议'\n";
        assert!(parse(GOOD).is_ok());
        assert!(
            parse(&GOOD.replacen("[code.\"A\".zh-CN]\ntitle='标题'\n", "[code.\"A\".zh-CN]\n", 1)).is_err(),
            "a Chinese title missing"
        );
        assert!(parse(&GOOD.replacen("[code.\"A\".zh-CN]", "[code.\"A\".fr]", 1)).is_err(), "no zh-CN text");
        assert!(parse(&GOOD.replacen("action='a'\n", "", 1)).is_err(), "missing field");
        assert!(parse(&GOOD.replacen("retryable=false", "retriable=false", 1)).is_err(), "typo");
    }

    #[test]
    fn chinese_texts_use_the_console_words() {
        let vpc = explain_in(Language::ZhCn, "UnsupportedOperation.VpcMismatch");
        assert!(vpc.title.contains("私有网络") && vpc.meaning.contains("弹性网卡"), "{vpc:?}");
        assert!(vpc.action.contains("云服务器"), "{vpc:?}");
        assert_eq!(vpc.retryable, explain_in(Language::EnUs, "UnsupportedOperation.VpcMismatch").retryable);
        assert!(explain_in(Language::ZhCn, "UnsupportedOperation.ZoneMismatch").meaning.contains("可用区"));
        assert!(advice_in(Language::ZhCn, "eni_not_primary.primary").unwrap().contains("主网卡"));
        // The run's language (none set on this thread: en-US) picks the text.
        let _zh = crate::i18n::scoped(Language::ZhCn);
        assert!(explain("Totally.Unknown").title.contains("无法识别"));
    }

    #[test]
    fn all_codes_lists_exact_entries_only() {
        let codes: Vec<_> = all_codes().collect();
        assert!(codes.contains(&"ClientError.TaskTimeout"));
        assert!(!codes.contains(&"AuthFailure"), "fallbacks are not codes");
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
    }
}
