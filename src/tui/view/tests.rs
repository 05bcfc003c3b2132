//! Snapshots of every pane at 80x24 and 120x40, drawn from the sandbox's world (fetched from an
//! in-process sandbox) with fixed history rows, a fixed token seed and a fixed endpoint label.

use crate::attach::preflight::{Report, Rule, Status, Verdict};
use crate::attach::{Event, Failure, Located, Placement};
use crate::attempt::{Attempt, Change, Code, Outcome, Reason};
use crate::plan::{Kind, Plan};
use crate::tui::model::{
    InstanceField, Load, Model, Overlay, Picker, PickerKind, ProgressPane, Screen, TextInput,
};
use crate::tui::msg::Msg;
use crate::tui::testdata::{self, REGION};
use crate::tui::update::update;
use crate::tui::{Setup, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// From the smallest window the app supports to a wide one: every pane must be usable in all.
const SIZES: [(u16, u16); 4] = [(60, 20), (80, 24), (120, 40), (250, 70)];
fn snap(name: &str, model: &mut Model) {
    snap_at(name, model, &SIZES);
}

/// Every size the progress pane must work at, small to large.
const ALL_SIZES: [(u16, u16); 4] = [(60, 20), (80, 24), (120, 40), (250, 70)];

fn snap_all(name: &str, model: &mut Model) {
    snap_at(name, model, &ALL_SIZES);
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

/// At 80 columns and wider no region's name in the run's language is cut (at 80 they ended in
/// "…" while the finance column kept its width), in either language; the other language's name
/// is whole too, but for the one row whose two names together are wider than an 80-column table
/// leaves them (Hong Kong's). The finance marker gives way first: a finance region's names say
/// "Finance" / "金融" themselves.
#[test]
fn no_region_name_is_cut_at_80_columns() {
    for language in crate::i18n::Language::ALL {
        let _lang = crate::i18n::scoped(language);
        let setup = Setup { region: None, last_region: None, ..testdata::setup() };
        let mut model = testdata::model_with(&setup, (80, 40));
        for (w, h) in [(80, 40), (120, 40)] {
            model.size = (w, h);
            let text = testdata::render(&model, w, h);
            let mut others_cut = Vec::new();
            for region in crate::catalog::regions() {
                let row = text.lines().find(|l| l.contains(&format!(" {} ", region.id))).unwrap_or_default();
                assert!(row.contains(region.local_name()), "{language:?} {w}: {} is cut:\n{text}", region.id);
                if !row.contains(region.other_name()) {
                    others_cut.push(region.id.as_str());
                }
            }
            let allowed: &[&str] = if w < 120 { &["ap-hongkong"] } else { &[] };
            assert_eq!(others_cut, allowed, "{language:?} {w}:\n{text}");
        }
    }
    for region in crate::catalog::regions().iter().filter(|r| r.finance) {
        let names =
            [region.name_in(crate::i18n::Language::EnUs), region.name_in(crate::i18n::Language::ZhCn)];
        assert!(names[0].contains("Finance") && names[1].contains("金融"), "{names:?}");
    }
}

#[tokio::test]
async fn form_pane() {
    let (mut model, _world) = form_model("eni-free0001", "ins-oth00001").await;
    snap("form_prefilled", &mut model);
    let mut model = testdata::model();
    model.form.eni = TextInput::with_text("eni-Free01");
    model.resources.enis = Load::Loading;
    model.resources.instances = Load::Failed(Failure::new("AuthFailure.SecretIdNotFound", "no such key"));
    snap("form_invalid", &mut model);
}

/// At 60 columns a field's note wraps rather than being cut: the verdict and the facts a
/// decision depends on (state, the instance it is on, zone, VPC) stay on screen.
#[tokio::test]
async fn form_notes_wrap_at_60_columns() {
    let (mut model, _world) = form_model("eni-sec00001", "ins-web00001").await;
    model.form.focus = crate::tui::model::FormFocus::Instance;
    let text = testdata::render(&model, 60, 20);
    let lines: Vec<&str> = text.lines().collect();
    let eni = lines.iter().position(|l| l.contains("ENI  eni-sec00001")).expect(&text);
    let note = format!("{} {}", lines[eni + 1], lines[eni + 2]);
    for fact in ["already there", "AVAILABLE", "on ins-web00001", "ap-guangzhou-3", "vpc-gz0main1"] {
        assert!(note.contains(fact), "{fact} is in the ENI's note:\n{text}");
    }
    let instance = lines.iter().position(|l| l.contains("Instance  ins-web00001")).expect(&text);
    let note = format!("{} {}", lines[instance + 1], lines[instance + 2]);
    for fact in ["RUNNING", "ap-guangzhou-3", "S5.MEDIUM4", "web-1"] {
        assert!(note.contains(fact), "{fact} is in the instance's note:\n{text}");
    }
    // The value moved up beside its label, and the cursor with it (after the last character).
    use ratatui::backend::Backend;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(60, 20)).unwrap();
    terminal.draw(|frame| crate::tui::view::draw(&model, frame)).unwrap();
    let cursor = terminal.backend_mut().get_cursor_position().unwrap();
    let column = lines[instance].find("ins-web00001").expect(&text) + "ins-web00001".len();
    let column = lines[instance][..column].chars().count() as u16;
    assert_eq!((cursor.x, cursor.y), (column, instance as u16), "{text}");
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
    let confirm = model.confirm().expect("confirm");
    let report = world.preflight(&confirm.plan).await;
    let id = confirm.preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(report) });
    update(&mut model, Msg::Drawn(Default::default()));
    update(&mut model, Msg::Tick(crate::tui::CONFIRM_DWELL));
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
    // The selected row's reason and advice, whole under the table (they were cut at the
    // status line's end); then Enter on it: the footer's notice wraps, never cut.
    let full = crate::tui::model::resources::instance_rows(
        &model.resources,
        &model.form,
        crate::attach::eligibility::Role::Destination,
        "",
    )
    .iter()
    .position(|r| r.instance.id == "ins-full0001")
    .expect("listed");
    model.picker_mut().expect("open").list.selected = full;
    snap("picker_instance_why", &mut model);
    key(&mut model, KeyCode::Enter);
    assert!(model.notice.is_some() && model.picker().is_none(), "refused pick said in the footer");
    snap("form_refused_pick", &mut model);
    model.notice = None;
    // A move's ENI picker names both instances: at 60 columns the line drops them, never cuts one.
    let (form, operation) = (model.form.clone(), model.form.operation);
    model.form.operation = Kind::Move;
    model.form.instance = TextInput::with_text("ins-web00001");
    model.form.destination = TextInput::with_text("ins-web00002");
    model.overlay = Some(picker(PickerKind::Eni));
    snap("picker_eni_move", &mut model);
    (model.form, model.form.operation) = (form, operation);
    model.overlay = Some(picker(PickerKind::Instance(InstanceField::Instance)));
    model.resources.instances = Load::Loading;
    snap("picker_loading", &mut model);
    model.resources.instances = Load::Failed(Failure::new("ClientError.NetworkError", "connection refused"));
    snap("picker_failed", &mut model);
}

async fn confirm_model(eni: &str, instance: &str) -> Model {
    let (mut model, world) = form_model(eni, instance).await;
    key(&mut model, KeyCode::Enter);
    let confirm = model.confirm().expect("confirm");
    let report = world.preflight(&confirm.plan).await;
    let id = confirm.preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(report) });
    update(&mut model, Msg::Drawn(Default::default()));
    update(&mut model, Msg::Tick(crate::tui::CONFIRM_DWELL));
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

/// Preflight's advice names no key; the step it suggests is shown with the key the live keymap
/// binds, so a picker rebound in `[keys]` is named as rebound (it said "Ctrl-P" whatever the
/// config). An ENI on another instance is pointed at the operation key.
#[tokio::test]
async fn the_confirm_pane_names_the_rebound_key_of_the_step_the_advice_suggests() {
    for language in [crate::i18n::Language::EnUs, crate::i18n::Language::ZhCn] {
        let _lang = crate::i18n::scoped(language);
        let mut model = confirm_model("eni-gone0001", "ins-web00001").await;
        let overrides = std::collections::BTreeMap::from([("picker".to_string(), "f2".to_string())]);
        model.keymap = crate::tui::keymap::Keymap::with_overrides(&overrides).0;
        model.size = (100, 40);
        let text = testdata::show(&mut model);
        let picker = crate::tui::keymap::Action::Picker.help();
        assert!(
            text.lines().any(|l| l.contains("F2") && l.contains(picker.as_str())),
            "{language:?}: the picker's own key:\n{text}"
        );
        assert!(!text.contains("Ctrl-P"), "{language:?}: no stale key:\n{text}");

        let mut model = confirm_model("eni-sec00001", "ins-web00002").await;
        model.size = (100, 40);
        let text = testdata::show(&mut model);
        let operation = crate::tui::keymap::Action::Operation.help();
        assert!(
            text.lines().any(|l| l.contains("Ctrl-O") && l.contains(operation.as_str())),
            "{language:?}: the operation key:\n{text}"
        );
    }
}

