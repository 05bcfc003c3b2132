//! Real accounts through the real binary: where settings come from (one test per row of the
//! README's precedence table), which host each call goes to, proxies, and which account.

#[path = "common/isolated.rs"]
mod isolated;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};

const ROLE_ARN: &str = "qcs::cam::uin/100000000001:roleName/ops";

/// A temp home and config dir, and the binary run with nothing of this machine's environment.
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
        let mut bin = Bin { dir, env: BTreeMap::new() };
        bin.set("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID).set("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
        bin
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn set(&mut self, name: &str, value: &str) -> &mut Self {
        self.env.insert(name.into(), value.into());
        self
    }

    fn unset(&mut self, name: &str) -> &mut Self {
        self.env.remove(name);
        self
    }

    fn file(&self, relative: &str, text: &str) {
        let path = self.home().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn remove(&self, relative: &str) {
        std::fs::remove_file(self.home().join(relative)).unwrap();
    }

    fn config(&self, text: &str) {
        std::fs::write(self.dir.path().join("config/config.toml"), text).unwrap();
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = isolated::tceni(self.dir.path(), args);
        cmd.envs(&self.env);
        cmd
    }

    async fn run(&self, args: &[&str]) -> Output {
        let mut cmd = self.command(args);
        tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap()
    }

    /// `attach --dry-run --output json`: what would be sent, nothing sent.
    /// The host a dry run in ap-guangzhou (plus `extra`) would call.
    async fn dry_run_url(&self, extra: &[&str]) -> String {
        let json = self.dry_run(&[&["--region", "ap-guangzhou"][..], extra].concat()).await;
        json["url"].as_str().unwrap().to_owned()
    }

    async fn dry_run(&self, extra: &[&str]) -> serde_json::Value {
        let mut args = vec!["attach", "--eni", "eni-free0001", "--instance", "ins-web00001", "--dry-run"];
        args.extend(["--output", "json"]);
        args.extend(extra);
        let out = self.run(&args).await;
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_str(text.trim()).unwrap()
    }

    async fn stdout(&self, args: &[&str]) -> String {
        let out = self.run(args).await;
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
    }
}

fn tccli_configure(region: &str, language: &str, vpc: &str) -> String {
    format!(
        r#"{{"_sys_param": {{"arrayCount": 10, "output": "json", "region": "{region}", "language": "{language}"}},
            "vpc": {{"endpoint": "{vpc}", "version": "2017-03-12"}}}}"#
    )
}

// ---- the precedence table: flag > environment > tccli profile file > config.toml ----

#[tokio::test]
async fn row_region() {
    let mut bin = Bin::new();
    bin.config("region = 'ap-beijing'\n[profiles.default]\nregion = 'ap-chengdu'\n");
    bin.file(".tccli/default.configure", &tccli_configure("ap-singapore", "en-US", ""));
    bin.set("TENCENTCLOUD_REGION", "ap-tokyo");
    let region = |v: serde_json::Value| v["headers"]["X-TC-Region"].as_str().unwrap().to_owned();
    assert_eq!(region(bin.dry_run(&["--region", "ap-seoul"]).await), "ap-seoul");
    assert_eq!(region(bin.dry_run(&[]).await), "ap-tokyo");
    bin.unset("TENCENTCLOUD_REGION");
    assert_eq!(region(bin.dry_run(&[]).await), "ap-singapore");
    bin.remove(".tccli/default.configure");
    assert_eq!(region(bin.dry_run(&[]).await), "ap-chengdu");
    bin.config("region = 'ap-beijing'\n");
    assert_eq!(region(bin.dry_run(&[]).await), "ap-beijing");
    bin.config("");
    let out =
        bin.stdout(&["attach", "--eni", "eni-free0001", "--instance", "ins-web00001", "--dry-run"]).await;
    assert!(out.contains("no region"), "{out}");
}

