//! Where `tceni credentials set` keeps keys: the OS keyring, behind a trait so tests use memory.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::auth::{Credential, Secret};

/// The keyring service name; the keyring "user" is the profile name.
pub const SERVICE: &str = "tceni";
/// Set to `off` to keep tceni away from the OS keyring (headless runs, tests of the binary).
pub const KEYRING_ENV: &str = "TCENI_KEYRING";

/// A place that stores one credential per profile.
pub trait KeyStore: Send + Sync {
    /// `Ok(None)` when the profile has no entry.
    fn get(&self, profile: &str) -> Result<Option<Credential>, KeyStoreError>;
    fn set(&self, profile: &str, credential: &Credential) -> Result<(), KeyStoreError>;
    /// `Ok(false)` when there was nothing to delete.
    fn delete(&self, profile: &str) -> Result<bool, KeyStoreError>;
    /// `set`, saying how long the key will last there.
    fn set_reporting(&self, profile: &str, credential: &Credential) -> Result<Persistence, KeyStoreError> {
        self.set(profile, credential).map(|()| Persistence::Persistent)
    }
}

/// How long a stored key lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// A keyring that survives a reboot (Secret Service, Keychain, Credential Manager). Nothing
    /// else is ever reported stored: the kernel keyring alone (Linux without a Secret Service)
    /// is not read back by a later process, so a key is refused rather than put there.
    Persistent,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    /// There is no keyring to talk to (no secret service on a server, a container, or disabled).
    /// The resolver treats this as "nothing here"; `set` reports it to the user.
    #[error("{}", crate::tr!("err-keyring-unavailable", reason = .0.as_str()))]
    Unavailable(String),
    /// The entry exists but is not the JSON tceni writes.
    #[error("{}", crate::tr!("err-keyring-corrupt", profile = format!("{profile:?}"), name = profile.as_str(), reason = reason.as_str()))]
    Corrupt { profile: String, reason: String },
    /// The keyring refused a write or a delete for another reason.
    #[error("{}", crate::tr!("err-keyring-failed", reason = .0.as_str()))]
    Backend(String),
}

/// What tceni stores as the keyring password. Field names are short and stable: changing them
/// would strand every stored key.
#[derive(Serialize)]
struct BlobOut<'a> {
    id: &'a str,
    key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<&'a str>,
}

#[derive(Deserialize)]
struct BlobIn {
    id: String,
    key: String,
    #[serde(default)]
    token: Option<String>,
}

fn encode(credential: &Credential) -> Secret {
    let blob = BlobOut {
        id: &credential.secret_id,
        key: credential.secret_key.expose(),
        token: credential.token.as_ref().map(Secret::expose),
    };
    // Serialising plain strings into a String cannot fail.
    Secret::new(serde_json::to_string(&blob).unwrap_or_default())
}

fn decode(profile: &str, blob: &Secret) -> Result<Credential, KeyStoreError> {
    let parsed: BlobIn = serde_json::from_str(blob.expose())
        .map_err(|e| KeyStoreError::Corrupt { profile: profile.to_owned(), reason: json_reason(&e) })?;
    // Move the strings straight into `Secret`s so they are zeroed on drop.
    Ok(Credential {
        secret_id: parsed.id,
        secret_key: Secret::new(parsed.key),
        token: parsed.token.map(Secret::new),
    })
}

/// serde_json's message can quote the offending value, which may be key material: keep only
/// the kind of failure and where it happened.
pub(crate) fn json_reason(error: &serde_json::Error) -> String {
    let kind = match error.classify() {
        serde_json::error::Category::Io => "read error",
        serde_json::error::Category::Syntax => "not valid JSON",
        serde_json::error::Category::Data => "unexpected JSON shape",
        serde_json::error::Category::Eof => "truncated JSON",
    };
    format!("{kind} at line {} column {}", error.line(), error.column())
}

/// The operating system's keyring (Secret Service / keyutils, macOS Keychain, Windows Credential
/// Manager) through the `keyring` crate.
#[derive(Debug, Clone, Default)]
pub struct OsKeyring {
    /// Why the keyring is not to be used, if it is not.
    disabled: Option<String>,
}

impl OsKeyring {
    /// The real keyring, unless `TCENI_KEYRING=off` says to leave it alone.
    pub fn from_env() -> Self {
        let off = std::env::var(KEYRING_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("off"));
        if off { Self::disabled(format!("disabled by {KEYRING_ENV}=off")) } else { Self::default() }
    }

    /// A keyring that answers every call with `Unavailable(reason)`.
    pub fn disabled(reason: impl Into<String>) -> Self {
        Self { disabled: Some(reason.into()) }
    }

    fn entry(&self, profile: &str) -> Result<keyring::Entry, KeyStoreError> {
        if let Some(reason) = &self.disabled {
            return Err(KeyStoreError::Unavailable(reason.clone()));
        }
        keyring::Entry::new(SERVICE, profile).map_err(|e| KeyStoreError::Unavailable(e.to_string()))
    }
}

