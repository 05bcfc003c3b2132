//! The built binary against an in-process sandbox: exit codes, JSON shape, refusal without a
//! terminal, dry run, history, and no secret in any file or output.

mod common;
use common::{contains, files_under};

use std::process::{Command, Output, Stdio};
use std::time::Duration;
use tceni::sandbox::{
    DEMO_SECRET_ID, DEMO_SECRET_KEY, DEMO_TEMP_SECRET_ID, DEMO_TEMP_SECRET_KEY, DEMO_TOKEN, Sandbox,
    SandboxConfig,
};

struct Env {
    sandbox: Sandbox,
    dir: tempfile::TempDir,
}

async fn env() -> Env {
    let config = SandboxConfig { task_delay: Duration::from_millis(150), ..SandboxConfig::default() };
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
    Env { sandbox: Sandbox::start(config).await.unwrap(), dir }
}

impl Env {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tceni"));
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path().join("home"))
            .env("TCENI_DATA_DIR", self.dir.path().join("data"))
            .env("TCENI_STATE_DIR", self.dir.path().join("state"))
            .env("TCENI_CONFIG_DIR", self.dir.path().join("config"))
            .env("TCENI_KEYRING", "off")
            .env("TCENI_LOG", "debug")
            .env("TMPDIR", self.dir.path().join("tmp"))
            .env("TCENI_ENDPOINT", self.sandbox.url())
            .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY)
            .stdin(Stdio::null());
        cmd
    }

    /// Run off the async threads: the sandbox lives on this test's runtime.
    async fn run(&self, args: &[&str]) -> Output {
        let mut cmd = self.command(args);
        tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap()
    }

    async fn run_cmd(&self, mut cmd: Command) -> Output {
        tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap()
    }
}

fn attach_args<'a>(eni: &'a str, instance: &'a str) -> Vec<&'a str> {
    vec![
        "attach",
        "--region",
        "ap-guangzhou",
        "--eni",
        eni,
        "--instance",
        instance,
        "--poll-interval-ms",
        "50",
    ]
}

fn json_of(out: &Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not one JSON object ({e}): {text}"))
}