#[tokio::test]
async fn row_language() {
    let bin = Bin::new();
    bin.config("language = 'en-US'\n[profiles.default]\nlanguage = 'zh-CN'\n");
    let language = |v: serde_json::Value| v["headers"]["X-TC-Language"].as_str().unwrap().to_owned();
    let region = ["--region", "ap-guangzhou"];
    assert_eq!(language(bin.dry_run(&[&region[..], &["--language", "en-US"]].concat()).await), "en-US");
    assert_eq!(language(bin.dry_run(&region).await), "zh-CN");
    bin.file(".tccli/default.configure", &tccli_configure("ap-guangzhou", "en-US", ""));
    assert_eq!(language(bin.dry_run(&region).await), "en-US");
    bin.remove(".tccli/default.configure");
    bin.config("language = 'zh-CN'\n");
    assert_eq!(language(bin.dry_run(&region).await), "zh-CN");
}

#[tokio::test]
async fn row_language_environment_and_locale() {
    let mut bin = Bin::new();
    let language = |v: serde_json::Value| v["headers"]["X-TC-Language"].as_str().unwrap().to_owned();
    let region = ["--region", "ap-guangzhou"];
    assert_eq!(language(bin.dry_run(&region).await), "en-US", "nothing set");
    bin.set("LANG", "zh_CN.UTF-8");
    assert_eq!(language(bin.dry_run(&region).await), "zh-CN", "the locale");
    bin.set("LC_ALL", "C");
    bin.set("LC_MESSAGES", "zh_TW.UTF-8");
    assert_eq!(language(bin.dry_run(&region).await), "en-US", "LC_ALL=C: no preference, the system's");
    bin.unset("LC_ALL");
    assert_eq!(language(bin.dry_run(&region).await), "zh-CN", "zh_TW has no catalog of its own");
    bin.config("language = 'en-US'\n");
    assert_eq!(language(bin.dry_run(&region).await), "en-US", "config.toml over the locale");
    bin.file(".tccli/default.configure", &tccli_configure("ap-guangzhou", "zh-CN", ""));
    assert_eq!(language(bin.dry_run(&region).await), "zh-CN", "tccli over config.toml");
    bin.set("TCENI_LANGUAGE", "en-US");
    assert_eq!(language(bin.dry_run(&region).await), "en-US", "TCENI_LANGUAGE over tccli");
    let flag = [&region[..], &["--language", "zh-CN"]].concat();
    assert_eq!(language(bin.dry_run(&flag).await), "zh-CN", "--language over all");
}

#[tokio::test]
async fn a_language_without_a_catalog_is_one_line_and_exit_2() {
    let mut bin = Bin::new();
    for (args, env) in [(vec!["--language", "fr-FR"], None), (vec![], Some("klingon"))] {
        if let Some(value) = env {
            bin.set("TCENI_LANGUAGE", value);
        }
        let out = bin.run(&[&["regions"][..], &args].concat()).await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("en-US, zh-CN"), "names the languages there are: {stderr}");
    }
    bin.config("language = 'de'\n");
    bin.unset("TCENI_LANGUAGE");
    bin.set("LANG", "zh_CN.UTF-8");
    let out = bin.run(&["regions"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("config.toml") && stderr.contains("目录"),
        "where from, in the locale's language: {stderr}"
    );
}

