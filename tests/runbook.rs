//! Runbooks through the built binary against an in-process sandbox (its ap-nanjing failover
//! world): cross-step conflicts refused with nothing sent, the 24-step failover applied and
//! undone, one apply at a time, and kills at random moments followed by a second apply.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Fault, FaultKind, Sandbox, SandboxConfig};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/runbook-example.toml");
const CHANGES: [&str; 3] = ["AttachNetworkInterface", "DetachNetworkInterface", "MigrateNetworkInterface"];

struct Env {
    sandbox: Sandbox,
    dir: tempfile::TempDir,
}

async fn env() -> Env {
    let config = SandboxConfig { task_delay: Duration::from_millis(150), ..SandboxConfig::default() };
    Env { sandbox: Sandbox::start(config).await.unwrap(), dir: tempfile::tempdir().unwrap() }
}

impl Env {
    fn command(&self, args: &[&str]) -> Command {
        self.command_within(args, "3")
    }

    /// [`Env::command`] with its own bound on each call (`--timeout`, seconds).
    fn command_within(&self, args: &[&str], timeout: &str) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tceni"));
        cmd.args(args)
            .args(["--poll-interval-ms", "50", "--timeout", timeout])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path().join("home"))
            .env("TCENI_DATA_DIR", self.data_dir())
            .env("TCENI_STATE_DIR", self.dir.path().join("state"))
            .env("TCENI_CONFIG_DIR", self.dir.path().join("config"))
            .env("TCENI_KEYRING", "off")
            .env("TCENI_ENDPOINT", self.sandbox.url())
            .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY)
            .stdin(Stdio::null());
        cmd
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    async fn run(&self, args: &[&str]) -> Output {
        let mut cmd = self.command(args);
        tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap()
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    fn changes_sent(&self) -> u64 {
        CHANGES.iter().map(|a| self.sandbox.request_count(a)).sum()
    }

    /// Where every ENI of the region is: (ENI → instance), all settled.
    fn placements(&self, region: &str) -> BTreeMap<String, Option<String>> {
        let state = self.sandbox.state();
        let enis: Vec<_> = state.enis.iter().filter(|e| e.region == region).collect();
        assert!(enis.iter().all(|e| e.state == "AVAILABLE"), "an ENI is in transition: {enis:?}");
        enis.iter().map(|e| (e.id.clone(), e.instance.clone())).collect()
    }
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn json_of(out: &Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not one JSON object ({e}): {text}"))
}

/// A runbook of steps in ap-nanjing; each step is `op key=value…`.
fn runbook(steps: &[&str]) -> String {
    let mut out = String::from("name = \"t\"\nregion = \"ap-nanjing\"\n");
    for step in steps {
        let mut words = step.split_whitespace();
        out += &format!("\n[[steps]]\nop = \"{}\"\n", words.next().unwrap());
        for pair in words {
            let (k, v) = pair.split_once('=').unwrap();
            out += &format!("{k} = \"{v}\"\n");
        }
    }
    out
}

/// Each step alone plans clean; together the runbook is refused (exit 5) by `plan` and by
/// `apply --yes`, naming the step and the rule, and no change reaches the service.
async fn refused_whole(env: &Env, steps: &[&str], blocked_step: usize, rule: &str) -> serde_json::Value {
    for (i, step) in steps.iter().enumerate() {
        let file = env.write(&format!("alone-{i}.toml"), &runbook(&[step]));
        let out = env.run(&["runbook", "plan", &file]).await;
        assert_eq!(code(&out), 0, "step {} alone: {}", i + 1, text(&out));
    }
    let file = env.write("whole.toml", &runbook(steps));
    let plan = env.run(&["runbook", "plan", &file, "--output", "json"]).await;
    assert_eq!(code(&plan), 5, "{}", text(&plan));
    let json = json_of(&plan);
    let check = &json["steps"][blocked_step - 1]["check"];
    assert_eq!(check["verdict"], "blocked", "{json}");
    assert_eq!(check["rule"], rule, "{json}");
    assert_eq!(check["passes_alone"], true, "{json}");
    let apply = env.run(&["runbook", "apply", &file, "--yes"]).await;
    assert_eq!(code(&apply), 5, "{}", text(&apply));
    assert!(text(&apply).contains("nothing was sent"), "{}", text(&apply));
    assert_eq!(env.changes_sent(), 0, "no change may reach the service");
    check.clone()
}

#[tokio::test]
async fn two_steps_that_each_fit_the_last_free_slots_are_refused() {
    let env = env().await;
    // web-1 holds 4 ENIs: its primary and one more are on it, so two are free.
    let steps = [
        "attach eni=eni-njsp0001 instance=ins-njwb0001",
        "attach eni=eni-njsp0002 instance=ins-njwb0001",
        "attach eni=eni-njsp0003 instance=ins-njwb0001",
    ];
    let check = refused_whole(&env, &steps, 3, "free_eni_slot").await;
    assert_eq!(check["after_step"], 2);
}

#[tokio::test]
async fn an_eni_moved_then_detached_from_where_it_was_is_refused() {
    let env = env().await;
    let steps = [
        "move eni=eni-njsv0001 from=ins-njdb0001 to=ins-njdb0002",
        "detach eni=eni-njsv0001 instance=ins-njdb0001",
    ];
    let check = refused_whole(&env, &steps, 2, "eni_on_source").await;
    assert_eq!(check["after_step"], 1);
}

#[tokio::test]
async fn the_same_eni_claimed_twice_is_refused() {
    let env = env().await;
    let steps =
        ["attach eni=eni-njsp0001 instance=ins-njwb0001", "attach eni=eni-njsp0001 instance=ins-njwb0002"];
    refused_whole(&env, &steps, 2, "eni_free").await;
}

#[tokio::test]
async fn an_order_that_cannot_work_is_refused_with_the_order_that_can() {
    let env = env().await;
    let steps = [
        "attach eni=eni-njsp0001 instance=ins-njwb0001",
        "attach eni=eni-njsp0002 instance=ins-njwb0001",
        "attach eni=eni-njsp0003 instance=ins-njwb0001",
        "detach eni=eni-njol0001 instance=ins-njwb0001",
    ];
    let check = refused_whole(&env, &steps, 3, "free_eni_slot").await;
    assert_eq!(check["advice"], "step 4 makes room for it: put step 3 after step 4");
}

#[tokio::test]
async fn a_bad_file_is_one_line_per_problem_and_exit_2() {
    let env = env().await;
    let file = env.write(
        "bad.toml",
        "region = \"ap-nanjing\"\ncolour = 1\n[[steps]]\nop = \"move\"\neni = \"eni-x\"\n",
    );
    let out = env.run(&["runbook", "apply", &file, "--yes"]).await;
    assert_eq!(code(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].ends_with("bad.toml:2:1: unknown key 'colour' (a runbook has name, region, vars, steps)"),
        "{err}"
    );
    assert!(lines.iter().all(|l| l.starts_with("error: ")), "{err}");
    assert_eq!(env.sandbox.log().len(), 0, "nothing described, nothing sent");
}

#[tokio::test]
async fn the_failover_applies_and_its_undo_restores_the_world() {
    let env = env().await;
    let before = env.placements("ap-nanjing");
    let out = env
        .run(&["runbook", "apply", EXAMPLE, "--set", "standby=ins-njdb0002", "--yes", "--output", "json"])
        .await;
    assert_eq!(code(&out), 0, "{}", text(&out));
    let json = json_of(&out);
    let steps = json["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 24);
    assert!(steps.iter().all(|s| s["outcome"] == "Succeeded" && s["verified"] == true), "{json}");
    let after = env.placements("ap-nanjing");
    assert_eq!(after["eni-njsv0006"].as_deref(), Some("ins-njdb0002"));
    assert_eq!(after["eni-njol0001"], None);
    assert_eq!(env.changes_sent(), 24, "one request per step");

    let run_id = json["run_id"].as_str().unwrap();
    let rows = env
        .run(&["history", "--search", &format!("runbook:{run_id}"), "--output", "json", "--limit", "100"])
        .await;
    // One JSON object a row.
    let rows = String::from_utf8_lossy(&rows.stdout).to_string();
    assert_eq!(rows.lines().count(), 24, "{rows}");
    assert!(rows.lines().all(|l| l.contains("\"outcome\":\"Succeeded\"")), "{rows}");

    let undo = json["undo"].as_str().expect("an undo runbook").to_string();
    let plan = env.run(&["runbook", "plan", &undo]).await;
    assert_eq!(code(&plan), 0, "{}", text(&plan));
    let out = env.run(&["runbook", "apply", &undo, "--yes"]).await;
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert_eq!(env.placements("ap-nanjing"), before, "the undo puts every ENI back");
}

/// Attaches of different ENIs to one instance, their slots counted whole by the plan, go at
/// once: with tasks that outlast the wait, every step is sent before any task has ended (in
/// file order only the first would be, the others waiting on its unknown end).
#[tokio::test]
async fn attaches_to_one_instance_are_sent_side_by_side() {
    let env = env().await;
    env.sandbox.set_task_delay(Duration::from_secs(60));
    let steps: Vec<String> =
        (1..=4).map(|n| format!("attach eni=eni-njsp000{n} instance=ins-njdb0002")).collect();
    let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
    let file = env.write("side.toml", &runbook(&steps));
    let args = ["runbook", "apply", &file, "--yes", "--output", "json", "--wait-timeout", "1"];
    let out = env.run(&args).await;
    assert_eq!(code(&out), 4, "sent, tasks still running: {}", text(&out));
    assert_eq!(env.sandbox.request_count("AttachNetworkInterface"), 4, "{}", text(&out));
    let json = json_of(&out);
    for step in json["steps"].as_array().unwrap() {
        assert_eq!(step["end"], "finished", "{step}");
        assert!(step["request_id"].is_string(), "{step}");
    }
}

/// A destination's ENI limit is described once, by the whole-plan preflight: each step's own
/// preflight takes it from there (the action allows 20 calls a second; 50 steps asking again
/// would wait 2.5 s), and still counts the ENIs on the instance itself.
#[tokio::test]
async fn each_destinations_limit_is_described_once_per_apply() {
    let env = env().await;
    let steps: Vec<String> =
        (1..=4).map(|n| format!("attach eni=eni-njsp000{n} instance=ins-njdb0002")).collect();
    let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
    let file = env.write("limits.toml", &runbook(&steps));
    let out = env.run(&["runbook", "apply", &file, "--yes", "--output", "json"]).await;
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert_eq!(env.sandbox.request_count("DescribeNetworkInterfaceLimit"), 1, "{}", text(&out));
    let json = json_of(&out);
    for step in json["steps"].as_array().unwrap() {
        let slot = step["preflight"].as_array().unwrap().iter().find(|v| v["rule"] == "free_eni_slot");
        assert_eq!(slot.map(|v| v["status"].clone()), Some("pass".into()), "{step}");
    }
}

/// `apply --output json` writes each step's object when the step ends, not at the end of the
/// run (the run keeps no step's record until then): step 2 (a move of another ENI) hangs at the
/// service, step 1's object is read, and only then is the run interrupted: step 2 ends
/// cancelled, which it can only be if step 1's object came while step 2 was still in flight
/// (written at the end, it would come only after step 2 gave up on its own).
#[tokio::test]
async fn apply_writes_each_steps_json_as_the_step_ends() {
    use std::io::Read;
    let env = env().await;
    env.sandbox.add_fault(Fault::once(FaultKind::Hang).for_action("MigrateNetworkInterface").until_cleared());
    let steps = [
        "attach eni=eni-njsp0001 instance=ins-njwb0001",
        "move eni=eni-njsv0001 from=ins-njdb0001 to=ins-njdb0002",
    ];
    let file = env.write("two.toml", &runbook(&steps));
    let mut child = env
        .command_within(&["runbook", "apply", &file, "--yes", "--output", "json"], "20")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (first, rest) = tokio::task::spawn_blocking(move || {
        let (mut seen, mut chunk) = (Vec::new(), [0u8; 4096]);
        // Read until the head and one whole step object are there.
        let first = loop {
            let text = String::from_utf8_lossy(&seen);
            if let Some((_, steps)) = text.split_once("\"steps\":[") {
                let mut objects = serde_json::Deserializer::from_str(steps).into_iter::<serde_json::Value>();
                if let Some(Ok(step)) = objects.next() {
                    break step;
                }
            }
            let n = stdout.read(&mut chunk).unwrap();
            assert!(n > 0, "the output ended without a step: {text}");
            seen.extend_from_slice(&chunk[..n]);
        };
        let interrupt = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
        assert!(interrupt.success());
        stdout.read_to_end(&mut seen).unwrap();
        child.wait().unwrap();
        (first, String::from_utf8_lossy(&seen).to_string())
    })
    .await
    .unwrap();
    env.sandbox.clear_faults();
    assert_eq!((first["step"].as_u64(), first["outcome"].as_str()), (Some(1), Some("Succeeded")), "{first}");
    assert_eq!(first["verified"], true, "{first}");
    let json: serde_json::Value = serde_json::from_str(rest.trim()).expect("one JSON object, whole");
    assert!(json["run_id"].as_str().is_some_and(|id| id.starts_with("rb-")), "{json}");
    assert_eq!(json["exit_code"], 4, "{json}");
    let steps = json["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2, "{json}");
    let second = steps.iter().find(|s| s["step"] == 2).unwrap();
    assert_eq!(
        (second["outcome"].as_str(), second["error_code"].as_str()),
        (Some("Unknown"), Some("ClientError.Cancelled")),
        "step 2 was still in flight when step 1's object came: {second}"
    );
}

#[tokio::test]
async fn a_second_apply_while_one_runs_is_refused() {
    let env = env().await;
    let file = env.write("one.toml", &runbook(&["attach eni=eni-njsp0001 instance=ins-njwb0001"]));
    let runbook = tceni::runbook::Runbook::load(
        Path::new(&file),
        &Default::default(),
        &tceni::api::EndpointRule::default(),
    )
    .unwrap();
    // Held as a running apply holds it.
    let held = tceni::runbook::lock::ApplyLock::take(&env.data_dir(), &runbook.digest).unwrap();
    let out = env.run(&["runbook", "apply", &file, "--yes"]).await;
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(text(&out).contains("another apply of this runbook is running"), "{}", text(&out));
    assert_eq!(env.changes_sent(), 0);
    drop(held);
    let out = env.run(&["runbook", "apply", &file, "--yes"]).await;
    assert_eq!(code(&out), 0, "{}", text(&out));
}

/// The world the example runbook leaves (ENI → instance).
fn failover_end() -> BTreeMap<String, Option<String>> {
    let mut end = BTreeMap::new();
    for i in 1..=6u32 {
        end.insert(format!("eni-njsv000{i}"), Some("ins-njdb0002".to_string()));
        end.insert(format!("eni-njsp000{i}"), Some(format!("ins-njwb000{}", i.div_ceil(2))));
    }
    for i in 1..=4 {
        end.insert(format!("eni-njap000{i}"), Some("ins-njap0002".to_string()));
    }
    for i in 1..=3 {
        end.insert(format!("eni-njol000{i}"), None);
    }
    end.insert("eni-njbk0001".into(), Some("ins-njdb0002".into()));
    end.insert("eni-njbk0002".into(), Some("ins-njap0002".into()));
    end.insert("eni-njmn0001".into(), Some("ins-njap0002".into()));
    end
}

/// Kill the apply at a random moment, apply again: the world ends as the runbook says, no change
/// was carried out twice, no move was sent again after a try that reached the service, and the
/// history's latest word on every step agrees with the service.
async fn kill_then_apply_again(runs: usize) {
    use rand::Rng;
    let env = env().await;
    let mut rng = rand::rng();
    for run in 0..runs {
        env.sandbox.reset();
        let _ = std::fs::remove_dir_all(env.data_dir());
        let seen = env.sandbox.log().last().map_or(0, |e| e.seq);
        let args = ["runbook", "apply", EXAMPLE, "--set", "standby=ins-njdb0002", "--yes"];
        let mut child = env.command(&args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let after = Duration::from_millis(rng.random_range(0..2500));
        tokio::time::sleep(after).await;
        let _ = child.kill();
        let _ = tokio::task::spawn_blocking(move || child.wait()).await;

        let again = env.run(&[&args[..], &["--output", "json"]].concat()).await;
        assert_eq!(code(&again), 0, "run {run}, killed after {after:?}: {}", text(&again));
        let placements = env.placements("ap-nanjing");
        for (eni, want) in failover_end() {
            assert_eq!(placements[&eni], want, "run {run}, killed after {after:?}: {eni}");
        }
        // Every change the service carried out, once: one task per ENI and step.
        let mut tasks: BTreeMap<(String, String), usize> = BTreeMap::new();
        for task in env.sandbox.state().tasks {
            *tasks.entry((task.eni.clone(), format!("{:?}", task.change))).or_default() += 1;
        }
        assert!(tasks.values().all(|n| *n == 1), "run {run}, killed after {after:?}: {tasks:?}");
        // A move has no ClientToken: each ENI's move reached the service at most once.
        let mut moves: BTreeMap<String, usize> = BTreeMap::new();
        for entry in
            env.sandbox.log().iter().filter(|e| e.seq > seen && e.action == "MigrateNetworkInterface")
        {
            *moves.entry(entry.params["NetworkInterfaceId"].to_string()).or_default() += 1;
        }
        assert!(
            moves.values().all(|n| *n == 1),
            "run {run}, killed after {after:?}: a move was sent again: {moves:?}"
        );
        let json = json_of(&again);
        for step in json["steps"].as_array().unwrap() {
            let outcome = step["outcome"].as_str().unwrap();
            assert!(matches!(outcome, "Succeeded" | "AlreadyDone"), "run {run}: {step}");
        }
    }
}

#[tokio::test]
async fn a_kill_then_a_second_apply_ends_as_the_runbook_says() {
    kill_then_apply_again(2).await;
}

/// The long loop (`cargo test --test runbook -- --ignored`): 50 kills at random moments.
#[tokio::test]
#[ignore]
async fn fifty_kills_then_second_applies_end_as_the_runbook_says() {
    kill_then_apply_again(50).await;
}

#[tokio::test]
async fn ctrl_c_stops_the_run_and_the_next_apply_finishes_it() {
    let env = env().await;
    env.sandbox.set_task_delay(Duration::from_millis(1500));
    let args = ["runbook", "apply", EXAMPLE, "--set", "standby=ins-njdb0002", "--yes"];
    let child = env.command(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Once the first steps are sent and following their tasks.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let interrupt = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(interrupt.success());
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap()).await.unwrap();
    let said = text(&out);
    assert!(matches!(code(&out), 4 | 130), "{said}");
    assert!(said.contains("not run: cancelled"), "no new step starts after Ctrl-C: {said}");
    assert!(said.contains("apply the same file again to resume it"), "{said}");

    env.sandbox.set_task_delay(Duration::from_millis(150));
    let again = env.run(&[&args[..], &["--output", "json"]].concat()).await;
    assert_eq!(code(&again), 0, "{}", text(&again));
    assert_eq!(json_of(&again)["resumed"], true);
    let placements = env.placements("ap-nanjing");
    for (eni, want) in failover_end() {
        assert_eq!(placements[&eni], want, "{eni}");
    }
}
