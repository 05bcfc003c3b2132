//! TUI render cost: every pane drawn at 120x40 into a ratatui `TestBackend`, from the sandbox's
//! world (an in-process sandbox) and a 100,000-row history; and "start to first frame": open a
//! 100k-row history file, load the first page, build the model, draw one frame.
//!
//!     cargo bench --bench render
//!
//! The start-to-first-frame figure is also taken in a fresh child process (this binary again,
//! with `TCENI_BENCH_FIRST_FRAME=FILE`), which prints its time and its peak RSS (VmHWM): the
//! memory a TUI start over a 100k-row history needs, without the seeding or criterion counted.
//! `TCENI_BENCH_HISTORY=FILE` seeds FILE once and keeps it, so a profiler can run that child
//! alone (`TCENI_BENCH_FIRST_FRAME=FILE valgrind --tool=callgrind <this binary>`).

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tceni::api::{Client, ClientConfig, RetryPolicy};
use tceni::attach::{facts, preflight};
use tceni::credentials::{Credential, Resolved};
use tceni::history::{HistoryQuery, Store};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};
use tceni::tui::Setup;
use tceni::tui::model::{InstanceField, Model, Overlay, Picker, PickerKind, Screen};
use tceni::tui::msg::Msg;
use tceni::tui::update::update;
use tceni::tui::view;
use tceni::tui::workers::fetch_resources;

const SIZE: (u16, u16) = (120, 40);
const REGION: &str = "ap-guangzhou";
const HISTORY_ROWS: usize = 100_000;
const CHILD_ENV: &str = "TCENI_BENCH_FIRST_FRAME";
const KEEP_ENV: &str = "TCENI_BENCH_HISTORY";
const COLD_STARTS: usize = 11;

fn setup(endpoint: &str) -> Setup {
    let credential = Resolved::sandbox_demo(Credential::sandbox_demo(DEMO_SECRET_ID, DEMO_SECRET_KEY));
    Setup {
        client_config: ClientConfig { endpoint_override: Some(endpoint.into()), ..ClientConfig::default() },
        credential: Some(credential),
        region: Some(REGION.into()),
        sandbox: true,
        ..Setup::default()
    }
}

fn model_from(setup: &Setup) -> Model {
    let (mut model, _) = Model::new(setup, "0000");
    model.size = SIZE;
    model
}