#[tokio::test]
async fn row_profile() {
    let mut bin = Bin::new();
    bin.unset("TENCENTCLOUD_SECRET_ID").unset("TENCENTCLOUD_SECRET_KEY");
    for (profile, id) in [("flag", "AKIDflag000000000FLAG"), ("tceni", "AKIDtceni00000000TCEN")] {
        let json = format!(r#"{{"secretId": "{id}", "secretKey": "k"}}"#);
        bin.file(&format!(".tccli/{profile}.credential"), &json);
    }
    for (profile, id) in [("tccli", "AKIDtccli00000000TCCL"), ("config", "AKIDconfig0000000CONF")] {
        let json = format!(r#"{{"secretId": "{id}", "secretKey": "k"}}"#);
        bin.file(&format!(".tccli/{profile}.credential"), &json);
    }
    bin.config("profile = 'config'\n");
    bin.set("TCENI_PROFILE", "tceni").set("TCCLI_PROFILE", "tccli");
    let shown = |text: String| text.lines().next().unwrap_or_default().to_owned();
    assert_eq!(shown(bin.stdout(&["--profile", "flag", "credentials", "show"]).await), "profile: flag");
    assert_eq!(shown(bin.stdout(&["credentials", "show"]).await), "profile: tceni");
    bin.unset("TCENI_PROFILE");
    assert_eq!(shown(bin.stdout(&["credentials", "show"]).await), "profile: tccli");
    bin.unset("TCCLI_PROFILE");
    let out = bin.stdout(&["credentials", "show"]).await;
    assert!(out.starts_with("profile: config\nsource: tccli config (…CONF)"), "{out}");
}

#[tokio::test]
async fn row_endpoint() {
    let mut bin = Bin::new();
    bin.config(
        "endpoint = 'http://top.example:1'\n[profiles.default]\nendpoint = 'http://section.example:2'\n",
    );
    bin.set("TCENI_ENDPOINT", "http://env.example:3");
    assert_eq!(bin.dry_run_url(&["--endpoint", "http://flag.example:4"]).await, "http://flag.example:4/");
    assert_eq!(bin.dry_run_url(&[]).await, "http://env.example:3/");
    bin.unset("TCENI_ENDPOINT");
    assert_eq!(bin.dry_run_url(&[]).await, "http://section.example:2/");
    bin.config("endpoint = 'http://top.example:1'\n");
    assert_eq!(bin.dry_run_url(&[]).await, "http://top.example:1/");
}

#[tokio::test]
async fn row_root_domain() {
    let mut bin = Bin::new();
    bin.config("root_domain = 'top.example.com'\n[profiles.default]\nroot_domain = 'section.example.com'\n");
    bin.set("TENCENTCLOUD_DOMAIN", "internal.tencentcloudapi.com");
    assert_eq!(
        bin.dry_run_url(&["--root-domain", "intl.tencentcloudapi.com"]).await,
        "https://vpc.intl.tencentcloudapi.com/"
    );
    assert_eq!(bin.dry_run_url(&[]).await, "https://vpc.internal.tencentcloudapi.com/");
    // Finance hosts follow the same rule.
    let fsi = bin.dry_run(&["--region", "ap-shanghai-fsi"]).await;
    assert_eq!(fsi["url"], "https://vpc.ap-shanghai-fsi.internal.tencentcloudapi.com/");
    bin.unset("TENCENTCLOUD_DOMAIN");
    assert_eq!(bin.dry_run_url(&[]).await, "https://vpc.section.example.com/");
    bin.config("root_domain = 'top.example.com'\n");
    assert_eq!(bin.dry_run_url(&[]).await, "https://vpc.top.example.com/");
    bin.config("");
    assert_eq!(bin.dry_run_url(&[]).await, "https://vpc.tencentcloudapi.com/");
    // Not a domain: one line, no request, no backtrace.
    let out = bin.run(&["--region", "ap-guangzhou", "--root-domain", "https://evil.example/x"]).await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("--root-domain") && err.contains("is not a domain name"), "{err}");
    assert!(!err.contains("BACKTRACE") && err.lines().count() <= 4, "{err}");
    let mut bin = bin;
    bin.set("TENCENTCLOUD_DOMAIN", "bad/domain");
    let out = bin.run(&["regions", "--refresh"]).await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err.trim(),
        r#"error: TENCENTCLOUD_DOMAIN "bad/domain" is not a domain name (letters, digits, '-' and '.', e.g. intl.tencentcloudapi.com)"#
    );
}

#[tokio::test]
async fn row_service_endpoints() {
    let bin = Bin::new();
    bin.config(
        "root_domain = 'intl.tencentcloudapi.com'\n[endpoints]\nvpc = 'vpc.top.example.com'\ncvm = 'cvm.top.example.com'\n\
         [profiles.default.endpoints]\nvpc = 'vpc.section.example.com'\n",
    );
    bin.file(".tccli/default.configure", &tccli_configure("ap-guangzhou", "en-US", "vpc.tccli.example.com"));
    assert_eq!(bin.dry_run_url(&["--endpoint", "http://127.0.0.1:9"]).await, "http://127.0.0.1:9/");
    assert_eq!(bin.dry_run_url(&[]).await, "https://vpc.tccli.example.com/");
    bin.remove(".tccli/default.configure");
    assert_eq!(bin.dry_run_url(&[]).await, "https://vpc.section.example.com/");
    bin.config("root_domain = 'intl.tencentcloudapi.com'\n[endpoints]\nvpc = 'vpc.top.example.com'\n");
    assert_eq!(bin.dry_run_url(&[]).await, "https://vpc.top.example.com/");
    bin.config("root_domain = 'intl.tencentcloudapi.com'\n[endpoints]\ncvm = 'cvm.top.example.com'\n");
    assert_eq!(bin.dry_run_url(&[]).await, "https://vpc.intl.tencentcloudapi.com/");
}