/// The footer of the confirm pane, at every size and in both languages: the keys that act are
/// always named (a notice at 60 columns pushed "n/Esc back" off the footer), and the scroll keys
/// are named exactly when the pane scrolls (at 80x24 they were not, though it scrolled).
#[tokio::test]
async fn the_confirm_footer_always_names_its_keys_and_the_scroll_keys_when_it_scrolls() {
    for (eni, send_key) in [("eni-free0001", "y"), ("eni-oth00001", "!")] {
        for language in [crate::i18n::Language::EnUs, crate::i18n::Language::ZhCn] {
            let _lang = crate::i18n::scoped(language);
            let mut model = confirm_model(eni, "ins-web00001").await;
            // No key yet, then keys that answer with a notice: each notice whole, and the keys.
            for pressed in [None, Some(KeyCode::Char('x')), Some(KeyCode::Enter), Some(KeyCode::Char('s'))] {
                if let Some(code) = pressed {
                    key(&mut model, code);
                    assert!(model.notice.is_some(), "{code:?} says what sends instead");
                }
                for (w, h) in SIZES {
                    model.size = (w, h);
                    let text = testdata::show(&mut model);
                    assert_nothing_cut(&model, &text);
                    let footer: Vec<&str> = text.lines().skip(usize::from(h) - 2).collect();
                    let footer = footer.join("\n");
                    let says = |part: &str| footer.contains(part);
                    assert!(
                        says("n/Esc") && says(send_key),
                        "{language:?} {w}x{h}: keys off the footer:\n{text}"
                    );
                    let scrolls = model.confirm().expect("confirm").scroll_limit > 0;
                    if pressed.is_none() || w >= 80 {
                        assert_eq!(
                            says("PgUp/PgDn"),
                            scrolls,
                            "{language:?} {w}x{h}, scrolls: {scrolls}:\n{text}"
                        );
                    }
                }
            }
            assert!(model.confirm().is_some_and(|c| c.scroll_limit == 0), "it all fits at 250x70");
        }
    }
    let mut model = confirm_model("eni-oth00001", "ins-web00001").await;
    key(&mut model, KeyCode::Char('x'));
    snap_at("confirm_blocked_notice", &mut model, &[(60, 20), (80, 24)]);
}

/// The History pane's account view (CloudAudit) and one event, at every size in both languages:
/// inside the pane, nothing known cut (the list's rows were one line cut at the border, IDs
/// too, and the event's message and status line ran off), the change's IDs whole on its row.
/// No snapshot: the times are local.
#[test]
fn the_account_view_and_its_event_fit_and_cut_nothing() {
    use crate::activity::{Change, Operation, Report};
    use crate::api::cloudaudit::{CallResult, read_event};
    let now = chrono::Utc::now();
    let change = |user: &str, minutes_ago: i64, this_machine: bool, operation: Operation| {
        let time = now - chrono::Duration::minutes(minutes_ago);
        let detail = serde_json::json!({"userIdentity": {"type": "CAMUser"}, "errorCode": 0});
        let event = read_event(&serde_json::json!({
            "EventId": format!("ev-{user}-{minutes_ago}"), "Username": user,
            "EventName": "MigrateNetworkInterface", "EventRegion": REGION,
            "EventTime": crate::sandbox::beijing_time(time.timestamp()),
            "RequestID": format!("3f2a9c1e-{minutes_ago:04}-4d2b-9a57-{user}"),
            "CloudAuditEvent": detail.to_string(),
        }))
        .expect("an event");
        let instances = vec!["ins-web00001".into(), "ins-web00002".into()];
        Change { event, operation, eni: "eni-free0001".into(), instances, this_machine }
    };
    let mut failed = change("ops-role", 40, false, Operation::Move);
    failed.event.result = CallResult::Failed("UnsupportedOperation.InvalidState".into());
    failed.event.error_message = "The network interface is in a state that does not allow it now".into();
    let changes = vec![
        change("root", 1, true, Operation::Attach),
        change("alice", 4, false, Operation::Detach),
        failed,
    ];
    for language in crate::i18n::Language::ALL {
        let _lang = crate::i18n::scoped(language);
        let mut model = testdata::model();
        update(&mut model, Msg::HistoryOpened(Ok(testdata::history_handle())));
        model.screen = Screen::History;
        let effects = update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE)));
        let [crate::tui::msg::Effect::LoadAccountActivity { generation, .. }] = &effects[..] else {
            panic!("{effects:?}")
        };
        let report = Report { changes: changes.clone(), ..Report::default() };
        update(&mut model, Msg::AccountActivity { generation: *generation, at: now, result: Ok(report) });
        for open in [false, true] {
            if open {
                for _ in 0..3 {
                    key(&mut model, KeyCode::Down);
                }
                key(&mut model, KeyCode::Enter);
                assert_eq!(model.overlay, Some(Overlay::Detail));
            }
            for (w, h) in SIZES {
                model.size = (w, h);
                let text = testdata::render(&model, w, h);
                assert_fits(&text, w, h);
                assert_nothing_cut(&model, &text);
                let move_row = text.lines().filter(|l| l.contains("ins-web00002")).count();
                assert!(move_row > 0, "{language:?} {w}x{h}: the move's destination is shown:\n{text}");
                if open {
                    let read: String = text.chars().filter(|c| !c.is_whitespace() && *c != '│').collect();
                    assert!(
                        read.contains("doesnotallowitnow"),
                        "{language:?} {w}x{h}: the message whole:\n{text}"
                    );
                }
            }
        }
    }
}

/// A run in Chinese from the start: the blocked attach's verdict, its facts, what the code means
/// and what to do are all in Chinese (the code itself stays as the service spells it).
#[tokio::test]
async fn confirm_blocked_in_chinese() {
    let _zh = crate::i18n::scoped(crate::i18n::Language::ZhCn);
    let mut model = confirm_model("eni-oth00001", "ins-web00001").await;
    for (w, h) in SIZES {
        model.size = (w, h);
        let text = testdata::render(&model, w, h);
        assert_fits(&text, w, h);
        insta::assert_snapshot!(format!("confirm_blocked_chinese_{w}x{h}"), text);
    }
    let text = testdata::render(&model, 120, 40);
    for said in [
        "✗ 同一私有网络",
        "弹性网卡在 vpc-gz0othr1，云服务器在 vpc-gz0main1",
        "→ 服务将返回 UnsupportedOperation.VpcMismatch",
        "弹性网卡只能绑定到同一私有网络内的云服务器",
        "处理建议：弹性网卡只能在它所属的私有网络内绑定",
        "✗ 检查未通过：已禁止发送",
    ] {
        assert!(text.contains(said), "{said}\n{text}");
    }
    assert!(!text.contains("the ENI is in"), "no English left:\n{text}");
}

/// The account (sts GetCallerIdentity) in the header and on the confirm pane: the app opens at
/// once and says "checking…", then the answer: the ID (and the ARN on the confirm pane), or
/// "unknown" with a short reason. Never silently absent.
#[tokio::test]
async fn confirm_shows_the_account_as_the_lookup_goes() {
    let world = testdata::world().await;
    let setup = Setup {
        eni: Some("eni-free0001".into()),
        instance: Some("ins-web00001".into()),
        ..testdata::setup()
    };
    let (mut model, lookup) = testdata::account_model(&setup, (80, 24));
    model.resources = world.resources.clone();
    key(&mut model, KeyCode::Enter);
    let confirm = model.confirm().expect("confirm");
    let report = world.preflight(&confirm.plan).await;
    let id = confirm.preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(report) });
    update(&mut model, Msg::Drawn(Default::default()));
    update(&mut model, Msg::Tick(crate::tui::CONFIRM_DWELL));
    snap_at("confirm_account_checking", &mut model, &[(80, 24), (120, 40)]);

    let answer = |result| Msg::AccountChecked { id: lookup, secret_id_masked: "…0000".into(), result };
    let mut unknown = model.clone();
    update(&mut unknown, answer(Err("could not reach the API".into())));
    snap_at("confirm_account_unknown", &mut unknown, &[(80, 24), (120, 40)]);

    let account = crate::attach::account::Account {
        id: "100000000001".into(),
        arn: "qcs::sts:100000000001:assumed-role/ops/oncall".into(),
    };
    update(&mut model, answer(Ok(account)));
    snap("confirm_account", &mut model);
}

/// allowed_accounts in the terminal app: the confirm pane's verdicts, asked by the real worker
/// of a sandbox over HTTP, lead with the refusal naming both accounts (the workflow refuses
/// again before it sends).
#[tokio::test]
async fn confirm_shows_the_account_refusal() {
    use crate::sandbox::{Sandbox, SandboxConfig};
    use crate::tui::msg::Effect;
    use crate::tui::workers::Workers;
    let world = testdata::world().await;
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let mut setup = Setup {
        eni: Some("eni-free0001".into()),
        instance: Some("ins-web00001".into()),
        ..testdata::setup()
    };
    setup.allowed_accounts = vec!["200000000002".into()];
    // The screen names the fixed endpoint label; the workers call the sandbox's real port.
    let (mut model, lookup) = testdata::account_model(&setup, (80, 24));
    model.resources = world.resources.clone();
    setup.client_config.endpoint_override = Some(sandbox.url());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut workers = Workers::new(tx, &setup);
    workers.run(Effect::CheckAccount { id: lookup });
    let checked = rx.recv().await.expect("the account answer");
    update(&mut model, checked);
    for effect in update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))) {
        workers.run(effect);
    }
    let verdicts = loop {
        match rx.recv().await.expect("the verdicts") {
            done @ Msg::PreflightDone { .. } => {
                update(&mut model, done);
                break model.confirm().and_then(|c| c.preflight.loaded().cloned()).expect("a report");
            }
            _ => continue,
        }
    };
    let first = &verdicts.verdicts[0];
    assert_eq!((first.rule, first.status), (Rule::AccountAllowed, Status::Fail));
    assert!(
        first.reason.contains("100000000001") && first.reason.contains("200000000002"),
        "{}",
        first.reason
    );
    assert_eq!(sandbox.request_count("AttachNetworkInterface"), 0);
    model.confirm_mut().expect("confirm").shown_for = Some(Duration::from_secs(1));
    for action in ['!', 'y'] {
        assert!(
            update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char(action), KeyModifiers::NONE))).is_empty()
        );
    }
    assert!(model.progress.is_none(), "no override sends past the account guard");
    model.notice = None;
    snap_at("confirm_account_refused", &mut model, &[(80, 24), (120, 40)]);
}

