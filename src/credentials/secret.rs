//! `Secret`, `Credential` and the SecretId mask: the types that keep key material out of logs.

use std::fmt;

/// Text that must never be printed: `Debug` and `Display` both show `***`.
///
/// The buffer is overwritten with zeros on drop. That is best effort (copies made by the
/// allocator or by callers are out of reach) but it is cheap and needs no dependency.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps text; the caller should move the only copy in.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The only way to the text. Call it where the bytes are used (signing), nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Take the bytes out safely, then zero the whole allocation (len..capacity too:
        // `resize` within capacity does not reallocate). `black_box` keeps the writes from
        // being optimised away as dead stores before the free.
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        let capacity = bytes.capacity();
        bytes.clear();
        bytes.resize(capacity, 0);
        std::hint::black_box(&bytes);
    }
}

/// A Tencent Cloud API key pair, with an optional session token (temporary credentials).
///
/// `Debug` and `Display` show the masked SecretId only; the key and token print as `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub secret_id: String,
    pub secret_key: Secret,
    pub token: Option<Secret>,
}

impl Credential {
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>, token: Option<String>) -> Self {
        Self {
            secret_id: secret_id.into(),
            secret_key: Secret::new(secret_key),
            token: token.map(Secret::new),
        }
    }

    /// The credential for the in-process sandbox: same shape, no special casing downstream.
    pub fn sandbox_demo(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self::new(secret_id, secret_key, None)
    }

    /// The SecretId as the UI may show it (see [`mask_secret_id`]).
    pub fn masked_id(&self) -> String {
        mask_secret_id(&self.secret_id)
    }

    /// Which field, if any, breaks the rules the SDKs enforce: non-empty id and key, and no
    /// whitespace anywhere (a stray space or newline from pasting is the usual cause).
    pub(crate) fn problem(&self) -> Option<(Field, Problem)> {
        let fields = [
            (Field::SecretId, Some(self.secret_id.as_str())),
            (Field::SecretKey, Some(self.secret_key.expose())),
            (Field::Token, self.token.as_ref().map(Secret::expose)),
        ];
        fields.into_iter().find_map(|(field, value)| {
            let value = value?;
            if value.is_empty() && field != Field::Token {
                Some((field, Problem::Empty))
            } else if value.chars().any(char::is_whitespace) {
                Some((field, Problem::Whitespace))
            } else {
                None
            }
        })
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("secret_id", &self.masked_id())
            .field("secret_key", &self.secret_key)
            .field("token", &self.token)
            .finish()
    }
}

impl fmt::Display for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked_id())?;
        if self.token.is_some() {
            f.write_str(" +token")?;
        }
        Ok(())
    }
}

/// A credential field, named the way the console and the SDKs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    SecretId,
    SecretKey,
    Token,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::SecretId => "SecretId",
            Field::SecretKey => "SecretKey",
            Field::Token => "token",
        })
    }
}

/// What is wrong with a field's value (the value itself is never carried).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Empty,
    Whitespace,
}

/// Ids shorter than this are masked completely: showing 4 of 6 characters would show most of it.
const MIN_LEN_TO_REVEAL: usize = 8;
/// How many trailing characters identify a key to its owner (the console shows the same idea).
const REVEALED: usize = 4;

/// The SecretId as the header shows it: `…` and the last 4 characters (`…9XYZ`).
/// Ids shorter than 8 characters become `…` alone: nothing of them is shown.
pub fn mask_secret_id(id: impl AsRef<str>) -> String {
    let id = id.as_ref();
    let count = id.chars().count();
    if count < MIN_LEN_TO_REVEAL {
        return "…".to_owned();
    }
    let tail: String = id.chars().skip(count - REVEALED).collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "KEYsecretVALUE123";
    const TOKEN: &str = "TOKENsecretVALUE456";

    fn cred() -> Credential {
        Credential::new("AKIDabcdefgh9XYZ", KEY, Some(TOKEN.to_owned()))
    }

    #[test]
    fn secret_prints_stars_both_ways() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn credential_debug_and_display_hide_key_and_token() {
        let c = cred();
        for text in [format!("{c:?}"), format!("{c:#?}"), format!("{c}"), format!("{:?}", Some(&c))] {
            assert!(!text.contains(KEY), "{text}");
            assert!(!text.contains(TOKEN), "{text}");
            assert!(!text.contains("AKIDabcdefgh"), "{text}");
            assert!(text.contains("…9XYZ"), "{text}");
        }
    }

    #[test]
    fn mask_edge_cases() {
        assert_eq!(mask_secret_id("AKIDabcdefgh9XYZ"), "…9XYZ");
        assert_eq!(mask_secret_id("12345678"), "…5678");
        assert_eq!(mask_secret_id("1234567"), "…");
        assert_eq!(mask_secret_id(""), "…");
        assert_eq!(mask_secret_id("ab"), "…");
        // Characters, not bytes: no panic on a multi-byte id, and the tail is whole characters.
        assert_eq!(mask_secret_id("ééééééééxyzé"), "…xyzé");
    }

    #[test]
    fn problems_are_found_per_field() {
        assert_eq!(cred().problem(), None);
        let c = Credential::new("AKID 1", KEY, None);
        assert_eq!(c.problem(), Some((Field::SecretId, Problem::Whitespace)));
        let c = Credential::new("AKID1", "key\n", None);
        assert_eq!(c.problem(), Some((Field::SecretKey, Problem::Whitespace)));
        let c = Credential::new("AKID1", "", None);
        assert_eq!(c.problem(), Some((Field::SecretKey, Problem::Empty)));
        let c = Credential::new("AKID1", KEY, Some("to ken".into()));
        assert_eq!(c.problem(), Some((Field::Token, Problem::Whitespace)));
    }

    #[test]
    fn drop_does_not_panic_on_empty_or_large_capacity() {
        drop(Secret::new(String::new()));
        let mut s = String::with_capacity(1024);
        s.push_str("abc");
        drop(Secret::new(s));
    }
}