#[tokio::test]
async fn row_role_duration() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url()).set("TENCENTCLOUD_ROLE_ARN", ROLE_ARN);
    bin.set("TENCENTCLOUD_ROLE_SESSION_NAME", "dur");
    bin.config("role_duration_secs = 900\n[profiles.default]\nrole_duration_secs = 1800\n");
    let asked = |sandbox: &Sandbox| {
        let log = sandbox.log();
        log.iter().rev().find(|e| e.action == "AssumeRole").unwrap().params["DurationSeconds"].clone()
    };
    bin.stdout(&["--role-duration", "3600", "credentials", "show"]).await;
    assert_eq!(asked(&sandbox), 3600);
    bin.stdout(&["credentials", "show"]).await;
    assert_eq!(asked(&sandbox), 1800);
    bin.config("role_duration_secs = 900\n");
    bin.stdout(&["credentials", "show"]).await;
    assert_eq!(asked(&sandbox), 900);
    bin.config("");
    bin.stdout(&["credentials", "show"]).await;
    assert_eq!(asked(&sandbox), 7200);
}

// ---- networks: proxies, loopback, CA bundle ----

/// A forward proxy on loopback that records the first bytes of each connection and refuses it
/// (403 for HTTP, a failure reply for SOCKS5).
async fn recording_proxy() -> (String, std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = vec![0u8; 2048];
            let n = stream.read(&mut buf).await.unwrap_or(0);
            buf.truncate(n);
            let socks = buf.first() == Some(&5);
            record.lock().unwrap().push(buf);
            let reply: &[u8] =
                if socks { &[5, 0xff] } else { b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n" };
            let _ = stream.write_all(reply).await;
        }
    });
    (addr, seen)
}

fn first_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_proxy_flag_carries_the_call_as_connect_and_its_failure_names_the_proxy() {
    let (proxy, seen) = recording_proxy().await;
    let bin = Bin::new();
    let out = bin
        .run(&["--proxy", &format!("http://user:pw@{proxy}"), "--timeout", "5", "regions", "--refresh"])
        .await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    let lines: Vec<String> = seen.lock().unwrap().iter().map(|b| first_line(b)).collect();
    assert!(
        !lines.is_empty() && lines.iter().all(|l| l == "CONNECT region.tencentcloudapi.com:443 HTTP/1.1"),
        "{lines:?}"
    );
    assert!(err.contains(&format!("through the proxy http://{proxy}")), "{err}");
    assert!(!err.contains("user:pw") && !err.contains("pw@"), "{err}");
}

#[tokio::test]
async fn the_proxy_environment_is_honoured_with_no_proxy_and_socks5() {
    let (proxy, seen) = recording_proxy().await;
    let mut bin = Bin::new();
    bin.set("HTTPS_PROXY", &format!("http://{proxy}"));
    let out = bin
        .run(&["--timeout", "5", "--root-domain", "intl.tencentcloudapi.com", "regions", "--refresh"])
        .await;
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(first_line(&seen.lock().unwrap()[0]), "CONNECT region.intl.tencentcloudapi.com:443 HTTP/1.1");
    // NO_PROXY exempts the domain: the proxy hears nothing more (the direct call fails on DNS).
    let before = seen.lock().unwrap().len();
    bin.set("NO_PROXY", ".invalid");
    bin.run(&["--timeout", "5", "--root-domain", "tceni-test.invalid", "regions", "--refresh"]).await;
    assert_eq!(seen.lock().unwrap().len(), before, "NO_PROXY was not honoured");
    // socks5h (names resolved by the proxy; socks5 resolves them here first): the proxy hears
    // the SOCKS greeting.
    let (socks, heard) = recording_proxy().await;
    bin.unset("HTTPS_PROXY").unset("NO_PROXY").set("ALL_PROXY", &format!("socks5h://{socks}"));
    let out = bin.run(&["--timeout", "5", "regions", "--refresh"]).await;
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(heard.lock().unwrap()[0].first(), Some(&5u8), "a SOCKS5 greeting");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("through the proxy socks5h://{socks}")), "{err}");
}

