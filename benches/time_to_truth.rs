//! Time to the truth, against the in-process sandbox over real HTTP:
//!
//! 1. How long after a task ends SUCCESS is seen (the poll that says so) and reported (after the
//!    ENI is described), for tasks of 0.3, 1.5, 3, 6 and 10 s, with the default poll schedule.
//!    The task ends `delay` after the service accepted the attach; the bench measures from
//!    `delay` after the answer arrived, so each figure is low by the answer's trip (loopback:
//!    well under a millisecond). Round k of n adds k·200/n ms to the delay, so the task's end
//!    falls anywhere on the 200 ms poll grid. The five delays run at once, each on its own
//!    sandbox.
//! 2. What 30 unsettled history rows cost an attach through the real binary (wall time of the
//!    process, spawn to exit), against the same attach with none.
//!
//! Run: `cargo bench --bench time_to_truth` (about 90 s; `-- quick` runs fewer rounds).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tceni::api::TaskStatus;
use tceni::api::{Client, ClientConfig, EndpointRule};
use tceni::attach::{Event, EventSink, Options, PollPolicy, Workflow};
use tceni::attempt::Change;
use tceni::credentials::Credential;
use tceni::history::{Caller, Outcome, Store};
use tceni::plan::{Kind, Plan, PlanInput};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};
use tokio_util::sync::CancellationToken;

const REGION: &str = "ap-guangzhou";
const DELAYS_MS: [u64; 5] = [300, 1500, 3000, 6000, 10000];

/// When the events of one run arrived.
#[derive(Default)]
struct Times {
    sent: Option<Instant>,
    success_polled: Option<Instant>,
    finished: Option<Instant>,
}

#[derive(Clone)]
struct Clock(Arc<std::sync::Mutex<Times>>);

