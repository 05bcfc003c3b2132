//! Issue 17: a tccli, SDK or Terraform user's setup, run through the real binary in an isolated
//! home with the files exactly as tccli writes them (`tests/fixtures/tccli`), and `tceni
//! config` saying where each setting came from. One test per finding, named after it.

#[path = "common/isolated.rs"]
mod isolated;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};

const ROLE_ARN: &str = "qcs::cam::uin/100000000001:roleName/ops";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tccli").join(name))
        .unwrap()
}

/// tccli's `default.configure` with `_sys_param` and endpoint lines edited as tccli would.
fn configure_with(edit: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(&fixture("default.configure")).unwrap();
    edit(&mut value);
    serde_json::to_string_pretty(&value).unwrap()
}

/// The binary in a temp home; no credentials unless a test sets them.
struct Bin {
    dir: tempfile::TempDir,
    env: BTreeMap<String, String>,
}

impl Bin {
    fn new() -> Bin {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "config"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Bin { dir, env: BTreeMap::new() }
    }

    /// A tccli user: `tccli configure` run with a Finance region (the fixture).
    fn tccli_user() -> Bin {
        let bin = Bin::new();
        bin.file(".tccli/default.configure", &fixture("default.configure"));
        bin.file(".tccli/default.credential", &fixture("default.credential"));
        bin
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn set(&mut self, name: &str, value: &str) -> &mut Self {
        self.env.insert(name.into(), value.into());
        self
    }

    fn unset(&mut self, name: &str) -> &mut Self {
        self.env.remove(name);
        self
    }

    /// A file under the home directory.
    fn file(&self, relative: &str, text: &str) {
        let path = self.path("home").join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn config(&self, text: &str) {
        std::fs::write(self.path("config/config.toml"), text).unwrap();
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = isolated::tceni(self.dir.path(), args);
        cmd.envs(&self.env);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// `attach --dry-run --output json`: what would be sent.
    fn dry_run(&self, extra: &[&str]) -> Value {
        let mut args = vec!["attach", "--eni", "eni-free0001", "--instance", "ins-web00001", "--dry-run"];
        args.extend(["--output", "json"]);
        args.extend(extra);
        let out = self.run(&args);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_str(text.trim()).unwrap()
    }

    /// `tceni config --output json`'s settings.
    fn settings(&self, extra: &[&str]) -> Value {
        let out = self.run(&[extra, &["config", "--output", "json"][..]].concat());
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_str::<Value>(text.trim()).unwrap()["settings"].clone()
    }

    fn credential_shown(&self, extra: &[&str]) -> String {
        let out = self.run(&[extra, &["credentials", "show"][..]].concat());
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
    }
}

fn setting(settings: &Value, name: &str) -> (String, String) {
    let row = &settings[name];
    (row["value"].as_str().unwrap_or_default().to_owned(), row["from"].as_str().unwrap().to_owned())
}

// ---- 1. tccli's default-valued endpoint lines are defaults, not a choice ----

#[test]
fn finding_1_a_tccli_user_s_finance_region_goes_to_its_finance_host() {
    let mut bin = Bin::tccli_user();
    let json = bin.dry_run(&[]);
    assert_eq!(json["url"], "https://vpc.ap-shanghai-fsi.tencentcloudapi.com/");
    assert_eq!(json["headers"]["Host"], "vpc.ap-shanghai-fsi.tencentcloudapi.com");
    // A higher source wins over tccli's lines: flag, environment, then config.toml.
    let url = |bin: &Bin, extra: &[&str]| bin.dry_run(extra)["url"].as_str().unwrap().to_owned();
    assert_eq!(
        url(&bin, &["--root-domain", "intl.tencentcloudapi.com"]),
        "https://vpc.ap-shanghai-fsi.intl.tencentcloudapi.com/"
    );
    bin.set("TENCENTCLOUD_DOMAIN", "internal.tencentcloudapi.com");
    assert_eq!(url(&bin, &[]), "https://vpc.ap-shanghai-fsi.internal.tencentcloudapi.com/");
    bin.unset("TENCENTCLOUD_DOMAIN");
    bin.config("[endpoints]\nvpc = 'vpc.example.net'\n");
    assert_eq!(url(&bin, &[]), "https://vpc.example.net/");
    // `tccli configure set-root-domain internal.tencentcloudapi.com` is read as that root domain.
    bin.config("");
    bin.file(".tccli/default.configure", &fixture("internal.configure"));
    assert_eq!(
        url(&bin, &["--region", "ap-shenzhen-fsi"]),
        "https://vpc.ap-shenzhen-fsi.internal.tencentcloudapi.com/"
    );
    let settings = bin.settings(&["--region", "ap-shenzhen-fsi"]);
    assert_eq!(setting(&settings, "endpoint.vpc").1, "~/.tccli/default.configure");
    // A host the user chose for vpc (`tccli configure set vpc.endpoint …`) is used as chosen.
    bin.file(
        ".tccli/default.configure",
        &configure_with(|c| c["vpc"]["endpoint"] = "vpc.ap-guangzhou.tencentcloudapi.com".into()),
    );
    assert_eq!(url(&bin, &[]), "https://vpc.ap-guangzhou.tencentcloudapi.com/");
}

// ---- 2. --profile uses the profile's region ----

#[test]
fn finding_2_a_named_profile_uses_its_own_region_over_the_environment_s() {
    let mut bin = Bin::tccli_user();
    bin.file(".tccli/prod.configure", &configure_with(|c| c["_sys_param"]["region"] = "ap-shanghai".into()));
    bin.file(".tccli/prod.credential", &fixture("default.credential"));
    bin.set("TENCENTCLOUD_REGION", "ap-guangzhou");
    let region = |json: Value| json["headers"]["X-TC-Region"].as_str().unwrap().to_owned();
    assert_eq!(region(bin.dry_run(&["--profile", "prod"])), "ap-shanghai");
    assert_eq!(
        setting(&bin.settings(&["--profile", "prod"]), "region"),
        ("ap-shanghai".into(), "~/.tccli/prod.configure".into())
    );
    // TCCLI_PROFILE is environment: the environment's region still wins, as in tccli.
    bin.set("TCCLI_PROFILE", "prod");
    assert_eq!(region(bin.dry_run(&[])), "ap-guangzhou");
    assert_eq!(
        setting(&bin.settings(&[]), "region"),
        ("ap-guangzhou".into(), "env TENCENTCLOUD_REGION".into())
    );
    // The flag itself still wins over everything.
    assert_eq!(region(bin.dry_run(&["--profile", "prod", "--region", "ap-beijing"])), "ap-beijing");
}

// ---- 3. a tccli credential of "type": "default" ----

#[test]
fn finding_3_a_typed_default_tccli_credential_is_a_key_pair() {
    let bin = Bin::new();
    bin.file(".tccli/p2.credential", &fixture("typed-default.credential"));
    // Another key further down the chain must not be used instead.
    bin.file(".tencentcloud/credentials", "[p2]\nsecret_id = AKIDsdkfile00000SDK4\nsecret_key = k\n");
    let shown = bin.credential_shown(&["--profile", "p2"]);
    assert!(shown.contains("source: tccli p2 (…TDF5)"), "{shown}");
}

// ---- 6. Terraform's and the SDKs' variables and files ----

#[tokio::test]
async fn finding_6_terraform_s_assume_role_variables_assume_the_role() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url());
    bin.set("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID).set("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
    bin.set("TENCENTCLOUD_ASSUME_ROLE_ARN", ROLE_ARN).set("TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME", "tf");
    bin.set("TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION", "1800")
        .set("TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID", "ext-42");
    let shown = tokio::task::spawn_blocking(move || (bin.credential_shown(&[]), bin)).await.unwrap();
    let (shown, mut bin) = shown;
    assert!(shown.contains(&format!("source: assumed role {ROLE_ARN}")), "{shown}");
    let log = sandbox.log();
    let asked = log.iter().find(|e| e.action == "AssumeRole").expect("AssumeRole was sent");
    assert_eq!(asked.params["RoleSessionName"], "tf");
    assert_eq!(asked.params["DurationSeconds"], 1800);
    assert_eq!(asked.params["ExternalId"], "ext-42");
    // Half of the pair is refused before anything is sent: never the raw key instead.
    bin.unset("TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME");
    let before = sandbox.log().len();
    let out = tokio::task::spawn_blocking(move || {
        bin.run(&[
            "--region",
            "ap-guangzhou",
            "attach",
            "--eni",
            "eni-free0001",
            "--instance",
            "ins-web00001",
            "--yes",
        ])
    })
    .await
    .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("TENCENTCLOUD_ASSUME_ROLE_ARN is set but TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME is not"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(sandbox.log().len(), before, "nothing was sent");
}

#[test]
fn finding_6_terraform_s_profile_and_shared_credentials_dir() {
    let mut bin = Bin::new();
    let shared = bin.path("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(shared.join("tf.credential"), fixture("typed-default.credential")).unwrap();
    std::fs::write(
        shared.join("tf.configure"),
        configure_with(|c| c["_sys_param"]["region"] = "ap-chengdu".into()),
    )
    .unwrap();
    bin.set("TENCENTCLOUD_SHARED_CREDENTIALS_DIR", shared.to_str().unwrap())
        .set("TENCENTCLOUD_PROFILE", "tf");
    let shown = bin.credential_shown(&[]);
    assert!(shown.contains("profile: tf") && shown.contains("source: tccli tf (…TDF5)"), "{shown}");
    let settings = bin.settings(&[]);
    assert_eq!(setting(&settings, "profile"), ("tf".into(), "env TENCENTCLOUD_PROFILE".into()));
    assert_eq!(
        setting(&settings, "region"),
        ("ap-chengdu".into(), "$TENCENTCLOUD_SHARED_CREDENTIALS_DIR/tf.configure".into())
    );
}

#[tokio::test]
async fn finding_6_terraform_s_cam_role_name_is_that_cvm_role() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    sandbox.set_cvm_role(Some("tf-node"));
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url()).set("TCENI_METADATA_URL", &sandbox.url());
    bin.set("TENCENTCLOUD_CAM_ROLE_NAME", "tf-node");
    let shown = tokio::task::spawn_blocking(move || bin.credential_shown(&[])).await.unwrap();
    assert!(shown.contains("source: CVM role tf-node"), "{shown}");
}

#[test]
fn finding_6_the_sdk_credentials_files_and_their_named_sections() {
    let mut bin = Bin::new();
    // The Python SDK's machine-wide file (its root moved for the test).
    let etc = bin.path("etc/tencentcloud");
    std::fs::create_dir_all(&etc).unwrap();
    std::fs::write(etc.join("credentials"), "[default]\nsecret_id = AKIDmachine000000ETC1\nsecret_key = k\n")
        .unwrap();
    assert!(bin.credential_shown(&[]).contains("source: /etc/tencentcloud/credentials (…ETC1)"));
    // The user's file comes first, and a named profile reads its own section.
    bin.file(".tencentcloud/credentials", "[default]\nsecret_id = AKIDhome0000000HOME1\nsecret_key = k\n[prod]\nsecret_id = AKIDprod0000000PROD1\nsecret_key = k\n");
    assert!(bin.credential_shown(&[]).contains("source: ~/.tencentcloud/credentials (…OME1)"));
    assert!(
        bin.credential_shown(&["--profile", "prod"]).contains("source: ~/.tencentcloud/credentials (…ROD1)")
    );
    // The Go SDK's variable names the file.
    let named = bin.path("named.ini");
    std::fs::write(&named, "[default]\nsecret_id = AKIDnamed00000NAMED1\nsecret_key = k\n").unwrap();
    bin.set("TENCENTCLOUD_CREDENTIALS_FILE", named.to_str().unwrap());
    assert!(bin.credential_shown(&[]).contains("source: $TENCENTCLOUD_CREDENTIALS_FILE (…MED1)"));
}

// ---- 8. a bare-host --endpoint means https, and is that service's only ----

#[test]
fn finding_8_a_bare_host_endpoint_is_https_and_routes_only_its_service() {
    let bin = Bin::tccli_user();
    let json = bin.dry_run(&["--endpoint", "vpc.tencentcloudapi.com", "--region", "ap-guangzhou"]);
    assert_eq!(json["url"], "https://vpc.tencentcloudapi.com/");
    let settings = bin.settings(&["--endpoint", "vpc.tencentcloudapi.com", "--region", "ap-guangzhou"]);
    assert_eq!(
        setting(&settings, "endpoint.vpc"),
        ("https://vpc.tencentcloudapi.com".into(), "--endpoint".into())
    );
    // cvm and sts are not sent to the VPC host.
    assert_eq!(
        setting(&settings, "endpoint.cvm"),
        ("https://cvm.tencentcloudapi.com".into(), "default".into())
    );
    assert_eq!(
        setting(&settings, "endpoint.sts"),
        ("https://sts.tencentcloudapi.com".into(), "default".into())
    );
    // A one-host endpoint (the sandbox, a gateway) is every service's.
    let settings = bin.settings(&["--endpoint", "gateway.example.net:8443"]);
    assert_eq!(setting(&settings, "endpoint.sts").0, "https://gateway.example.net:8443");
}

// ---- 9. a relative XDG_DATA_HOME is ignored ----

#[test]
fn finding_9_a_relative_xdg_data_home_is_ignored() {
    let bin = Bin::new();
    let cwd = bin.path("cwd");
    std::fs::create_dir_all(&cwd).unwrap();
    let out = bin
        .command(&["history"])
        .env_remove("TCENI_DATA_DIR")
        .env("XDG_DATA_HOME", "relative-data")
        .current_dir(&cwd)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!cwd.join("relative-data").exists(), "the history went under the working directory");
    assert!(bin.path("home/.local/share/tceni").exists(), "the platform's data dir is used instead");
}

// ---- tceni config / config check ----

#[test]
fn config_shows_each_setting_s_origin() {
    let mut bin = Bin::tccli_user();
    bin.config("language = 'zh-CN'\nallowed_accounts = ['100000000001']\n[profiles.default]\nforbidden_account_ids = ['200000000002']\n");
    bin.set("TENCENTCLOUD_DOMAIN", "intl.tencentcloudapi.com");
    let settings = bin.settings(&["--proxy", "http://ops:hunter2@proxy.example:3128"]);
    assert_eq!(setting(&settings, "region"), ("ap-shanghai-fsi".into(), "~/.tccli/default.configure".into()));
    assert_eq!(setting(&settings, "language"), ("zh-CN".into(), "config.toml".into()));
    assert_eq!(
        setting(&settings, "endpoint.vpc"),
        ("https://vpc.ap-shanghai-fsi.intl.tencentcloudapi.com".into(), "env TENCENTCLOUD_DOMAIN".into())
    );
    assert_eq!(setting(&settings, "credential"), ("…TCC3".into(), "tccli default".into()));
    assert_eq!(settings["allowed_accounts"]["value"][0], "100000000001");
    assert_eq!(settings["forbidden_account_ids"]["from"], "config.toml [profiles.default]");
    assert_eq!(setting(&settings, "proxy"), ("http://proxy.example:3128".into(), "--proxy".into()));
    let text =
        String::from_utf8(bin.run(&["--proxy", "http://ops:hunter2@proxy.example:3128", "config"]).stdout)
            .unwrap();
    assert!(!text.contains("hunter2") && !text.contains("tccliKEYsecret"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("region ") && l.trim_end().ends_with("~/.tccli/default.configure")),
        "{text}"
    );
}

#[tokio::test]
async fn config_check_passes_on_the_sandbox_and_names_each_broken_setting() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url()).set("TENCENTCLOUD_REGION", "ap-guangzhou");
    bin.set("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID).set("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
    let (out, bin) = tokio::task::spawn_blocking(move || (bin.run(&["config", "check"]), bin)).await.unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&out.stderr));
    for check in ["region", "credential", "sts", "region", "vpc", "cvm"] {
        assert!(
            text.lines().any(|l| l.starts_with("ok") && l[4..].trim_start().starts_with(check)),
            "{check}: {text}"
        );
    }
    // One broken setting, one failing line: cvm's own host leads nowhere.
    let mut bin = bin;
    bin.unset("TCENI_ENDPOINT");
    bin.config(&format!(
        "endpoint = '{}'\n[profiles.default.endpoints]\ncvm = 'http://127.0.0.1:9'\n",
        sandbox.url()
    ));
    let (out, mut bin) =
        tokio::task::spawn_blocking(move || (bin.run(&["config", "check", "--output", "json"]), bin))
            .await
            .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let failed: Vec<&Value> =
        json["checks"].as_array().unwrap().iter().filter(|c| c["ok"] == false).collect();
    assert_eq!(failed.len(), 1, "{json}");
    assert_eq!(failed[0]["check"], "cvm");
    assert!(failed[0]["detail"].as_str().unwrap().starts_with("http://127.0.0.1:9/"), "{json}");
    bin.config("");
    bin.set("TCENI_ENDPOINT", &sandbox.url());
    // A wrong key: the credential resolves, sts and every service say why they refuse it.
    bin.set("TENCENTCLOUD_SECRET_KEY", "wrong");
    let out =
        tokio::task::spawn_blocking(move || bin.run(&["config", "check", "--output", "json"])).await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let failed: Vec<&str> = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["sts", "region", "vpc", "cvm"], "{json}");
}

