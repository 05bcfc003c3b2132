//! Opening the pickers in a 500-instance region, against an in-process sandbox world of that
//! size (`World::with_large_region`), through the app's own client (its rate limit and retries)
//! and the real `update`/`view`: list the ENIs and instances, open the ENI picker, open the
//! instance picker, fetch the slot limits it asks for, draw. Reports the time to the picker
//! with every visible verdict settled and the calls per second that cost; then, for
//! comparison, what asking every instance's limit (what the app did before) costs.
//!
//!     cargo bench --bench pickers
//!
//! The sandbox answers each action at up to 50 requests/s per region, as the service does.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
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
/// with every row on screen judged. Returns the time and the calls it took.
async fn open_pickers(sandbox: &Sandbox, client: &Client) -> (Duration, u64, u64, String) {
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
    (started.elapsed(), calls(sandbox) - before, limit_calls(sandbox) - limits_before, screen)
}

fn per_second(calls: u64, took: Duration) -> f64 {
    calls as f64 / took.as_secs_f64()
}

#[tokio::main]
async fn main() {
    let world = World::with_large_region(REGION, INSTANCES);
    let sandbox = Sandbox::start(SandboxConfig { world, ..SandboxConfig::default() }).await.expect("sandbox");
    let config = ClientConfig { endpoint_override: Some(sandbox.url()), ..ClientConfig::default() };
    let client =
        Client::new(Credential::sandbox_demo(DEMO_SECRET_ID, DEMO_SECRET_KEY), config).expect("client");

    let mut runs = Vec::new();
    for _ in 0..ROUNDS {
        runs.push(open_pickers(&sandbox, &client).await);
    }
    let screen = &runs[0].3;
    assert!(screen.contains("instances can take eni-bf000005"), "the instance picker is open:\n{screen}");
    assert!(!screen.contains("checking slots"), "every visible row is settled:\n{screen}");
    runs.sort_by_key(|r| r.0);
    let (median, calls_made, limits_asked, _) = &runs[ROUNDS / 2];
    let listed = INSTANCES + 7;
    println!(
        "pickers/open_in_{INSTANCES}_instance_region: median {:.0} ms (min {:.0}, max {:.0}) over {ROUNDS} runs; \
         {calls_made} calls ({:.1}/s), of which {limits_asked} DescribeNetworkInterfaceLimit",
        median.as_secs_f64() * 1000.0,
        runs[0].0.as_secs_f64() * 1000.0,
        runs[ROUNDS - 1].0.as_secs_f64() * 1000.0,
        per_second(*calls_made, *median),
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