fn run(model: &mut Model, events: Vec<Event>) {
    key(model, KeyCode::Char('y'));
    let run_id = model.progress.as_ref().expect("a run").run_id;
    for event in events {
        update(model, Msg::Workflow { run_id, event });
    }
}

// ---- progress: one case per way a run ends, each line the record's state for its step ----

const REQUEST_ID: &str = "6b1c0f3e-0000-4000-8000-000000000007";
/// When the runs drawn here started (unix ms).
const T0: i64 = 1_700_000_000_000;

fn verdict(rule: Rule, status: Status, reason: &str, code: Option<&'static str>) -> Verdict {
    Verdict { rule, status, reason: reason.into(), code: code.map(str::to_string), advice: None, next: None }
}

fn passing() -> Report {
    Report {
        verdicts: vec![
            verdict(Rule::EniExists, Status::Pass, "eni-free0001 in vpc-gz0main1", None),
            verdict(Rule::EniFree, Status::Pass, "attached to nothing", None),
            verdict(Rule::InstanceState, Status::Pass, "RUNNING", None),
            verdict(Rule::SameVpc, Status::Pass, "both in vpc-gz0main1", None),
        ],
    }
}

fn failing() -> Report {
    let mut report = passing();
    report.verdicts[3] = verdict(
        Rule::SameVpc,
        Status::Fail,
        "the ENI is in vpc-gz0main1, the instance in vpc-gz0other",
        Some("UnsupportedOperation.VpcMismatch"),
    );
    report
}

fn already() -> Report {
    let mut report = passing();
    report.verdicts[1] = verdict(Rule::EniFree, Status::Done, "already attached to ins-web00001", None);
    report
}

fn located(instance: Option<&str>, state: &str) -> Located {
    Located {
        placement: instance.map(|i| Placement {
            instance: i.into(),
            device_index: Some(1),
            mac: "20:90:6F:00:00:01".into(),
            primary_ip: Some("10.0.3.21".into()),
        }),
        state: state.into(),
    }
}

fn reason(code: &str, message: &str) -> Option<Reason> {
    Some(Reason::new(Code::parse(code), message))
}

fn move_plan() -> Plan {
    let input = crate::plan::PlanInput::move_between(REGION, "eni-sec00001", "ins-web00001", "ins-web00002");
    Plan::new(&input, &crate::api::EndpointRule::new(Some(testdata::ENDPOINT.into()))).expect("a valid move")
}

/// A progress pane fed the run's start (at [`T0`]) and `events`, with the loop's 100 ms ticks
/// between them.
fn progress_model(plan: Plan, events: Vec<Event>) -> Model {
    let mut model = testdata::model();
    let run_id = 1;
    model.progress = Some(ProgressPane::new(run_id, plan.clone(), CancellationToken::new()));
    model.screen = Screen::Progress;
    let start = Attempt::new(plan, Default::default(), T0);
    update(&mut model, Msg::Workflow { run_id, event: Event::Started(Box::new(start)) });
    for event in events {
        for _ in 0..3 {
            update(&mut model, Msg::Tick(Duration::from_millis(100)));
        }
        update(&mut model, Msg::Workflow { run_id, event });
    }
    model
}

fn ch(change: Change) -> Event {
    Event::Changed(change)
}

fn sent_events() -> Vec<Event> {
    vec![
        ch(Change::Recorded { id: 7 }),
        ch(Change::PreflightStarted),
        ch(Change::PreflightDone(passing())),
        ch(Change::Sending),
    ]
}

fn accepted() -> Vec<Event> {
    vec![ch(Change::Accepted { request_id: REQUEST_ID.into() }), ch(Change::Following)]
}

/// A poll that went out and was answered `status`, `ms` after the run began.
fn polled(status: &str, ms: i64) -> Vec<Event> {
    vec![ch(Change::PollSent), ch(Change::PollAnswered { status: status.into(), output: None, at: T0 + ms })]
}

fn placed(instance: Option<&str>, state: &str) -> Event {
    ch(Change::Located(located(instance, state)))
}

fn ended(outcome: Outcome, reason: Option<Reason>) -> Event {
    ch(Change::Ended { outcome, reason, at: T0 + 2300, duration_ms: Some(2300) })
}

/// Pairs of lines that must never be on screen together.
fn assert_coherent(name: &str, text: &str) {
    let contradictions = [
        ("SUCCESS in", "not started"),
        ("SUCCESS in", "no poll was answered"),
        ("NOT SENT", "✓ sent"),
        ("NOT SENT", "no RequestId"),
        ("SUCCESS SUCCESS", ""),
        ("failed, nothing sent", "service said"),
        ("ALREADY DONE", "✓ sent"),
        ("OUTCOME UNKNOWN", "not carried out and can be sent again"),
    ];
    for (a, b) in contradictions {
        assert!(!(text.contains(a) && text.contains(b)), "{name}: '{a}' beside '{b}':\n{text}");
    }
    for line in text.lines() {
        let ticked = line.contains("✓ preflight") || line.contains("✓ sent");
        assert!(!(ticked && line.contains("failed")), "{name}: a tick on a failure: {line}");
    }
}

fn progress_case(name: &str, plan: Plan, mut events: Vec<Event>, end: Event) -> String {
    events.push(end);
    let mut model = progress_model(plan, events);
    // The outcomes an operator acts on are drawn at every size; the rest at one.
    if ["success", "unknown_attach", "unknown_move"].contains(&name) {
        snap_all(&format!("progress_{name}"), &mut model);
    }
    model.size = (120, 40);
    let text = testdata::render(&model, 120, 40);
    assert_coherent(name, &text);
    insta::assert_snapshot!(format!("progress_{name}"), text);
    text
}

#[test]
fn progress_success_says_where_the_eni_is() {
    let plan = testdata::attach_plan();
    let mut events = sent_events();
    events.extend(accepted());
    events.extend(polled("RUNNING", 300));
    events.extend(polled("SUCCESS", 600));
    events.extend([ch(Change::Describing)]);
    events.push(placed(Some("ins-web00001"), "AVAILABLE"));
    let text = progress_case("success", plan, events, ended(Outcome::Succeeded, None));
    assert!(text.contains("✓ task SUCCESS") && text.contains("the ENI is on ins-web00001"), "{text}");
    // Under the headline that says where, the step does not say it again.
    assert!(text.contains("✓ verified: the ENI is where the plan puts it"), "{text}");
    assert!(text.contains("task SUCCESS · ended 0.6 s after the start"), "the task's own time: {text}");
}

/// Issue 18.11: after a successful attach, detach or move, where the ENI now is (instance,
/// device, MAC, IP) is on screen at 60x20 without scrolling, in both languages, even when the
/// run took retries and the IP is a long one.
#[test]
fn a_verified_success_shows_where_the_eni_is_at_60x20_without_scrolling() {
    // The app's ClientTokens carry a UUID (40 columns), so its line wraps at 60.
    let plan = |kind, eni| {
        let input = crate::plan::PlanInput {
            client_token: Some("tceni-3f2a9c1e5b7d4e0f8a6b2c9d1e3f5a7b-1".into()),
            ..crate::plan::PlanInput::new(kind, REGION, eni, "ins-web00001")
        };
        Plan::new(&input, &crate::api::EndpointRule::new(Some(testdata::ENDPOINT.into()))).unwrap()
    };
    let on = |instance: &str| Located {
        placement: Some(Placement {
            instance: instance.into(),
            device_index: Some(12),
            mac: "20:90:6F:00:00:01".into(),
            primary_ip: Some("172.16.200.201".into()),
        }),
        state: "AVAILABLE".into(),
    };
    let cases = [
        ("attach", plan(Kind::Attach, "eni-free0001"), on("ins-web00001")),
        ("detach", plan(Kind::Detach, "eni-sec00001"), located(None, "AVAILABLE")),
        ("move", move_plan(), on("ins-web00002")),
    ];
    for lang in [crate::i18n::Language::EnUs, crate::i18n::Language::ZhCn] {
        let _g = crate::i18n::scoped(lang);
        for (name, plan, place) in &cases {
            let mut events = sent_events();
            events.extend(accepted());
            events.extend(polled("RUNNING", 300));
            events.extend(polled("SUCCESS", 600));
            events.extend([ch(Change::Describing), ch(Change::Located(place.clone()))]);
            events.push(ended(Outcome::Succeeded, None));
            let mut model = progress_model(plan.clone(), events);
            model.size = (60, 20);
            let text = testdata::show(&mut model);
            let body = crate::tui::layout::areas(ratatui::layout::Rect::new(0, 0, 60, 20)).body;
            let rows: Vec<&str> =
                text.lines().skip(body.top() as usize + 1).take(body.height as usize - 2).collect();
            let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace() && *c != '│').collect::<String>();
            let shown = squeeze(&rows.join(""));
            let whole = squeeze(&place.describe());
            assert!(shown.contains(&whole), "{name} {lang:?}: {whole} is on screen:\n{text}");
            if *name == "attach" && lang == crate::i18n::Language::EnUs {
                snap_at("progress_success_long_token", &mut model, &[(60, 20)]);
            }
        }
    }
}

/// The footer offers the progress pane's scroll keys only when the pane has more than the
/// window shows, and Enter on the runbook list only when there is a runbook to open.
#[test]
fn the_footer_offers_scrolling_and_enter_only_when_they_act() {
    use crate::tui::keymap::Action;
    let mut events = sent_events();
    events.extend(accepted());
    events.extend(polled("SUCCESS", 600));
    events.extend([ch(Change::Describing), placed(Some("ins-web00001"), "AVAILABLE")]);
    events.push(ended(Outcome::Succeeded, None));
    let mut model = progress_model(testdata::attach_plan(), events);
    model.size = (120, 40);
    let text = testdata::show(&mut model);
    assert!(!model.offers(Action::PageDown) && !text.contains("PgDn"), "nothing to scroll:\n{text}");
    model.size = (60, 16);
    testdata::show(&mut model);
    assert!(model.offers(Action::PageDown) && model.offers(Action::Up), "the pane scrolls at 60x16");

    let mut model = testdata::model_with(&testdata::setup(), (80, 24));
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::F(6), KeyModifiers::NONE)));
    update(&mut model, Msg::RunbooksListed(Ok(Vec::new())));
    let enter = crate::tui::keymap::Action::Select.help();
    let text = testdata::render(&model, 80, 24);
    assert!(!model.offers(Action::Select) && !text.contains(&enter), "no runbook to open:\n{text}");
    assert!(!model.offers(Action::Down) && !text.contains("PgDn"), "no row to move to:\n{text}");
}