// ---- issue 16.6: an endpoint's user and password are refused wherever they are written ----

#[test]
fn finding_16_6_an_endpoint_with_a_password_is_refused_from_any_file_and_never_stored() {
    let bin = Bin::tccli_user();
    let attach = [
        "attach",
        "--region",
        "ap-guangzhou",
        "--eni",
        "eni-free0001",
        "--instance",
        "ins-web00001",
        "--yes",
    ];
    let refused = |bin: &Bin, what: &str| {
        for output in [&[][..], &["--output", "json"][..]] {
            let out = bin.run(&[&attach[..], output].concat());
            let text =
                String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what}: {text}");
            assert!(!text.contains("hunter2") && !text.contains("ops:"), "{what}: {text}");
            assert!(text.contains("user name or password"), "{what}: {text}");
        }
    };
    bin.config("[endpoints]\nvpc = 'https://ops:hunter2@vpc.example.net'\n");
    refused(&bin, "[endpoints]");
    bin.config("[profiles.default.endpoints]\ncvm = 'ops:hunter2@cvm.example.net'\n");
    refused(&bin, "[profiles.default.endpoints]");
    bin.config("");
    bin.file(
        ".tccli/default.configure",
        &configure_with(|c| c["vpc"]["endpoint"] = "https://ops:hunter2@vpc.example.net".into()),
    );
    refused(&bin, "tccli vpc.endpoint");
    // Nothing tceni wrote holds it.
    for file in files_under(&bin.path("")) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let written_by_the_test = file.ends_with("default.configure");
        assert!(written_by_the_test || !bytes.windows(7).any(|w| w == b"hunter2"), "{file:?}");
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { files.extend(files_under(&path)) } else { files.push(path) }
    }
    files
}