#[tokio::test]
async fn the_sandbox_on_loopback_works_with_a_dead_proxy_configured() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url());
    for var in ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy"] {
        bin.set(var, "http://127.0.0.1:9");
    }
    let out = bin.run(&["--proxy", "http://127.0.0.1:9", "regions", "--refresh"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let args = ["attach", "--region", "ap-guangzhou", "--eni", "eni-free0001", "--instance", "ins-web00001"];
    let out = bin.run(&[&args[..], &["--yes", "--poll-interval-ms", "50"]].concat()).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(sandbox.request_count("AttachNetworkInterface"), 1);
}

#[tokio::test]
async fn a_ca_bundle_that_is_not_pem_is_bad_input() {
    let bin = Bin::new();
    bin.file("not.pem", "hello");
    let path = bin.home().join("not.pem").display().to_string();
    let out = bin.run(&["--ca-bundle", &path, "regions", "--refresh"]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read the CA bundle") && err.contains("no PEM certificate"), "{err}");
}

// ---- which account ----

const CROSS_ROLE: &str = "qcs::cam::uin/200000000002:roleName/deploy";

fn attach_args(extra: &[&'static str]) -> Vec<&'static str> {
    let mut args =
        vec!["attach", "--region", "ap-guangzhou", "--eni", "eni-free0001", "--instance", "ins-web00001"];
    args.extend(["--yes", "--output", "json", "--poll-interval-ms", "50"]);
    args.extend(extra);
    args
}

fn json_of(out: &Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.trim())
        .unwrap_or_else(|e| panic!("{e}: {text}{}", String::from_utf8_lossy(&out.stderr)))
}

#[tokio::test]
async fn credentials_show_names_the_account() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url());
    let v = json_of(&bin.run(&["credentials", "show", "--output", "json"]).await);
    assert_eq!(v["account"]["id"], "100000000001");
    assert_eq!(v["account"]["arn"], "qcs::cam::uin/100000000001:uin/100000000001");
    assert_eq!(v["source"], "env");
    let text = bin.stdout(&["--role-arn", CROSS_ROLE, "credentials", "show"]).await;
    assert!(
        text.contains("account: 200000000002 (qcs::sts:200000000002:assumed-role/deploy/tceni-"),
        "{text}"
    );
    // No answer from sts: "unknown", never a guess.
    bin.set("TCENI_ENDPOINT", "http://127.0.0.1:9");
    let v = json_of(&bin.run(&["credentials", "show", "--output", "json", "--timeout", "2"]).await);
    assert!(v["account"].is_null() && v["account_error"].as_str().unwrap().contains("127.0.0.1:9"), "{v}");
}

#[tokio::test]
async fn another_account_is_refused_before_anything_is_sent() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url());
    bin.config("allowed_accounts = ['200000000002']\n");
    for extra in [&[][..], &["--no-preflight"][..]] {
        let out = bin.run(&attach_args(extra)).await;
        assert_eq!(out.status.code(), Some(5), "{}", String::from_utf8_lossy(&out.stderr));
        let v = json_of(&out);
        assert_eq!(v["outcome"], "PreflightFailed");
        assert_eq!(v["error_code"], "ClientError.AccountNotAllowed");
        assert_eq!(v["preflight"][0]["rule"], "account_allowed");
        let message = v["message"].as_str().unwrap();
        assert!(message.contains("100000000001") && message.contains("200000000002"), "{message}");
        assert_eq!(v["account"]["id"], "100000000001");
    }
    let counts = sandbox.request_counts();
    assert_eq!(
        counts.keys().collect::<Vec<_>>(),
        ["GetCallerIdentity"],
        "only the account was asked: {counts:?}"
    );
    assert_eq!(sandbox.state().eni("eni-free0001").unwrap().instance, None);
    let text = bin.stdout(&attach_args(&[])[..8]).await;
    assert!(text.contains("✗ account is allowed: the credential acts in account 100000000001"), "{text}");
}