/// The task said SUCCESS and the ENI could not be described: the headline says "not verified",
/// never a bare "✓ SUCCESS" beside "? verify".
/// Esc is offered only where it does something: the region list and an unfiltered history
/// have nothing to go back to (the footer offered it there); a filter or a record closes.
#[test]
fn the_footer_offers_esc_only_where_it_acts() {
    let esc = |model: &mut Model| {
        let text = testdata::render(model, 250, 70);
        text.lines().skip(68).any(|l| l.contains("Esc back / cancel"))
    };
    let setup = Setup { region: None, ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (250, 70));
    assert!(!esc(&mut model), "the region list: Esc does nothing");
    update(&mut model, Msg::Paste("gz".into()));
    assert!(esc(&mut model), "it clears the filter");
    let mut model = history_model();
    model.size = (250, 70);
    assert!(!esc(&mut model), "an unfiltered history: Esc does nothing");
    key(&mut model, KeyCode::Enter);
    assert!(esc(&mut model), "it closes the record");
    assert!(esc(&mut testdata::model_with(&testdata::setup(), (250, 70))), "the form: back to the regions");
}

#[test]
fn progress_success_not_verified_says_so_in_the_headline() {
    let plan = testdata::attach_plan();
    let mut events = sent_events();
    events.extend(accepted());
    events.extend(polled("SUCCESS", 600));
    events.extend([ch(Change::Describing)]);
    events.push(ch(Change::DescribeFailed { reason: "no answer came back (timeout)".into() }));
    let text = progress_case("success_unverified", plan, events, ended(Outcome::Succeeded, None));
    let headline = text.lines().find(|l| l.contains("SUCCESS in")).unwrap_or_default();
    assert!(headline.contains("not verified"), "the headline says it: {text}");
}

#[test]
fn progress_settled_by_describing_has_no_task_that_did_not_start() {
    let plan = testdata::attach_plan();
    let mut events = sent_events();
    events.push(ch(Change::MaybeDelivered {
        error: Reason::new(crate::attempt::OwnCode::OutcomeUnknown, "no answer"),
        request_id: None,
    }));
    events.push(ch(Change::Describing));
    events.push(placed(Some("ins-web00001"), "AVAILABLE"));
    let text = progress_case("settled_by_describing", plan, events, ended(Outcome::Succeeded, None));
    assert!(
        text.contains("? send: no settled answer (ClientError.OutcomeUnknown), it may have been carried out")
    );
    assert!(text.contains("the ENI says how it went") && text.contains("✓ SUCCESS"));
    assert!(!text.contains("no poll"), "no poll was sent: {text}");
}

#[test]
fn progress_not_sent_says_nothing_reached_the_service() {
    let plan = testdata::attach_plan();
    let why = reason(
        "ClientError.NetworkError",
        "ClientError.NetworkError: could not reach http://127.0.0.1:8080/: connection refused",
    );
    let mut events = sent_events();
    events.push(ch(Change::NotDelivered(why.clone().unwrap())));
    let text = progress_case("not_sent", plan, events, ended(Outcome::NotSent, why));
    assert!(text.contains("✗ send: it did not reach the service, nothing was done"));
    assert!(text.contains("task: none, nothing was sent"));
    assert!(!text.contains("NetworkError: could"), "the code is not repeated in the message");
}

#[test]
fn progress_refused_keeps_its_request_id() {
    let plan = testdata::attach_plan();
    let why = reason(
        "UnsupportedOperation.VpcMismatch",
        "UnsupportedOperation.VpcMismatch: the ENI and the instance are in different VPCs",
    );
    let mut events = sent_events();
    events.push(ch(Change::Refused { error: why.clone().unwrap(), request_id: Some(REQUEST_ID.into()) }));
    let text = progress_case("refused", plan, events, ended(Outcome::Failed, why));
    assert!(text.contains("✗ send: refused by the service, not carried out · RequestId"));
    assert!(text.contains("service said"));
    assert!(!text.contains("VpcMismatch: the ENI"), "the code is said once: {text}");
}

#[test]
fn progress_preflight_failure_is_a_check_not_the_service() {
    let plan = testdata::attach_plan();
    let events = vec![
        ch(Change::Recorded { id: 7 }),
        ch(Change::PreflightStarted),
        ch(Change::PreflightDone(failing())),
    ];
    let why = reason(
        "UnsupportedOperation.VpcMismatch",
        "the ENI is in vpc-gz0main1, the instance in vpc-gz0other",
    );
    let text = progress_case("preflight_failed", plan, events, ended(Outcome::PreflightFailed, why));
    assert!(text.contains("✗ preflight: 1 of 4 checks failed, nothing sent"));
    assert!(text.contains("check said") && !text.contains("service said"));
}

/// A send-time preflight that refuses a plan names the step its advice suggests with the live
/// keymap's keys: the pane key to the form, then the form's key (rebound in `[keys]` here).
#[test]
fn progress_preflight_failure_names_the_rebound_key_of_the_next_step() {
    let mut report = passing();
    report.verdicts[0] = Verdict {
        next: Some(crate::attach::preflight::NextStep::PickEni),
        ..verdict(Rule::EniExists, Status::Fail, "eni-free0001 not found", Some("ResourceNotFound"))
    };
    let events =
        vec![ch(Change::Recorded { id: 7 }), ch(Change::PreflightStarted), ch(Change::PreflightDone(report))];
    let why = reason("ResourceNotFound", "eni-free0001 not found");
    let mut model = progress_model(testdata::attach_plan(), events);
    update(&mut model, Msg::Workflow { run_id: 1, event: ended(Outcome::PreflightFailed, why) });
    let overrides = std::collections::BTreeMap::from([("picker".to_string(), "f2".to_string())]);
    model.keymap = crate::tui::keymap::Keymap::with_overrides(&overrides).0;
    let text = testdata::render(&model, 120, 40);
    let picker = crate::tui::keymap::Action::Picker.help();
    assert!(
        text.lines()
            .any(|l| l.contains("next") && l.contains("Alt-2") && l.contains("F2") && l.contains(&picker)),
        "{text}"
    );
    assert!(!text.contains("Ctrl-P"), "{text}");
}

#[test]
fn progress_override_is_marked_not_ticked() {
    let plan = testdata::attach_plan();
    let mut events =
        vec![ch(Change::PreflightStarted), ch(Change::PreflightDone(failing())), ch(Change::Sending)];
    events.extend(accepted());
    events.extend(polled("SUCCESS", 600));
    events.extend([ch(Change::Describing), placed(Some("ins-web00001"), "AVAILABLE")]);
    let text = progress_case("overridden", plan, events, ended(Outcome::Succeeded, None));
    assert!(text.contains("! preflight: 1 of 4 checks failed, sent anyway"));
}

/// A Chinese service message has no spaces: its lines break between the characters, by
/// display width, and every ID in it stays whole on one line (the old wrap cut them).
#[test]
fn progress_wraps_chinese_by_width_and_never_cuts_an_id() {
    let _zh = crate::i18n::scoped(crate::i18n::Language::ZhCn);
    let ids = ["eni-free0001", "ins-web00001", "vpc-gz0main1", "subnet-gz0a0001", "ap-guangzhou-3"];
    let message = format!(
        "弹性网卡{}与云服务器{}不在同一私有网络{}中，弹性网卡的子网{}位于可用区{}，请选择同一私有网络、同一可用区的云服务器。",
        ids[0], ids[1], ids[2], ids[3], ids[4]
    );
    let why = reason("UnsupportedOperation.VpcMismatch", &message);
    let mut events = sent_events();
    events.push(ch(Change::Refused { error: why.clone().unwrap(), request_id: Some(REQUEST_ID.into()) }));
    events.push(ended(Outcome::Failed, why));
    let model = progress_model(testdata::attach_plan(), events);
    for width in [60, 61, 62, 63, 64, 66, 70, 75, 80] {
        let text = testdata::render(&model, width, 60);
        assert_fits(&text, width, 60);
        for id in ids {
            assert!(text.contains(id), "{id} is cut at {width} columns:\n{text}");
        }
    }
}

fn lost() -> Option<Reason> {
    reason(
        "ClientError.OutcomeUnknown",
        "ClientError.OutcomeUnknown: sent to http://127.0.0.1:8080/ but no answer came back (connection closed); the outcome is unknown",
    )
}

#[test]
fn progress_unknown_attach_offers_the_same_client_token() {
    let plan = testdata::attach_plan();
    let mut events = sent_events();
    events.extend([
        ch(Change::MaybeDelivered { error: lost().unwrap(), request_id: None }),
        ch(Change::Describing),
    ]);
    events.push(placed(Some("ins-web00001"), "ATTACHING"));
    let text = progress_case("unknown_attach", plan, events, ended(Outcome::Unknown, lost()));
    assert!(
        text.contains("OUTCOME UNKNOWN")
            && text.contains("r re-sends the same plan with ClientToken tceni-0000-1")
    );
    assert!(text.contains("unknown: r re-sends (same ClientToken: safe)"), "the footer says so");
}

