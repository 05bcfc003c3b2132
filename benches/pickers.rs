//! Opening the pickers in a 500-instance region, against an in-process sandbox world of that
//! size (`large_region` below), through the app's own client (its rate limit and retries)
//! and the real `update`/`view`: list the ENIs and instances, open the ENI picker, open the
//! instance picker, fetch the slot limits it asks for, draw. Reports the time to the picker
//! with every visible verdict settled and the calls that cost: on average over the opening, and
//! the most in any one second (sampled every 2 ms); then, for comparison, what asking every
//! instance's limit (what the app did before) costs.
//!
//!     cargo bench --bench pickers
//!
//! The sandbox answers each action at up to 50 requests/s per region; the client keeps to the
//! documented quotas below that (DescribeNetworkInterfaceLimit 20/s, DescribeInstances 40/s).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tceni::api::{Client, ClientConfig};
use tceni::credentials::{Credential, Resolved};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig, World};
use tceni::tui::Setup;
use tceni::tui::model::{FormFocus, Model};
use tceni::tui::msg::{Effect, Msg};
use tceni::tui::update::update;
use tceni::tui::view;
use tceni::tui::workers::eni_limits;

const REGION: &str = "ap-guangzhou";
const INSTANCES: usize = 500;
const SIZE: (u16, u16) = (120, 40);
const ROUNDS: usize = 5;

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn esc() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))
}

fn calls(sandbox: &Sandbox) -> u64 {
    sandbox.request_counts().values().sum()
}

