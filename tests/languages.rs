//! Machine output does not change with the language: the same operations run in en-US and in
//! zh-CN (each on its own sandbox and data directory) give the same JSON, codes, exit codes and
//! history rows; only the human texts (`message`, `explanation`, `what_to_do`, a preflight
//! verdict's `reason` and `advice`, the service's own message) may differ, and in zh-CN they are
//! Chinese.

#[path = "common/isolated.rs"]
mod isolated;

use serde_json::Value;
use std::process::Output;
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};

/// Human texts, and what differs from run to run whatever the language (with every `…_at` time
/// and `…_ms` duration).
const FREE: [&str; 11] = [
    "message",
    "reason",
    "advice",
    "explanation",
    "what_to_do",
    "error_message",
    "request_id",
    "duration_ms",
    "started_at",
    "finished_at",
    "endpoint",
];

struct Environment {
    sandbox: Sandbox,
    dir: tempfile::TempDir,
    language: &'static str,
}

impl Environment {
    async fn new(language: &'static str) -> Environment {
        let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
        Environment { sandbox, dir: tempfile::tempdir().unwrap(), language }
    }

    async fn tceni(&self, args: &[&str]) -> Output {
        let mut cmd = isolated::tceni(self.dir.path(), args);
        cmd.env("TCENI_ENDPOINT", self.sandbox.url())
            .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY)
            .env("TCENI_LANGUAGE", self.language);
        tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap()
    }
}

/// The same operations: a refused one (preflight), one the service refuses, one that works, and
/// the history after them. Each output (JSON lines) with its exit code.
async fn operations(run: &Environment) -> Vec<(Option<i32>, Vec<Value>)> {
    let attach =
        |eni: &'static str, instance: &'static str, token: &'static str, extra: &'static [&'static str]| {
            let mut args = vec!["attach", "--region", "ap-guangzhou", "--eni", eni, "--instance", instance];
            args.extend(["--client-token", token, "--yes", "--output", "json", "--poll-interval-ms", "20"]);
            args.extend(extra);
            args
        };
    let mut outputs = Vec::new();
    for args in [
        attach("eni-oth00001", "ins-web00001", "tok-preflight", &[]),
        attach("eni-oth00001", "ins-web00001", "tok-service", &["--no-preflight"]),
        attach("eni-free0001", "ins-web00001", "tok-works", &[]),
        vec!["history", "--output", "json"],
    ] {
        let out = run.tceni(&args).await;
        let text = String::from_utf8_lossy(&out.stdout);
        let values =
            text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
        outputs.push((out.status.code(), values));
    }
    outputs
}

/// The value with the human and per-run fields taken out, wherever they are.
fn machine(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !FREE.contains(&k.as_str()) && !k.ends_with("_at") && !k.ends_with("_ms"))
                .map(|(k, v)| (k.clone(), machine(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(machine).collect()),
        other => other.clone(),
    }
}

/// The attach that works on the sandbox's world (or is refused by an account rule), confirmed.
const ATTACH: [&str; 8] =
    ["attach", "--region", "ap-guangzhou", "--eni", "eni-free0001", "--instance", "ins-web00001", "--yes"];

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[tokio::test]
async fn json_codes_exit_codes_and_history_are_the_same_in_both_languages() {
    let (en, zh) = (Environment::new("en-US").await, Environment::new("zh-CN").await);
    let (en_out, zh_out) = (operations(&en).await, operations(&zh).await);
    assert_eq!(en_out.len(), zh_out.len());
    for ((en_code, en_values), (zh_code, zh_values)) in en_out.iter().zip(&zh_out) {
        assert_eq!(en_code, zh_code, "exit codes");
        let (en_machine, zh_machine): (Vec<Value>, Vec<Value>) =
            (en_values.iter().map(machine).collect(), zh_values.iter().map(machine).collect());
        assert_eq!(en_machine, zh_machine, "machine output\nen: {en_values:?}\nzh: {zh_values:?}");
    }
    // The refusals did say something, and in the language asked for.
    let preflight = &zh_out[0].1[0];
    assert_eq!(
        (zh_out[0].0, preflight["error_code"].as_str()),
        (Some(5), Some("UnsupportedOperation.VpcMismatch"))
    );
    assert!(has_chinese(preflight["what_to_do"].as_str().unwrap_or_default()), "{preflight}");
    let service = &zh_out[1].1[0];
    assert_eq!(service["error_code"], "UnsupportedOperation.VpcMismatch");
    assert!(has_chinese(service["explanation"].as_str().unwrap_or_default()), "{service}");
    let english = &en_out[1].1[0];
    assert!(!has_chinese(&english.to_string()), "{english}");
    assert_eq!(zh_out[2].0, Some(0), "the attach that works: {:?}", zh_out[2]);
}