/// Runs `f` on its own thread: the Secret Service client blocks on a runtime of its own, which
/// tokio forbids on a thread that is driving async tasks (the CLI's, the TUI's).
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| scope.spawn(f).join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
}

impl KeyStore for OsKeyring {
    fn get(&self, profile: &str) -> Result<Option<Credential>, KeyStoreError> {
        let entry = self.entry(profile)?;
        match off_runtime(|| entry.get_password()) {
            Ok(password) => decode(profile, &Secret::new(password)).map(Some),
            Err(keyring::Error::NoEntry) => Ok(None),
            // Any other failure on read means "this machine has no usable keyring" far more
            // often than anything else (no D-Bus session, locked store); say why and move on.
            Err(other) => Err(KeyStoreError::Unavailable(other.to_string())),
        }
    }

    fn set(&self, profile: &str, credential: &Credential) -> Result<(), KeyStoreError> {
        self.set_reporting(profile, credential).map(drop)
    }

    /// The Secret Service (with the kernel keyring as its cache). Where there is none (or it
    /// is locked), the key is refused with where else to put it: the kernel keyring alone is
    /// not what a later process reads, and "stored" then gone is worse than "not stored".
    fn set_reporting(&self, profile: &str, credential: &Credential) -> Result<Persistence, KeyStoreError> {
        let blob = encode(credential);
        let entry = self.entry(profile)?;
        off_runtime(|| entry.set_password(blob.expose())).map_err(write_error)?;
        Ok(Persistence::Persistent)
    }

    fn delete(&self, profile: &str) -> Result<bool, KeyStoreError> {
        let entry = self.entry(profile)?;
        match off_runtime(|| entry.delete_credential()) {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(other) => Err(write_error(other)),
        }
    }
}

fn write_error(error: keyring::Error) -> KeyStoreError {
    match error {
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => {
            KeyStoreError::Unavailable(e.to_string())
        }
        other => KeyStoreError::Backend(other.to_string()),
    }
}

/// An in-memory keystore for tests: the OS keychain is the one thing tceni's tests mock.
/// It stores the same JSON blob the OS keyring gets, so encoding is exercised too.
#[derive(Debug, Default)]
pub struct MemoryKeyStore {
    entries: Mutex<HashMap<String, Secret>>,
}

impl MemoryKeyStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts raw text in as the stored blob (to test how a damaged entry is reported).
    pub fn insert_raw(&self, profile: &str, blob: &str) {
        self.lock().insert(profile.to_owned(), Secret::new(blob));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        // A panic in another test thread must not hide this store's contents.
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl KeyStore for MemoryKeyStore {
    fn get(&self, profile: &str) -> Result<Option<Credential>, KeyStoreError> {
        self.lock().get(profile).map(|blob| decode(profile, blob)).transpose()
    }

    fn set(&self, profile: &str, credential: &Credential) -> Result<(), KeyStoreError> {
        self.lock().insert(profile.to_owned(), encode(credential));
        Ok(())
    }

    fn delete(&self, profile: &str) -> Result<bool, KeyStoreError> {
        Ok(self.lock().remove(profile).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_round_trip_with_and_without_token() {
        let store = MemoryKeyStore::new();
        let plain = Credential::new("AKIDplain0001", "k1", None);
        let temp = Credential::new("AKIDtemp00002", "k2", Some("tok".into()));
        store.set("a", &plain).unwrap();
        store.set("b", &temp).unwrap();
        assert_eq!(store.get("a").unwrap(), Some(plain));
        assert_eq!(store.get("b").unwrap(), Some(temp));
        assert_eq!(store.get("c").unwrap(), None);
        assert!(store.delete("a").unwrap());
        assert!(!store.delete("a").unwrap());
        assert_eq!(store.get("a").unwrap(), None);
    }

    #[test]
    fn corrupt_blob_is_reported_without_content() {
        let store = MemoryKeyStore::new();
        for raw in ["not json SECRETSTUFF", "\"SECRETSTUFF\"", r#"{"id":"a","key":["SECRETSTUFF"]}"#] {
            store.insert_raw("p", raw);
            let err = store.get("p").unwrap_err();
            assert!(matches!(err, KeyStoreError::Corrupt { .. }));
            assert!(!err.to_string().contains("SECRETSTUFF"), "{err}");
        }
    }

    #[test]
    fn disabled_os_keyring_never_touches_the_platform() {
        let store = OsKeyring::disabled("disabled by TCENI_KEYRING=off");
        let cred = Credential::new("AKIDxxxx0000", "k", None);
        assert!(
            matches!(store.get("default"), Err(KeyStoreError::Unavailable(r)) if r.contains("TCENI_KEYRING"))
        );
        let err = store.set("default", &cred).unwrap_err();
        assert!(err.to_string().contains("no OS keyring is available"), "{err}");
        assert!(matches!(store.delete("default"), Err(KeyStoreError::Unavailable(_))));
    }
}
