//! The credential chain over real files in temp homes, a fake environment and an in-memory
//! keystore. Nothing here reads the real environment, home directory or OS keyring.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use tceni::credentials::{
    Credential, CredentialsError, Field, KeyStore, KeyStoreError, MemoryKeyStore, OsKeyring, Problem,
    ResolveInput, Resolved, Source, choose_profile, delete, read_secret_line, resolve, show, store,
};
use tempfile::TempDir;

const ENV_ID: &str = "AKIDenvironment0001ENV1";
const ENV_KEY: &str = "envKEYsecret";
const RING_ID: &str = "AKIDkeyring000000RNG2";
const RING_KEY: &str = "ringKEYsecret";
const TCCLI_ID: &str = "AKIDtccli0000000TCC3";
const TCCLI_KEY: &str = "tccliKEYsecret";
const SDK_ID: &str = "AKIDsdkfile00000SDK4";
const SDK_KEY: &str = "sdkKEYsecret";

/// A fake world: environment variables, a temp home and a memory keystore.
struct World {
    env: HashMap<String, String>,
    home: TempDir,
    keystore: MemoryKeyStore,
}

impl World {
    fn new() -> Self {
        Self { env: HashMap::new(), home: tempfile::tempdir().unwrap(), keystore: MemoryKeyStore::new() }
    }

    fn env(mut self, name: &str, value: &str) -> Self {
        self.env.insert(name.to_owned(), value.to_owned());
        self
    }

    fn with_env_keys(self) -> Self {
        self.env("TENCENTCLOUD_SECRET_ID", ENV_ID).env("TENCENTCLOUD_SECRET_KEY", ENV_KEY)
    }

    fn with_keyring(self, profile: &str) -> Self {
        self.keystore.set(profile, &Credential::new(RING_ID, RING_KEY, None)).unwrap();
        self
    }

