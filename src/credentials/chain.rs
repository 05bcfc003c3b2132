//! The provider chain: which sources are asked, in which order, and what came out.

use std::fmt;
use std::path::Path;

use super::error::CredentialsError;
use super::keystore::{KeyStore, OsKeyring};
use super::provider::{ChainSearch, Supply};
use super::sources::{self, Lookup};
use crate::auth::Credential;

/// The profile used when none is given anywhere.
pub const DEFAULT_PROFILE: &str = "default";
/// tccli's profile variable, honoured when no `--profile` flag is given.
pub const PROFILE_VAR: &str = "TCCLI_PROFILE";

/// Where a credential came from. The header always shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Env,
    Keyring {
        profile: String,
    },
    Tccli {
        profile: String,
    },
    /// A `tccli auth login` (oauth) or `tccli sso login` file.
    TccliLogin {
        kind: LoginKind,
        profile: String,
    },
    /// The CVM instance's CAM role, from the metadata service.
    CvmRole {
        role: String,
    },
    /// sts AssumeRole (a tccli `role-arn` profile, or `TENCENTCLOUD_ROLE_ARN`).
    AssumedRole {
        arn: String,
    },
    /// TKE OIDC: sts AssumeRoleWithWebIdentity.
    OidcRole {
        arn: String,
    },
    /// The SDKs' INI file, as shown (`~/.tencentcloud/credentials`, …).
    SdkFile {
        shown: String,
    },
    SandboxDemo,
}

/// Which tccli login wrote a `type: oauth|sso` file (its Display: that type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::Display)]
#[strum(serialize_all = "lowercase")]
pub enum LoginKind {
    OAuth,
    Sso,
}

impl LoginKind {
    /// The command that gets a fresh key.
    pub fn refresh_command(self) -> &'static str {
        match self {
            LoginKind::OAuth => "tccli auth login",
            LoginKind::Sso => "tccli sso login",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Env => f.write_str("env"),
            Source::Keyring { profile } => write!(f, "keyring:{profile}"),
            Source::Tccli { profile } => write!(f, "tccli {profile}"),
            Source::TccliLogin { kind, profile } => write!(f, "tccli {kind} {profile}"),
            Source::CvmRole { role } if role.is_empty() => f.write_str("CVM role"),
            Source::CvmRole { role } => write!(f, "CVM role {role}"),
            Source::AssumedRole { arn } => write!(f, "assumed role {arn}"),
            Source::OidcRole { arn } => write!(f, "OIDC role {arn}"),
            Source::SdkFile { shown } => f.write_str(shown),
            Source::SandboxDemo => f.write_str("sandbox demo"),
        }
    }
}

/// A credential and where it came from.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub credential: Credential,
    pub source: Source,
    pub profile: String,
    /// The sources passed over before this one, in plain words (e.g. an unsupported
    /// `cvm-role` tccli file). The CLI may print them with `-v`; they hold no secrets.
    pub searched: Vec<String>,
}

impl Resolved {
    /// The credential the in-process sandbox accepts, labelled so the header says so.
    pub fn sandbox_demo(credential: Credential) -> Self {
        Self {
            credential,
            source: Source::SandboxDemo,
            profile: DEFAULT_PROFILE.to_owned(),
            searched: Vec::new(),
        }
    }

    /// For the header bar: `env (…9XYZ)`, `keyring:default (…9XYZ)`, `sandbox demo (…0000)`.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.source, self.credential.masked_id())
    }
}

/// Everything the chain reads, passed in so tests never touch the real environment or home.
pub struct ResolveInput<'a> {
    pub profile: &'a str,
    /// True when the user named the profile with `--profile`: its files then beat the environment.
    pub profile_explicit: bool,
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub home: Option<&'a Path>,
    pub keystore: &'a dyn KeyStore,
}

/// tceni's own profile variable: like `--profile` (explicit).
pub const TCENI_PROFILE_VAR: &str = "TCENI_PROFILE";
/// Terraform's profile variable: like `TCCLI_PROFILE` (environment, not explicit).
pub const TERRAFORM_PROFILE_VAR: &str = "TENCENTCLOUD_PROFILE";