#[tokio::test]
async fn a_profile_section_allows_its_own_account_and_the_json_names_it() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url());
    bin.config(
        "allowed_accounts = ['100000000001']\n[profiles.deploy]\nallowed_accounts = ['200000000002']\n",
    );
    // The default profile allows only its own account: the cross-account role is refused.
    let out = bin.run(&[&["--role-arn", CROSS_ROLE][..], &attach_args(&[])].concat()).await;
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(sandbox.request_count("AttachNetworkInterface"), 0);
    // TCCLI_PROFILE=deploy: its section allows the role's account (the env key signs the role).
    bin.set("TCCLI_PROFILE", "deploy");
    let out = bin.run(&[&["--role-arn", CROSS_ROLE][..], &attach_args(&[])].concat()).await;
    let v = json_of(&out);
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["account"]["id"], "200000000002");
    assert!(v["account"]["arn"].as_str().unwrap().starts_with("qcs::sts:200000000002:assumed-role/deploy/"));
    assert_eq!(sandbox.request_count("AttachNetworkInterface"), 1);
}

/// `tceni --demo` in a pseudo-terminal with every proxy variable pointing at a closed port: the
/// in-process sandbox is on loopback, so the header shows the sandbox account (asked over sts)
/// and the ENI picker fills; nothing goes through the dead proxy.
#[test]
fn the_demo_works_with_a_dead_proxy_set() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    let bin = Bin::new();
    let pty = native_pty_system()
        .openpty(PtySize { rows: 30, cols: 120, pixel_width: 0, pixel_height: 0 })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tceni"));
    cmd.args(["--demo"]);
    cmd.env_clear();
    cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", bin.home());
    cmd.env("TCENI_KEYRING", "off");
    for (var, sub) in
        [("TCENI_DATA_DIR", "data"), ("TCENI_STATE_DIR", "state"), ("TCENI_CONFIG_DIR", "config")]
    {
        cmd.env(var, bin.dir.path().join(sub));
    }
    for var in ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy"] {
        cmd.env(var, "http://127.0.0.1:9");
    }
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(30, 120, 0)));
    let mut reader = pty.master.try_clone_reader().unwrap();
    let feed = parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().unwrap().process(&buf[..n]);
        }
    });
    let started = Instant::now();
    let screen = loop {
        let text = parser.lock().unwrap().screen().contents();
        if text.contains("account 100000000001") && text.contains("SANDBOX") {
            break text;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "screen:\n{text}");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!screen.contains("proxy"), "{screen}");
    let mut keys = pty.master.take_writer().unwrap();
    keys.write_all(b"\x03").unwrap();
    keys.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("tceni --demo did not exit on Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A bastion's CVM role assuming a cross-account role: the metadata key signs the AssumeRole.
#[tokio::test]
async fn the_cvm_role_can_assume_a_cross_account_role() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url()).set("TCENI_METADATA_URL", &sandbox.url());
    let args = ["--use-cvm-role", "--role-arn", CROSS_ROLE, "credentials", "show", "--output", "json"];
    let v = json_of(&bin.run(&args).await);
    assert_eq!(v["source"], format!("assumed role {CROSS_ROLE}"));
    assert_eq!(v["account"]["id"], "200000000002");
    assert_eq!(v["session_token"], true);
    let signer = sandbox.log().into_iter().find(|e| e.action == "AssumeRole").unwrap().secret_id;
    assert!(signer.starts_with("****") && !DEMO_SECRET_ID.ends_with(&signer[4..]), "signed by {signer}");
}

// ---- rows of temporary keys are reconciled by account ----