#[tokio::test]
async fn attach_yes_json_succeeds_with_the_documented_shape() {
    let env = env().await;
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.extend(["--yes", "--output", "json"]);
    let out = env.run(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json_of(&out);
    for key in [
        "region",
        "endpoint",
        "eni",
        "instance",
        "client_token",
        "request_id",
        "task_status",
        "task_output",
        "error_code",
        "message",
        "explanation",
        "what_to_do",
        "history_id",
        "outcome",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    assert_eq!(v["outcome"], "Succeeded");
    assert_eq!(v["task_status"], "SUCCESS");
    assert_eq!(v["endpoint"], format!("{}/", env.sandbox.url()));
    assert_eq!(env.sandbox.state().eni("eni-free0001").unwrap().instance.as_deref(), Some("ins-web00001"));

    let history = env.run(&["history", "--output", "json"]).await;
    let row: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&history.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(row["request_id"], v["request_id"]);
    assert_eq!(row["outcome"], "Succeeded");
}

#[tokio::test]
async fn exit_codes_follow_the_documentation() {
    let env = env().await;
    let cases: [(&str, &str, &[&str], i32); 5] = [
        ("eni-12345", "ins-web00001", &["--yes"], 2),
        ("eni-free0001", "ins-app00001", &["--yes"], 5),
        ("eni-free0001", "ins-app00001", &["--yes", "--no-preflight"], 1),
        ("eni-free0003", "ins-bms00001", &["--yes"], 1),
        ("eni-free0002", "ins-web00002", &["--yes", "--no-wait"], 0),
    ];
    for (eni, instance, extra, code) in cases {
        let mut args = attach_args(eni, instance);
        args.extend_from_slice(extra);
        let out = env.run(&args).await;
        assert_eq!(
            out.status.code(),
            Some(code),
            "{eni} {instance} {extra:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[tokio::test]
async fn no_credentials_is_exit_3_and_an_unknown_outcome_is_exit_4() {
    let env = env().await;
    let mut cmd = env.command(&attach_args("eni-free0001", "ins-web00001"));
    cmd.arg("--yes").env_remove("TENCENTCLOUD_SECRET_ID").env_remove("TENCENTCLOUD_SECRET_KEY");
    let out = env.run_cmd(cmd).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("TENCENTCLOUD_SECRET_ID"));

    env.sandbox.add_fault(
        tceni::sandbox::Fault::once(tceni::sandbox::FaultKind::Hang)
            .for_action("AttachNetworkInterface")
            .until_cleared(),
    );
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.extend(["--yes", "--no-preflight", "--timeout", "1", "--output", "json"]);
    let out = env.run(&args).await;
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(json_of(&out)["error_code"], "ClientError.OutcomeUnknown");
}

#[tokio::test]
async fn without_a_terminal_it_refuses_to_send_unless_yes() {
    let env = env().await;
    let out = env.run(&attach_args("eni-free0001", "ins-web00001")).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert!(env.sandbox.log().iter().all(|e| e.action != "AttachNetworkInterface"));
}

#[tokio::test]
async fn dry_run_shows_the_request_and_sends_nothing() {
    let env = env().await;
    let mut cmd = env.command(&attach_args("eni-free0001", "ins-web00001"));
    cmd.args(["--dry-run", "--client-token", "tok-1"])
        .env("TENCENTCLOUD_SECRET_ID", DEMO_TEMP_SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", DEMO_TEMP_SECRET_KEY)
        .env("TENCENTCLOUD_TOKEN", DEMO_TOKEN);
    let out = env.run_cmd(cmd).await;
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Authorization: TC3-HMAC-SHA256 Credential="), "{text}");
    assert!(text.contains("X-TC-Token: ***"), "{text}");
    assert!(text.contains(r#""ClientToken":"tok-1""#), "{text}");
    assert!(!text.contains(DEMO_TEMP_SECRET_KEY) && !text.contains(DEMO_TOKEN));
    assert!(env.sandbox.log().is_empty());
}

#[tokio::test]
async fn a_token_credential_attaches_and_no_secret_reaches_any_file_or_output() {
    let env = env().await;
    let mut outputs = Vec::new();
    for extra in [&["--yes"][..], &["--yes", "--output", "json"], &["--yes", "--no-preflight"]] {
        for (eni, instance) in [("eni-free0001", "ins-web00001"), ("eni-free0001", "ins-app00001")] {
            let mut cmd = env.command(&attach_args(eni, instance));
            cmd.args(extra)
                .env("TENCENTCLOUD_SECRET_ID", DEMO_TEMP_SECRET_ID)
                .env("TENCENTCLOUD_SECRET_KEY", DEMO_TEMP_SECRET_KEY)
                .env("TENCENTCLOUD_SECURITY_TOKEN", DEMO_TOKEN);
            outputs.push(env.run_cmd(cmd).await);
        }
    }
    assert!(outputs.iter().any(|o| o.status.code() == Some(0)), "a token credential attaches");
    assert!(outputs.iter().any(|o| o.status.code() == Some(5)));
    let detach =
        ["detach", "--region", "ap-guangzhou", "--eni", "eni-free0001", "--instance", "ins-web00001"];
    let others: [&[&str]; 11] = [
        &["history"],
        &["history", "--output", "json", "--search", "ins-web00001"],
        &["credentials", "show"],
        &["credentials", "delete"],
        &["regions"],
        &["regions", "--refresh", "--output", "json"],
        &["completions", "zsh"],
        &[&detach[..], &["--yes", "--poll-interval-ms", "50"]].concat(),
        &[&detach[..], &["--dry-run"]].concat(),
        &[&attach_args("eni-free0002", "ins-web00002")[..], &["--dry-run", "--output", "json"]].concat(),
        &["attach", "--region", "ap-guangzhou", "--eni", "eni-bad", "--instance", "ins-web00001", "--yes"],
    ];
    for args in others {
        let mut cmd = env.command(args);
        cmd.env("TENCENTCLOUD_SECRET_ID", DEMO_TEMP_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_TEMP_SECRET_KEY)
            .env("TENCENTCLOUD_SECURITY_TOKEN", DEMO_TOKEN);
        outputs.push(env.run_cmd(cmd).await);
    }
    for out in &outputs {
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains(DEMO_TEMP_SECRET_KEY) && !text.contains(DEMO_TOKEN),
                "secret in output: {text}"
            );
        }
    }
    let files = files_under(env.dir.path());
    assert!(files.iter().any(|f| f.ends_with("history.sqlite3")));
    assert!(files.iter().any(|f| f.ends_with("tceni.log")));
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        for secret in [DEMO_TEMP_SECRET_KEY, DEMO_TOKEN] {
            assert!(!contains(&bytes, secret.as_bytes()), "{secret} found in {}", file.display());
        }
    }
}

#[tokio::test]
async fn help_exists_for_every_command() {
    let env = env().await;
    for cmd in ["attach", "detach", "history", "regions", "credentials", "completions", "sandbox"] {
        let out = env.run(&[cmd, "--help"]).await;
        assert_eq!(out.status.code(), Some(0), "{cmd} --help");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"));
    }
    let out = env.run(&["completions", "bash"]).await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("tceni"));
}

#[tokio::test]
async fn credentials_set_reads_the_key_from_stdin_and_says_when_no_keyring_exists() {
    let env = env().await;
    let mut cmd = env.command(&["credentials", "set", "--secret-id", DEMO_SECRET_ID]);
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let out = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut child = cmd.spawn().unwrap();
        child.stdin.take().unwrap().write_all(format!("{DEMO_SECRET_KEY}\n").as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.to_lowercase().contains("keyring"), "{stderr}");
    assert!(!stderr.contains(DEMO_SECRET_KEY));
}

#[tokio::test]
async fn credentials_show_masks_the_secret_id_and_names_the_source() {
    let env = env().await;
    let out = env.run(&["credentials", "show"]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("env (…0000)"), "{text}");
    assert!(!text.contains(DEMO_SECRET_ID) && !text.contains(DEMO_SECRET_KEY));
}

#[tokio::test]
async fn regions_lists_the_catalog_offline_and_the_live_list_with_refresh() {
    let env = env().await;
    let out = env.run(&["regions", "--output", "json"]).await;
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 22);
    let fsi = lines.iter().find(|r| r["region"] == "ap-shanghai-fsi").unwrap();
    assert_eq!(fsi["finance"], true);
    assert_eq!(fsi["vpc_host"], "vpc.ap-shanghai-fsi.tencentcloudapi.com");
    assert!(env.sandbox.log().is_empty(), "the catalog needs no call");

    let out = env.run(&["regions", "--refresh"]).await;
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ap-guangzhou"));
    assert!(env.sandbox.log().iter().any(|e| e.action == "DescribeRegions"));
}

#[tokio::test]
async fn history_search_finds_by_error_code() {
    let env = env().await;
    for (eni, instance) in [("eni-free0001", "ins-app00001"), ("eni-free0002", "ins-web00002")] {
        let mut args = attach_args(eni, instance);
        args.push("--yes");
        env.run(&args).await;
    }
    let out = env.run(&["history", "--search", "code:ZoneMismatch", "--output", "json"]).await;
    let rows: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("ins-app00001"));
}

#[tokio::test]
async fn the_history_table_keeps_its_columns_when_a_move_names_two_instances() {
    let env = env().await;
    let mut attach = attach_args("eni-free0001", "ins-web00001");
    attach.push("--yes");
    env.run(&attach).await;
    let mut moved = vec!["move", "--yes", "--region", "ap-guangzhou", "--eni", "eni-free0001"];
    moved.extend(["--from", "ins-web00001", "--to", "ins-web00002"]);
    assert_eq!(env.run(&moved).await.status.code(), Some(0));
    let out = env.run(&["history"]).await;
    let text = String::from_utf8(out.stdout).unwrap();
    // Where each line's OUTCOME column starts, in display columns.
    let column = |line: &str, word: &str| line.find(word).map(|at| line[..at].chars().count());
    let lines: Vec<&str> = text.lines().collect();
    let header = column(lines[0], "OUTCOME").expect("a header");
    for line in &lines[1..] {
        assert_eq!(column(line, "Succeeded"), Some(header), "{text}");
    }
    assert!(text.contains("ins-web00001 → ins-web00002"), "{text}");
}

#[tokio::test]
async fn a_bad_region_or_client_token_is_invalid_input_with_json_and_nothing_sent() {
    let env = env().await;
    let long_token = "t".repeat(65);
    for (region, token) in [("AP-GUANGZHOU", "t"), ("ap-guangzhou", long_token.as_str())] {
        let mut args = vec!["attach", "--region", region, "--client-token", token];
        args.extend(["--eni", "eni-free0001", "--instance", "ins-web00001"]);
        args.extend(["--yes", "--output", "json"]);
        let out = env.run(&args).await;
        assert_eq!(out.status.code(), Some(2), "{region} {token}");
        assert_eq!(json_of(&out)["exit_code"], 2);
    }
    assert!(env.sandbox.log().is_empty());
}

#[tokio::test]
async fn move_through_the_binary_shows_where_the_eni_is_and_records_both_instances() {
    let env = env().await;
    let args = ["move", "--region", "ap-shanghai", "--eni", "eni-mig00001", "--from", "ins-dead0001"];
    let mut dry = args.to_vec();
    dry.extend(["--to", "ins-stby0001", "--dry-run"]);
    let out = env.run(&dry).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("X-TC-Action: MigrateNetworkInterface"), "{text}");
    assert!(
        text.contains(r#""DestinationInstanceId":"ins-stby0001""#) && !text.contains("ClientToken"),
        "{text}"
    );
    assert!(env.sandbox.log().is_empty(), "a dry run sends nothing");

    let mut run = args.to_vec();
    run.extend(["--to", "ins-stby0001", "--yes", "--output", "json"]);
    let out = env.run(&run).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json_of(&out);
    assert_eq!((v["action"].as_str(), v["outcome"].as_str()), (Some("move"), Some("Succeeded")));
    assert_eq!(v["destination"], "ins-stby0001");
    assert_eq!(v["client_token"], serde_json::Value::Null);
    assert_eq!(v["attachment"]["instance"], "ins-stby0001");
    assert!(v["attachment"]["mac"].as_str().is_some_and(|m| !m.is_empty()));

    // The same move again: nothing to do, exit 0, nothing sent.
    let again = env.run(&run).await;
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(json_of(&again)["outcome"], "AlreadyDone");
    assert_eq!(env.sandbox.request_count("MigrateNetworkInterface"), 1);

    let history = env.run(&["history", "--search", "action:move", "--output", "json"]).await;
    let rows: Vec<serde_json::Value> =
        String::from_utf8_lossy(&history.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r["instance"] == "ins-dead0001" && r["destination"] == "ins-stby0001"));
}