/// The profile to use, whether it was explicit, and who named it: the `--profile` flag or
/// `TCENI_PROFILE` (explicit), else a non-empty `TCCLI_PROFILE` or `TENCENTCLOUD_PROFILE` (not
/// explicit: they are environment, and the environment's keys still win, as in tccli and
/// Terraform), else `default`.
pub fn choose_profile(flag: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> (String, bool) {
    let (name, explicit, _) = named_profile(flag, env);
    (name, explicit)
}

/// [`choose_profile`] with the name of what chose it (`None`: the flag or the default).
pub fn named_profile(
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> (String, bool, Option<&'static str>) {
    if let Some(name) = flag {
        return (name.to_owned(), true, None);
    }
    if let Some(name) = sources::non_empty(env, TCENI_PROFILE_VAR) {
        return (name, true, Some(TCENI_PROFILE_VAR));
    }
    for var in [PROFILE_VAR, TERRAFORM_PROFILE_VAR] {
        if let Some(name) = sources::non_empty(env, var) {
            return (name, false, Some(var));
        }
    }
    (DEFAULT_PROFILE.to_owned(), false, None)
}

/// Profile names become file names: refuse separators, `..` and the like.
pub fn validate_profile(name: &str) -> Result<(), CredentialsError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty() || name.starts_with('.') || !name.chars().all(allowed) {
        return Err(CredentialsError::InvalidProfile { name: name.to_owned() });
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Step {
    Env,
    TkeOidc,
    Keyring,
    Tccli,
    SdkFile,
}

/// Finds a credential; the first source that has one wins. See the module docs for the order.
/// Sources fetched over the network (roles) are an error here ([`CredentialsError::NeedsFetch`]);
/// [`super::resolve_provider`] handles every source.
pub fn resolve(input: &ResolveInput<'_>) -> Result<Resolved, CredentialsError> {
    let search = search(input)?;
    let Some((supply, source)) = search.found else {
        return Err(CredentialsError::NotFound { searched: search.searched });
    };
    let credential = match supply {
        Supply::Fixed(credential) => credential,
        Supply::Login { credential, expires_at, kind } => {
            super::provider::check_login(expires_at, kind, input.profile)?;
            credential
        }
        Supply::Remote(_) => return Err(CredentialsError::NeedsFetch { from: source.to_string() }),
    };
    Ok(Resolved { credential, source, profile: input.profile.to_owned(), searched: search.searched })
}

/// Walks the chain without touching the network: the first source with something wins.
pub(crate) fn search(input: &ResolveInput<'_>) -> Result<ChainSearch, CredentialsError> {
    validate_profile(input.profile)?;
    let files = [Step::Keyring, Step::Tccli, Step::SdkFile];
    // A named profile never falls back to the environment: that key may belong to another
    // account, and attaching there by accident is exactly what this tool must prevent.
    let order: Vec<Step> = if input.profile_explicit {
        files.to_vec()
    } else {
        [Step::Env, Step::TkeOidc].into_iter().chain(files).collect()
    };
    let mut searched = Vec::new();
    for step in order {
        let lookup = lookup(step, input)?;
        let source = source_of(step, input, &lookup);
        match Supply::from_lookup(lookup) {
            Ok(supply) => {
                return Ok(ChainSearch {
                    found: Some((supply, source)),
                    searched,
                    explicit: input.profile_explicit,
                });
            }
            Err(reason) => searched.push(reason),
        }
    }
    Ok(ChainSearch { found: None, searched, explicit: input.profile_explicit })
}

/// What the chain would use, without the network: the source and, for a key held locally, its
/// masked SecretId. `Ok(None)`: nothing found (the CVM role is asked at run time, unless a
/// profile was named). A broken source is the error it would be at run time.
pub fn locate(input: &ResolveInput<'_>) -> Result<Option<(Source, Option<String>)>, CredentialsError> {
    let search = search(input)?;
    Ok(search.found.map(|(supply, source)| {
        let masked = match supply {
            Supply::Fixed(credential) | Supply::Login { credential, .. } => Some(credential.masked_id()),
            Supply::Remote(_) => None,
        };
        (source, masked)
    }))
}

/// [`locate`] with the real environment, home and OS keyring.
pub fn locate_default(profile: Option<&str>) -> Result<Option<(Source, Option<String>)>, CredentialsError> {
    let env = |name: &str| std::env::var(name).ok();
    let (profile, profile_explicit) = choose_profile(profile, &env);
    let home = dirs::home_dir();
    let keystore = OsKeyring::from_env();
    locate(&ResolveInput {
        profile: &profile,
        profile_explicit,
        env: &env,
        home: home.as_deref(),
        keystore: &keystore,
    })
}

/// `resolve` with the real environment, home directory and OS keyring (`TCENI_KEYRING=off`
/// disables the keyring). `profile` is the `--profile` flag, if given.
pub fn resolve_default(profile: Option<&str>) -> Result<Resolved, CredentialsError> {
    let env = |name: &str| std::env::var(name).ok();
    let (profile, profile_explicit) = choose_profile(profile, &env);
    let home = dirs::home_dir();
    let keystore = OsKeyring::from_env();
    resolve(&ResolveInput {
        profile: &profile,
        profile_explicit,
        env: &env,
        home: home.as_deref(),
        keystore: &keystore,
    })
}

fn lookup(step: Step, input: &ResolveInput<'_>) -> Result<Lookup, CredentialsError> {
    let profile = input.profile;
    match step {
        Step::Env => sources::from_env(input.env),
        Step::TkeOidc => sources::from_tke_env(input.env),
        Step::Keyring => match sources::from_keystore(input.keystore, profile)? {
            Lookup::Found(credential) => sources::check(credential, &format!("keyring:{profile}")),
            missing => Ok(missing),
        },
        Step::Tccli => match crate::paths::tccli_dir(input.env, input.home) {
            Some((dir, shown)) => sources::from_tccli(input.env, &dir, &shown, profile),
            None => Ok(Lookup::Missing(crate::tr!(
                "searched-no-home",
                file = sources::tccli_shown("~/.tccli", profile)
            ))),
        },
        Step::SdkFile => sources::from_sdk_file(input.env, input.home, profile),
    }
}

fn source_of(step: Step, input: &ResolveInput<'_>, lookup: &Lookup) -> Source {
    let profile = input.profile.to_owned();
    match (lookup, step) {
        (Lookup::Remote(remote), _) => remote.source(),
        (Lookup::Login { kind, .. }, _) => Source::TccliLogin { kind: *kind, profile },
        (_, Step::Env | Step::TkeOidc) => Source::Env,
        (_, Step::Keyring) => Source::Keyring { profile },
        (_, Step::Tccli) => Source::Tccli { profile },
        (_, Step::SdkFile) => Source::SdkFile { shown: sources::sdk_file_shown(input.env, input.home) },
    }
}