fn unknown_move_events() -> Vec<Event> {
    let mut events = sent_events();
    events.extend([
        ch(Change::MaybeDelivered { error: lost().unwrap(), request_id: None }),
        ch(Change::Describing),
    ]);
    events.push(ch(Change::DescribeFailed { reason: "no answer came back (timeout)".into() }));
    events
}

#[test]
fn progress_unknown_move_says_a_resend_is_not_safe() {
    let text =
        progress_case("unknown_move", move_plan(), unknown_move_events(), ended(Outcome::Unknown, lost()));
    assert!(text.contains("not safe to re-send") && text.contains("the ENI could not be described"));
    assert!(!text.contains("│ ClientToken"), "a move has no ClientToken line: {text}");
    assert!(!text.contains("no poll"), "a move that got no answer has no task to poll: {text}");
}

#[test]
fn progress_cancelled_while_polling_says_no_poll_was_answered() {
    let plan = testdata::attach_plan();
    let mut events = sent_events();
    events.extend(accepted());
    events.push(ch(Change::PollSent));
    let why =
        reason("ClientError.Cancelled", &format!("stopped waiting; the task {REQUEST_ID} may still finish"));
    let text = progress_case("cancelled_polling", plan.clone(), events, ended(Outcome::Unknown, why.clone()));
    assert!(text.contains("? task: no poll was answered (1 asked)") && text.contains("reason"));
    // Cancelled before the first poll went out: no poll can have gone unanswered.
    let mut events = sent_events();
    events.extend(accepted());
    let text = progress_case("cancelled_before_polling", plan, events, ended(Outcome::Unknown, why));
    assert!(
        !text.contains("no poll was answered") && text.contains("stopped before the first poll"),
        "{text}"
    );
}

#[test]
fn progress_task_failed_and_mismatch_and_already_done() {
    let plan = testdata::attach_plan();
    let mut events = sent_events();
    events.extend(accepted());
    let mut failed = events.clone();
    failed.extend(polled("FAILED", 600));
    failed.extend([ch(Change::Describing), placed(None, "AVAILABLE")]);
    let why = reason("ClientError.TaskFailed", "the task ended FAILED; the ENI is attached to no instance");
    let text = progress_case("task_failed", plan.clone(), failed, ended(Outcome::Failed, why));
    assert!(text.contains("✗ task FAILED") && text.contains("described: the ENI is attached to no instance"));

    events.extend(polled("SUCCESS", 600));
    events.extend([ch(Change::Describing), placed(Some("ins-web00002"), "AVAILABLE")]);
    let why = reason("ClientError.VerifyMismatch", "the task said SUCCESS but the ENI is on ins-web00002");
    let text = progress_case("mismatch", plan.clone(), events, ended(Outcome::Mismatch, why));
    assert!(text.contains("✗ the ENI is on ins-web00002") && text.contains("MISMATCH"));

    let events = vec![
        ch(Change::PreflightStarted),
        ch(Change::PreflightDone(already())),
        placed(Some("ins-web00001"), "AVAILABLE"),
    ];
    let text = progress_case("already_done", plan, events, ended(Outcome::AlreadyDone, None));
    assert!(text.contains("= preflight: already done") && text.contains("send: nothing was sent"));
}

#[test]
fn progress_asks_before_quitting_with_a_request_in_flight() {
    let mut model = progress_model(testdata::attach_plan(), sent_events());
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)));
    snap_all("progress_quit_question", &mut model);
    let text = testdata::render(&model, 80, 24);
    assert!(text.contains("quit anyway?") && text.contains("tceni-0000-1"), "{text}");
}

/// Once the attach was answered, the question says so: not "may have been sent".
#[test]
fn progress_quit_question_after_the_answer_says_it_was_accepted() {
    let mut events = sent_events();
    events.extend(accepted());
    let mut model = progress_model(testdata::attach_plan(), events);
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)));
    let text = testdata::render(&model, 120, 40);
    assert!(text.contains("accepted") && text.contains(REQUEST_ID), "{text}");
    assert!(!text.contains("may have been sent"), "{text}");
}

/// At 60x20 the outcome is on screen unscrolled; the rest is reached with j/PgDn, never cut, and
/// scrolling stops at the end.
#[test]
fn progress_scrolls_in_a_small_window_and_shows_the_outcome_first() {
    let plan = move_plan();
    let mut events = unknown_move_events();
    events
        .push(ended(Outcome::Unknown, reason("ClientError.OutcomeUnknown", "no answer came back (timeout)")));
    let mut model = progress_model(plan, events);
    model.size = (60, 20);
    let top = testdata::show(&mut model);
    assert!(top.contains("OUTCOME UNKNOWN") && top.contains("more below"), "{top}");
    let mut seen = top.clone();
    for _ in 0..40 {
        key(&mut model, KeyCode::Char('j'));
        seen += &testdata::show(&mut model);
    }
    let limit = model.progress.as_ref().unwrap().scroll_limit;
    assert!(limit > 0 && model.progress.as_ref().unwrap().scroll == limit, "j stops at the end");
    assert!(seen.contains(" end · "), "the last frame says it is the end");
    for needle in ["what to do", "retry", "not safe to re-send", "re-checks"] {
        assert!(seen.contains(needle), "{needle} is reachable");
    }
    // One k moves back up at once: j past the end did not pile up unseen lines.
    key(&mut model, KeyCode::Char('k'));
    assert_eq!(model.progress.as_ref().unwrap().scroll, limit - 1);
    key(&mut model, KeyCode::PageUp);
    key(&mut model, KeyCode::PageUp);
    key(&mut model, KeyCode::PageUp);
    assert_eq!(model.progress.as_ref().unwrap().scroll, 0, "PgUp goes back to the top");
    key(&mut model, KeyCode::PageDown);
    assert!(model.progress.as_ref().unwrap().scroll > 1, "PgDn moves by a page");
}

#[test]
fn progress_running_shows_a_spinner_and_the_step_time() {
    let mut events = sent_events();
    events.extend(accepted());
    events.extend(polled("RUNNING", 300));
    let mut model = progress_model(testdata::attach_plan(), events);
    snap_all("progress_running", &mut model);
    let text = testdata::render(&model, 120, 40);
    assert!(text.contains("task RUNNING (poll 1) · 0.6 s"), "{text}");
    assert!(text.contains("✓ preflight: passed (4 checks) · 0.6 s"), "{text}");
}

#[tokio::test]
async fn detach_confirm_pane() {
    let mut model = confirm_model("eni-free0001", "ins-web00001").await;
    run(&mut model, testdata::run_events(Outcome::Succeeded, None));
    key(&mut model, KeyCode::Char('d'));
    assert_eq!(model.confirm().map(|c| c.plan.kind()), Some(Kind::Detach));
    snap("confirm_detach", &mut model);
}

fn history_model() -> Model {
    let mut model = testdata::model();
    update(&mut model, Msg::HistoryOpened(Ok(testdata::history_handle())));
    model.screen = Screen::History;
    let generation = model.history.generation;
    update(&mut model, Msg::HistoryPage { generation, append: false, result: Ok(testdata::attempts()) });
    model
}

/// The history's status counts in words that agree with the count: `1 row`, `2 rows`,
/// `1 match` (it said `1 rows` after the first run).
#[test]
fn the_history_status_says_one_row_and_many_rows() {
    let mut model = testdata::model();
    update(&mut model, Msg::HistoryOpened(Ok(testdata::history_handle())));
    model.screen = Screen::History;
    let generation = model.history.generation;
    let one = testdata::attempts().into_iter().take(1).collect();
    update(&mut model, Msg::HistoryPage { generation, append: false, result: Ok(one) });
    model.history.exhausted = true;
    let text = testdata::render(&model, 80, 24);
    assert!(text.contains(" 1 row ·") && !text.contains("1 rows"), "{text}");
    model.history.rows.push(model.history.rows[0].clone());
    assert!(testdata::render(&model, 80, 24).contains(" 2 rows ·"));
    model.history.filter = TextInput::with_text("eni");
    assert!(testdata::render(&model, 80, 24).contains(" 2 matches"));
    model.history.rows.truncate(1);
    assert!(testdata::render(&model, 80, 24).contains(" 1 match"));
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
    // A row from before schema 4, or whose account sts did not name: said, not left out.
    let selected = model.history.list.selected;
    model.history.rows[selected].account_id = None;
    let text = testdata::render(&model, 80, 24);
    assert!(text.contains("Account        unknown (not recorded)"), "{text}");
    // The task's status once (its output repeats it), where the ENI was found (stored), and a
    // move's ClientToken said to be none, not an empty line.
    let row = &mut model.history.rows[selected];
    row.task_status = Some(crate::api::TaskStatus::Success);
    row.task_output = Some("SUCCESS".into());
    row.attachment = Some(
        r#"{"instance":"ins-web00001","device_index":1,"mac":"20:90:6F:00:00:01","primary_ip":"10.0.0.5"}"#
            .into(),
    );
    row.client_token = String::new();
    let text = testdata::render(&model, 120, 40);
    assert!(!text.contains("SUCCESS SUCCESS") && text.contains("Task           SUCCESS"), "{text}");
    assert!(text.contains("on ins-web00001 (device 1, MAC 20:90:6F:00:00:01, IP 10.0.0.5)"), "{text}");
    assert!(text.contains("ClientToken    none"), "{text}");
}