#[tokio::test]
async fn a_move_with_a_bad_destination_is_invalid_input_and_sends_nothing() {
    let env = env().await;
    let args = ["move", "--region", "ap-shanghai", "--eni", "eni-mig00001", "--from", "ins-dead0001"];
    for to in ["ins-dead0001", "vm-12345678"] {
        let mut run = args.to_vec();
        run.extend(["--to", to, "--yes", "--output", "json"]);
        let out = env.run(&run).await;
        assert_eq!(out.status.code(), Some(2), "--to {to}");
    }
    assert!(env.sandbox.log().is_empty());
}

fn history_file(env: &Env) -> std::path::PathBuf {
    env.dir.path().join("data").join("history.sqlite3")
}

#[tokio::test]
async fn an_unreachable_service_is_exit_6_never_1() {
    let env = env().await;
    let mut cmd = env.command(&attach_args("eni-free0001", "ins-web00001"));
    cmd.args(["--yes", "--output", "json"]).env("TCENI_ENDPOINT", "http://127.0.0.1:1");
    let out = env.run_cmd(cmd).await;
    assert_eq!(out.status.code(), Some(6), "{}", String::from_utf8_lossy(&out.stdout));
    let v = json_of(&out);
    assert_eq!(
        (v["outcome"].as_str(), v["error_code"].as_str()),
        (Some("NotSent"), Some("ClientError.NetworkError"))
    );
    // As text, every retry is said as it happens.
    let mut cmd = env.command(&attach_args("eni-free0001", "ins-web00001"));
    cmd.args(["--yes", "--no-preflight"]).env("TCENI_ENDPOINT", "http://127.0.0.1:1");
    let out = env.run_cmd(cmd).await;
    assert_eq!(out.status.code(), Some(6));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("AttachNetworkInterface: try 1 answered ClientError.NetworkError; trying again in"),
        "{stdout}"
    );
}