// ---- issue 16.8: local files are read bounded: regular files only, capped ----

/// Runs to the end within `limit`, or is killed and the test fails (a FIFO would block it).
fn run_within(mut cmd: Command, limit: std::time::Duration) -> Output {
    let mut child =
        cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running after {limit:?}: {:?}", child.wait_with_output().unwrap());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn finding_16_8_dev_zero_and_fifos_are_refused_naming_the_file_without_hanging() {
    let limit = std::time::Duration::from_secs(20);
    let args = [
        "--timeout",
        "3",
        "attach",
        "--region",
        "ap-guangzhou",
        "--eni",
        "eni-free0001",
        "--instance",
        "ins-web00001",
        "--dry-run",
    ];
    // (what, how to set it up, the name the error must carry, the exit code)
    type Setup = Box<dyn Fn(&mut Bin, &Path)>;
    let cases: Vec<(&str, Setup, &str, i32)> = vec![
        (
            "config file",
            Box::new(|b, p| {
                std::os::unix::fs::symlink(p, b.path("config/config.toml")).unwrap();
            }),
            "config.toml",
            2,
        ),
        (
            "tccli configure",
            Box::new(|b, p| {
                std::os::unix::fs::symlink(p, b.path("home/.tccli/default.configure")).unwrap();
            }),
            "~/.tccli/default.configure",
            2,
        ),
        (
            "tccli credential",
            Box::new(|b, p| {
                std::os::unix::fs::symlink(p, b.path("home/.tccli/default.credential")).unwrap();
            }),
            "~/.tccli/default.credential",
            3,
        ),
        (
            "SDK credentials file",
            Box::new(|b, p| {
                b.set("TENCENTCLOUD_CREDENTIALS_FILE", p.to_str().unwrap());
            }),
            "$TENCENTCLOUD_CREDENTIALS_FILE",
            3,
        ),
        (
            "--ca-bundle",
            Box::new(|b, p| {
                b.set("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
                    .set("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
                b.config(&format!("ca_bundle = '{}'\n", p.display()));
            }),
            "CA bundle",
            2,
        ),
        (
            "TKE token file",
            Box::new(|b, p| {
                b.set("TKE_REGION", "ap-guangzhou").set("TKE_PROVIDER_ID", "p").set("TKE_ROLE_ARN", ROLE_ARN);
                b.set("TKE_WEB_IDENTITY_TOKEN_FILE", p.to_str().unwrap());
            }),
            "TKE_WEB_IDENTITY_TOKEN_FILE",
            3,
        ),
    ];
    for (what, setup, named, code) in &cases {
        for special in ["/dev/zero", "fifo"] {
            let mut bin = Bin::new();
            std::fs::create_dir_all(bin.path("home/.tccli")).unwrap();
            let target = match special {
                "fifo" => {
                    let fifo = bin.path("a-fifo");
                    mkfifo(&fifo);
                    fifo
                }
                dev => PathBuf::from(dev),
            };
            setup(&mut bin, &target);
            let out = run_within(bin.command(&args), limit);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(*code), "{what} at {special}: {err}");
            assert!(err.contains(named) && err.contains("not a regular file"), "{what} at {special}: {err}");
        }
    }
    // The CA bundle on the command line too.
    let bin = Bin::new();
    let out = run_within(bin.command(&["--ca-bundle", "/dev/zero", "regions"]), limit);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("/dev/zero") && err.contains("not a regular file"), "{err}");
}