fn key(model: &mut Model, code: KeyCode) {
    update(model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn with_history(mut model: Model, store: Store) -> Model {
    let rows = store.page(&HistoryQuery::default()).expect("first page");
    let handle = tceni::tui::workers::HistoryHandle(tceni::history::History::new(store));
    update(&mut model, Msg::HistoryOpened(Ok(handle)));
    model.screen = Screen::History;
    let generation = model.history.generation;
    update(&mut model, Msg::HistoryPage { generation, append: false, result: Ok(rows) });
    model
}

fn draw(terminal: &mut Terminal<TestBackend>, model: &Model) {
    terminal.draw(|frame| view::draw(model, frame)).expect("draw");
}

/// What the app does before its first frame: open the file, read the first page, build the
/// model, draw.
fn start_to_first_frame(path: &Path, endpoint: &str) -> Terminal<TestBackend> {
    let store = Store::open(path).expect("open history");
    let model = with_history(model_from(&setup(endpoint)), store);
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal");
    draw(&mut terminal, &model);
    terminal
}

fn vm_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The panes, as the snapshot tests build them, from the sandbox's world.
async fn panes(history: &Path) -> Vec<(&'static str, Model)> {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox starts");
    let config = ClientConfig {
        endpoint_override: Some(sandbox.url()),
        retry: RetryPolicy::none(),
        rate_limit: 0,
        ..ClientConfig::default()
    };
    let client =
        Client::new(Credential::sandbox_demo(DEMO_SECRET_ID, DEMO_SECRET_KEY), config).expect("client");
    let resources = fetch_resources(&client, REGION).await.expect("the region's resources");
    let endpoint = sandbox.url();
    let form_setup =
        Setup { eni: Some("eni-free0001".into()), instance: Some("ins-web00001".into()), ..setup(&endpoint) };
    let form = || {
        let mut model = model_from(&form_setup);
        model.resources = resources.clone();
        model
    };

    let region =
        model_from(&Setup { region: None, last_region: Some("ap-singapore".into()), ..setup(&endpoint) });
    let mut picker = form();
    picker.overlay = Some(Overlay::Picker(Picker {
        kind: PickerKind::Instance(InstanceField::Instance),
        filter: Default::default(),
        list: Default::default(),
    }));
    let mut confirm = form();
    key(&mut confirm, KeyCode::Enter);
    let pane = confirm.confirm().expect("confirm");
    let facts = facts::gather(&client, &pane.plan).await.expect("facts");
    let report = preflight::check(&pane.plan, &facts);
    let id = pane.preflight_id;
    update(&mut confirm, Msg::PreflightDone { id, result: Ok(report) });
    let mut progress = confirm.clone();
    key(&mut progress, KeyCode::Enter);
    let store = Store::open(history).expect("history");
    let history = with_history(model_from(&setup(&endpoint)), store);
    let mut detail = history.clone();
    key(&mut detail, KeyCode::Down);
    key(&mut detail, KeyCode::Enter);
    let mut help = form();
    key(&mut help, KeyCode::F(1));
    let credentials = model_from(&Setup { credential: None, ..setup(&endpoint) });
    vec![
        ("region", region),
        ("form", form()),
        ("picker_instance", picker),
        ("confirm", confirm),
        ("progress", progress),
        ("history_100k", history),
        ("history_detail", detail),
        ("help", help),
        ("credentials", credentials),
    ]
}

/// Child mode: one cold start to first frame, then report time and peak RSS, and exit.
fn child(path: &str) {
    let started = Instant::now();
    let terminal = start_to_first_frame(Path::new(path), "http://127.0.0.1:8080");
    let elapsed = started.elapsed();
    black_box(terminal);
    // The peak, and what is resident at the first frame: memory the start allocated (anon) and
    // pages of the executable and libraries it touched (file, which follows the binary's size
    // and layout more than anything the start does).
    let fields = ["VmHWM:", "RssAnon:", "RssFile:"].map(|field| vm_kib(field).unwrap_or(0));
    println!("{} {} {} {}", elapsed.as_micros(), fields[0], fields[1], fields[2]);
}

fn main() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        return child(&path);
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and expects a quick exit.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    // `TCENI_BENCH_HISTORY=FILE` keeps the seeded history (seeded once, reused by later runs), so
    // a profiler can run one child on it: `TCENI_BENCH_FIRST_FRAME=FILE <this binary>`.
    let path = std::env::var_os(KEEP_ENV).map_or_else(|| dir.path().join("history.sqlite3"), Into::into);
    let seeded = Instant::now();
    let store = Store::open(&path).expect("open");
    if store.count(&HistoryQuery::default()).expect("count") == 0 {
        synthetic::seed(&path, HISTORY_ROWS, 1).expect("seed");
        eprintln!("seeded {HISTORY_ROWS} rows in {:.2?}", seeded.elapsed());
    }
    drop(store);

    // Cold starts in fresh processes: time to first frame and peak RSS; medians of each.
    let exe = std::env::current_exe().expect("current exe");
    let cold: Vec<[u64; 4]> = (0..COLD_STARTS)
        .map(|_| {
            let out = Command::new(&exe).env(CHILD_ENV, &path).output().expect("child runs");
            let text = String::from_utf8_lossy(&out.stdout);
            let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().unwrap_or(0));
            [(); 4].map(|_| fields.next().unwrap_or(0))
        })
        .collect();
    let median = |i: usize| {
        let mut values: Vec<u64> = cold.iter().map(|c| c[i]).collect();
        values.sort_unstable();
        values[values.len() / 2]
    };
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "cold start to first frame, {HISTORY_ROWS}-row history, 120x40, median of {COLD_STARTS} fresh processes: \
         {:.2} ms; peak RSS (VmHWM) {:.1} MiB, at the first frame {:.1} MiB anon + {:.1} MiB file",
        median(0) as f64 / 1000.0,
        mib(median(1)),
        mib(median(2)),
        mib(median(3)),
    );

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let panes = runtime.block_on(panes(&path));

    let mut criterion = criterion::Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal");
    // Every pane in each language: zh-CN must be no slower than en-US (the same catalogs
    // lookups, wider characters).
    for language in tceni::i18n::Language::ALL {
        let _speak = tceni::i18n::scoped(language);
        let mut group = criterion.benchmark_group(format!("render_120x40_{language}"));
        for (name, model) in &panes {
            group.bench_function(*name, |b| b.iter(|| draw(&mut terminal, black_box(model))));
        }
        group.finish();
        criterion.bench_function(&format!("start_to_first_frame_100k_history_{language}"), |b| {
            b.iter(|| start_to_first_frame(&path, "http://127.0.0.1:8080"))
        });
    }
    criterion.final_summary();
}