#[tokio::test]
async fn a_malformed_endpoint_is_invalid_input_on_one_line_and_nothing_is_recorded() {
    let env = env().await;
    for endpoint in ["http://admin:hunter2@127.0.0.1:9", "not a url", "ftp://127.0.0.1", "http://h/some/path"]
    {
        let mut cmd = env.command(&attach_args("eni-free0001", "ins-web00001"));
        cmd.arg("--yes").env("TCENI_ENDPOINT", endpoint);
        let out = env.run_cmd(cmd).await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{endpoint}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{endpoint}: {stderr}");
        assert!(!stderr.contains("hunter2") && !stderr.contains("BACKTRACE"), "{stderr}");
    }
    assert!(!history_file(&env).exists(), "nothing recorded");
}

#[tokio::test]
async fn a_malformed_config_is_one_line_naming_the_file_or_a_json_error_object() {
    let env = env().await;
    let config = env.dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "region = [\n").unwrap();
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.push("--yes");
    let mut cmd = env.command(&args);
    cmd.env("RUST_BACKTRACE", "1");
    let out = env.run_cmd(cmd).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("config.toml is not valid: line"), "{stderr}");
    args.extend(["--output", "json"]);
    let out = env.run(&args).await;
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out);
    assert_eq!(v["exit_code"], 2);
    assert_eq!(v["outcome"], "NotSent");
    assert!(v["message"].as_str().unwrap().contains("config.toml"));
    assert!(env.sandbox.log().is_empty() && !history_file(&env).exists());
}