/// The retry chain in the detail: a re-send names the attempt it continues, that attempt names
/// its re-sends, and every verdict keeps its own mark (warn, done and skipped are not `-`).
#[tokio::test]
async fn history_detail_shows_the_retry_chain_and_each_verdicts_mark() {
    let mut model = history_model();
    key(&mut model, KeyCode::Enter);
    let selected = model.history.list.selected;
    let row = &mut model.history.rows[selected];
    row.retry_of = Some(9);
    row.continued_by = vec![12, 15];
    row.preflight = Some(
        r#"[{"rule":"eni_exists","status":"pass","reason":"r1","code":null},{"rule":"source_state","status":"warn","reason":"r2","code":null},{"rule":"same_zone","status":"skipped","reason":"r3","code":null},{"rule":"eni_free","status":"done","reason":"r4","code":null},{"rule":"same_vpc","status":"fail","reason":"r5","code":"UnsupportedOperation.VpcMismatch"}]"#
            .into(),
    );
    let text = testdata::render(&model, 120, 40);
    assert!(text.contains("Re-send of     #9, with the same ClientToken"), "{text}");
    assert!(text.contains("Sent again     as #12, #15"), "{text}");
    for (mark, reason) in [("✓", "r1"), ("!", "r2"), ("-", "r3"), ("=", "r4"), ("✗", "r5")] {
        assert!(
            text.lines().any(|l| l.contains(&format!(" {mark} ")) && l.contains(reason)),
            "{mark} {reason}: {text}"
        );
    }
    assert!(text.contains("[UnsupportedOperation.VpcMismatch]"), "{text}");
}

/// A move row beside an error row: at 80 columns region, operation (from → to), outcome and
/// code all fit, the least important parts shortened first; IDs are never cut.
#[tokio::test]
async fn history_with_a_move() {
    let mut model = history_model();
    let mut moved = testdata::attempts().remove(0);
    moved.id = 7;
    moved.started_at += 60_000;
    moved.action = Kind::Move;
    moved.eni_id = "eni-sec00001".into();
    moved.instance_id = "ins-web00001".into();
    moved.destination_instance_id = Some("ins-web00002".into());
    moved.outcome = Outcome::Succeeded;
    moved.request_id = Some("6b1c0f3e-0000-4000-8000-000000000007".into());
    model.history.rows.insert(0, moved);
    snap("history_move", &mut model);
    for (w, h) in [(80, 24), (120, 40), (250, 70)] {
        let text = testdata::render(&model, w, h);
        let row = |n: &str| text.lines().find(|l| l.contains(&format!(" {n} "))).map(str::to_string);
        let moved = row("move").unwrap_or_default();
        assert!(
            moved.contains("eni-sec00001")
                && moved.contains("ins-web00001")
                && moved.contains("ins-web00002")
        );
        let failed = text.lines().find(|l| l.contains("FAILED")).unwrap_or_default();
        assert!(failed.contains("VpcMismatch"), "{w}x{h}: the code column is kept:\n{text}");
        assert!(failed.contains("eni-oth00001") && failed.contains("attach"), "{text}");
        assert!(
            failed.contains("ap-guangzhou") || text.contains("all in ap-guangzhou"),
            "{w}x{h}: the region is kept:\n{text}"
        );
        // Issue 18.12: the row number and the time stay beside a move, at 80 columns too.
        assert!(moved.contains("▶ 7 ") && moved.contains("19:00"), "{w}x{h}: # and time:\n{text}");
    }
    // A code too long for what is left at 80 columns is shown whole (a code is never cut);
    // at 120 the move's instances are beside it.
    let failed = model.history.rows.iter_mut().find(|r| r.outcome == Outcome::Failed).unwrap();
    failed.error_code = Some("UnsupportedOperation.AttachmentAlreadyExists".into());
    for (w, h) in [(80, 24), (120, 40)] {
        let text = testdata::render(&model, w, h);
        let failed = text.lines().find(|l| l.contains("FAILED")).unwrap_or_default();
        assert!(failed.contains("AttachmentAlreadyExists") && !failed.contains('…'), "{text}");
        assert!(w < 120 || text.contains("ins-web00001 → ins-web00002"), "{text}");
    }
}

#[tokio::test]
async fn help_pane() {
    let mut model = testdata::model();
    key(&mut model, KeyCode::F(1));
    snap("help", &mut model);
    // Opened from the confirm pane at 60 columns: its keys first, a long help wrapped under itself.
    model.overlay = Some(Overlay::Help { from: crate::tui::keymap::Focus::Confirm, scroll: 0 });
    snap_at("help_confirm", &mut model, &[(60, 20)]);
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
    model.say("read-only: nothing was sent");
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

/// The README's screen captures are the screens as they are: each is drawn here and must be in
/// the README word for word. When a pane changes, the failure prints the section to paste.
#[tokio::test]
async fn the_readme_captures_are_the_screens() {
    let mut captures = Vec::new();
    let mut capture = |title: &str, model: &mut Model| {
        model.size = (100, 30);
        captures.push(format!("**{title}**\n\n```text\n{}```\n", testdata::render(model, 100, 30)));
    };
    let (mut model, _world) = form_model("eni-free0001", "ins-web00001").await;
    capture("Attach form, opened with --region --eni --instance", &mut model);
    model.form.focus = crate::tui::model::FormFocus::Instance;
    model.overlay = Some(picker(PickerKind::Instance(InstanceField::Instance)));
    capture("Instance picker (Ctrl-P): good picks first, each other row with its reason", &mut model);
    let mut model = confirm_model("eni-oth00001", "ins-web00001").await;
    capture("Confirm, with a failed preflight rule", &mut model);
    let plan = testdata::attach_plan();
    let mut events = sent_events();
    events.extend(accepted());
    events.extend(polled("RUNNING", 300));
    let mut model = progress_model(plan.clone(), events.clone());
    capture("Progress, while the task runs (spinner and time per step)", &mut model);
    events.extend(polled("SUCCESS", 600));
    events.extend([ch(Change::Describing), placed(Some("ins-web00001"), "AVAILABLE")]);
    events.push(ended(Outcome::Succeeded, None));
    let mut model = progress_model(plan, events);
    capture("Progress, after SUCCESS", &mut model);
    let mut model = history_model();
    capture("History", &mut model);

    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let stale: Vec<&String> = captures.iter().filter(|c| !readme.contains(c.as_str())).collect();
    assert!(
        stale.is_empty(),
        "the README's captures differ from the screens; paste these into its terminal-app section:\n\n{}",
        captures.join("\n")
    );
}

/// Each size in English, then in Chinese (`NAME_zh-CN_WxH`): a pane must fit in both.
fn snap_at(name: &str, model: &mut Model, sizes: &[(u16, u16)]) {
    for &(w, h) in sizes {
        model.size = (w, h);
        let text = testdata::render(model, w, h);
        assert_fits(&text, w, h);
        assert_nothing_cut(model, &text);
        assert_footer_keys_whole(model, &text);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
    let _zh = crate::i18n::scoped(crate::i18n::Language::ZhCn);
    for &(w, h) in sizes {
        model.size = (w, h);
        let text = testdata::render(model, w, h);
        assert_fits(&text, w, h);
        assert_nothing_cut(model, &text);
        assert_footer_keys_whole(model, &text);
        insta::assert_snapshot!(format!("{name}_zh-CN_{w}x{h}"), text);
    }
}

/// The advice, verdicts and IDs the model holds, in the run's language: what a render may show
/// only whole (IDs: resources, plans, history rows; verdicts: each picker row's words and
/// reason; advice: the confirm pane's verdicts; the footer's notice).
fn known_phrases(model: &Model) -> Vec<String> {
    use crate::attach::eligibility::Role;
    use crate::tui::model::resources::{eni_rows, instance_rows, why_not};
    let mut known: Vec<String> = crate::catalog::regions().iter().map(|r| r.id.clone()).collect();
    let resources = &model.resources;
    for eni in resources.enis.loaded().into_iter().flatten() {
        known.extend([eni.id.clone(), eni.vpc_id.clone(), eni.subnet_id.clone(), eni.zone.clone()]);
    }
    for instance in resources.instances.loaded().into_iter().flatten() {
        known.extend([instance.id.clone(), instance.placement.zone.clone()]);
        known.extend(instance.vpc_id().map(str::to_string));
    }
    let mut judgements: Vec<_> =
        eni_rows(resources, &model.form, "").into_iter().map(|r| r.judgement).collect();
    for role in [Role::Source, Role::Destination] {
        judgements.extend(instance_rows(resources, &model.form, role, "").into_iter().map(|r| r.judgement));
    }
    for judgement in &judgements {
        known.push(super::picker::verdict_words(judgement));
        known.extend(why_not(judgement));
    }
    for row in &model.history.rows {
        known.extend([row.eni_id.clone(), row.instance_id.clone()]);
        known.extend(row.destination_instance_id.clone());
        known.extend(row.request_id.clone());
        known.extend(row.error_code.as_deref().map(|c| c.rsplit('.').next().unwrap_or(c).to_string()));
    }
    if let Some(confirm) = model.confirm() {
        let plan = &confirm.plan;
        known.push(plan.eni.to_string());
        known.extend(plan.client_token().map(str::to_string));
        if let Load::Loaded(report) = &confirm.preflight {
            for verdict in &report.verdicts {
                known.push(verdict.reason.clone());
                known.extend(verdict.advice.as_ref().map(|a| a.to_string()));
            }
        }
    }
    if let Some(progress) = &model.progress {
        known.push(progress.plan().eni.to_string());
        known.extend(progress.attempt.request_id().map(str::to_string));
    }
    if let crate::tui::model::AccountLoad::Loaded { changes, .. } = &model.history.account.load {
        for change in changes {
            known.push(change.eni.clone());
            known.extend(change.instances.iter().cloned());
            known.push(change.event.request_id.clone());
            known.push(change.event.result.code().to_string());
        }
    }
    // A runbook's steps: their ENIs and instances, planned and running.
    let mut steps: Vec<&crate::plan::Plan> =
        model.runbooks.run().map(|run| run.rows.iter().map(|row| &row.plan).collect()).unwrap_or_default();
    if let Some(planned) = model.runbooks.planned() {
        steps.extend(planned.runbook.steps.iter().map(|step| &step.plan));
    }
    for plan in steps {
        known.push(plan.eni.to_string());
        known.push(plan.instance().to_string());
        known.extend(plan.move_destination().map(|to| to.to_string()));
    }
    known.extend(model.notice.as_ref().map(|n| n.text.clone()));
    // What the footer's keys do.
    known.extend(model.keymap.hints(model.focus()).into_iter().map(|(_, _, help)| help));
    // The help: what each key does, for every pane.
    if let Some(Overlay::Help { .. }) = model.overlay {
        for focus in crate::tui::keymap::Focus::ALL {
            known.extend(model.keymap.hints(focus).into_iter().map(|(_, _, help)| help));
        }
    }
    known
}

/// A render never shows the start of a known advice, verdict or ID without the rest (wrapped
/// lines read as one; a pane's own scroll, marked `↓`, may hide the end of its last one). Each
/// part of the screen (header, tabs, body, footer) is read on its own.
fn assert_nothing_cut(model: &Model, text: &str) {
    let squeeze = |t: &str| -> String {
        t.chars().filter(|c| !c.is_whitespace() && !"│║█↑↓┃▶╭╮╰╯─".contains(*c)).collect()
    };
    let known: Vec<String> =
        known_phrases(model).iter().map(|p| squeeze(p)).filter(|p| p.chars().count() >= 4).collect();
    let lines: Vec<&str> = text.lines().collect();
    let areas = crate::tui::layout::areas(ratatui::layout::Rect::new(0, 0, model.size.0, model.size.1));
    for part in [areas.header, areas.tabs, areas.body, areas.footer] {
        let rows = &lines[part.top() as usize..(part.bottom() as usize).min(lines.len())];
        let scrolled = rows.iter().any(|l| l.contains('↓'));
        // The body's bottom border holds no phrase, only how much is below the fold.
        let rows = if part == areas.body { &rows[..rows.len().saturating_sub(1)] } else { rows };
        let screen = squeeze(&rows.join("\n"));
        for phrase in &known {
            // Long enough a start to be this phrase's (or one sharing it) and no other text's.
            let chars: Vec<char> = phrase.chars().collect();
            let k = chars.len().min((chars.len() * 2 / 3).max(8)).max(4.min(chars.len()));
            let start: String = chars[..k].iter().collect();
            for (at, _) in screen.match_indices(&start) {
                let rest = &screen[at..];
                let whole = known.iter().any(|p| p.starts_with(&start) && rest.starts_with(p.as_str()));
                let hidden_by_scroll = scrolled && known.iter().any(|p| p.starts_with(rest));
                assert!(
                    whole || hidden_by_scroll,
                    "{phrase:?} is cut ({}x{}):\n{text}",
                    model.size.0,
                    model.size.1
                );
            }
        }
    }
}

/// The footer's keys each come with what they do, whole: a key at a line's end whose help ran
/// off the footer said nothing (`… c`), nor does a help cut short. The confirm pane's prompt
/// and a notice are their own sentences, not hints.
fn assert_footer_keys_whole(model: &Model, text: &str) {
    let asking = model.progress.as_ref().and_then(|p| p.run.live()).is_some_and(|l| l.asking.is_some());
    if model.focus() == crate::tui::keymap::Focus::Confirm || asking {
        return;
    }
    let (w, h) = model.size;
    let said = model.notice.as_ref().map_or(0, |n| super::text::wrap_indented(n, " ", w as usize).len());
    let footer: Vec<&str> = text.lines().skip(usize::from(h) - 2 + said).collect();
    let hints = model.keymap.hints(model.focus());
    for line in footer {
        let line = line.trim_end();
        for (_, keys, help) in &hints {
            let key = format!(" {keys}");
            let mut at = 0;
            while let Some(found) = line[at..].find(&key) {
                let after = &line[at + found + key.len()..];
                at += found + key.len();
                if after.is_empty() {
                    panic!("{keys} ends a footer line without what it does ({w}x{h}):\n{text}");
                }
                if after.starts_with(' ')
                    && !after[1..].starts_with(help.as_str())
                    && help.starts_with(after[1..].trim_end())
                {
                    panic!("{keys}'s help is cut ({w}x{h}):\n{text}");
                }
            }
        }
    }
}

/// Nothing is drawn past the window or over the pane's right border: a wide (CJK) character
/// cut at a line's end would push the border out.
fn assert_fits(text: &str, w: u16, h: u16) {
    use unicode_width::UnicodeWidthStr;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), h as usize, "{text}");
    let body = crate::tui::layout::areas(ratatui::layout::Rect::new(0, 0, w, h)).body;
    for (y, line) in lines.iter().enumerate() {
        assert!(line.width() <= w as usize, "line {y} is wider than {w}:\n{text}");
        let inside = (body.top() as usize + 1..body.bottom() as usize - 1).contains(&y);
        if inside && line.width() == w as usize {
            let last = line.chars().next_back().unwrap_or(' ');
            assert!("│║█↑↓┃".contains(last), "line {y} ends in {last:?}, not the border:\n{text}");
        }
        // Text keeps a space from the pane's left border: a line wrapped back to the border
        // (`│TENCENTCLOUD_SECRET_KEY`) reads as another item.
        let mut chars = line.chars();
        if inside && chars.next() == Some('│') {
            let first = chars.next().unwrap_or(' ');
            assert!(" ▶│╭╰".contains(first), "line {y} starts at the border with {first:?}:\n{text}");
        }
    }
}

