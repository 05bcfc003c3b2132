//! What `tceni credentials set|show|delete` needs, without clap and without prompting
//! (the CLI reads the key with `rpassword` or from stdin, never from argv).

use std::io::BufRead;

use super::chain::{ResolveInput, resolve, validate_profile};
use super::error::CredentialsError;
use super::keystore::{KeyStore, Persistence};
use super::sources::validate;
use crate::auth::{Credential, Secret};

/// Stores `credential` under `profile`, after the same checks the chain applies on read.
pub fn store(
    profile: &str,
    credential: &Credential,
    keystore: &dyn KeyStore,
) -> Result<(), CredentialsError> {
    validate_profile(profile)?;
    validate(credential, "the input")?;
    keystore.set(profile, credential)?;
    Ok(())
}

/// What `credentials show` prints: the profile, the source with the masked SecretId, and
/// whether a session token is present. Never the key or the token.
pub fn show(input: &ResolveInput<'_>) -> Result<String, CredentialsError> {
    let resolved = resolve(input)?;
    let token = if resolved.credential.token.is_some() { "yes" } else { "no" };
    Ok(format!("profile: {}\nsource: {}\nsession token: {token}", resolved.profile, resolved.describe()))
}

/// [`store`], saying how long the key lasts where it was put: the CLI must never say "stored"
/// of a key that is gone at the next reboot.
pub fn store_reporting(
    profile: &str,
    credential: &Credential,
    keystore: &dyn KeyStore,
) -> Result<Persistence, CredentialsError> {
    validate_profile(profile)?;
    validate(credential, "the input")?;
    Ok(keystore.set_reporting(profile, credential)?)
}

/// What `credentials set` prints once the key is in.
pub fn stored_message(profile: &str, credential: &Credential, persistence: Persistence) -> String {
    let masked = credential.masked_id();
    match persistence {
        Persistence::Persistent => format!("stored in the OS keyring for profile {profile} ({masked})"),
    }
}

/// Removes the stored entry; `Ok(false)` if there was none.
pub fn delete(profile: &str, keystore: &dyn KeyStore) -> Result<bool, CredentialsError> {
    validate_profile(profile)?;
    Ok(keystore.delete(profile)?)
}

/// Reads one line (a key piped on stdin) and drops the line ending only. Other whitespace is
/// kept so that [`store`] refuses it with a clear message instead of storing a silently
/// altered key.
pub fn read_secret_line(reader: &mut dyn BufRead) -> Result<Secret, std::io::Error> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let line = Secret::new(line);
    let text = line.expose();
    let text = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(text);
    Ok(Secret::new(text))
}