#[tokio::test]
async fn re_running_an_attach_with_its_client_token_is_exit_0() {
    let env = env().await;
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.extend(["--yes", "--client-token", "incident-42"]);
    let mut first = args.clone();
    first.push("--no-wait");
    assert_eq!(env.run(&first).await.status.code(), Some(0));
    // While the first try's task is still running: preflight sees the ENI going to the instance
    // and does not block; the service replays the first try.
    let out = env.run(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(env.sandbox.state().eni("eni-free0001").unwrap().instance.as_deref(), Some("ins-web00001"));
    // After it completed: the same advice (run it again) still ends in exit 0.
    let out = env.run(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[tokio::test]
async fn re_running_a_detach_with_its_client_token_while_its_task_runs_is_exit_0() {
    let config = SandboxConfig { task_delay: Duration::from_millis(1500), ..SandboxConfig::default() };
    let env = Env { sandbox: Sandbox::start(config).await.unwrap(), ..env().await };
    let args = [
        "detach",
        "--region",
        "ap-guangzhou",
        "--eni",
        "eni-sec00001",
        "--instance",
        "ins-web00001",
        "--yes",
        "--client-token",
        "incident-43",
        "--poll-interval-ms",
        "50",
    ];
    let mut first = args.to_vec();
    first.push("--no-wait");
    assert_eq!(env.run(&first).await.status.code(), Some(0));
    // The ENI is DETACHING from the instance: the same request again is the printed advice, not
    // a preflight failure; the service answers for the first try.
    let out = env.run(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(env.sandbox.state().eni("eni-sec00001").unwrap().instance, None);
    let tasks = env
        .sandbox
        .log()
        .iter()
        .filter(|e| e.action == "DetachNetworkInterface" && e.outcome == "ok")
        .count();
    assert!(tasks >= 2, "the re-run was answered by the service (a replay), not refused before sending");
}

/// Start an attach whose `action` hangs, send SIGINT once the output shows `after`, and return
/// the whole output, how long the process took to end after the signal, and its status.
async fn interrupted(env: &Env, action: &str, after: &str) -> (String, Duration, std::process::ExitStatus) {
    use std::io::{BufRead, BufReader};
    env.sandbox.add_fault(
        tceni::sandbox::Fault::once(tceni::sandbox::FaultKind::Hang).for_action(action).until_cleared(),
    );
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.extend(["--yes", "--timeout", "60"]);
    let mut cmd = env.command(&args);
    let after = after.to_string();
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        let mut seen = String::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            seen += &line;
            seen.push('\n');
            if line.starts_with(&after) {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(500)); // the call hangs
        let sent_at = std::time::Instant::now();
        let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
        assert!(kill.success());
        let status = child.wait().unwrap();
        let elapsed = sent_at.elapsed();
        for line in lines {
            seen += &line.unwrap();
            seen.push('\n');
        }
        (seen, elapsed, status)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn sigint_during_a_hanging_poll_returns_within_a_second_with_the_honest_outcome() {
    let env = env().await;
    let (out, elapsed, status) = interrupted(&env, "DescribeVpcTaskResult", "sent: RequestId").await;
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    assert_eq!(status.code(), Some(4), "{out}");
    assert!(out.contains("outcome: Unknown") && out.contains("no poll was answered"), "{out}");
    let row = tceni::history::Store::open(history_file(&env)).unwrap().get(1).unwrap().unwrap();
    assert_eq!(row.outcome, tceni::history::Outcome::Unknown);
    assert!(row.request_id.is_some(), "the task can still be asked about");
}

#[tokio::test]
async fn sigint_during_a_hanging_send_returns_within_a_second_and_keeps_the_token() {
    let env = env().await;
    let (out, elapsed, status) = interrupted(&env, "AttachNetworkInterface", "sending").await;
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    assert_eq!(status.code(), Some(4), "{out}");
    assert!(out.contains("outcome: Unknown") && out.contains("in flight"), "{out}");
    let row = tceni::history::Store::open(history_file(&env)).unwrap().get(1).unwrap().unwrap();
    assert_eq!((row.outcome, row.request_id), (tceni::history::Outcome::Unknown, None));
    assert!(!row.client_token.is_empty(), "the ClientToken to retry with");
}

/// Runs as the unprivileged user when the tests run as root (root ignores file modes).
const NOBODY: u32 = 65534;

#[cfg(unix)]
#[tokio::test]
async fn an_unwritable_history_warns_once_says_so_in_json_and_is_still_listed() {
    use std::os::unix::fs::PermissionsExt;
    let env = env().await;
    let data = env.dir.path().join("data");
    let mut earlier = attach_args("eni-free0002", "ins-web00002");
    earlier.extend(["--yes", "--no-wait"]);
    assert_eq!(env.run(&earlier).await.status.code(), Some(0));
    let store = tceni::history::Store::open(history_file(&env)).unwrap();
    store.checkpoint().unwrap();
    drop(store);
    let as_user = unprivileged(&env);
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o500)).unwrap();
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.extend(["--yes", "--output", "json"]);
    let out = env.run_cmd(as_user(&args)).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "the attach goes on: {stderr}");
    let v = json_of(&out);
    assert_eq!((v["outcome"].as_str(), v["history_recorded"].as_bool()), (Some("Succeeded"), Some(false)));
    assert_eq!(stderr.matches("warning: this attempt could not be").count(), 1, "{stderr}");
    let log = files_under(&env.dir.path().join("state")).into_iter().map(|f| std::fs::read(f).unwrap()).fold(
        Vec::new(),
        |mut all, bytes| {
            all.extend(bytes);
            all
        },
    );
    let token = v["client_token"].as_str().unwrap();
    assert!(contains(&log, token.as_bytes()), "the log has the ClientToken");
    assert!(contains(&log, v["request_id"].as_str().unwrap().as_bytes()), "and the RequestId");

    let out = env.run_cmd(as_user(&["history", "--output", "json"])).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(rows.len(), 1, "the earlier attempt is listed from the file it cannot write: {rows:?}");
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
}

/// Hand the environment's files to the unprivileged user (when the tests run as root, which
/// ignores file modes) and return how to run the binary as that user.
#[cfg(unix)]
fn unprivileged(env: &Env) -> impl Fn(&[&str]) -> Command + '_ {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let as_root = nix_like_uid_is_root(env.dir.path());
    let chown = |path: &std::path::Path| {
        if as_root {
            std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)).unwrap();
        }
    };
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for dir in ["home", "state", "config", "tmp", "data"] {
        std::fs::create_dir_all(env.dir.path().join(dir)).unwrap();
        chown(&env.dir.path().join(dir));
    }
    for file in files_under(env.dir.path()) {
        chown(&file);
    }
    move |args: &[&str]| {
        let mut cmd = env.command(args);
        if as_root {
            cmd.uid(NOBODY).gid(NOBODY);
        }
        cmd
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_read_only_shm_left_by_a_crash_does_not_block_later_history_writes() {
    use std::os::unix::fs::PermissionsExt;
    let env = env().await;
    let as_user = unprivileged(&env);
    let mut args = attach_args("eni-free0002", "ins-web00002");
    args.extend(["--yes", "--no-wait", "--output", "json"]);
    let out = env.run_cmd(as_user(&args)).await;
    assert_eq!(json_of(&out)["history_recorded"], true);
    // What a crash can leave behind: the scratch files, one of them without write permission.
    let history = history_file(&env);
    for (suffix, mode) in [("-wal", 0o600), ("-shm", 0o400)] {
        let scratch = std::path::PathBuf::from(format!("{}{suffix}", history.display()));
        std::fs::write(&scratch, b"").unwrap();
        std::fs::set_permissions(&scratch, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let _ = unprivileged(&env);
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.extend(["--yes", "--output", "json"]);
    let out = env.run_cmd(as_user(&args)).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let v = json_of(&out);
    assert_eq!(
        (v["outcome"].as_str(), v["history_recorded"].as_bool()),
        (Some("Succeeded"), Some(true)),
        "{stderr}"
    );
    assert!(!stderr.contains("warning"), "{stderr}");
    let rows = tceni::history::Store::open(&history).unwrap().page(&Default::default()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].outcome, tceni::history::Outcome::Succeeded);
}

#[tokio::test]
async fn a_search_that_matches_nothing_says_so_and_a_damaged_index_is_not_hidden() {
    let env = env().await;
    let out = env.run(&["history", "--search", "ins-zzz"]).await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("no history yet"));
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.push("--yes");
    assert_eq!(env.run(&args).await.status.code(), Some(0));
    let out = env.run(&["history", "--search", "ins-zzz"]).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.contains("no attempt matches \"ins-zzz\" (1 in the history)"), "{stdout}");
    assert!(!stdout.contains("no history yet"), "{stdout}");
    // The search index emptied behind the rows' back: every search would find nothing.
    let raw = rusqlite::Connection::open(history_file(&env)).unwrap();
    raw.execute("INSERT INTO attempts_fts (attempts_fts) VALUES ('delete-all')", []).unwrap();
    drop(raw);
    let out = env.run(&["history", "--search", "ins-web00001"]).await;
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("the history file is damaged"), "{stderr}");
    assert!(!stdout.contains("no attempt matches") && !stdout.contains("no history yet"), "{stdout}");
}