/// At 60 columns what will be sent wraps rather than being cut: the endpoint keeps its port and
/// the account its whole ARN.
#[tokio::test]
async fn the_confirm_pane_wraps_what_will_be_sent_at_60_columns() {
    let mut model = confirm_model("eni-free0001", "ins-web00001").await;
    model.session.account = crate::tui::model::AccountState::Known(crate::attach::account::Account {
        id: "100000000001".into(),
        arn: "qcs::sts:100000000001:assumed-role/ops/oncall".into(),
    });
    let text = testdata::render(&model, 60, 40);
    assert!(text.contains("http://127.0.0.1:8080/"), "the port is whole:\n{text}");
    // Wrapped after a `/` if need be, never at a hyphen nor cut.
    let read: String = text.chars().filter(|c| !c.is_whitespace() && *c != '│').collect();
    assert!(read.contains("(qcs::sts:100000000001:assumed-role/ops/oncall)"), "the ARN is whole:\n{text}");
    let broken = text.lines().any(|l| l.trim_end_matches(['│', '║', '█', '↑', '↓', ' ']).ends_with('-'));
    assert!(!broken, "not broken at a hyphen:\n{text}");
}

/// At 60 columns the header keeps the account and the credential whole; the endpoint (whole
/// on the confirm pane) gives way first.
#[test]
fn the_header_never_cuts_the_credential() {
    let mut model = testdata::model();
    model.session.account = crate::tui::model::AccountState::Known(crate::attach::account::Account {
        id: "100000000001".into(),
        arn: "qcs::cam::uin/100000000001:uin/100000000001".into(),
    });
    let text = testdata::render(&model, 60, 20);
    let second = text.lines().nth(1).unwrap_or_default();
    assert!(second.contains("100000000001") && second.contains("sandbox demo (…0000)"), "{second}");
}

/// README.zh-CN.md's key table: `cargo test --lib readme_keys_zh -- --ignored --nocapture`.
#[test]
#[ignore = "prints README.zh-CN.md's key table; run by hand"]
fn readme_keys_zh() {
    let _zh = crate::i18n::scoped(crate::i18n::Language::ZhCn);
    print!("{}", crate::tui::keymap::Keymap::default().markdown_table());
}

/// A role's ARN too long for the header gives way from its start, marked with an ellipsis: the
/// role's name and the masked SecretId stay (they were cut off the end, `…roleName/ops`, unmarked).
#[test]
fn the_header_shortens_a_role_from_its_start_with_an_ellipsis() {
    let mut model = testdata::model();
    model.session.credential =
        Some("assumed role qcs::cam::uin/100000000001:roleName/ops-oncall (…9XYZ)".into());
    model.session.account = crate::tui::model::AccountState::Known(crate::attach::account::Account {
        id: "100000000001".into(),
        arn: "qcs::sts:100000000001:assumed-role/ops-oncall/tceni".into(),
    });
    for (w, h) in SIZES {
        let text = testdata::render(&model, w, h);
        let second = text.lines().nth(1).unwrap_or_default();
        assert!(
            second.contains("ops-oncall (…9XYZ)") && second.contains("100000000001"),
            "{w}x{h}: {second}"
        );
        assert!(
            second.contains("roleName/ops-oncall") || second.contains("role …ops-oncall"),
            "{w}x{h}: {second}"
        );
    }
}

/// The sandbox's ap-nanjing failover (assets/runbook-example.toml) as the Runbooks pane shows it.
const RUNBOOK_FILE: &str = "~/.config/tceni/runbooks/nj-failover.toml";
const EXAMPLE_RUNBOOK: &str = include_str!("../../../assets/runbook-example.toml");

/// The example runbook with `standby`, judged whole against the sandbox's world, as the
/// pane's plan effect judges it.
async fn runbook_plan(
    world: &testdata::World,
    standby: &str,
) -> (crate::runbook::Runbook, crate::runbook::session::Prepared) {
    let vars = crate::runbook::Vars::from([("standby".to_string(), standby.to_string())]);
    let path = std::path::Path::new(RUNBOOK_FILE);
    let runbook =
        crate::runbook::Runbook::parse(EXAMPLE_RUNBOOK, path, &vars, &crate::api::EndpointRule::default())
            .expect("the example parses");
    let poll = crate::attach::PollPolicy::default();
    let prepared =
        crate::runbook::session::prepare(&world.client, None, &runbook, &poll, Duration::from_secs(1))
            .await
            .expect("the sandbox answers");
    (runbook, prepared)
}