/// Start an attach signed with a temporary key of `role`, and SIGKILL it once its row says
/// Sending and the request has arrived (the service is slowed to answer in 800 ms, and carries
/// the attach out anyway).
async fn killed_while_sending(bin: &Bin, sandbox: &Sandbox, role: &str, eni: &str, instance: &str) -> i64 {
    use tceni::history::{HistoryQuery, Outcome, Store};
    use tceni::sandbox::{Fault, FaultKind};
    sandbox.add_fault(Fault::once(FaultKind::Latency { ms: 800 }).for_action("AttachNetworkInterface"));
    let args =
        ["--role-arn", role, "attach", "--region", "ap-guangzhou", "--eni", eni, "--instance", instance];
    let mut child =
        bin.command(&args).arg("--yes").stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let path = bin.dir.path().join("data/history.sqlite3");
    let started = std::time::Instant::now();
    let id = loop {
        let sending = Store::open(&path).ok().and_then(|store| {
            let rows = store.page(&HistoryQuery::search(eni)).ok()?;
            rows.into_iter().find(|r| r.outcome == Outcome::Sending).map(|r| r.id)
        });
        // The fault is used up once the request has arrived: it is in the service's hands.
        if let Some(id) = sending.filter(|_| sandbox.faults().is_empty()) {
            break id;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "no Sending row for {eni}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let started = std::time::Instant::now();
    while sandbox.state().eni(eni).and_then(|e| e.instance.clone()) != Some(instance.to_string()) {
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "the service never attached {eni}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    id
}

/// A role's SecretId changes at every run: a row a crash left open (Sending, no RequestId) is
/// settled by a later run with another temporary key of the same account; another account's
/// row on the same endpoint is left alone.
#[tokio::test]
async fn a_row_left_open_by_one_temporary_key_is_settled_by_another_of_the_same_account() {
    use tceni::history::{Outcome, Store};
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    // The audit trail lists calls minutes late (as the real one does): it cannot witness yet.
    sandbox.set_audit_delay(std::time::Duration::from_secs(600));
    let mut bin = Bin::new();
    bin.set("TCENI_ENDPOINT", &sandbox.url());
    let ours = killed_while_sending(&bin, &sandbox, ROLE_ARN, "eni-free0001", "ins-web00001").await;
    let theirs = killed_while_sending(&bin, &sandbox, CROSS_ROLE, "eni-free0002", "ins-web00002").await;
    let store = Store::open(bin.dir.path().join("data/history.sqlite3")).unwrap();
    let (row, other) = (store.get(ours).unwrap().unwrap(), store.get(theirs).unwrap().unwrap());
    assert_eq!((row.outcome, row.request_id.as_deref()), (Outcome::Sending, None));
    assert_eq!(row.account_id.as_deref(), Some("100000000001"));
    assert_eq!(other.account_id.as_deref(), Some("200000000002"));

    // The next run assumes the role again: a new temporary key of the same account.
    let out = bin.run(&["--role-arn", ROLE_ARN, "history", "--output", "json"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let describe = sandbox.log().into_iter().rev().find(|e| e.action == "DescribeNetworkInterfaces").unwrap();
    let tail = |masked: &str| masked.chars().rev().take(4).collect::<String>();
    assert_ne!(tail(&describe.secret_id), tail(&row.secret_id_masked), "another key asked");
    let row = store.get(ours).unwrap().unwrap();
    // Settled as far as the evidence goes: no answer says its request attached the ENI, so the
    // row says where the ENI is, never Succeeded.
    assert_eq!(row.outcome, Outcome::Unknown, "{row:?}");
    assert!(row.attachment.unwrap().contains("ins-web00001"), "the ENI was described");
    let other = store.get(theirs).unwrap().unwrap();
    assert_eq!(other.outcome, Outcome::Sending, "another account's row is not this key's to settle");
    let described = describe.params.to_string();
    assert!(
        !described.contains("eni-free0002"),
        "another account's ENI is not even asked about: {described}"
    );

    // The JSON names each row's account, and `account:ID` finds one account's rows.
    let lines = |out: &Output| -> Vec<serde_json::Value> {
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let accounts: Vec<_> =
        lines(&out).iter().map(|v| (v["history_id"].as_i64().unwrap(), v["account"]["id"].clone())).collect();
    assert_eq!(accounts, [(theirs, "200000000002".into()), (ours, "100000000001".into())]);
    let out = bin.run(&["history", "--search", "account:200000000002", "--output", "json"]).await;
    let found: Vec<_> = lines(&out).iter().map(|v| v["history_id"].as_i64().unwrap()).collect();
    assert_eq!(found, [theirs]);
}

// ---- the terminal app never waits for the account ----

/// The terminal app in a pseudo-terminal against `sandbox`, with the environment's key.
struct Tui {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    screen: std::sync::Arc<std::sync::Mutex<vt100::Parser>>,
    keys: Box<dyn Write + Send>,
}

impl Tui {
    fn open(bin: &Bin, sandbox: &Sandbox) -> Tui {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        use std::io::Read;
        let pty = native_pty_system()
            .openpty(PtySize { rows: 30, cols: 120, pixel_width: 0, pixel_height: 0 })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tceni"));
        cmd.args(["--region", "ap-guangzhou"]);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", bin.home());
        cmd.env("TCENI_KEYRING", "off");
        cmd.env("TCENI_METADATA_URL", "http://127.0.0.1:9");
        cmd.env("TCENI_ENDPOINT", sandbox.url());
        cmd.env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID);
        cmd.env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
        for (var, sub) in
            [("TCENI_DATA_DIR", "data"), ("TCENI_STATE_DIR", "state"), ("TCENI_CONFIG_DIR", "config")]
        {
            cmd.env(var, bin.dir.path().join(sub));
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let screen = std::sync::Arc::new(std::sync::Mutex::new(vt100::Parser::new(30, 120, 0)));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let feed = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        let keys = pty.master.take_writer().unwrap();
        Tui { child, screen, keys }
    }

    /// The screen once it holds every one of `texts`, and how long that took.
    fn wait_for(&self, texts: &[&str], within: std::time::Duration) -> (String, std::time::Duration) {
        let started = std::time::Instant::now();
        loop {
            let screen = self.screen.lock().unwrap().screen().contents();
            if texts.iter().all(|t| screen.contains(t)) {
                return (screen, started.elapsed());
            }
            assert!(started.elapsed() < within, "waited for {texts:?}; screen:\n{screen}");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    fn quit(mut self) {
        self.keys.write_all(b"\x03").unwrap();
        self.keys.flush().unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while self.child.try_wait().unwrap().is_none() {
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("tceni did not exit on Ctrl-C");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

/// sts answers after 3 s: the app is open and usable at once, saying "checking…", then shows
/// the account; an sts that refuses is "unknown" with its code, never silently absent.
#[tokio::test(flavor = "multi_thread")]
async fn the_terminal_app_opens_before_the_account_is_known() {
    use std::time::Duration;
    use tceni::sandbox::{Fault, FaultKind};
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let bin = Bin::new();
    sandbox.add_fault(Fault::once(FaultKind::Latency { ms: 3000 }).for_action("GetCallerIdentity"));
    let tui = Tui::open(&bin, &sandbox);
    let (screen, opened) = tokio::task::block_in_place(|| {
        tui.wait_for(&["account checking…", "Attach"], Duration::from_secs(10))
    });
    assert!(!screen.contains("100000000001"), "{screen}");
    let (_, answered) =
        tokio::task::block_in_place(|| tui.wait_for(&["account 100000000001"], Duration::from_secs(10)));
    assert!(opened + answered >= Duration::from_millis(2500), "the answer came after sts's 3 s");
    tokio::task::block_in_place(|| tui.quit());

    sandbox.add_fault(
        Fault::once(FaultKind::Error { code: "AuthFailure.UnauthorizedOperation".into(), message: None })
            .for_action("GetCallerIdentity"),
    );
    let tui = Tui::open(&bin, &sandbox);
    tokio::task::block_in_place(|| {
        tui.wait_for(&["account unknown (AuthFailure.UnauthorizedOperation)"], Duration::from_secs(10))
    });
    tokio::task::block_in_place(|| tui.quit());
}