fn nix_like_uid_is_root(dir: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = dir.join(".owner-probe");
    std::fs::write(&probe, b"").unwrap();
    let uid = std::fs::metadata(&probe).unwrap().uid();
    std::fs::remove_file(&probe).unwrap();
    uid == 0
}

#[tokio::test]
async fn an_attach_settles_rows_left_open_beside_itself_without_crediting_them() {
    use tceni::history::{Caller, Outcome, Store, live::Live};
    use tceni::plan::{Kind, Plan, PlanInput};
    let env = env().await;
    // A row a killed process left Sending (its marker unlocked), whose ENI is where its plan
    // puts it: by someone else's request, as far as anything shows.
    let store = Store::open(history_file(&env)).unwrap();
    let rule = tceni::api::EndpointRule::new(Some(env.sandbox.url()));
    let plan =
        Plan::new(&PlanInput::new(Kind::Attach, "ap-guangzhou", "eni-sec00001", "ins-web00001"), &rule);
    let caller = Caller {
        profile: "default".into(),
        secret_id_masked: tceni::credentials::mask_secret_id(DEMO_SECRET_ID),
        account_id: None,
        ..Default::default()
    };
    let left = store.insert(&plan.unwrap(), &caller, chrono::Utc::now().timestamp_millis() - 60_000).unwrap();
    // Sending, with a guess in the error columns (as older builds left it).
    let raw = rusqlite::Connection::open(store.path()).unwrap();
    let guess = "UPDATE attempts SET outcome = 'Sending', error_code = 'ClientError.Cancelled' WHERE id = ?1";
    raw.execute(guess, [left]).unwrap();
    let started = store.get(left).unwrap().unwrap().started_at;
    let mut marker = Live::claim(store.path(), started).unwrap();
    marker.assign(store.path(), left).unwrap();
    drop(marker);
    drop(store);
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.extend(["--yes", "--output", "json"]);
    let out = env.run(&args).await;
    assert_eq!(out.status.code(), Some(0));
    let store = Store::open(history_file(&env)).unwrap();
    let row = store.get(left).unwrap().unwrap();
    assert_eq!(row.outcome, Outcome::Unknown, "no answer says its request did it: {row:?}");
    assert_eq!(row.error_code.as_deref(), Some("ClientError.OutcomeUnknown"), "not the stale guess");
    let message = row.error_message.unwrap();
    assert!(message.contains("on ins-web00001") && message.contains(&row.client_token), "{message}");
    let own = store.get(json_of(&out)["history_id"].as_i64().unwrap()).unwrap().unwrap();
    assert_eq!(own.outcome, Outcome::Succeeded, "the run's own row is its own");
}

