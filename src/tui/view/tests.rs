//! Snapshots of every pane at 80x24 and 120x40, drawn from the sandbox's world (fetched from an
//! in-process sandbox) with fixed history rows, a fixed token seed and a fixed endpoint label.

use crate::attach::{Event, Failure, FailureKind, Finish};
use crate::history::Outcome;
use crate::plan::Kind;
use crate::tui::model::{InstanceField, Load, Model, Overlay, Picker, PickerKind, Screen, TextInput};
use crate::tui::msg::Msg;
use crate::tui::testdata::{self, REGION};
use crate::tui::update::update;
use crate::tui::{Setup, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

/// From the smallest window the app supports to a wide one: every pane must be usable in all.
const SIZES: [(u16, u16); 4] = [(60, 20), (80, 24), (120, 40), (250, 70)];
/// The progress pane's own sizes.
const PROGRESS_SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, model: &mut Model) {
    snap_at(name, model, &SIZES);
}

fn snap_progress(name: &str, model: &mut Model) {
    snap_at(name, model, &PROGRESS_SIZES);
}

fn snap_at(name: &str, model: &mut Model, sizes: &[(u16, u16)]) {
    for &(w, h) in sizes {
        model.size = (w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), testdata::render(model, w, h));
    }
}

fn key(model: &mut Model, code: KeyCode) {
    update(model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

async fn form_model(eni: &str, instance: &str) -> (Model, testdata::World) {
    let world = testdata::world().await;
    let setup = Setup { eni: Some(eni.into()), instance: Some(instance.into()), ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (80, 24));
    model.resources = world.resources.clone();
    (model, world)
}

#[tokio::test]
async fn region_pane() {
    let setup = Setup { region: None, last_region: Some("ap-singapore".into()), ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (80, 24));
    snap("region", &mut model);
    update(&mut model, Msg::Paste("fsi".into()));
    snap("region_filtered", &mut model);
}

#[tokio::test]
async fn form_pane() {
    let (mut model, _world) = form_model("eni-free0001", "ins-oth00001").await;
    snap("form_prefilled", &mut model);
    let mut model = testdata::model();
    model.form.eni = TextInput::with_text("eni-Free01");
    model.resources.enis = Load::Loading;
    model.resources.instances =
        Load::Failed(Failure::new(FailureKind::Local, "AuthFailure.SecretIdNotFound", "no such key"));
    snap("form_invalid", &mut model);
}

/// The form in each operation, on an ENI the world has attached (eni-sec00001 on ins-web00001).
#[tokio::test]
async fn form_operations() {
    let (mut model, _world) = form_model("eni-sec00001", "ins-web00001").await;
    model.form.focus = crate::tui::model::FormFocus::Instance;
    snap("form_attach", &mut model);
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL)));
    assert_eq!(model.form.operation, Kind::Detach);
    snap("form_detach", &mut model);
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL)));
    model.form.destination = TextInput::with_text("ins-web00002");
    model.form.focus = crate::tui::model::FormFocus::Destination;
    snap("form_move", &mut model);
}

#[tokio::test]
async fn move_confirm_pane() {
    let (mut model, world) = form_model("eni-sec00001", "ins-web00001").await;
    model.form.operation = Kind::Move;
    model.form.destination = TextInput::with_text("ins-web00002");
    key(&mut model, KeyCode::Enter);
    let confirm = model.confirm.as_ref().expect("confirm");
    let report = world.preflight(&confirm.plan).await;
    let id = confirm.preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(report) });
    update(&mut model, Msg::Drawn);
    snap("confirm_move", &mut model);
}

fn picker(kind: PickerKind) -> Overlay {
    Overlay::Picker(Picker { kind, filter: TextInput::default(), list: Default::default() })
}

#[tokio::test]
async fn picker_panes() {
    let (mut model, _world) = form_model("eni-free0001", "").await;
    model.overlay = Some(picker(PickerKind::Eni));
    snap("picker_eni", &mut model);
    model.overlay = Some(picker(PickerKind::Instance(InstanceField::Instance)));
    snap("picker_instance", &mut model);
    model.resources.instances = Load::Loading;
    snap("picker_loading", &mut model);
    model.resources.instances =
        Load::Failed(Failure::new(FailureKind::Local, "ClientError.NetworkError", "connection refused"));
    snap("picker_failed", &mut model);
}

