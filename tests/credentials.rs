//! The credential chain over real files in temp homes, a fake environment and an in-memory
//! keystore. Nothing here reads the real environment, home directory or OS keyring.

#[path = "common/isolated.rs"]
mod isolated;

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
const ROLE_ARN: &str = "qcs::cam::uin/100000000001:roleName/ops";

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

/// The SDK INI file in the home directory, as a source.
fn sdk_source() -> Source {
    Source::SdkFile { shown: "~/.tencentcloud/credentials".into() }
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
        (sdk_source(), SDK_ID, SDK_KEY)
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
    assert_eq!(w.resolve_as("default", true).unwrap().source, sdk_source());
}

#[test]
fn explicit_profile_never_falls_back_to_env_and_says_what_it_searched() {
    let w = World::new().with_env_keys().with_sdk_file();
    let CredentialsError::NotFound { searched } = w.resolve_as("prod", true).unwrap_err() else {
        panic!("an explicit profile without credentials must not use the environment's key")
    };
    let trail = searched.join("\n");
    assert!(trail.contains("~/.tccli/prod.credential: no such file"), "{trail}");
    assert!(trail.contains("~/.tencentcloud/credentials: no [prod] section"), "{trail}");
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
    assert_eq!(w.resolve().unwrap().source, sdk_source());
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
fn tccli_unknown_type_is_skipped_with_a_reason() {
    let json = r#"{"type":"saml"}"#;
    let w = World::new().file(".tccli/default.credential", json).with_sdk_file();
    let r = w.resolve().unwrap();
    assert_eq!(r.source, sdk_source());
    assert!(r.searched.iter().any(|s| s.contains("type \"saml\" is not supported")), "{:?}", r.searched);
}

#[test]
fn tccli_role_profiles_need_the_network_in_the_synchronous_resolver() {
    for json in [
        r#"{"type":"cvm-role"}"#.to_owned(),
        format!(
            r#"{{"secretId":"{TCCLI_ID}","secretKey":"k","role-arn":"{ROLE_ARN}","role-session-name":"s1"}}"#
        ),
    ] {
        let err =
            World::new().file(".tccli/default.credential", &json).with_sdk_file().resolve().unwrap_err();
        assert!(matches!(err, CredentialsError::NeedsFetch { .. }), "{json}: {err}");
    }
    let half = format!(r#"{{"secretId":"{TCCLI_ID}","secretKey":"k","role-arn":"{ROLE_ARN}"}}"#);
    let err = World::new().file(".tccli/default.credential", &half).resolve().unwrap_err();
    assert!(err.to_string().contains("has role-arn but no role-session-name"), "{err}");
}

#[test]
fn tccli_empty_pair_is_a_miss_half_pair_and_bad_json_are_errors() {
    let w =
        World::new().file(".tccli/default.credential", r#"{"secretId":"","secretKey":""}"#).with_sdk_file();
    assert_eq!(w.resolve().unwrap().source, sdk_source());
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
    assert_eq!(searched.len(), 5, "{searched:?}");
    assert!(searched[3].contains("home directory unknown"), "{searched:?}");
    // The machine-wide SDK file needs no home (the Python SDK reads it too).
    assert!(searched[4].contains("/etc/tencentcloud/credentials: no such file"), "{searched:?}");
}

#[test]
fn not_found_lists_every_source_in_plain_words() {
    let err = World::new().resolve().unwrap_err();
    let CredentialsError::NotFound { searched } = &err else { panic!("{err}") };
    assert_eq!(searched.len(), 5);
    assert!(searched[0].starts_with("environment:"));
    assert!(searched[1].starts_with("TKE OIDC:"));
    assert!(searched[2].starts_with("OS keyring"));
    assert!(searched[3].starts_with("~/.tccli/default.credential"));
    assert!(searched[4].starts_with("~/.tencentcloud/credentials"));
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

// ---- temporary credentials, end to end against the sandbox ----

mod temporary {
    use super::*;
    use std::time::{Duration, Instant};
    use tceni::api::sts::{self, RoleRequest};
    use tceni::api::{Client, ClientConfig};
    use tceni::credentials::{CredentialProvider, LoginKind, RemoteConfig, resolve_provider};
    use tceni::sandbox::{
        DEMO_SECRET_ID, DEMO_SECRET_KEY, DEMO_TEMP_SECRET_ID, DEMO_TEMP_SECRET_KEY, DEMO_TOKEN,
        DEMO_WEB_IDENTITY_TOKEN, Sandbox, SandboxConfig,
    };

    async fn sandbox() -> Sandbox {
        Sandbox::start(SandboxConfig::default()).await.unwrap()
    }

    fn remote(sb: &Sandbox) -> RemoteConfig {
        let mut config = RemoteConfig::from_env(&|_| None, Some(sb.url()));
        config.metadata_url = sb.url();
        config
    }

    fn client(sb: &Sandbox, credential: Credential) -> Client {
        let config = ClientConfig { endpoint_override: Some(sb.url()), ..ClientConfig::default() };
        Client::new(credential, config).unwrap()
    }

    /// A vpc call signed with the credential (and its token) succeeds.
    async fn call_ok(sb: &Sandbox, credential: Credential) {
        let found =
            client(sb, credential).describe_network_interfaces("ap-guangzhou", &["eni-free0001"], &[]).await;
        assert_eq!(found.unwrap().len(), 1);
    }

    async fn provider(
        w: &World,
        sb: &Sandbox,
        profile: &str,
        explicit: bool,
    ) -> Result<CredentialProvider, CredentialsError> {
        let env = |name: &str| w.env.get(name).cloned();
        let input = ResolveInput {
            profile,
            profile_explicit: explicit,
            env: &env,
            home: Some(w.home.path()),
            keystore: &w.keystore,
        };
        let future = resolve_provider(&input, &remote(sb));
        future.await
    }

    fn role_profile(source_id: &str, source_key: &str) -> String {
        format!(
            r#"{{"secretId":"{source_id}","secretKey":"{source_key}","role-arn":"{ROLE_ARN}","role-session-name":"oncall"}}"#
        )
    }

    fn login_file(kind: &str, expires_at: i64) -> String {
        format!(
            r#"{{"type":"{kind}","secretId":"{DEMO_TEMP_SECRET_ID}","secretKey":"{DEMO_TEMP_SECRET_KEY}","token":"{DEMO_TOKEN}","expiresAt":{expires_at},"{kind}":{{"accessToken":"x"}}}}"#
        )
    }

    #[tokio::test]
    async fn tccli_sso_and_oauth_logins_are_used_until_they_expire() {
        let sb = sandbox().await;
        let later = chrono::Utc::now().timestamp() + 3600;
        for (kind, login) in [("sso", LoginKind::Sso), ("oauth", LoginKind::OAuth)] {
            let w = World::new().file(".tccli/work.credential", &login_file(kind, later));
            let r = w.resolve_as("work", true).unwrap();
            assert_eq!(r.source, Source::TccliLogin { kind: login, profile: "work".into() });
            assert_eq!(r.describe(), format!("tccli {kind} work (…0000)"));
            call_ok(&sb, r.credential).await;
            let p = provider(&w, &sb, "work", true).await.unwrap();
            call_ok(&sb, p.current().await.unwrap()).await;
        }
        let w =
            World::new().file(".tccli/work.credential", &login_file("sso", 1_700_000_000)).with_sdk_file();
        let err = w.resolve_as("work", true).unwrap_err().to_string();
        assert_eq!(
            err,
            "the tccli login for profile work expired at 2023-11-14 22:13:20 UTC; refresh it with `tccli sso login`"
        );
        let err =
            World::new().file(".tccli/default.credential", &login_file("oauth", 1)).resolve().unwrap_err();
        assert!(err.to_string().contains("`tccli auth login`"), "{err}");
    }

    #[tokio::test]
    async fn tccli_role_profile_assumes_the_role_and_signs_with_the_temporary_key() {
        let sb = sandbox().await;
        let w = World::new().file(".tccli/ops.credential", &role_profile(DEMO_SECRET_ID, DEMO_SECRET_KEY));
        let p = provider(&w, &sb, "ops", true).await.unwrap();
        assert_eq!(p.source(), &Source::AssumedRole { arn: ROLE_ARN.into() });
        assert!(p.refreshes());
        let credential = p.current().await.unwrap();
        assert!(credential.token.is_some() && credential.secret_id != DEMO_SECRET_ID);
        assert!(p.describe().starts_with(&format!("assumed role {ROLE_ARN} (…")));
        call_ok(&sb, credential.clone()).await;
        let me = sts::get_caller_identity(&client(&sb, credential)).await.unwrap();
        assert_eq!(me.arn, "qcs::sts:100000000001:assumed-role/ops/oncall");
        assert_eq!((me.account_id.as_str(), me.kind.as_str()), ("100000000001", "CAMRole"));
        // The temporary key never shows.
        let text = format!("{p:?} {:?}", p.current().await.unwrap());
        assert!(!text.contains(p.current().await.unwrap().secret_key.expose()), "{text}");
    }

    #[tokio::test]
    async fn role_profile_with_a_wrong_source_key_says_so() {
        let sb = sandbox().await;
        let w = World::new().file(".tccli/ops.credential", &role_profile(DEMO_SECRET_ID, "wrongKEY"));
        let err = provider(&w, &sb, "ops", true).await.unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("could not get credentials from assumed role {ROLE_ARN}:")),
            "{err}"
        );
        assert!(err.contains("AuthFailure.SignatureFailure") && !err.contains("wrongKEY"), "{err}");
    }

    #[tokio::test]
    async fn env_role_arn_assumes_the_role_with_the_environment_key() {
        let sb = sandbox().await;
        let w = World::new()
            .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY)
            .env("TENCENTCLOUD_ROLE_ARN", ROLE_ARN)
            .env("TENCENTCLOUD_ROLE_SESSION_NAME", "ci-run");
        let p = provider(&w, &sb, "default", false).await.unwrap();
        assert_eq!(p.source(), &Source::AssumedRole { arn: ROLE_ARN.into() });
        call_ok(&sb, p.current().await.unwrap()).await;
        let w = World::new().with_env_keys().env("TENCENTCLOUD_ROLE_ARN", ROLE_ARN);
        let err = w.resolve().unwrap_err().to_string();
        assert!(err.contains("TENCENTCLOUD_ROLE_SESSION_NAME is not"), "{err}");
    }

    #[tokio::test]
    async fn cvm_role_profile_reads_the_metadata_service() {
        let sb = sandbox().await;
        let w = World::new().file(".tccli/default.credential", r#"{"type":"cvm-role"}"#);
        let p = provider(&w, &sb, "default", true).await.unwrap();
        assert_eq!(p.source(), &Source::CvmRole { role: "SandboxCvmRole".into() });
        assert!(p.describe().starts_with("CVM role SandboxCvmRole (…"));
        call_ok(&sb, p.current().await.unwrap()).await;
        sb.set_cvm_role(None);
        let err = provider(&w, &sb, "default", true).await.unwrap_err().to_string();
        assert!(err.contains("HTTP 404: the metadata service has no CAM role for this instance"), "{err}");
    }

    #[tokio::test]
    async fn the_cvm_role_is_the_last_step_of_the_default_chain_only() {
        let sb = sandbox().await;
        let p = provider(&World::new(), &sb, "default", false).await.unwrap();
        assert_eq!(p.source(), &Source::CvmRole { role: "SandboxCvmRole".into() });
        assert_eq!(p.searched().len(), 5);
        // A named profile never turns into the machine's role.
        let err = provider(&World::new(), &sb, "prod", true).await.unwrap_err();
        assert!(matches!(err, CredentialsError::NotFound { .. }), "{err}");
    }

    #[tokio::test]
    async fn no_metadata_service_is_a_quick_miss() {
        // Nothing listens on this port: the probe fails at once; an unroutable address fails
        // at the connect timeout (< 1 s). Either way the chain says so and does not stall.
        for url in ["http://127.0.0.1:9", "http://10.255.255.1"] {
            let w = World::new();
            let env = |name: &str| w.env.get(name).cloned();
            let input = ResolveInput {
                profile: "default",
                profile_explicit: false,
                env: &env,
                home: Some(w.home.path()),
                keystore: &w.keystore,
            };
            let mut config = RemoteConfig::from_env(&|_| None, None);
            config.metadata_url = url.into();
            let started = Instant::now();
            let err = resolve_provider(&input, &config).await.unwrap_err();
            assert!(started.elapsed() < Duration::from_secs(3), "{url}: {:?}", started.elapsed());
            let CredentialsError::NotFound { searched } = &err else { panic!("{err}") };
            assert!(searched.last().unwrap().contains("the CVM role (instance metadata)"), "{searched:?}");
        }
    }

    #[tokio::test]
    async fn tke_oidc_assumes_the_role_with_the_web_identity_token() {
        let sb = sandbox().await;
        let oidc = |token: &str| {
            World::new()
                .file("token", token)
                .env("TKE_REGION", "ap-guangzhou")
                .env("TKE_PROVIDER_ID", "tke-oidc-provider")
                .env("TKE_ROLE_ARN", ROLE_ARN)
        };
        let w = oidc(DEMO_WEB_IDENTITY_TOKEN);
        let token_file = w.home.path().join("token").display().to_string();
        let w = w.env("TKE_WEB_IDENTITY_TOKEN_FILE", &token_file);
        let p = provider(&w, &sb, "default", false).await.unwrap();
        assert_eq!(p.source(), &Source::OidcRole { arn: ROLE_ARN.into() });
        call_ok(&sb, p.current().await.unwrap()).await;
        let w = oidc("forged-token");
        let token_file = w.home.path().join("token").display().to_string();
        let w = w.env("TKE_WEB_IDENTITY_TOKEN_FILE", &token_file);
        let err = provider(&w, &sb, "default", false).await.unwrap_err().to_string();
        assert!(err.contains("InvalidParameter.WebIdentityTokenError") && !err.contains("forged"), "{err}");
        let err = World::new().env("TKE_ROLE_ARN", ROLE_ARN).resolve().unwrap_err().to_string();
        assert!(err.contains("TKE_REGION is not"), "{err}");
    }

    /// The client asks the provider before each call: a key past its lifetime is replaced,
    /// and a refresh the service refuses is one explained, typed error with nothing sent.
    #[tokio::test]
    async fn the_client_refreshes_and_explains_a_failed_refresh() {
        let sb = sandbox().await;
        // One-second keys issued just after a second starts: the first lives ~0.95 s (sts
        // rounds ExpiredTime down), refreshed from ~0.76 s on; each later one lives at most 1 s.
        sb.set_temporary_lifetime(Some(Duration::from_secs(1)));
        let w = World::new().file(".tccli/ops.credential", &role_profile(DEMO_SECRET_ID, DEMO_SECRET_KEY));
        at_the_start_of_a_second().await;
        let p = std::sync::Arc::new(provider(&w, &sb, "ops", true).await.unwrap());
        let config = ClientConfig { endpoint_override: Some(sb.url()), ..ClientConfig::default() };
        let client = Client::with_provider(p.clone(), config).unwrap();
        let first = client.secret_id();
        client.describe_regions().await.unwrap();
        tokio::time::sleep(Duration::from_millis(850)).await;
        client.describe_regions().await.unwrap();
        assert_ne!(client.secret_id(), first, "refreshed within the margin");
        assert_eq!(sb.request_count("AssumeRole"), 2);
        let refused = tceni::sandbox::Fault::once(tceni::sandbox::FaultKind::Error {
            code: "AuthFailure.UnauthorizedOperation".into(),
            message: Some("the role's trust policy does not name this key".into()),
        });
        sb.add_fault(refused.for_action("AssumeRole").until_cleared());
        tokio::time::sleep(Duration::from_millis(1050)).await;
        let before = sb.request_count("DescribeRegions");
        let err = client.describe_regions().await.unwrap_err();
        assert_eq!(err.code(), "ClientError.CredentialError");
        assert!(err.never_executed() && !err.retryable());
        let text = err.to_string();
        assert!(text.contains(&format!("assumed role {ROLE_ARN}")), "{text}");
        assert!(text.contains("AuthFailure.UnauthorizedOperation"), "{text}");
        assert_eq!(sb.request_count("DescribeRegions"), before, "nothing sent without a credential");
        assert!(err.explanation().action.contains("tccli sso login"));
    }

    /// sts answers carry keys and the OIDC request carries the web identity token: a redirect
    /// is never followed, so the redirecting server hears the request once and the target never.
    #[tokio::test]
    async fn sts_redirects_are_not_followed() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let sb = sandbox().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let target = format!("http://{}/", listener.local_addr().unwrap());
        let accepted = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                drop(stream);
            }
        });
        let redirect = tceni::sandbox::FaultKind::Redirect { location: Some(target) };
        for action in ["AssumeRoleWithWebIdentity", "AssumeRole"] {
            sb.add_fault(tceni::sandbox::Fault::once(redirect.clone()).for_action(action).until_cleared());
        }
        let w = World::new()
            .file("token", DEMO_WEB_IDENTITY_TOKEN)
            .env("TKE_REGION", "ap-guangzhou")
            .env("TKE_PROVIDER_ID", "tke-oidc-provider")
            .env("TKE_ROLE_ARN", ROLE_ARN);
        let token_file = w.home.path().join("token").display().to_string();
        let w = w.env("TKE_WEB_IDENTITY_TOKEN_FILE", &token_file);
        let err = provider(&w, &sb, "default", false).await.unwrap_err().to_string();
        assert!(err.contains("HTTP 307") && err.contains("not followed"), "{err}");
        let w = World::new().file(".tccli/ops.credential", &role_profile(DEMO_SECRET_ID, DEMO_SECRET_KEY));
        let err = provider(&w, &sb, "ops", true).await.unwrap_err().to_string();
        assert!(err.contains("HTTP 307"), "{err}");
        assert_eq!(sb.request_count("AssumeRoleWithWebIdentity"), 1);
        assert_eq!(sb.request_count("AssumeRole"), 1);
        assert_eq!(accepted.load(Ordering::SeqCst), 0, "the redirect target never heard from us");
    }

    #[tokio::test]
    async fn an_expired_temporary_key_is_refused_with_token_failure() {
        let sb = sandbox().await;
        sb.set_temporary_lifetime(Some(Duration::from_millis(600)));
        let source = client(&sb, Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None));
        let request = RoleRequest {
            region: "ap-guangzhou",
            role_arn: ROLE_ARN,
            role_session_name: "s1",
            duration_seconds: 7200,
            external_id: None,
        };
        let temp = sts::assume_role(&source, &request).await.unwrap();
        call_ok(&sb, temp.credential.clone()).await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        let err = client(&sb, temp.credential).describe_regions().await.unwrap_err();
        assert_eq!(err.code(), "AuthFailure.TokenFailure");
        let too_long = RoleRequest { duration_seconds: 43201, ..request };
        let err = sts::assume_role(&source, &too_long).await.unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValue");
    }

    /// Sleeps until just after the wall clock starts a new second, so that a key issued now with
    /// a whole-second lifetime has a known life (sts rounds ExpiredTime down to the second).
    async fn at_the_start_of_a_second() {
        let into = chrono::Utc::now().timestamp_subsec_millis() as u64;
        tokio::time::sleep(Duration::from_millis(1050 - into.min(1000))).await;
    }

    /// The refresh of a key in its last fifth hangs past the key's expiry: the expiry is judged
    /// by the clock after the refresh gave up, so nothing is sent with the dead key (it used to
    /// be sent, and refused with AuthFailure.TokenFailure).
    #[tokio::test]
    async fn a_refresh_that_hangs_past_expiry_sends_nothing_with_the_dead_key() {
        let sb = sandbox().await;
        sb.set_temporary_lifetime(Some(Duration::from_secs(1)));
        let w = World::new().file(".tccli/ops.credential", &role_profile(DEMO_SECRET_ID, DEMO_SECRET_KEY));
        let env = |name: &str| w.env.get(name).cloned();
        let input = ResolveInput {
            profile: "ops",
            profile_explicit: true,
            env: &env,
            home: Some(w.home.path()),
            keystore: &w.keystore,
        };
        let mut config = remote(&sb);
        config.request_timeout = Duration::from_millis(1000);
        at_the_start_of_a_second().await;
        // Issued ~0.05 s into a second: expires at the start of the next (~0.95 s later),
        // refreshed from ~0.76 s on.
        let p = std::sync::Arc::new(resolve_provider(&input, &config).await.unwrap());
        let config = ClientConfig {
            endpoint_override: Some(sb.url()),
            request_timeout: Duration::from_millis(1200),
            ..ClientConfig::default()
        };
        let client = Client::with_provider(p, config).unwrap();
        client.describe_regions().await.unwrap();
        sb.add_fault(
            tceni::sandbox::Fault::once(tceni::sandbox::FaultKind::Hang)
                .for_action("AssumeRole")
                .until_cleared(),
        );
        tokio::time::sleep(Duration::from_millis(800)).await;
        let err = client.describe_regions().await.unwrap_err();
        assert_eq!(err.code(), "ClientError.CredentialError", "{err}");
        assert!(err.never_executed(), "{err}");
        let sent: Vec<_> = sb.log().into_iter().filter(|e| e.action == "DescribeRegions").collect();
        assert_eq!(sent.len(), 1, "only the call made with the live key: {sent:?}");
        assert!(sent.iter().all(|e| e.outcome == "ok"), "{sent:?}");
    }

    /// A source that hands out a key already past its ExpiredTime (sts or the metadata service):
    /// refused where it is handed out, never sent.
    #[tokio::test]
    async fn a_key_handed_out_already_expired_is_refused() {
        let sb = sandbox().await;
        sb.set_temporary_lifetime(Some(Duration::ZERO));
        let role = World::new().file(".tccli/ops.credential", &role_profile(DEMO_SECRET_ID, DEMO_SECRET_KEY));
        let cvm = World::new().file(".tccli/default.credential", r#"{"type":"cvm-role"}"#);
        for (w, profile) in [(role, "ops"), (cvm, "default")] {
            let err = provider(&w, &sb, profile, true).await.unwrap_err();
            let CredentialsError::Fetch(fetch) = &err else { panic!("{err}") };
            assert!(
                matches!(fetch.failure, tceni::auth::CredentialFailure::Expired { renew: None, .. }),
                "{err}"
            );
            assert!(err.to_string().contains("had already expired"), "{err}");
        }
        assert_eq!(sb.request_count("DescribeRegions"), 0);
    }

    /// Keys of one second (each lives up to 1 s: sts rounds ExpiredTime down) used for 2.5 s.
    #[tokio::test]
    async fn the_provider_refreshes_short_keys_before_expiry_and_not_on_every_call() {
        let sb = sandbox().await;
        sb.set_temporary_lifetime(Some(Duration::from_secs(1)));
        let w = World::new().file(".tccli/ops.credential", &role_profile(DEMO_SECRET_ID, DEMO_SECRET_KEY));
        let p = provider(&w, &sb, "ops", true).await.unwrap();
        let started = Instant::now();
        let mut ids = std::collections::BTreeSet::new();
        let mut calls = 0;
        while started.elapsed() < Duration::from_millis(2500) {
            let credential = p.current().await.unwrap();
            ids.insert(credential.secret_id.clone());
            client(&sb, credential).describe_regions().await.expect("every call succeeds");
            calls += 1;
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        assert!(calls >= 12, "{calls}");
        // Every call succeeded, so each key was refreshed before it expired; 2.5 s of keys that
        // live at most 1 s take at least 3, and a key serves more than one call.
        assert!(ids.len() >= 3 && ids.len() < calls, "{} keys for {calls} calls", ids.len());
    }
}

// ---- the OS keyring, for real ----

mod os_keyring {
    use std::process::Command;

    fn have(tool: &str) -> bool {
        Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {tool}"))
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// Runs `script` in a fresh D-Bus session with an isolated home; `$TCENI` is the binary.
    fn in_session(script: &str) -> String {
        let home = tempfile::tempdir().unwrap();
        let runtime = tempfile::tempdir().unwrap();
        let out = Command::new("dbus-run-session")
            .args(["--", "sh", "-c", script])
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_RUNTIME_DIR", runtime.path())
            .env("TCENI", env!("CARGO_BIN_EXE_tceni"))
            .env_remove("TCENI_KEYRING")
            .env_remove("TENCENTCLOUD_SECRET_ID")
            .env_remove("TENCENTCLOUD_SECRET_KEY")
            .output()
            .unwrap();
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    }

    /// gnome-keyring over D-Bus: one process stores, another reads it back.
    #[test]
    fn secret_service_round_trip_across_two_processes() {
        if !(have("dbus-run-session") && have("gnome-keyring-daemon")) {
            // CI installs them and says so: there, a skip would hide a lost test.
            assert!(
                std::env::var_os("TCENI_REQUIRE_SECRET_SERVICE").is_none(),
                "TCENI_REQUIRE_SECRET_SERVICE is set but dbus-run-session or gnome-keyring-daemon is missing"
            );
            eprintln!(
                "skipped: dbus-run-session and gnome-keyring-daemon are needed (.ci/run installs them)"
            );
            return;
        }
        let out = in_session(
            r#"mkdir -p "$XDG_DATA_HOME"
            eval "$(printf 'pw' | gnome-keyring-daemon --unlock --components=secrets)"
            export GNOME_KEYRING_CONTROL
            printf 'persistedKEYsecret\n' | "$TCENI" --profile ring credentials set --secret-id AKIDpersisted00PER9
            "$TCENI" --profile ring credentials show"#,
        );
        assert!(out.contains("stored in the OS keyring for profile ring (…PER9)"), "{out}");
        assert!(out.contains("source: keyring:ring (…PER9)"), "{out}");
        assert!(!out.contains("persistedKEYsecret"), "{out}");
    }

    /// Issue 17.4. No Secret Service on the bus: a key is either stored where the next process
    /// reads it back (and `delete` removes it), or refused saying where else to put it; never
    /// "stored" and then gone.
    #[test]
    fn finding_17_4_without_a_secret_service_a_key_is_never_stored_and_then_gone() {
        if !have("dbus-run-session") {
            eprintln!("skipped: dbus-run-session is needed");
            return;
        }
        let out = in_session(
            r#"printf 'sessionKEYsecret\n' | "$TCENI" --profile nosvc credentials set --secret-id AKIDsession0000SES1
            echo "set=$?"
            "$TCENI" --profile nosvc credentials show; echo "show=$?"
            "$TCENI" --profile nosvc credentials delete; echo "delete=$?"
            "$TCENI" --profile nosvc credentials show; echo "after=$?""#,
        );
        assert!(!out.contains("sessionKEYsecret"), "{out}");
        if out.contains("set=0") {
            assert!(out.contains("source: keyring:nosvc (…SES1)") && out.contains("show=0"), "{out}");
            assert!(out.contains("delete=0") && out.contains("after=3"), "{out}");
        } else {
            assert!(out.contains("set=3") && out.contains("nothing was stored"), "{out}");
            assert!(
                out.contains("TENCENTCLOUD_SECRET_ID") && out.contains("tccli configure --profile"),
                "{out}"
            );
            assert!(!out.contains("source: keyring"), "{out}");
        }
    }
}

// ---- every source through the real binary: an attach signed with the temporary key ----

mod binary {
    use super::*;
    use std::process::{Command, Output};
    use std::time::Duration;
    use tceni::sandbox::{
        DEMO_SECRET_ID, DEMO_SECRET_KEY, DEMO_TEMP_SECRET_ID, DEMO_TEMP_SECRET_KEY, DEMO_TOKEN,
        DEMO_WEB_IDENTITY_TOKEN, Sandbox, SandboxConfig,
    };

    /// A sandbox, a temp home, and the binary run with nothing of this machine's environment.
    pub(super) struct Bin {
        pub sandbox: Sandbox,
        pub dir: TempDir,
    }

    impl Bin {
        pub async fn new(config: SandboxConfig) -> Bin {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("home")).unwrap();
            Bin { sandbox: Sandbox::start(config).await.unwrap(), dir }
        }

        pub fn home(&self) -> std::path::PathBuf {
            self.dir.path().join("home")
        }

        pub fn file(&self, relative: &str, text: &str) {
            let path = self.home().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }

        /// No key in the environment; the metadata service is a closed port unless a test says.
        pub fn command(&self, args: &[&str]) -> Command {
            let mut cmd = crate::isolated::tceni(self.dir.path(), args);
            cmd.env("TCENI_ENDPOINT", self.sandbox.url());
            cmd
        }

        pub async fn run(&self, mut cmd: Command) -> Output {
            tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap()
        }

        /// `attach --yes --output json` of a free ENI; the JSON answer.
        pub async fn attach(&self, cmd: impl FnOnce(&[&str]) -> Command) -> serde_json::Value {
            let args = [
                "attach",
                "--region",
                "ap-guangzhou",
                "--eni",
                "eni-free0001",
                "--instance",
                "ins-web00001",
                "--poll-interval-ms",
                "100",
                "--yes",
                "--output",
                "json",
            ];
            let out = self.run(cmd(&args)).await;
            let text = String::from_utf8_lossy(&out.stdout).to_string();
            let err = String::from_utf8_lossy(&out.stderr).to_string();
            assert_eq!(out.status.code(), Some(0), "{text}\n{err}");
            for secret in [DEMO_SECRET_KEY, DEMO_TEMP_SECRET_KEY, DEMO_TOKEN] {
                assert!(!text.contains(secret) && !err.contains(secret), "{text}\n{err}");
            }
            serde_json::from_str(text.trim()).unwrap()
        }

        /// The masked SecretIds the sandbox saw for `action`.
        pub fn signers(&self, action: &str) -> Vec<String> {
            self.sandbox.log().into_iter().filter(|e| e.action == action).map(|e| e.secret_id).collect()
        }
    }

    fn masked(id: &str) -> String {
        format!("****{}", &id[id.len() - 4..])
    }

    /// The attach was signed with an sts-issued key (never the long-term demo key).
    fn signed_with_issued_key(bin: &Bin) {
        let signers = bin.signers("AttachNetworkInterface");
        assert_eq!(signers.len(), 1, "{signers:?}");
        assert_ne!(signers[0], masked(DEMO_SECRET_ID), "signed with the source key, not the role's");
        assert_eq!(
            bin.sandbox.state().eni("eni-free0001").unwrap().instance.as_deref(),
            Some("ins-web00001")
        );
    }

    #[tokio::test]
    async fn a_tccli_role_profile_attaches_with_the_assumed_role() {
        let bin = Bin::new(SandboxConfig::default()).await;
        bin.file(
            ".tccli/ops.credential",
            &format!(
                r#"{{"secretId":"{DEMO_SECRET_ID}","secretKey":"{DEMO_SECRET_KEY}","role-arn":"{ROLE_ARN}","role-session-name":"oncall"}}"#
            ),
        );
        let v = bin.attach(|args| bin.command(&[&["--profile", "ops"], args].concat())).await;
        assert_eq!(v["outcome"], "Succeeded");
        assert!(v["credential"].as_str().unwrap().starts_with(&format!("assumed role {ROLE_ARN} (…")), "{v}");
        assert_eq!(v["account"]["arn"], "qcs::sts:100000000001:assumed-role/ops/oncall");
        assert_eq!(bin.signers("AssumeRole"), vec![masked(DEMO_SECRET_ID)]);
        signed_with_issued_key(&bin);
    }

    #[tokio::test]
    async fn the_cvm_role_from_the_metadata_url_attaches() {
        let bin = Bin::new(SandboxConfig::default()).await;
        // Last in the default chain: nothing else is set.
        let v = bin
            .attach(|args| {
                let mut cmd = bin.command(args);
                cmd.env("TCENI_METADATA_URL", bin.sandbox.url());
                cmd
            })
            .await;
        assert_eq!(v["outcome"], "Succeeded");
        signed_with_issued_key(&bin);
        // --use-cvm-role wins over keys in the environment.
        let mut cmd = bin.command(&["--use-cvm-role", "credentials", "show"]);
        cmd.env("TCENI_METADATA_URL", bin.sandbox.url())
            .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
        let out = bin.run(cmd).await;
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("source: CVM role SandboxCvmRole (…"), "{text}");
        assert!(text.contains("session token: yes"), "{text}");
    }

    #[tokio::test]
    async fn tke_oidc_attaches_with_the_web_identity_role() {
        let bin = Bin::new(SandboxConfig::default()).await;
        bin.file("token", DEMO_WEB_IDENTITY_TOKEN);
        let v = bin
            .attach(|args| {
                let mut cmd = bin.command(args);
                cmd.env("TKE_REGION", "ap-guangzhou")
                    .env("TKE_PROVIDER_ID", "tke-oidc")
                    .env("TKE_ROLE_ARN", ROLE_ARN)
                    .env("TKE_WEB_IDENTITY_TOKEN_FILE", bin.home().join("token"));
                cmd
            })
            .await;
        assert_eq!(v["outcome"], "Succeeded");
        assert_eq!(bin.sandbox.request_count("AssumeRoleWithWebIdentity"), 1);
        signed_with_issued_key(&bin);
    }

    #[tokio::test]
    async fn a_tccli_sso_login_attaches_with_its_token() {
        let bin = Bin::new(SandboxConfig::default()).await;
        let later = chrono::Utc::now().timestamp() + 3600;
        bin.file(
            ".tccli/default.credential",
            &format!(
                r#"{{"type":"sso","secretId":"{DEMO_TEMP_SECRET_ID}","secretKey":"{DEMO_TEMP_SECRET_KEY}","token":"{DEMO_TOKEN}","expiresAt":{later}}}"#
            ),
        );
        let v = bin.attach(|args| bin.command(args)).await;
        assert_eq!(v["outcome"], "Succeeded");
        // The sandbox accepts this pair only with its token.
        assert_eq!(bin.signers("AttachNetworkInterface"), vec![masked(DEMO_TEMP_SECRET_ID)]);
    }

    #[tokio::test]
    async fn role_arn_flag_assumes_the_role_with_the_key_found_and_its_duration() {
        let bin = Bin::new(SandboxConfig::default()).await;
        let with_keys = |args: &[&str]| {
            let mut cmd = bin.command(args);
            cmd.env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID).env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
            cmd
        };
        let role = ["--role-arn", ROLE_ARN, "--role-session-name", "flag-run", "--role-duration", "43200"];
        let v = bin.attach(|args| with_keys(&[&role[..], args].concat())).await;
        assert_eq!(v["outcome"], "Succeeded");
        let assumed = bin.sandbox.log().into_iter().find(|e| e.action == "AssumeRole").unwrap();
        assert_eq!(assumed.params["RoleSessionName"], "flag-run");
        assert_eq!(assumed.params["DurationSeconds"], 43200);
        signed_with_issued_key(&bin);
        // Over the documented maximum: refused before anything is sent.
        let out = bin
            .run(with_keys(&["--role-arn", ROLE_ARN, "--role-duration", "43201", "credentials", "show"]))
            .await;
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(bin.sandbox.request_count("AssumeRole"), 1);
        // A role that is no role ARN: refused before sts is asked, one explained line, exit 2.
        let out = bin.run(with_keys(&["--role-arn", "not-an-arn", "credentials", "show"])).await;
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("'not-an-arn' is not a role ARN"), "{err}");
        assert_eq!(bin.sandbox.request_count("AssumeRole"), 1);
    }

    /// One process, one attach whose task outlives three credential lifetimes (keys of at most
    /// 1 s, a task of 2.5 s): every poll is signed with a live key, refreshed ahead of expiry,
    /// and the attach succeeds.
    #[tokio::test]
    async fn a_long_running_attach_refreshes_the_role_across_short_lifetimes() {
        let config = SandboxConfig {
            temp_lifetime: Some(Duration::from_secs(1)),
            task_delay: Duration::from_millis(2500),
            ..SandboxConfig::default()
        };
        let bin = Bin::new(config).await;
        bin.file(
            ".tccli/ops.credential",
            &format!(
                r#"{{"secretId":"{DEMO_SECRET_ID}","secretKey":"{DEMO_SECRET_KEY}","role-arn":"{ROLE_ARN}","role-session-name":"long"}}"#
            ),
        );
        let v = bin.attach(|args| bin.command(&[&["--profile", "ops"], args].concat())).await;
        assert_eq!(v["outcome"], "Succeeded", "{v}");
        let log = bin.sandbox.log();
        assert!(log.iter().all(|e| e.outcome == "ok"), "a call failed: {log:?}");
        let polls: std::collections::BTreeSet<String> =
            bin.signers("DescribeVpcTaskResult").into_iter().collect();
        assert!(polls.len() >= 3, "the polls were signed with {polls:?}");
        assert!(bin.sandbox.request_count("AssumeRole") >= 3);
    }
}