/// The sandbox's call count every 2 ms while an opening runs, to find its busiest second.
struct Sampler {
    samples: Arc<Mutex<Vec<(Instant, u64)>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Sampler {
    fn start(sandbox: &Arc<Sandbox>) -> Self {
        let samples = Arc::new(Mutex::new(Vec::new()));
        let (sandbox, out) = (sandbox.clone(), samples.clone());
        let task = tokio::spawn(async move {
            loop {
                out.lock().unwrap().push((Instant::now(), calls(&sandbox)));
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        });
        Sampler { samples, task }
    }

    /// The most calls made within any one second of the samples.
    fn busiest_second(self, sandbox: &Sandbox) -> u64 {
        self.task.abort();
        let mut samples = std::mem::take(&mut *self.samples.lock().unwrap());
        samples.push((Instant::now(), calls(sandbox)));
        let mut peak = 0;
        let mut end = 0;
        for (start, (t0, c0)) in samples.iter().enumerate() {
            end = end.max(start);
            while end + 1 < samples.len() && samples[end + 1].0 <= *t0 + Duration::from_secs(1) {
                end += 1;
            }
            peak = peak.max(samples[end].1 - c0);
        }
        peak
    }
}

fn limit_calls(sandbox: &Sandbox) -> u64 {
    sandbox.request_count("DescribeNetworkInterfaceLimit")
}

fn draw(model: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal");
    terminal.draw(|frame| view::draw(model, frame)).expect("draw");
    view::buffer_text(terminal.backend().buffer())
}

/// Run the effects the way the workers do (only the limit lookups are left by then).
async fn settle(client: &Client, model: &mut Model, mut effects: Vec<Effect>) {
    while let Some(effect) = effects.pop() {
        if let Effect::LoadLimits { region, instances } = effect {
            let limits = eni_limits(client, &region, instances).await;
            effects.extend(update(model, Msg::LimitsLoaded { region, limits }));
        }
    }
}

/// One operator: the app starts in the region, the ENI picker opens, then the instance picker
/// with every row on screen judged.
async fn open_pickers(sandbox: &Arc<Sandbox>, client: &Client) -> Opening {
    let credential = Resolved::sandbox_demo(Credential::sandbox_demo(DEMO_SECRET_ID, DEMO_SECRET_KEY));
    let setup = Setup {
        credential: Some(credential),
        region: Some(REGION.into()),
        eni: Some("eni-bf000005".into()),
        ..Setup::default()
    };
    let (mut model, _) = Model::new(&setup, "0000");
    model.size = SIZE;
    let (before, limits_before) = (calls(sandbox), limit_calls(sandbox));
    let sampler = Sampler::start(sandbox);
    let started = Instant::now();
    let (enis, instances) = tokio::join!(
        client.describe_network_interfaces(REGION, &[], &[]),
        client.describe_instances(REGION, &[], &[]),
    );
    let fail = |e: tceni::api::ApiError| tceni::attach::Failure::from_api(&e);
    let mut effects =
        update(&mut model, Msg::EnisLoaded { region: REGION.into(), result: enis.map_err(fail) });
    effects.extend(update(
        &mut model,
        Msg::InstancesLoaded { region: REGION.into(), result: instances.map_err(fail) },
    ));
    model.form.focus = FormFocus::Eni;
    effects.extend(update(&mut model, ctrl('p')));
    draw(&model);
    update(&mut model, esc());
    model.form.focus = FormFocus::Instance;
    effects.extend(update(&mut model, ctrl('p')));
    settle(client, &mut model, effects).await;
    let screen = draw(&model);
    Opening {
        took: started.elapsed(),
        calls: calls(sandbox) - before,
        limit_calls: limit_calls(sandbox) - limits_before,
        busiest_second: sampler.busiest_second(sandbox),
        screen,
    }
}

struct Opening {
    took: Duration,
    calls: u64,
    limit_calls: u64,
    busiest_second: u64,
    screen: String,
}

/// The default world with `instances` more RUNNING instances in `region` (its first subnet, each
/// with its primary ENI attached), and a free ENI for every fifth. IDs are `ins-bn000001`,
/// `eni-bp000001` (primary), `eni-bf000001` (free). The sandbox checks the world is consistent.
fn large_region(region: &str, instances: usize) -> World {
    let mut world = serde_json::to_value(World::default_world()).expect("the world serializes");
    let regions = world["regions"].as_array_mut().expect("regions");
    let target = regions.iter_mut().find(|r| r["region"] == region).expect("the region is in the world");
    let subnet = target["subnets"][0]["id"].clone();
    let groups: Vec<serde_json::Value> =
        target["security_groups"].as_array().unwrap().iter().take(1).map(|g| g["id"].clone()).collect();
    let (mut added_instances, mut added_enis) = (Vec::new(), Vec::new());
    for n in 1..=instances {
        let ip = format!("10.{}.{}.{}", 100 + n / 60_000, (n / 250) % 240, n % 250 + 2);
        let id = format!("ins-bn{n:06}");
        added_instances.push(serde_json::json!({
            "id": id, "name": format!("bench-{n}"), "instance_type": "S5.MEDIUM4", "cpu": 2, "memory": 4,
            "state": "RUNNING", "subnet": subnet, "private_ips": [ip], "public_ips": [],
            "security_groups": groups, "eni_limit": 4, "extend_eni_limit": 0, "eni_ip_limit": 10,
            "created": "2024-03-01T08:00:00Z",
        }));
        let eni = |eni: String, primary: bool| {
            serde_json::json!({
                "id": eni, "name": format!("bench-{n}"), "description": "", "subnet": subnet,
                "security_groups": groups, "primary": primary,
                "mac": format!("20:90:6F:{:02X}:{:02X}:{:02X}", n >> 16 & 0xff, n >> 8 & 0xff, n & 0xff),
                "private_ips": [ip], "state": "AVAILABLE",
                "attachment": primary.then(|| serde_json::json!({
                    "instance": id, "device_index": 0, "attach_time": "2024-03-01 16:05:00", "attach_type": 0,
                })),
                "created": "2024-03-01 16:00:00",
            })
        };
        added_enis.push(eni(format!("eni-bp{n:06}"), true));
        if n % 5 == 0 {
            added_enis.push(eni(format!("eni-bf{n:06}"), false));
        }
    }
    target["instances"].as_array_mut().unwrap().extend(added_instances);
    target["enis"].as_array_mut().unwrap().extend(added_enis);
    World::from_json(&world.to_string()).expect("the large region passes the world's checks")
}

fn per_second(calls: u64, took: Duration) -> f64 {
    calls as f64 / took.as_secs_f64()
}

#[tokio::main]
async fn main() {
    let world = large_region(REGION, INSTANCES);
    let sandbox =
        Arc::new(Sandbox::start(SandboxConfig { world, ..SandboxConfig::default() }).await.expect("sandbox"));
    let config = ClientConfig { endpoint_override: Some(sandbox.url()), ..ClientConfig::default() };
    let client =
        Client::new(Credential::sandbox_demo(DEMO_SECRET_ID, DEMO_SECRET_KEY), config).expect("client");

    let mut runs = Vec::new();
    for _ in 0..ROUNDS {
        runs.push(open_pickers(&sandbox, &client).await);
    }
    let screen = &runs[0].screen;
    assert!(screen.contains("instances can take eni-bf000005"), "the instance picker is open:\n{screen}");
    assert!(!screen.contains("checking slots"), "every visible row is settled:\n{screen}");
    let shown = screen.lines().filter(|l| l.contains(" ins-")).count();
    runs.sort_by_key(|r| r.took);
    let median = &runs[ROUNDS / 2];
    let listed = INSTANCES + 7;
    println!(
        "pickers/open_in_{INSTANCES}_instance_region: median {:.0} ms (min {:.0}, max {:.0}) over {ROUNDS} runs; \
         {} calls ({:.1}/s on average, at most {} in any second of any run), of which {} \
         DescribeNetworkInterfaceLimit for {shown} instance rows on screen",
        median.took.as_secs_f64() * 1000.0,
        runs[0].took.as_secs_f64() * 1000.0,
        runs[ROUNDS - 1].took.as_secs_f64() * 1000.0,
        median.calls,
        per_second(median.calls, median.took),
        runs.iter().map(|r| r.busiest_second).max().unwrap_or(0),
        median.limit_calls,
    );

    // For comparison: the limit of every instance listed, as the pickers used to ask.
    let ids: Vec<String> = client
        .describe_instances(REGION, &[], &[])
        .await
        .expect("instances")
        .into_iter()
        .map(|i| i.id)
        .collect();
    let before = calls(&sandbox);
    let started = Instant::now();
    let limits = eni_limits(&client, REGION, ids).await;
    let took = started.elapsed();
    let made = calls(&sandbox) - before;
    println!(
        "pickers/every_limit_of_{listed}_instances (before): {:.0} ms; {made} calls, {:.1} calls/s; {} answered",
        took.as_secs_f64() * 1000.0,
        per_second(made, took),
        limits.values().filter(|l| l.is_some()).count(),
    );
}