async fn confirm_model(eni: &str, instance: &str) -> Model {
    let (mut model, world) = form_model(eni, instance).await;
    key(&mut model, KeyCode::Enter);
    let confirm = model.confirm.as_ref().expect("confirm");
    let report = world.preflight(&confirm.plan).await;
    let id = confirm.preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(report) });
    update(&mut model, Msg::Drawn);
    model
}

#[tokio::test]
async fn confirm_pane() {
    let mut model = confirm_model("eni-free0001", "ins-web00001").await;
    snap("confirm_pass", &mut model);
    let mut model = confirm_model("eni-oth00001", "ins-web00001").await;
    snap("confirm_blocked", &mut model);
    let (mut model, _world) = form_model("eni-free0001", "ins-web00001").await;
    key(&mut model, KeyCode::Enter);
    snap("confirm_loading", &mut model);
}

fn run(model: &mut Model, events: Vec<Event>) {
    key(model, KeyCode::Char('y'));
    let run_id = model.progress.as_ref().expect("a run").run_id;
    for event in events {
        update(model, Msg::Workflow { run_id, event });
    }
}

fn finish(outcome: Outcome, failure: Option<Failure>) -> Event {
    Event::Finished(Box::new(Finish {
        history_id: Some(7),
        request_id: Some("6b1c0f3e-0000-4000-8000-000000000007".into()),
        outcome,
        failure,
        duration: Duration::from_millis(2300),
        ..Finish::new(testdata::attach_plan())
    }))
}

#[tokio::test]
async fn progress_pane() {
    let mut model = confirm_model("eni-free0001", "ins-web00001").await;
    let report = model.confirm.as_ref().and_then(|c| c.preflight.loaded().cloned()).unwrap();
    let sent = vec![
        Event::Recorded { history_id: 7 },
        Event::PreflightStarted,
        Event::PreflightDone(report),
        Event::Sending,
        Event::Sent { request_id: "6b1c0f3e-0000-4000-8000-000000000007".into() },
        Event::TaskPolled { status: "RUNNING".into(), elapsed: Duration::from_millis(1200) },
    ];
    run(&mut model, sent.clone());
    snap_progress("progress_running", &mut model);
    let run_id = model.progress.as_ref().unwrap().run_id;
    let polled = Event::TaskPolled { status: "SUCCESS".into(), elapsed: Duration::from_millis(2100) };
    update(&mut model, Msg::Workflow { run_id, event: polled });
    update(&mut model, Msg::Workflow { run_id, event: finish(Outcome::Succeeded, None) });
    snap_progress("progress_success", &mut model);

    let mut model = confirm_model("eni-free0001", "ins-web00001").await;
    let failure = Failure {
        kind: FailureKind::Api,
        code: "UnsupportedOperation.VpcMismatch".into(),
        message: "[UnsupportedOperation.VpcMismatch] the ENI and the instance are in different VPCs".into(),
        explanation: crate::catalog::explain("UnsupportedOperation.VpcMismatch"),
        clock_advice: None,
    };
    let mut events = sent[..4].to_vec(); // refused at send: no Sent event, a RequestId in the answer
    events.push(finish(Outcome::Failed, Some(failure)));
    run(&mut model, events);
    snap_progress("progress_failed", &mut model);
}

#[tokio::test]
async fn detach_confirm_pane() {
    let mut model = confirm_model("eni-free0001", "ins-web00001").await;
    run(&mut model, vec![finish(Outcome::Succeeded, None)]);
    key(&mut model, KeyCode::Char('d'));
    assert_eq!(model.confirm.as_ref().map(|c| c.plan.kind()), Some(Kind::Detach));
    snap("confirm_detach", &mut model);
}

fn history_model() -> Model {
    let mut model = testdata::model();
    update(&mut model, Msg::HistoryOpened(Ok(())));
    model.screen = Screen::History;
    let generation = model.history.generation;
    update(&mut model, Msg::HistoryPage { generation, append: false, result: Ok(testdata::attempts()) });
    model
}

#[tokio::test]
async fn history_pane() {
    let mut model = history_model();
    snap("history", &mut model);
    key(&mut model, KeyCode::Down);
    key(&mut model, KeyCode::Down);
    key(&mut model, KeyCode::Down);
    key(&mut model, KeyCode::Enter);
    snap("history_detail", &mut model);
}