    fn file(self, relative: &str, text: &str) -> Self {
        let path = self.home.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn with_tccli(self, profile: &str) -> Self {
        let json = format!(r#"{{"secretId": "{TCCLI_ID}", "secretKey": "{TCCLI_KEY}"}}"#);
        self.file(&format!(".tccli/{profile}.credential"), &json)
    }

    fn with_sdk_file(self) -> Self {
        self.file(
            ".tencentcloud/credentials",
            &format!("[default]\nsecret_id = {SDK_ID}\nsecret_key = {SDK_KEY}\n"),
        )
    }

    fn resolve_as(&self, profile: &str, explicit: bool) -> Result<Resolved, CredentialsError> {
        self.resolve_with(profile, explicit, &self.keystore, Some(self.home.path()))
    }

    fn resolve_with(
        &self,
        profile: &str,
        explicit: bool,
        keystore: &dyn KeyStore,
        home: Option<&Path>,
    ) -> Result<Resolved, CredentialsError> {
        let env = |name: &str| self.env.get(name).cloned();
        resolve(&ResolveInput { profile, profile_explicit: explicit, env: &env, home, keystore })
    }

    fn resolve(&self) -> Result<Resolved, CredentialsError> {
        self.resolve_as("default", false)
    }
}

fn id_of(r: &Resolved) -> &str {
    &r.credential.secret_id
}

// ---- each source on its own ----

#[test]
fn env_alone() {
    let r = World::new().with_env_keys().resolve().unwrap();
    assert_eq!(
        (r.source.clone(), id_of(&r), r.credential.secret_key.expose()),
        (Source::Env, ENV_ID, ENV_KEY)
    );
    assert_eq!(r.credential.token, None);
    assert_eq!(r.describe(), "env (…ENV1)");
}

#[test]
fn keyring_alone() {
    let r = World::new().with_keyring("default").resolve().unwrap();
    assert_eq!(r.source, Source::Keyring { profile: "default".into() });
    assert_eq!(r.credential.secret_key.expose(), RING_KEY);
    assert_eq!(r.describe(), "keyring:default (…RNG2)");
}

#[test]
fn tccli_alone_with_token() {
    let json =
        format!(r#"{{"secretId":"{TCCLI_ID}","secretKey":"{TCCLI_KEY}","token":"tok1","region":"x"}}"#);
    let r = World::new().file(".tccli/default.credential", &json).resolve().unwrap();
    assert_eq!(r.source, Source::Tccli { profile: "default".into() });
    assert_eq!(r.credential.token.as_ref().map(|t| t.expose()), Some("tok1"));
    assert_eq!(r.describe(), "tccli default (…TCC3)");
}

#[test]
fn sdk_file_alone() {
    let r = World::new().with_sdk_file().resolve().unwrap();
    assert_eq!(
        (r.source.clone(), id_of(&r), r.credential.secret_key.expose()),
        (Source::SdkFile, SDK_ID, SDK_KEY)
    );
    assert_eq!(r.describe(), "~/.tencentcloud/credentials (…SDK4)");
}

#[test]
fn sandbox_demo_describes_itself() {
    let r = Resolved::sandbox_demo(Credential::sandbox_demo("AKIDsandbox00000000", "demo"));
    assert_eq!(r.describe(), "sandbox demo (…0000)");
}

// ---- precedence ----

#[test]
fn without_explicit_profile_env_beats_everything() {
    let w = World::new().with_env_keys().with_keyring("default").with_tccli("default").with_sdk_file();
    assert_eq!(w.resolve().unwrap().source, Source::Env);
}

#[test]
fn without_env_the_order_is_keyring_tccli_sdk() {
    let w = World::new().with_keyring("default").with_tccli("default").with_sdk_file();
    assert_eq!(w.resolve().unwrap().source, Source::Keyring { profile: "default".into() });
    let w = World::new().with_tccli("default").with_sdk_file();
    assert_eq!(w.resolve().unwrap().source, Source::Tccli { profile: "default".into() });
}

#[test]
fn explicit_profile_files_beat_env() {
    let w = World::new().with_env_keys().with_tccli("prod");
    let r = w.resolve_as("prod", true).unwrap();
    assert_eq!((r.source, r.profile.as_str()), (Source::Tccli { profile: "prod".into() }, "prod"));
    let w = World::new().with_env_keys().with_keyring("prod");
    assert_eq!(w.resolve_as("prod", true).unwrap().source, Source::Keyring { profile: "prod".into() });
    // The same world without the flag: the environment wins.
    let w = World::new().with_env_keys().with_tccli("prod");
    assert_eq!(w.resolve_as("prod", false).unwrap().source, Source::Env);
}

#[test]
fn explicit_default_profile_sdk_file_beats_env() {
    let w = World::new().with_env_keys().with_sdk_file();
    assert_eq!(w.resolve_as("default", true).unwrap().source, Source::SdkFile);
}

#[test]
fn explicit_profile_never_falls_back_to_env_and_says_what_it_searched() {
    let w = World::new().with_env_keys().with_sdk_file();
    let CredentialsError::NotFound { searched } = w.resolve_as("prod", true).unwrap_err() else {
        panic!("an explicit profile without credentials must not use the environment's key")
    };
    let trail = searched.join("\n");
    assert!(trail.contains("~/.tccli/prod.credential: no such file"), "{trail}");
    assert!(trail.contains("not read for profile \"prod\""), "{trail}");
}

#[test]
fn profile_other_than_default_ignores_the_sdk_file() {
    let err = World::new().with_sdk_file().resolve_as("prod", false).unwrap_err();
    assert!(matches!(err, CredentialsError::NotFound { .. }));
}

#[test]
fn profiles_do_not_leak_into_each_other() {
    let w = World::new().with_keyring("staging").with_tccli("staging");
    assert!(w.resolve_as("prod", true).is_err());
}

#[test]
fn choose_profile_rules() {
    let none = |_: &str| None;
    let tccli = |name: &str| (name == "TCCLI_PROFILE").then(|| "fromenv".to_owned());
    let empty = |name: &str| (name == "TCCLI_PROFILE").then(String::new);
    assert_eq!(choose_profile(None, &none), ("default".into(), false));
    assert_eq!(choose_profile(Some("prod"), &tccli), ("prod".into(), true));
    assert_eq!(choose_profile(None, &tccli), ("fromenv".into(), false));
    assert_eq!(choose_profile(None, &empty), ("default".into(), false));
}

#[test]
fn bad_profile_names_are_refused_before_touching_files() {
    for name in ["", "../etc", "a/b", ".hidden", "a b"] {
        let err = World::new().resolve_as(name, true).unwrap_err();
        assert!(matches!(err, CredentialsError::InvalidProfile { .. }), "{name:?}: {err}");
    }
}

// ---- environment details ----

#[test]
fn empty_env_vars_count_as_unset() {
    let w = World::new().env("TENCENTCLOUD_SECRET_ID", "").env("TENCENTCLOUD_SECRET_KEY", "").with_sdk_file();
    assert_eq!(w.resolve().unwrap().source, Source::SdkFile);
    // An empty partner is "unset", so this is a partial env, not an empty-key error.
    let err = World::new().env("TENCENTCLOUD_SECRET_ID", ENV_ID).env("TENCENTCLOUD_SECRET_KEY", "").resolve();
    assert!(matches!(err, Err(CredentialsError::PartialEnv { missing: "TENCENTCLOUD_SECRET_KEY", .. })));
}

#[test]
fn partial_env_names_the_missing_variable() {
    let err = World::new().env("TENCENTCLOUD_SECRET_ID", ENV_ID).with_sdk_file().resolve().unwrap_err();
    assert!(err.to_string().contains("TENCENTCLOUD_SECRET_KEY is not"), "{err}");
    let err = World::new().env("TENCENTCLOUD_SECRET_KEY", ENV_KEY).resolve().unwrap_err();
    let text = err.to_string();
    assert!(text.contains("TENCENTCLOUD_SECRET_ID is not") && !text.contains(ENV_KEY), "{text}");
}

#[test]
fn token_order_is_token_security_session() {
    let all = World::new()
        .with_env_keys()
        .env("TENCENTCLOUD_TOKEN", "t1")
        .env("TENCENTCLOUD_SECURITY_TOKEN", "t2")
        .env("TENCENTCLOUD_SESSION_TOKEN", "t3");
    let token = |w: &World| w.resolve().unwrap().credential.token.map(|t| t.expose().to_owned());
    assert_eq!(token(&all), Some("t1".into()));
    let w = World::new()
        .with_env_keys()
        .env("TENCENTCLOUD_TOKEN", "")
        .env("TENCENTCLOUD_SECURITY_TOKEN", "t2")
        .env("TENCENTCLOUD_SESSION_TOKEN", "t3");
    assert_eq!(token(&w), Some("t2".into()));
    let w = World::new().with_env_keys().env("TENCENTCLOUD_SESSION_TOKEN", "t3");
    assert_eq!(token(&w), Some("t3".into()));
}

#[test]
fn whitespace_is_refused_with_the_variable_named_and_never_trimmed() {
    let w =
        World::new().env("TENCENTCLOUD_SECRET_ID", ENV_ID).env("TENCENTCLOUD_SECRET_KEY", "pasted KEY \n");
    let err = w.resolve().unwrap_err();
    assert!(matches!(
        err,
        CredentialsError::Invalid { field: Field::SecretKey, problem: Problem::Whitespace, .. }
    ));
    let text = err.to_string();
    assert!(text.contains("TENCENTCLOUD_SECRET_KEY") && text.contains("whitespace"), "{text}");
    assert!(!text.contains("pasted"), "{text}");
    let w = World::new().with_env_keys().env("TENCENTCLOUD_SECURITY_TOKEN", "tok en");
    assert!(w.resolve().unwrap_err().to_string().contains("TENCENTCLOUD_SECURITY_TOKEN"));
}

// ---- tccli files ----

#[test]
fn tccli_cvm_role_oauth_sso_and_role_arn_are_skipped_with_a_reason() {
    for (json, needle) in [
        (r#"{"type":"cvm-role"}"#.to_owned(), "\"cvm-role\" is not supported"),
        (r#"{"type":"oauth","expiresAt":1,"oauth":{}}"#.to_owned(), "\"oauth\" is not supported"),
        (format!(r#"{{"type":"sso","secretId":"{TCCLI_ID}","secretKey":"k"}}"#), "\"sso\" is not supported"),
        (format!(r#"{{"secretId":"{TCCLI_ID}","secretKey":"k","role-arn":"qcs::cam::x"}}"#), "AssumeRole"),
    ] {
        let w = World::new().file(".tccli/default.credential", &json).with_sdk_file();
        let r = w.resolve().unwrap();
        assert_eq!(r.source, Source::SdkFile, "{json}");
        assert!(r.searched.iter().any(|s| s.contains(needle)), "{json}: {:?}", r.searched);
        // With nothing after it, the reason reaches the user in the NotFound error.
        let err = World::new().file(".tccli/default.credential", &json).resolve().unwrap_err();
        assert!(err.to_string().contains(needle), "{err}");
    }
}

#[test]
fn tccli_empty_pair_is_a_miss_half_pair_and_bad_json_are_errors() {
    let w =
        World::new().file(".tccli/default.credential", r#"{"secretId":"","secretKey":""}"#).with_sdk_file();
    assert_eq!(w.resolve().unwrap().source, Source::SdkFile);
    let w = World::new().file(".tccli/default.credential", r#"{"secretId":"AKIDonly1234"}"#).with_sdk_file();
    let err = w.resolve().unwrap_err();
    assert!(matches!(err, CredentialsError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("no secretKey"), "{err}");
    let w = World::new().file(".tccli/default.credential", r#"{"secretId": "x", "secretKey": "SECRETSTUFF""#);
    let err = w.resolve().unwrap_err();
    assert!(
        matches!(err, CredentialsError::Malformed { .. }) && !err.to_string().contains("SECRETSTUFF"),
        "{err}"
    );
}

#[test]
fn tccli_whitespace_in_key_is_refused_naming_the_file() {
    let w = World::new().file(".tccli/default.credential", r#"{"secretId":"AKIDabcd1234","secretKey":" k"}"#);
    let err = w.resolve().unwrap_err();
    assert!(err.to_string().contains("~/.tccli/default.credential"), "{err}");
}

#[test]
fn unreadable_file_is_an_error_not_a_miss() {
    // A directory where the file should be cannot be read on any platform.
    let w = World::new().with_sdk_file();
    std::fs::create_dir_all(w.home.path().join(".tccli/default.credential")).unwrap();
    assert!(matches!(w.resolve().unwrap_err(), CredentialsError::Read { .. }));
}

// ---- SDK INI file ----

#[test]
fn sdk_ini_comments_spaces_and_other_sections() {
    let ini = format!(
        "# written by hand\n[prod]\nsecret_id = AKIDwrongwrong\nsecret_key = wrong\n\n; note\n[default]\n\
         secret_id={SDK_ID}\n  secret_key   =   {SDK_KEY}  \nrole_arn = ignored\n[after]\nsecret_id = AKIDlater\n"
    );
    let r = World::new().file(".tencentcloud/credentials", &ini).resolve().unwrap();
    assert_eq!((id_of(&r), r.credential.secret_key.expose()), (SDK_ID, SDK_KEY));
    assert_eq!(r.credential.token, None);
}

#[test]
fn sdk_ini_without_default_section_is_a_miss_and_half_pair_an_error() {
    let err = World::new().file(".tencentcloud/credentials", "[prod]\nsecret_id=a\nsecret_key=b\n").resolve();
    let err = err.unwrap_err().to_string();
    assert!(err.contains("no [default] section"), "{err}");
    let err =
        World::new().file(".tencentcloud/credentials", "[default]\nsecret_key=b\n").resolve().unwrap_err();
    assert!(err.to_string().contains("has secret_key but no secret_id"), "{err}");
}

// ---- keystore ----

/// A keystore that behaves like a machine with no keyring service.
struct NoKeyring;

impl KeyStore for NoKeyring {
    fn get(&self, _: &str) -> Result<Option<Credential>, KeyStoreError> {
        Err(KeyStoreError::Unavailable("no secret service on D-Bus".into()))
    }
    fn set(&self, _: &str, _: &Credential) -> Result<(), KeyStoreError> {
        Err(KeyStoreError::Unavailable("no secret service on D-Bus".into()))
    }
    fn delete(&self, _: &str) -> Result<bool, KeyStoreError> {
        Err(KeyStoreError::Unavailable("no secret service on D-Bus".into()))
    }
}

#[test]
fn unavailable_keystore_is_a_quiet_miss_with_the_reason_recorded() {
    let w = World::new().with_tccli("default");
    let r = w.resolve_with("default", false, &NoKeyring, Some(w.home.path())).unwrap();
    assert_eq!(r.source, Source::Tccli { profile: "default".into() });
    assert!(
        r.searched.iter().any(|s| s.contains("not available (no secret service on D-Bus)")),
        "{:?}",
        r.searched
    );
    let disabled = OsKeyring::disabled("disabled by TCENI_KEYRING=off");
    let r = w.resolve_with("default", true, &disabled, Some(w.home.path())).unwrap();
    assert!(r.searched.iter().any(|s| s.contains("TCENI_KEYRING=off")), "{:?}", r.searched);
}

#[test]
fn corrupt_keyring_entry_stops_the_chain() {
    let w = World::new().with_tccli("default");
    w.keystore.insert_raw("default", "garbage");
    assert!(matches!(w.resolve().unwrap_err(), CredentialsError::KeyStore(KeyStoreError::Corrupt { .. })));
}

#[test]
fn no_home_skips_files_and_says_so() {
    let w = World::new().with_tccli("default");
    let err = w.resolve_with("default", false, &w.keystore, None).unwrap_err();
    let CredentialsError::NotFound { searched } = &err else { panic!("{err}") };
    assert_eq!(searched.len(), 4, "{searched:?}");
    assert!(searched.iter().filter(|s| s.contains("home directory unknown")).count() == 2, "{searched:?}");
}

#[test]
fn not_found_lists_every_source_in_plain_words() {
    let err = World::new().resolve().unwrap_err();
    let CredentialsError::NotFound { searched } = &err else { panic!("{err}") };
    assert_eq!(searched.len(), 4);
    assert!(searched[0].starts_with("environment:"));
    assert!(searched[1].starts_with("OS keyring"));
    assert!(searched[2].starts_with("~/.tccli/default.credential"));
    assert!(searched[3].starts_with("~/.tencentcloud/credentials"));
    let text = err.to_string();
    assert!(text.contains("tceni credentials set") && text.contains("  - environment:"), "{text}");
}

// ---- what the CLI calls ----

#[test]
fn store_show_delete_round_trip() {
    let w = World::new();
    let cred = Credential::new("AKIDstored000000STO5", "storedKEYsecret", Some("storedTOKEN".into()));
    store("work", &cred, &w.keystore).unwrap();
    let env = |_: &str| None;
    let input = ResolveInput {
        profile: "work",
        profile_explicit: true,
        env: &env,
        home: Some(w.home.path()),
        keystore: &w.keystore,
    };
    let shown = show(&input).unwrap();
    assert_eq!(shown, "profile: work\nsource: keyring:work (…STO5)\nsession token: yes");
    assert!(!shown.contains("storedKEYsecret") && !shown.contains("storedTOKEN"));
    assert!(delete("work", &w.keystore).unwrap());
    assert!(!delete("work", &w.keystore).unwrap());
    assert!(matches!(show(&input), Err(CredentialsError::NotFound { .. })));
}

#[test]
fn store_refuses_whitespace_and_bad_profiles_and_reports_no_keyring() {
    let store_in = MemoryKeyStore::new();
    let err = store("p", &Credential::new("AKIDabcd1234", "key ", None), &store_in).unwrap_err();
    assert!(matches!(err, CredentialsError::Invalid { field: Field::SecretKey, .. }), "{err}");
    assert!(store_in.get("p").unwrap().is_none());
    let ok = Credential::new("AKIDabcd1234", "key", None);
    assert!(matches!(store("../x", &ok, &store_in), Err(CredentialsError::InvalidProfile { .. })));
    let err = store("p", &ok, &NoKeyring).unwrap_err();
    assert!(err.to_string().contains("no OS keyring is available"), "{err}");
}

#[test]
fn read_secret_line_strips_only_the_line_ending() {
    let read =
        |s: &str| read_secret_line(&mut Cursor::new(s.as_bytes().to_vec())).unwrap().expose().to_owned();
    assert_eq!(read("abc\n"), "abc");
    assert_eq!(read("abc\r\n"), "abc");
    assert_eq!(read("abc"), "abc");
    assert_eq!(read(" abc \nsecond line"), " abc ");
    assert_eq!(read(""), "");
}

#[test]
fn nothing_printable_shows_key_or_token() {
    let w = World::new().with_env_keys().env("TENCENTCLOUD_TOKEN", "envTOKENsecret");
    let r = w.resolve().unwrap();
    for text in [format!("{r:?}"), format!("{:?}", r.credential), format!("{}", r.credential), r.describe()] {
        assert!(!text.contains(ENV_KEY) && !text.contains("envTOKENsecret"), "{text}");
        assert!(!text.contains(ENV_ID), "{text}");
    }
}