/// The one JSON of an attempt: `attach --output json` and `history --output json` print the
/// same object for the same attempt (one spelling of `action`), every error is the one error
/// shape, and all of it is what `schema/attempt.schema.json` describes (the real binary's output).
#[tokio::test]
async fn attach_history_and_errors_print_the_one_json_the_schema_describes() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schema/attempt.schema.json")).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let valid = |what: &str, v: &serde_json::Value| {
        let errors: Vec<String> =
            validator.iter_errors(v).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{what}: {errors:?}\n{v}");
    };
    let env = env().await;
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.extend(["--yes", "--output", "json"]);
    let attached = json_of(&env.run(&args).await);
    valid("attach", &attached);
    let history = env.run(&["history", "--output", "json"]).await;
    let text = String::from_utf8_lossy(&history.stdout);
    let row: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    valid("history", &row);
    assert_eq!(row["action"], "attach", "one spelling of the action");
    assert_eq!(row, attached, "the same object from both");

    // A refused preflight, a move, a malformed ID (the error shape), history of them all.
    let mut args = attach_args("eni-free0001", "ins-app00001");
    args.extend(["--yes", "--output", "json"]);
    valid("preflight failed", &json_of(&env.run(&args).await));
    let mut args = attach_args("eni-12345", "ins-web00001");
    args.extend(["--yes", "--output", "json"]);
    let bad = json_of(&env.run(&args).await);
    valid("bad input", &bad);
    assert_eq!(bad["exit_code"], 2);
    let history = env.run(&["history", "--output", "json"]).await;
    for line in String::from_utf8_lossy(&history.stdout).lines() {
        valid("history row", &serde_json::from_str(line).unwrap());
    }
}