#[tokio::test]
async fn help_pane() {
    let mut model = testdata::model();
    key(&mut model, KeyCode::F(1));
    snap("help", &mut model);
}

#[tokio::test]
async fn credentials_dialog() {
    let setup = Setup { credential: None, ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (80, 24));
    for c in "AKIDexample0000".chars() {
        key(&mut model, KeyCode::Char(c));
    }
    key(&mut model, KeyCode::Tab);
    for c in "not-on-screen".chars() {
        key(&mut model, KeyCode::Char(c));
    }
    for (w, h) in SIZES {
        let text = testdata::render(&model, w, h);
        assert!(!text.contains("not-on-screen"), "the key is masked");
        assert!(text.contains("•••••••••••••"));
    }
    snap("credentials", &mut model);
}

#[tokio::test]
async fn read_only_header() {
    let setup = Setup { read_only: true, ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (80, 24));
    let text = testdata::render(&model, 80, 24);
    assert!(text.contains("READ-ONLY") && text.contains("SANDBOX"));
    model.notice = Some("read-only: nothing was sent".into());
    snap("read_only_form", &mut model);
}

#[test]
fn themes_colour_differently_and_the_terminal_theme_not_at_all() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let cell_style = |theme| {
        let setup = Setup { theme, ..testdata::setup() };
        let model = testdata::model_with(&setup, (80, 24));
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| super::draw(&model, f)).unwrap();
        terminal.backend().buffer()[(1, 0)].style()
    };
    let (dark, light, plain) =
        (cell_style(Theme::Dark), cell_style(Theme::Light), cell_style(Theme::Terminal));
    assert_ne!(dark.fg, light.fg);
    assert_eq!(plain.fg, Some(ratatui::style::Color::Reset));
}

#[test]
fn the_header_always_says_where_and_as_whom() {
    let model = testdata::model();
    let text = testdata::render(&model, 80, 24);
    let header: Vec<&str> = text.lines().take(2).collect();
    assert!(header[0].contains(REGION) && header[0].contains("SANDBOX"), "{header:?}");
    assert!(
        header[1].contains("http://127.0.0.1:8080/") && header[1].contains("sandbox demo (…0000)"),
        "{header:?}"
    );
}

/// The README's captures and keymap table: `cargo test --lib readme_captures -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "prints the README section; run by hand"]
async fn readme_captures() {
    let capture = |title: &str, model: &mut Model| {
        model.size = (100, 30);
        println!("**{title}**\n\n```text\n{}```\n", testdata::render(model, 100, 30));
    };
    let (mut model, _world) = form_model("eni-free0001", "ins-web00001").await;
    capture("Attach form, opened with --region --eni --instance", &mut model);
    model.form.focus = crate::tui::model::FormFocus::Instance;
    model.overlay = Some(picker(PickerKind::Instance(InstanceField::Instance)));
    capture("Instance picker (Ctrl-P): good picks first, each other row with its reason", &mut model);
    let mut model = confirm_model("eni-oth00001", "ins-web00001").await;
    capture("Confirm, with a failed preflight rule", &mut model);
    let mut model = confirm_model("eni-free0001", "ins-web00001").await;
    let events = vec![
        Event::Sent { request_id: "6b1c0f3e-0000-4000-8000-000000000007".into() },
        Event::TaskPolled { status: "SUCCESS".into(), elapsed: Duration::from_millis(1100) },
        finish(Outcome::Succeeded, None),
    ];
    run(&mut model, events);
    capture("Progress, after SUCCESS", &mut model);
    let mut model = history_model();
    capture("History", &mut model);

    println!("| Keys | Action (config name) | Where | What |\n|---|---|---|---|");
    for binding in crate::tui::keymap::Keymap::default().bindings() {
        let keys: Vec<String> = binding.keys.iter().map(|k| format!("`{k}`")).collect();
        let mut contexts: Vec<&str> = binding.contexts.iter().map(|c| c.title()).collect();
        if contexts.len() == crate::tui::keymap::Context::ALL.len() {
            contexts = vec!["everywhere"];
        }
        println!(
            "| {} | `{}` | {} | {} |",
            keys.join(" "),
            binding.action.name(),
            contexts.join(", "),
            binding.help
        );
    }
}