impl EventSink for Clock {
    fn emit(&self, event: Event) {
        let now = Instant::now();
        let mut times = self.0.lock().unwrap();
        match event {
            Event::Changed(Change::Accepted { .. }) => times.sent = Some(now),
            Event::Changed(Change::PollAnswered { status: TaskStatus::Success, .. }) => {
                times.success_polled = Some(now)
            }
            Event::Changed(Change::Ended { .. }) => times.finished = Some(now),
            _ => {}
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn summary(mut values: Vec<f64>) -> String {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    format!(
        "median {:6.1} ms  p90 {:6.1} ms  max {:6.1} ms",
        percentile(&values, 0.5),
        percentile(&values, 0.9),
        values[values.len() - 1]
    )
}

/// `rounds` attaches (each followed by a reset) with tasks of `delay`; per round, how long
/// after the task's end SUCCESS was polled and the outcome reported.
async fn follow(delay: Duration, rounds: usize) -> (Vec<f64>, Vec<f64>, f64) {
    let sandbox =
        Sandbox::start(SandboxConfig { task_delay: delay, ..SandboxConfig::default() }).await.unwrap();
    let config = ClientConfig { endpoint_override: Some(sandbox.url()), ..ClientConfig::default() };
    let client = Client::new(Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None), config).unwrap();
    let workflow = Workflow {
        client: Arc::new(client),
        history: None,
        caller: Caller::default(),
        accounts: Default::default(),
    };
    let input = PlanInput::new(Kind::Attach, REGION, "eni-free0001", "ins-web00001");
    let (mut polled, mut reported) = (Vec::new(), Vec::new());
    let started = Instant::now();
    for round in 0..rounds {
        // Spread the task's end across the 200 ms poll grid: a task ends at any moment.
        let delay = delay + Duration::from_millis(200 * round as u64 / rounds as u64);
        sandbox.set_task_delay(delay);
        sandbox.reset();
        let plan = Plan::new(&input, &workflow.client.endpoint_rule()).unwrap();
        let options =
            Options { preflight: true, wait: true, poll: PollPolicy::default(), ..Options::default() };
        let clock = Clock(Arc::default());
        let finish = workflow.run(plan, options, clock.clone(), CancellationToken::new()).await;
        assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
        let times = clock.0.lock().unwrap();
        let task_end = times.sent.unwrap() + delay;
        polled.push(ms(times.success_polled.unwrap().saturating_duration_since(task_end)));
        reported.push(ms(times.finished.unwrap().saturating_duration_since(task_end)));
    }
    let rate = sandbox.request_count("DescribeVpcTaskResult") as f64 / started.elapsed().as_secs_f64();
    (polled, reported, rate)
}

/// A history with `n` open rows of this key on this endpoint, as crashes leave them: a third
/// whose ENI is where the plan put it (settled by the describe), a third sent with a task the
/// service does not know (asked about, then marked), a third still sending elsewhere (left).
fn history_with_open_rows(path: &Path, endpoint: &str, n: usize) {
    let store = Store::open(path).unwrap();
    let caller = Caller {
        profile: "default".into(),
        secret_id_masked: tceni::credentials::mask_secret_id(DEMO_SECRET_ID),
        account_id: None,
        ..Default::default()
    };
    let rule = EndpointRule::new(Some(endpoint.to_string()));
    let attached = [
        ("eni-pweb0001", "ins-web00001"),
        ("eni-sec00001", "ins-web00001"),
        ("eni-pweb0002", "ins-web00002"),
        ("eni-papp0001", "ins-app00001"),
        ("eni-sful0001", "ins-full0001"),
    ];
    let now = chrono::Utc::now().timestamp_millis();
    for i in 0..n {
        let (eni, instance, outcome, request_id) = match i % 3 {
            0 => {
                let (eni, instance) = attached[i % attached.len()];
                (eni, instance, Outcome::Sending, None)
            }
            1 => ("eni-free0003", "ins-web00002", Outcome::Sent, Some(format!("req-gone-{i}"))),
            _ => ("eni-free0004", "ins-web00002", Outcome::Sending, None),
        };
        let plan = Plan::new(&PlanInput::new(Kind::Attach, REGION, eni, instance), &rule).unwrap();
        // Left by a killed process: sending, or accepted with nobody following its task.
        let mut left = tceni::attempt::Attempt::new(plan, caller.clone(), now - 1000);
        left.apply(Change::Sending).unwrap();
        if let Some(request_id) = request_id {
            left.apply(Change::Accepted { request_id }).unwrap();
        }
        assert_eq!(left.outcome(), outcome);
        store.record(&left, None).unwrap();
    }
    store.checkpoint().unwrap();
}

fn attach_process(dir: &Path, endpoint: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tceni"));
    cmd.args(["attach", "--region", REGION, "--eni", "eni-free0001", "--instance", "ins-web00001", "--yes"])
        .env("TCENI_DATA_DIR", dir.join("data"))
        .env("TCENI_STATE_DIR", dir.join("state"))
        .env("TCENI_CONFIG_DIR", dir.join("config"))
        .env("HOME", dir.join("home"))
        .env("TCENI_KEYRING", "off")
        .env("TCENI_ENDPOINT", endpoint)
        .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Wall time of `rounds` attaches through the binary, each on a fresh history with `open` rows.
async fn attach_wall_times(sandbox: &Sandbox, open: usize, rounds: usize) -> Vec<f64> {
    let mut times = Vec::new();
    for _ in 0..rounds {
        sandbox.reset();
        let dir = tempfile::tempdir().unwrap();
        let history: PathBuf = dir.path().join("data").join("history.sqlite3");
        history_with_open_rows(&history, &sandbox.url(), open);
        let mut cmd = attach_process(dir.path(), &sandbox.url());
        let started = Instant::now();
        let status = tokio::task::spawn_blocking(move || cmd.status().unwrap()).await.unwrap();
        times.push(ms(started.elapsed()));
        assert!(status.success());
    }
    times
}

#[tokio::main]
async fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    let rounds = if quick { 3 } else { 8 };
    println!("time to the truth: SUCCESS seen / reported after the task ended ({rounds} attaches per delay)");
    let runs: Vec<_> =
        DELAYS_MS.iter().map(|d| tokio::spawn(follow(Duration::from_millis(*d), rounds))).collect();
    let mut all_polled = Vec::new();
    for (delay, run) in DELAYS_MS.iter().zip(runs) {
        let (polled, reported, rate) = run.await.unwrap();
        println!(
            "  task {:4.1}–{:4.1} s  polled: {}  |  reported: {}  |  {:.1} polls/s",
            *delay as f64 / 1000.0,
            (*delay + 175) as f64 / 1000.0,
            summary(polled.clone()),
            summary(reported),
            rate
        );
        all_polled.extend(polled);
    }
    println!("  all tasks     polled: {}", summary(all_polled));

    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let rounds = if quick { 4 } else { 10 };
    // One warm-up, so the first process start (page cache) counts for neither side.
    attach_wall_times(&sandbox, 0, 1).await;
    let (mut none, mut thirty) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        none.extend(attach_wall_times(&sandbox, 0, 1).await);
        thirty.extend(attach_wall_times(&sandbox, 30, 1).await);
    }
    println!("reconcile beside the attach (task 0.3 s; wall time of `tceni attach --yes`, {rounds} each):");
    println!("  no open rows:  {}", summary(none.clone()));
    println!("  30 open rows:  {}", summary(thirty.clone()));
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        percentile(&v, 0.5)
    };
    println!("  difference of medians: {:+.1} ms", median(thirty) - median(none));
}