/// Preflight's advice is printed as written in the catalog, so it must name no key of the
/// terminal app ("Pick it from the list (Ctrl-P)" meant nothing in a shell); a step with a flag
/// or command of the CLI's own is named in those words.
#[tokio::test]
async fn preflight_advice_in_the_cli_names_no_app_key() {
    let env = env().await;
    let mut args = attach_args("eni-gone0001", "ins-web00001");
    args.push("--yes");
    let out = env.run(&args).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(5), "preflight refuses a missing ENI: {text}");
    assert!(text.contains("tceni looks only in the region shown"), "the advice is printed: {text}");
    assert!(!text.contains("Ctrl-"), "no app key: {text}");

    let mut args = attach_args("eni-sec00001", "ins-web00002");
    args.push("--yes");
    let out = env.run(&args).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(5), "attached elsewhere: {text}");
    assert!(!text.contains("Ctrl-"), "no app key: {text}");
    assert!(text.contains("tceni move --from"), "the CLI's own way to move it: {text}");
}

/// A rerun with the same `--client-token` continues the attempt: its record names the first
/// (`retry_of`), in the JSON and in the history, so two rows of one request never read as two
/// independent attempts.
#[tokio::test]
async fn a_rerun_with_the_same_client_token_links_to_the_first_attempt() {
    let env = env().await;
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.extend(["--yes", "--output", "json", "--client-token", "tok-chain-1"]);
    let first = json_of(&env.run(&args).await);
    assert_eq!((first["outcome"].as_str(), first["retry_of"].as_i64()), (Some("Succeeded"), None));
    let again = json_of(&env.run(&args).await);
    assert_eq!(again["retry_of"], first["history_id"], "{again}");
    let history = env.run(&["history", "--output", "json"]).await;
    let newest: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&history.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(newest["retry_of"], first["history_id"], "the history shows the chain");
}

/// An attach whose process was killed after sending (its answer never read), then the same
/// request sent again with its ClientToken: one service task, two rows. They never read as two
/// independent successes: each names the other in `tceni history`, and the detail of each
/// says which attempt of the request it is, with every preflight verdict under its own mark.
#[tokio::test]
async fn two_rows_of_one_request_name_each_other_in_the_history() {
    use tceni::history::{Caller, Store, live::Live};
    use tceni::plan::{Kind, Plan, PlanInput};
    let env = env().await;
    let store = Store::open(history_file(&env)).unwrap();
    let rule = tceni::api::EndpointRule::new(Some(env.sandbox.url()));
    let input = PlanInput {
        client_token: Some("tok-chain-lost".into()),
        ..PlanInput::new(Kind::Attach, "ap-guangzhou", "eni-free0001", "ins-web00001")
    };
    let caller = Caller {
        profile: "default".into(),
        secret_id_masked: tceni::credentials::mask_secret_id(DEMO_SECRET_ID),
        ..Default::default()
    };
    let started = chrono::Utc::now().timestamp_millis() - 5_000;
    let first = store.insert(&Plan::new(&input, &rule).unwrap(), &caller, started).unwrap();
    let raw = rusqlite::Connection::open(store.path()).unwrap();
    raw.execute("UPDATE attempts SET outcome = 'Sending' WHERE id = ?1", [first]).unwrap();
    let mut marker = Live::claim(store.path(), started).unwrap();
    marker.assign(store.path(), first).unwrap();
    drop((marker, store));
    let mut args = attach_args("eni-free0001", "ins-web00001");
    args.extend(["--yes", "--output", "json", "--client-token", "tok-chain-lost"]);
    let again = json_of(&env.run(&args).await);
    assert_eq!((again["outcome"].as_str(), again["retry_of"].as_i64()), (Some("Succeeded"), Some(first)));
    let second = again["history_id"].as_i64().unwrap();
    let table = String::from_utf8_lossy(&env.run(&["history"]).await.stdout).to_string();
    let line =
        |id: i64| table.lines().find(|l| l.trim_start().starts_with(&format!("{id} "))).unwrap().to_string();
    assert!(line(first).contains(&format!("sent again as #{second}")), "{table}");
    assert!(line(second).contains(&format!("re-send of #{first}")), "{table}");
    let env = &env;
    let detail = |id: i64| async move {
        String::from_utf8_lossy(&env.run(&["history", &id.to_string()]).await.stdout).to_string()
    };
    let first_detail = detail(first).await;
    assert!(
        first_detail.contains("Succeeded") && first_detail.contains("ClientError.SameRequest"),
        "{first_detail}"
    );
    assert!(first_detail.contains(&format!("sent again as #{second}")), "{first_detail}");
    let second_detail = detail(second).await;
    assert!(second_detail.contains(&format!("re-send of #{first}")), "{second_detail}");
    assert!(second_detail.contains("✓ "), "each verdict under its own mark: {second_detail}");
}