/// A step's record carried to its verified end, as the workflow would tell it.
fn runbook_step_events(plan: &Plan) -> (Attempt, Vec<Event>) {
    let to = plan.destination().map(|i| i.as_str());
    let mut events = sent_events();
    events.extend(accepted());
    events.extend(polled("SUCCESS", 600));
    events.push(ch(Change::Describing));
    events.push(placed(to, "AVAILABLE"));
    events.push(ended(Outcome::Succeeded, None));
    let mut attempt = Attempt::new(plan.clone(), Default::default(), T0);
    for event in &events {
        if let Event::Changed(change) = event {
            let _ = attempt.apply(change.clone());
        }
    }
    (attempt, events)
}

fn runbook_msg(run_id: u64, progress: crate::runbook::apply::Progress) -> Msg {
    Msg::RunbookProgress { run_id, progress }
}

/// With no runbook in the directory, the list says where to put one and how else to start,
/// whole at 60x20 (it was cut under the table's header), in both languages.
#[test]
fn the_empty_runbook_list_says_all_of_what_to_do_at_60x20() {
    let mut model = testdata::model_with(&testdata::setup(), (60, 20));
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::F(6), KeyModifiers::NONE)));
    update(&mut model, Msg::RunbooksListed(Ok(Vec::new())));
    for lang in [crate::i18n::Language::EnUs, crate::i18n::Language::ZhCn] {
        let _g = crate::i18n::scoped(lang);
        let text = testdata::render(&model, 60, 20);
        let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace() && *c != '│').collect::<String>();
        let said = crate::tr!("runbook-list-empty", dir = model.runbooks.dir.display().to_string());
        assert!(squeeze(&text).contains(&squeeze(&said)), "{lang:?}: {said}\n{text}");
    }
}

#[tokio::test]
async fn runbooks_pane() {
    use crate::runbook::apply::Progress;
    use crate::tui::model::runbooks::{Listing, Phase, RunbookEntry};
    let world = testdata::world().await;
    let mut model = testdata::model();
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::F(6), KeyModifiers::NONE)));
    assert_eq!(model.screen, Screen::Runbooks);
    let outline = crate::runbook::file::Outline::read(EXAMPLE_RUNBOOK).expect("outline");
    assert_eq!(outline.vars.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["standby", "app_standby"]);
    let broken = "~/.config/tceni/runbooks/half-written.toml";
    update(
        &mut model,
        Msg::RunbooksListed(Ok(vec![
            RunbookEntry { path: RUNBOOK_FILE.into(), outline: Ok(outline) },
            RunbookEntry {
                path: broken.into(),
                outline: Err(crate::runbook::file::Outline::read("[[steps]\n").unwrap_err()),
            },
        ])),
    );
    assert!(matches!(model.runbooks.listing, Listing::Read(_)));
    snap_all("runbooks_list", &mut model);

    // Enter asks for the variables (app_standby has its default), then plans.
    key(&mut model, KeyCode::Enter);
    update(&mut model, Msg::Paste("ins-njdb0002".into()));
    snap_all("runbooks_vars", &mut model);
    key(&mut model, KeyCode::Enter);
    let effects = update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let Some(crate::tui::Effect::PlanRunbook { id, vars, .. }) = effects.first() else {
        panic!("Enter on the last variable plans: {effects:?}")
    };
    assert_eq!(vars["standby"], "ins-njdb0002");
    let id = *id;
    snap_all("runbooks_planning", &mut model);

    // A plan that cannot run: the standby is a web host with too few slots.
    let (runbook, prepared) = runbook_plan(&world, "ins-njwb0001").await;
    assert!(!prepared.check.runnable());
    update(&mut model, Msg::RunbookPlanned { id, result: Ok(Box::new((runbook, prepared))) });
    update(&mut model, Msg::Drawn(Default::default()));
    update(&mut model, Msg::Tick(crate::tui::CONFIRM_DWELL));
    let effects = update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)));
    assert!(effects.is_empty(), "a blocked plan does not run");
    snap_all("runbooks_blocked", &mut model);

    // Planned again with the real standby: every step would run.
    let effects = update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)));
    let Some(crate::tui::Effect::PlanRunbook { id, .. }) = effects.first() else { panic!("{effects:?}") };
    let id = *id;
    let (runbook, prepared) = runbook_plan(&world, "ins-njdb0002").await;
    assert!(prepared.check.runnable());
    update(&mut model, Msg::RunbookPlanned { id, result: Ok(Box::new((runbook.clone(), prepared))) });
    let early = update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)));
    assert!(early.is_empty(), "y before the verdicts were on screen answers nothing");
    update(&mut model, Msg::Drawn(Default::default()));
    update(&mut model, Msg::Tick(crate::tui::CONFIRM_DWELL));
    snap_all("runbooks_plan", &mut model);

    let effects = update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)));
    let Some(crate::tui::Effect::RunRunbook { run_id, .. }) = effects.first() else { panic!("{effects:?}") };
    let run_id = *run_id;
    update(&mut model, Msg::RunbookStarted { run_id, result: Ok("rb-0123456789ab".into()) });
    // Three steps verified, the fourth following its task, the fifth being sent.
    for step in &runbook.steps[..5] {
        let started = Attempt::new(step.plan.clone(), Default::default(), T0);
        let event = Event::Started(Box::new(started));
        update(&mut model, runbook_msg(run_id, Progress::Step { step: step.number, event }));
    }
    update(&mut model, Msg::Tick(Duration::from_millis(1200)));
    for step in &runbook.steps[..3] {
        let (attempt, events) = runbook_step_events(&step.plan);
        for event in events {
            update(&mut model, runbook_msg(run_id, Progress::Step { step: step.number, event }));
        }
        update(
            &mut model,
            runbook_msg(run_id, Progress::Ran { step: step.number, attempt: Box::new(attempt) }),
        );
    }
    let mut following = sent_events();
    following.extend(accepted());
    for event in following {
        update(&mut model, runbook_msg(run_id, Progress::Step { step: 4, event }));
    }
    for event in sent_events() {
        update(&mut model, runbook_msg(run_id, Progress::Step { step: 5, event }));
    }
    update(&mut model, Msg::Tick(Duration::from_millis(300)));
    snap_all("runbooks_running", &mut model);

    // q with steps in flight asks first.
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)));
    assert!(model.exit.is_none(), "quitting with steps in flight asks first");
    snap_at("runbooks_quit_question", &mut model, &[(80, 24)]);
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE)));

    // The rest run to their end; the run is over, its undo runbook written.
    for step in &runbook.steps[5..] {
        let started = Attempt::new(step.plan.clone(), Default::default(), T0);
        let event = Event::Started(Box::new(started));
        update(&mut model, runbook_msg(run_id, Progress::Step { step: step.number, event }));
    }
    update(&mut model, Msg::Tick(Duration::from_millis(900)));
    for step in &runbook.steps[3..] {
        let (attempt, _) = runbook_step_events(&step.plan);
        update(
            &mut model,
            runbook_msg(run_id, Progress::Ran { step: step.number, attempt: Box::new(attempt) }),
        );
    }
    let finished = crate::runbook::session::Finished {
        reached_end: true,
        undo: Some(Ok("~/.local/share/tceni/runbooks/undo-rb-0123456789ab.toml".into())),
    };
    update(&mut model, Msg::RunbookFinished { run_id, code: 0, finished });
    assert!(
        matches!(model.runbooks.open.as_ref().map(|o| &o.phase), Some(Phase::Running(r)) if r.live.is_none())
    );
    snap_all("runbooks_done", &mut model);
}

/// The help at 60 and 80 columns: every line (a key's help, the intro, the notes) fits the
/// pane, wrapped rather than cut (in both languages).
#[test]
fn the_help_fits_its_pane_at_60_and_80_columns() {
    for lang in [crate::i18n::Language::EnUs, crate::i18n::Language::ZhCn] {
        let _g = crate::i18n::scoped(lang);
        for width in [60, 80] {
            let mut model = testdata::model();
            model.size = (width, 24);
            // The pane's inside less the scrollbar's column.
            let room = width as usize - 3;
            let wide: Vec<String> = super::help::lay_out(&model, room)
                .lines
                .iter()
                .filter(|l| l.width() > room)
                .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
                .collect();
            assert!(wide.is_empty(), "{width} columns, {lang:?}: {wide:#?}");
        }
    }
}

/// Opened from any pane at 60x20 and 80x24, the help starts at that pane's keys (or, near the
/// end, shows them with the help's last line); paged through to its end, no key's help is cut
/// (a long one wraps under itself), in both languages.
#[test]
fn the_help_opens_at_each_panes_keys_and_cuts_no_key_line() {
    use crate::tui::keymap::Focus;
    for lang in [crate::i18n::Language::EnUs, crate::i18n::Language::ZhCn] {
        let _g = crate::i18n::scoped(lang);
        for (w, h) in [(60, 20), (80, 24)] {
            let mut model = testdata::model_with(&testdata::setup(), (w, h));
            let first =
                crate::tui::layout::areas(ratatui::layout::Rect::new(0, 0, w, h)).body.top() as usize + 1;
            for focus in Focus::ALL {
                model.overlay = Some(Overlay::Help { from: focus, scroll: 0 });
                let text = testdata::show(&mut model);
                let title = format!("│ {}", focus.title());
                let row = text.lines().position(|l| l.starts_with(&title));
                let Some(Overlay::Help { scroll, .. }) = model.overlay else { panic!("help closed") };
                let at_end = scroll < 0;
                assert!(
                    row == Some(first) || (at_end && row.is_some()),
                    "{w}x{h} {lang:?}: the help opened from {focus:?} starts at its keys:\n{text}"
                );
            }
            // Page through from the top, a line at a time.
            model.overlay = Some(Overlay::Help { from: Focus::Region, scroll: -100 });
            let mut last = String::new();
            for _ in 0..200 {
                let text = testdata::show(&mut model);
                assert_nothing_cut(&model, &text);
                if text == last {
                    break;
                }
                last = text;
                key(&mut model, KeyCode::Down);
            }
        }
    }
}