// ---- 5. a closed pipe is a quiet exit 0; colour only where allowed ----

#[test]
fn finding_5_a_closed_pipe_exits_0_quietly() {
    let bin = Bin::new();
    for args in [&["regions"][..], &["history"][..], &["config"][..]] {
        for _ in 0..3 {
            let mut child = bin
                .command(args)
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            // The reader goes away before the first line is written (`| head -0`).
            drop(child.stdout.take());
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
            assert!(!err.contains("panicked") && !err.contains('\u{1b}'), "{args:?}: {err}");
        }
    }
}

#[test]
fn finding_5_no_color_and_clicolor_are_honoured() {
    let bin = Bin::new();
    let help = |vars: &[(&str, &str)]| {
        let out = bin.command(&["--help"]).envs(vars.iter().copied()).output().unwrap();
        String::from_utf8_lossy(&out.stdout).contains('\u{1b}')
    };
    assert!(!help(&[]), "no colour when stdout is not a terminal");
    assert!(help(&[("CLICOLOR_FORCE", "1")]));
    assert!(!help(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
}

// ---- 10 and 11: completions, man page, --version ----

#[test]
fn finding_10_completions_know_regions_profiles_and_subcommands_and_there_is_a_man_page() {
    let bin = Bin::tccli_user();
    bin.file(".tccli/prod.credential", &fixture("default.credential"));
    let out = bin.run(&["completions", "bash"]);
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for word in ["ap-shanghai-fsi", "ap-guangzhou", "prod", "attach", "config"] {
        assert!(script.contains(word), "{word} missing from the bash completion script");
    }
    let out = bin.run(&["man"]);
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && page.contains(".TH tceni"), "{page}");
}

#[test]
fn finding_11_version_names_the_commit() {
    let out = Bin::new().run(&["--version"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let text = text.trim();
    let inner = text
        .strip_prefix(&format!("tceni {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|t| t.strip_suffix(')'));
    let inner = inner.unwrap_or_else(|| panic!("{text}"));
    let commit = inner.strip_suffix(", dirty").unwrap_or(inner);
    assert!(
        commit == "commit unknown" || (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "{text}"
    );
}

// ---- 7. a tccli `auth login` key is renewed as tccli renews it ----

/// The file `tccli auth login` writes (tccli/oauth.py `save_credential`), key and access token
/// expiring at the given offsets from now.
fn oauth_file(key_expires_in: i64, access_expires_in: i64) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    serde_json::to_string_pretty(&serde_json::json!({
        "type": "oauth",
        "secretId": "AKIDoauthexpired00OAU1",
        "secretKey": "oauthKEYsecret",
        "token": "oauthTOKEN",
        "expiresAt": now + key_expires_in,
        "oauth": {
            "openId": "open-1",
            "accessToken": tceni::sandbox::DEMO_ACCESS_TOKEN,
            "expiresAt": now + access_expires_in,
            "refreshToken": "refresh-1",
            "site": "cn",
        },
    }))
    .unwrap()
}

#[tokio::test]
async fn finding_7_an_expired_auth_login_key_is_renewed_with_the_access_token() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url()).set("TCENI_TCCLI_LOGIN_URL", &sandbox.url());
    bin.file(".tccli/default.credential", &oauth_file(-60, 3600));
    let (shown, bin) = tokio::task::spawn_blocking(move || (bin.credential_shown(&[]), bin)).await.unwrap();
    // The renewed key signed GetCallerIdentity: sts named the account.
    assert!(
        shown.contains("source: tccli oauth default") && shown.contains("account: 100000000001"),
        "{shown}"
    );
    assert!(!shown.contains("OAU1"), "the expired key is not the one used: {shown}");
    // The file is never rewritten: tceni writes no key to a file.
    let file = std::fs::read_to_string(bin.path("home/.tccli/default.credential")).unwrap();
    assert!(file.contains("AKIDoauthexpired00OAU1"));
    // With the access token over too, the login is refused naming the command that renews it.
    bin.file(".tccli/default.credential", &oauth_file(-60, -10));
    let out = tokio::task::spawn_blocking(move || bin.run(&["credentials", "show"])).await.unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(text.contains("tccli auth login"), "{text}");
}