/// The text output of an operation is the run's language from the first line to the last (its
/// IDs, codes and the RequestId as they are); in en-US it has no Chinese at all.
#[tokio::test]
async fn the_text_output_of_an_operation_is_in_the_runs_language() {
    let (en, zh) = (Environment::new("en-US").await, Environment::new("zh-CN").await);
    let args = [&ATTACH[..], &["--poll-interval-ms", "20"]].concat();
    let (en_out, zh_out) = (en.tceni(&args).await, zh.tceni(&args).await);
    assert_eq!((en_out.status.code(), zh_out.status.code()), (Some(0), Some(0)));
    let (en_text, zh_text) = (
        String::from_utf8_lossy(&en_out.stdout).to_string(),
        String::from_utf8_lossy(&zh_out.stdout).to_string(),
    );
    for said in [
        "凭证：",
        "已记录为历史记录 #",
        "预检：",
        "已发送：RequestId",
        "结果：Succeeded",
        "✓ 同一私有网络：vpc-gz0main1",
        "弹性网卡现在在 ins-web00001 上",
    ] {
        assert!(zh_text.contains(said), "{said:?} in:\n{zh_text}");
    }
    assert!(!has_chinese(&en_text), "{en_text}");
    assert!(en_text.contains("the ENI is now on ins-web00001"), "{en_text}");
    // The line count is the same: one line per step, whatever the language.
    assert_eq!(en_text.lines().count(), zh_text.lines().count(), "en:\n{en_text}\nzh:\n{zh_text}");
    let refused = zh.tceni(&["attach", "--eni", "eni-free0001", "--instance", "ins-web00001", "--yes"]).await;
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("未指定地域"), "{refused:?}");
}

/// `--help` is the run's language: the locale alone makes it Chinese, `--language en-US` makes
/// it English again, and a subcommand's help follows too.
#[test]
fn help_speaks_the_language_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let help = |args: &[&str]| {
        let out = isolated::tceni(dir.path(), args).env("LANG", "zh_CN.UTF-8").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let zh = help(&["--help"]);
    assert!(zh.contains("用法:") && zh.contains("把腾讯云弹性网卡绑定到云服务器"), "{zh}");
    let attach = help(&["attach", "--help"]);
    assert!(attach.contains("弹性网卡 ID（eni-xxxxxxxx）") && attach.contains("幂等令牌"), "{attach}");
    let en = help(&["--language", "en-US", "--help"]);
    assert!(en.contains("Usage:") && en.contains("Attach a Tencent Cloud elastic network interface"), "{en}");
    assert!(!has_chinese(&en), "{en}");
    let en_attach = help(&["attach", "--language=en-US", "--help"]);
    assert!(en_attach.contains("Idempotency token") && !has_chinese(&en_attach), "{en_attach}");
}

/// The workflow's own reasons and a bad region are said in the run's language: the account
/// rule's refusal (its JSON `message`, the text output) and `--region gzz`, while the codes
/// and exit codes stay what they are in English.
#[tokio::test]
async fn the_workflows_reasons_and_input_errors_are_in_the_runs_language() {
    let zh = Environment::new("zh-CN").await;
    std::fs::create_dir_all(zh.dir.path().join("config")).unwrap();
    std::fs::write(zh.dir.path().join("config/config.toml"), "allowed_accounts = ['200000000002']\n")
        .unwrap();
    let args = [&ATTACH[..], &["--output", "json"]].concat();
    let out = zh.tceni(&args).await;
    assert_eq!(out.status.code(), Some(5));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error_code"], "ClientError.AccountNotAllowed");
    let message = v["message"].as_str().unwrap_or_default();
    assert!(message.contains("不在 allowed_accounts（200000000002）中：未发送任何请求"), "{message}");
    let text = zh.tceni(&ATTACH).await;
    assert!(String::from_utf8_lossy(&text.stdout).contains("该凭证所属账号 100000000001"), "{text:?}");
    let region =
        zh.tceni(&["attach", "--region", "gzz", "--eni", "eni-free0001", "--instance", "ins-web00001"]).await;
    assert_eq!(region.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&region.stderr).contains("错误：“gzz”不是腾讯云地域 ID"), "{region:?}");
}

/// A runbook's problems are said in the run's language, each still `file:line:column`, exit 2.
#[tokio::test]
async fn a_runbooks_problems_are_in_the_runs_language() {
    let zh = Environment::new("zh-CN").await;
    let file = zh.dir.path().join("bad.toml");
    std::fs::write(&file, "name = \"x\"\nregion = \"ap-guangzhou\"\n[[steps]]\nop = \"swap\"\n").unwrap();
    let out = zh.tceni(&["runbook", "plan", file.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("bad.toml:4:") && said.contains("op“swap”不是 move、attach 或 detach"), "{said}");
}

/// tceni's own errors speak the run's language too: a config file that does not parse is one
/// line in Chinese naming the file, the line and the column; exit 2.
#[tokio::test]
async fn a_bad_config_file_is_said_in_the_runs_language() {
    let zh = Environment::new("zh-CN").await;
    std::fs::create_dir_all(zh.dir.path().join("config")).unwrap();
    std::fs::write(zh.dir.path().join("config/config.toml"), "region = \n").unwrap();
    let out = zh.tceni(&["history"]).await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("config.toml 无效：第 1 行第") && said.contains("请修正该行"), "{said}");
}

/// No credential anywhere: the one-line-per-source answer is Chinese in a Chinese run (and
/// nothing is sent).
#[test]
fn no_credential_is_said_in_the_runs_language() {
    let dir = tempfile::tempdir().unwrap();
    let args = ATTACH;
    let out = isolated::tceni(dir.path(), &args).env("TCENI_LANGUAGE", "zh-CN").output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("未找到腾讯云凭证") && said.contains("tceni credentials set"), "{said}");
    assert!(said.contains("环境变量：未设置 TENCENTCLOUD_SECRET_ID"), "each place looked at too: {said}");
}
