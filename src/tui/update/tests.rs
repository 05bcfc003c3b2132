//! Msg in → Model and Effects out, for every pane's keys.

use super::update;
use crate::api::{AttachType, Instance, NetworkInterface};
use crate::attach::preflight::{Report, Rule, Status, Verdict};
use crate::attach::{Event, Failure};
use crate::attempt::{Change, OwnCode, Reason};
use crate::history::{HistoryQuery, Outcome};
use crate::plan::Kind;
use crate::tui::keymap::Focus;
use crate::tui::model::{
    AccountState, FormFocus, InstanceField, Load, Model, Overlay, PickerKind, Run, Screen, Step,
};
use crate::tui::msg::{Effect, Msg, PreflightMode};
use crate::tui::testdata::{self, REGION, SEED};
use crate::tui::{Setup, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(model: &mut Model, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| update(model, ch(c))).collect()
}

fn prefilled() -> Model {
    let setup = Setup {
        eni: Some("eni-free0001".into()),
        instance: Some("ins-web00001".into()),
        ..testdata::setup()
    };
    testdata::model_with(&setup, (80, 24))
}

fn passing_report() -> Report {
    Report {
        verdicts: vec![Verdict {
            rule: Rule::EniExists,
            status: Status::Pass,
            reason: "ok".into(),
            code: None,
            advice: None,
            next: None,
        }],
    }
}

fn failing_report() -> Report {
    Report {
        verdicts: vec![Verdict {
            rule: Rule::SameVpc,
            status: Status::Fail,
            reason: "other VPC".into(),
            code: Some("UnsupportedOperation.VpcMismatch".into()),
            advice: None,
            next: None,
        }],
    }
}

/// End run `run` as its workflow would: its start, then each change up to `outcome`. Returns the
/// effects of the last (the end).
fn finish_run(model: &mut Model, run: u64, outcome: Outcome, reason: Option<Reason>) -> Vec<Effect> {
    let mut effects = Vec::new();
    for event in testdata::run_events(outcome, reason) {
        effects = update(model, Msg::Workflow { run_id: run, event });
    }
    effects
}

/// A model whose history store is open and whose confirm pane passed preflight.
fn confirmed() -> (Model, Vec<Effect>) {
    let mut model = prefilled();
    update(&mut model, Msg::HistoryOpened(Ok(testdata::history_handle())));
    let effects = update(&mut model, key(KeyCode::Enter));
    (model, effects)
}

fn run_id(model: &Model) -> u64 {
    model.progress.as_ref().expect("a run").run_id
}

// ---- start-up ----

#[test]
fn start_opens_history_and_lists_the_region() {
    let (model, effects) = Model::new(&testdata::setup(), SEED);
    assert_eq!(model.screen, Screen::Form);
    assert!(matches!(effects[0], Effect::OpenHistory));
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadEnis { region } if region == REGION)));
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadInstances { .. })));
}

#[test]
fn no_region_starts_on_the_region_list_with_the_last_region_preselected() {
    let setup = Setup { region: None, last_region: None, ..testdata::setup() };
    let (model, effects) = Model::new(&setup, SEED);
    assert_eq!(model.screen, Screen::Region);
    assert!(
        matches!(&effects[..], [Effect::OpenHistory, Effect::CheckAccount { .. }]),
        "nothing to list without a region: {effects:?}"
    );

    let setup = Setup { region: None, last_region: Some("ap-tokyo".into()), ..testdata::setup() };
    let (model, _) = Model::new(&setup, SEED);
    let selected = crate::catalog::regions()[model.regions.list.selected].id.as_str();
    assert_eq!(selected, "ap-tokyo");
}

#[test]
fn prefilled_flags_focus_the_confirm_action() {
    assert_eq!(prefilled().form.focus, FormFocus::Submit);
}

#[test]
fn no_credential_opens_the_dialog() {
    let setup = Setup { credential: None, ..testdata::setup() };
    let (model, effects) = Model::new(&setup, SEED);
    assert_eq!(model.overlay, Some(Overlay::Credentials));
    assert!(matches!(&effects[..], [Effect::OpenHistory]), "no listing, no account without a credential");
    assert_eq!(model.session.account, AccountState::NoCredential);
}

// ---- which account ----

fn demo_account() -> crate::attach::account::Account {
    crate::attach::account::Account {
        id: "100000000001".into(),
        arn: "qcs::cam::uin/100000000001:uin/100000000001".into(),
    }
}

fn checked(id: u64, result: Result<crate::attach::account::Account, String>) -> Msg {
    Msg::AccountChecked { id, secret_id_masked: testdata::demo_credential().credential.masked_id(), result }
}

#[test]
fn the_account_is_asked_after_the_app_opens_and_its_answer_shown() {
    let (mut model, effects) = Model::new(&testdata::setup(), SEED);
    let lookup = effects
        .iter()
        .find_map(|e| match e {
            Effect::CheckAccount { id } => Some(*id),
            _ => None,
        })
        .expect("the start asks sts as an effect");
    assert_eq!(model.session.account, AccountState::Checking { id: lookup });
    assert!(update(&mut model, checked(lookup, Ok(demo_account()))).is_empty());
    assert_eq!(model.session.account, AccountState::Known(demo_account()));

    let (mut model, _) = Model::new(&testdata::setup(), SEED);
    update(&mut model, checked(lookup, Err("could not reach the API".into())));
    assert_eq!(model.session.account, AccountState::Unknown("could not reach the API".into()));
}

#[test]
fn a_stored_key_asks_again_and_an_answer_about_the_old_key_is_ignored() {
    let (mut model, _) = Model::new(&testdata::setup(), SEED);
    let old = match model.session.account {
        AccountState::Checking { id } => id,
        ref other => panic!("{other:?}"),
    };
    let kept =
        crate::tui::msg::KeyKept { describe: "keyring:default (…mple)".into(), notice: String::new() };
    let effects = update(&mut model, Msg::KeyStored(Ok(testdata::key_stored(kept))));
    let new = effects
        .iter()
        .find_map(|e| match e {
            Effect::CheckAccount { id } => Some(*id),
            _ => None,
        })
        .expect("a new key is asked about");
    assert_ne!(new, old);
    update(&mut model, checked(old, Ok(demo_account())));
    assert_eq!(model.session.account, AccountState::Checking { id: new }, "the old key's answer is stale");
    update(&mut model, checked(new, Err("AuthFailure.SecretIdNotFound".into())));
    assert_eq!(model.session.account, AccountState::Unknown("AuthFailure.SecretIdNotFound".into()));
}

// ---- global keys ----

#[test]
fn ctrl_c_quits_from_a_form_and_q_types_there() {
    let mut model = testdata::model();
    assert!(update(&mut model, ch('q')).is_empty());
    assert_eq!(model.form.eni.text, "q");
    let effects = update(&mut model, ctrl('c'));
    assert!(matches!(effects.as_slice(), [Effect::Quit]));
    assert_eq!(model.exit.as_ref().map(|e| e.code), Some(0));
}

#[test]
fn q_quits_from_history_and_types_in_the_region_filter() {
    let mut model = testdata::model();
    update(&mut model, key(KeyCode::Esc));
    assert_eq!(model.screen, Screen::Region, "Esc backs out of the form, never quits");
    assert!(update(&mut model, ch('q')).is_empty(), "the region list is its own filter");
    assert_eq!(model.regions.filter.text, "q");
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::ALT)));
    assert_eq!(model.screen, Screen::History);
    assert!(matches!(update(&mut model, ch('q')).as_slice(), [Effect::Quit]));
}

#[test]
fn tab_cycles_panes_and_progress_appears_once_something_ran() {
    let mut model = testdata::model();
    update(&mut model, key(KeyCode::Tab));
    assert_eq!(model.screen, Screen::History);
    update(&mut model, key(KeyCode::Tab));
    assert_eq!(model.screen, Screen::Runbooks);
    update(&mut model, key(KeyCode::Tab));
    assert_eq!(model.screen, Screen::Region);
    update(&mut model, key(KeyCode::BackTab));
    assert_eq!(model.screen, Screen::Runbooks);
}

#[test]
fn help_toggles_with_question_mark_or_f1_in_a_form() {
    let mut model = testdata::model();
    update(&mut model, key(KeyCode::F(1)));
    assert_eq!(
        model.overlay,
        Some(Overlay::Help { from: Focus::Form, scroll: 0 }),
        "opens at the form's keys"
    );
    assert_eq!(model.focus(), Focus::Help);
    update(&mut model, key(KeyCode::Down));
    assert_eq!(model.overlay, Some(Overlay::Help { from: Focus::Form, scroll: 1 }));
    update(&mut model, ch('?'));
    assert_eq!(model.overlay, None);
}

/// Keys pressed past the help's top are not owed back: once at the top, the first Down moves it.
#[test]
fn the_help_moves_on_the_first_key_back_from_its_top() {
    let mut model = testdata::model();
    update(&mut model, key(KeyCode::F(1)));
    for _ in 0..5 {
        update(&mut model, key(KeyCode::PageUp));
    }
    let top = testdata::show(&mut model);
    update(&mut model, key(KeyCode::Down));
    assert_ne!(testdata::show(&mut model), top, "the first Down scrolls the help");
}

#[test]
fn terminate_and_resize() {
    let mut model = testdata::model();
    update(&mut model, Msg::Resize(120, 40));
    assert_eq!(model.size, (120, 40));
    assert!(matches!(update(&mut model, Msg::Terminate).as_slice(), [Effect::Quit]));
}

// ---- region ----

#[test]
fn region_filter_as_you_type_then_enter_chooses() {
    let setup = Setup { region: None, ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (80, 24));
    typed(&mut model, "tokyo");
    assert_eq!(model.visible_regions().len(), 1);
    let effects = update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.session.region.as_deref(), Some("ap-tokyo"));
    assert_eq!(model.screen, Screen::Form);
    assert!(
        matches!(&effects[..], [Effect::LoadEnis { region }, Effect::LoadInstances { .. }] if region == "ap-tokyo")
    );
}

#[test]
fn region_keys_move_and_esc_clears_the_filter() {
    let setup = Setup { region: None, ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (80, 24));
    update(&mut model, key(KeyCode::Down));
    update(&mut model, key(KeyCode::Down));
    assert_eq!(model.regions.list.selected, 2);
    update(&mut model, key(KeyCode::Up));
    assert_eq!(model.regions.list.selected, 1);
    typed(&mut model, "fsi");
    assert_eq!(model.visible_regions().len(), 2);
    update(&mut model, key(KeyCode::Esc));
    assert!(!model.regions.filtering);
    assert_eq!(model.visible_regions().len(), crate::catalog::regions().len());
}

// ---- form ----

#[test]
fn form_validates_before_confirming() {
    let mut model = testdata::model();
    typed(&mut model, "eni-abc");
    update(&mut model, key(KeyCode::Down));
    update(&mut model, key(KeyCode::Down));
    update(&mut model, key(KeyCode::Down));
    assert_eq!(model.form.focus, FormFocus::Submit);
    let effects = update(&mut model, key(KeyCode::Enter));
    assert!(effects.is_empty());
    assert_eq!(model.screen, Screen::Form);
    assert_eq!(model.form.focus, FormFocus::Eni);
    assert_eq!(model.notice.as_deref(), Some("ENI ID needs 8 characters after 'eni-', got 3"));
}

#[test]
fn paste_routes_ids_to_their_field() {
    let mut model = testdata::model();
    update(&mut model, Msg::Paste("  ins-web00001\n".into()));
    assert_eq!(model.form.instance.text, "ins-web00001");
    assert_eq!(model.form.focus, FormFocus::Instance);
    update(&mut model, Msg::Paste("eni-free0001".into()));
    assert_eq!(model.form.eni.text, "eni-free0001");
}

#[test]
fn attach_type_toggles() {
    let mut model = testdata::model();
    update(&mut model, ctrl('t'));
    assert_eq!(model.form.attach_type, AttachType::Extended);
    model.form.focus = FormFocus::AttachType;
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.form.attach_type, AttachType::Standard);
}

#[test]
fn enter_on_a_field_moves_on_and_backspace_edits() {
    let mut model = testdata::model();
    typed(&mut model, "eni-free00011");
    update(&mut model, key(KeyCode::Backspace));
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.form.eni.text, "eni-free0001");
    assert_eq!(model.form.focus, FormFocus::Instance);
}

// ---- operations ----

#[test]
fn ctrl_o_cycles_the_operation_and_keeps_what_was_typed() {
    let mut model = prefilled();
    let fields = |m: &Model| (m.form.eni.text.clone(), m.form.instance.text.clone(), m.form.focus);
    let before = fields(&model);
    let mut seen = Vec::new();
    for _ in 0..3 {
        update(&mut model, ctrl('o'));
        seen.push(model.form.operation);
    }
    assert_eq!(seen, [Kind::Detach, Kind::Move, Kind::Attach]);
    assert_eq!(fields(&model), before, "a full cycle is an undo");
    assert!(model.keymap.hints(Focus::Form).iter().any(|(_, k, h)| k == "Ctrl-O" && h.contains("move")));
}

#[test]
fn leaving_move_moves_the_focus_off_the_destination() {
    let mut model = prefilled();
    update(&mut model, ctrl('o'));
    update(&mut model, ctrl('o'));
    model.form.focus = FormFocus::Destination;
    update(&mut model, ctrl('o'));
    assert_eq!((model.form.operation, model.form.focus), (Kind::Attach, FormFocus::Instance));
    update(&mut model, ctrl('o'));
    model.form.focus = FormFocus::Submit;
    update(&mut model, key(KeyCode::Up));
    assert_eq!(model.form.focus, FormFocus::Instance, "detach has no attach type to stop on");
}

#[test]
fn picking_an_attached_eni_on_attach_sets_up_a_move_from_where_it_is() {
    let mut model = testdata::model();
    loaded(&mut model);
    update(&mut model, ctrl('p'));
    typed(&mut model, "aaa");
    update(&mut model, key(KeyCode::Enter));
    let form = &model.form;
    assert_eq!((form.operation, form.instance.text.as_str()), (Kind::Move, "ins-full0000"));
    assert_eq!(form.focus, FormFocus::Destination);
    assert!(model.notice.as_deref().unwrap().contains("Ctrl-O"), "the switch says how to undo it");

    update(&mut model, ctrl('p'));
    let picker = model.picker().map(|p| p.kind);
    assert_eq!(picker, Some(PickerKind::Instance(InstanceField::Destination)));
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.form.destination.text, "ins-good0000", "the picker fills the destination");
    assert_eq!(model.form.instance.text, "ins-full0000", "and leaves the source alone");
    assert_eq!(model.form.focus, FormFocus::Submit);
}

#[test]
fn a_move_is_confirmed_with_both_instances_and_no_token() {
    let mut model = testdata::model();
    loaded(&mut model);
    update(&mut model, Msg::HistoryOpened(Ok(testdata::history_handle())));
    super::form::prefill_move(&mut model, "eni-aaaaaaaa", "ins-full0000");
    typed(&mut model, "ins-good0000");
    model.form.focus = FormFocus::Submit;
    let effects = update(&mut model, key(KeyCode::Enter));
    let plan = model.confirm().expect("confirm").plan.clone();
    assert_eq!(plan.kind(), Kind::Move);
    assert_eq!(plan.summary(), "move eni-aaaaaaaa from ins-full0000 → ins-good0000");
    assert_eq!(plan.client_token(), None, "MigrateNetworkInterface takes no ClientToken");
    assert!(matches!(&effects[..], [Effect::Preflight { plan: p, .. }] if *p == plan));
    pass_preflight(&mut model);
    let effects = update(&mut model, ch('y'));
    assert!(matches!(&effects[..], [Effect::RunWorkflow { plan: p, .. }] if *p == plan));
}

#[test]
fn a_move_to_the_same_instance_is_refused_at_the_destination() {
    let mut model = testdata::model();
    super::form::prefill_move(&mut model, "eni-aaaaaaaa", "ins-full0000");
    typed(&mut model, "ins-full0000");
    model.form.focus = FormFocus::Submit;
    assert!(update(&mut model, key(KeyCode::Enter)).is_empty());
    assert_eq!(model.form.focus, FormFocus::Destination);
    assert!(model.notice.as_deref().unwrap().contains("same instance"));
}

// ---- pickers ----

fn eni(id: &str, vpc: &str, zone: &str, attached_to: Option<&str>) -> NetworkInterface {
    NetworkInterface {
        id: id.into(),
        name: id.replace("eni-", "n-"),
        vpc_id: vpc.into(),
        subnet_id: "subnet-1".into(),
        zone: zone.into(),
        group_set: vec!["sg-1".into()],
        state: "AVAILABLE".into(),
        attachment: attached_to
            .map(|i| crate::api::actions::Attachment { instance_id: i.into(), ..Default::default() }),
        ..Default::default()
    }
}

fn instance(id: &str, vpc: &str, zone: &str, state: &str) -> Instance {
    Instance {
        id: id.into(),
        name: id.replace("ins-", "i-"),
        state: state.into(),
        placement: crate::api::actions::Placement { zone: zone.into() },
        virtual_private_cloud: Some(crate::api::actions::VirtualPrivateCloud {
            vpc_id: vpc.into(),
            subnet_id: "subnet-1".into(),
        }),
        ..Default::default()
    }
}

fn loaded(model: &mut Model) {
    listed(model);
    let limits = [("ins-full0000", 1), ("ins-other000", 4), ("ins-good0000", 4), ("ins-boot0000", 4)]
        .into_iter()
        .map(|(id, n)| (id.to_string(), limit(n)))
        .collect();
    update(model, Msg::LimitsLoaded { region: REGION.into(), limits });
}

#[test]
fn eni_picker_filters_and_fills_the_field() {
    let mut model = testdata::model();
    loaded(&mut model);
    update(&mut model, ctrl('p'));
    assert_eq!(model.picker().map(|p| p.kind), Some(PickerKind::Eni));
    assert_eq!(super::picker::len(&model), 2);
    typed(&mut model, "bbb");
    assert_eq!(super::picker::len(&model), 1);
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.overlay, None);
    assert_eq!(model.form.eni.text, "eni-bbbbbbbb");
    assert_eq!(model.form.focus, FormFocus::Instance);
}

#[test]
fn a_failed_listing_is_kept_and_esc_closes_the_picker() {
    let mut model = testdata::model();
    let error = Failure::new("AuthFailure.SecretIdNotFound", "no such key");
    update(&mut model, Msg::EnisLoaded { region: REGION.into(), result: Err(error) });
    assert!(matches!(model.resources.enis, Load::Failed(_)));
    update(&mut model, ctrl('p'));
    update(&mut model, key(KeyCode::Esc));
    assert_eq!(model.overlay, None);
    typed(&mut model, "eni-free0001");
    assert_eq!(model.form.eni.text, "eni-free0001", "typing still works");
}

#[test]
fn refresh_relists() {
    let mut model = testdata::model();
    let effects = update(&mut model, ctrl('r'));
    assert!(matches!(&effects[..], [Effect::LoadEnis { .. }, Effect::LoadInstances { .. }]));
}

// ---- confirm ----

#[test]
fn confirm_shows_the_token_it_will_send_and_runs_preflight() {
    let (model, effects) = confirmed();
    let confirm = model.confirm().expect("confirm pane");
    assert!(matches!(model.screen, Screen::Confirm(_)));
    let token = confirm.plan.client_token().expect("an attach has a token");
    assert!(token.starts_with(&format!("tceni-{SEED}-")), "{token}");
    assert_eq!(confirm.plan.endpoint, "http://127.0.0.1:8080/");
    assert_eq!(confirm.preflight, Load::Loading);
    assert!(matches!(&effects[..], [Effect::Preflight { id, plan }]
        if *id == confirm.preflight_id && plan == &confirm.plan));
    assert_eq!(
        (confirm.plan.eni.as_str(), confirm.plan.instance().as_str()),
        ("eni-free0001", "ins-web00001")
    );
}

#[test]
fn y_sends_exactly_what_was_shown() {
    let (mut model, _) = confirmed();
    let id = model.confirm().unwrap().preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(passing_report()) });
    shown(&mut model);
    let shown = model.confirm().unwrap().plan.clone();
    let effects = update(&mut model, ch('y'));
    assert_eq!(model.screen, Screen::Progress);
    let [Effect::RunWorkflow { plan, preflight: PreflightMode::Check, .. }] = &effects[..] else {
        panic!("expected one run, got {effects:?}")
    };
    assert_eq!(plan, &shown, "the token and every field are the ones on screen");
    assert_eq!((plan.eni.as_str(), plan.instance().as_str()), ("eni-free0001", "ins-web00001"));
    assert_eq!(plan.attach_type(), Some(AttachType::Standard));
    assert_eq!(plan.kind(), Kind::Attach);
}

#[test]
fn failed_preflight_blocks_until_the_explicit_override() {
    let (mut model, _) = confirmed();
    let id = model.confirm().unwrap().preflight_id;
    update(&mut model, Msg::PreflightDone { id: id + 100, result: Ok(passing_report()) });
    assert_eq!(model.confirm().unwrap().preflight, Load::Loading, "a stale answer is ignored");
    update(&mut model, Msg::PreflightDone { id, result: Ok(failing_report()) });
    shown(&mut model);
    assert!(update(&mut model, ch('y')).is_empty());
    assert!(model.notice.as_deref().unwrap().contains("press ! then y"));
    update(&mut model, ch('!'));
    let effects = update(&mut model, ch('y'));
    assert!(matches!(&effects[..], [Effect::RunWorkflow { preflight: PreflightMode::Override, .. }]));
}

#[test]
fn n_and_esc_go_back_without_sending() {
    let (mut model, _) = confirmed();
    assert!(update(&mut model, ch('n')).is_empty());
    assert_eq!(model.screen, Screen::Form);
    assert!(model.confirm().is_none());
    update(&mut model, key(KeyCode::Enter));
    assert!(update(&mut model, key(KeyCode::Esc)).is_empty());
    assert_eq!(model.screen, Screen::Form);
}

#[test]
fn read_only_shows_everything_and_sends_nothing() {
    let setup = Setup {
        read_only: true,
        eni: Some("eni-free0001".into()),
        instance: Some("ins-web00001".into()),
        ..testdata::setup()
    };
    let mut model = testdata::model_with(&setup, (80, 24));
    update(&mut model, key(KeyCode::Enter));
    assert!(matches!(model.screen, Screen::Confirm(_)));
    pass_preflight(&mut model);
    assert!(update(&mut model, ch('y')).is_empty());
    assert!(matches!(model.screen, Screen::Confirm(_)));
    assert!(model.notice.as_deref().unwrap().starts_with("read-only"));
    let screen = testdata::render(&model, 100, 30);
    assert!(screen.contains("Review attach (read-only): nothing will be sent"), "{screen}");
    assert!(!screen.contains("review what will be sent"), "the title never says it will be sent");
}

#[test]
fn each_confirm_gets_a_fresh_token() {
    let (mut model, _) = confirmed();
    let token = |model: &Model| model.confirm().unwrap().plan.client_token().map(str::to_string);
    let first = token(&model);
    update(&mut model, ch('n'));
    update(&mut model, key(KeyCode::Enter));
    assert_ne!(token(&model), first);
}

// ---- progress ----

fn sent(model: &mut Model) -> u64 {
    pass_preflight(model);
    update(model, ch('y'));
    run_id(model)
}

fn step(model: &Model) -> Option<Step> {
    model.progress.as_ref().filter(|p| p.running()).map(|p| p.attempt.step())
}

#[test]
fn progress_follows_the_workflow_events() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    let ev = |change| Msg::Workflow { run_id: run, event: Event::Changed(change) };
    let effects = update(&mut model, ev(Change::Recorded { id: 7 }));
    assert!(matches!(&effects[..], [Effect::LoadHistory { append: false, .. }]), "the pending row shows");
    update(&mut model, ev(Change::PreflightStarted));
    assert_eq!(step(&model), Some(Step::Preflight));
    update(&mut model, ev(Change::PreflightDone(passing_report())));
    update(&mut model, ev(Change::Sending));
    update(&mut model, ev(Change::Accepted { request_id: "req-1".into() }));
    update(&mut model, ev(Change::Following));
    update(&mut model, ev(Change::PollSent));
    update(&mut model, ev(Change::PollAnswered { status: "RUNNING".into(), output: None, at: 1 }));
    let p = model.progress.as_ref().unwrap();
    assert_eq!(p.attempt.task, crate::attempt::Task::Polling { asked: 1, last: Some("RUNNING".into()) });
    update(&mut model, Msg::Workflow { run_id: run + 50, event: Event::Changed(Change::Describing) });
    assert_eq!(step(&model), Some(Step::Task), "another run's events are ignored");
    update(&mut model, ev(Change::PollAnswered { status: "SUCCESS".into(), output: None, at: 2 }));
    update(&mut model, ev(Change::Describing));
    assert_eq!(step(&model), Some(Step::Verify));
    let planned = testdata::ended(&testdata::attach_plan(), Outcome::Succeeded, None);
    update(&mut model, ev(Change::Located(planned.located().unwrap().clone())));
    let ended = Change::Ended { outcome: Outcome::Succeeded, reason: None, at: 3, duration_ms: Some(1200) };
    let effects = update(&mut model, ev(ended));
    let p = model.progress.as_ref().unwrap();
    assert!(p.succeeded() && !p.running());
    assert_eq!(p.attempt.step(), Step::Verify);
    let steps: Vec<Step> = p.timings.iter().map(|(s, _)| *s).collect();
    assert_eq!(steps, [Step::Start, Step::Preflight, Step::Send, Step::Task, Step::Verify], "each step once");
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadHistory { .. })));
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadEnis { .. })), "pickers relist after a change");
    assert_eq!(model.tabs(), crate::tui::model::Pane::ALL.to_vec());
}

/// Send from the confirm pane: the run's id and the token its workflow was started with.
fn sent_with_token(model: &mut Model) -> (u64, CancellationToken) {
    pass_preflight(model);
    let effects = update(model, ch('y'));
    let [Effect::RunWorkflow { cancel, .. }] = &effects[..] else { panic!("a run starts: {effects:?}") };
    (run_id(model), cancel.clone())
}

/// Run the Cancel effects the way the workers do.
fn cancel_all(effects: &[Effect]) {
    for effect in effects {
        if let Effect::Cancel(token) = effect {
            token.cancel();
        }
    }
}

#[test]
fn esc_cancels_a_run_in_flight_then_backs_out() {
    let (mut model, _) = confirmed();
    let (run, token) = sent_with_token(&mut model);
    let effects = update(&mut model, key(KeyCode::Esc));
    assert!(matches!(&effects[..], [Effect::Cancel(_)]));
    cancel_all(&effects);
    assert!(token.is_cancelled(), "Esc cancels the token the workflow runs with");
    assert!(matches!(model.progress.as_ref().unwrap().run, Run::Cancelling(_)));
    assert!(update(&mut model, key(KeyCode::Esc)).is_empty(), "one cancel is enough");
    let reason = Reason::new(OwnCode::Cancelled, "cancelled");
    finish_run(&mut model, run, Outcome::Cancelled, Some(reason));
    assert!(matches!(model.progress.as_ref().unwrap().run, Run::Finished { .. }));
    assert!(update(&mut model, key(KeyCode::Esc)).is_empty());
    assert_eq!(model.screen, Screen::Form);
}

#[test]
fn quitting_during_a_run_cancels_it() {
    let (mut model, _) = confirmed();
    let (_, token) = sent_with_token(&mut model);
    let effects = update(&mut model, ctrl('c'));
    assert!(matches!(&effects[..], [Effect::Cancel(_), Effect::Quit]));
    cancel_all(&effects);
    assert!(token.is_cancelled());
}

#[test]
fn a_runs_cancel_token_lives_and_dies_with_the_run() {
    let (mut model, _) = confirmed();
    let (run, first) = sent_with_token(&mut model);
    assert!(model.progress.as_ref().unwrap().run.live().is_some_and(|l| !l.cancel.is_cancelled()));
    finish_run(&mut model, run, Outcome::Succeeded, None);
    assert!(model.progress.as_ref().unwrap().run.live().is_none(), "the finished run holds no token");
    // Nothing can cancel a finished run: quitting now cancels nothing.
    let effects = update(&mut model, ch('q'));
    assert!(matches!(&effects[..], [Effect::Quit]), "{effects:?}");
    assert!(!first.is_cancelled());
    // A second run has its own token; cancelling it leaves the first alone.
    let (mut model, _) = confirmed();
    let (_, a) = sent_with_token(&mut model);
    let (_, b) = sent_with_token(&mut confirmed().0);
    cancel_all(&update(&mut model, key(KeyCode::Esc)));
    assert!(a.is_cancelled() && !b.is_cancelled());
}

#[test]
fn d_after_success_offers_detach_through_confirm() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    update(&mut model, ch('d'));
    assert_eq!(model.screen, Screen::Progress, "no detach before success");
    finish_run(&mut model, run, Outcome::Succeeded, None);
    let effects = update(&mut model, ch('d'));
    let confirm = model.confirm().expect("confirm");
    assert_eq!((confirm.plan.kind(), confirm.plan.attach_type()), (Kind::Detach, None));
    assert!(matches!(&effects[..], [Effect::Preflight { plan, .. }] if plan == &confirm.plan));
    update(&mut model, ch('n'));
    assert_eq!(model.screen, Screen::Progress);
    update(&mut model, ch('d'));
    pass_preflight(&mut model);
    let effects = update(&mut model, ch('y'));
    assert!(matches!(&effects[..], [Effect::RunWorkflow { plan, .. }] if plan.kind() == Kind::Detach));
}

#[test]
fn y_in_progress_copies_the_request_id() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    update(&mut model, Msg::Workflow { run_id: run, event: Event::Changed(Change::Sending) });
    update(
        &mut model,
        Msg::Workflow { run_id: run, event: Event::Changed(Change::Accepted { request_id: "req-9".into() }) },
    );
    let effects = update(&mut model, ch('y'));
    assert!(matches!(&effects[..], [Effect::Copy(text)] if text == "req-9"));
}

// ---- history ----

fn history_model() -> Model {
    let mut model = testdata::model();
    let effects = update(&mut model, Msg::HistoryOpened(Ok(testdata::history_handle())));
    assert!(matches!(&effects[..], [Effect::Reconcile, Effect::LoadHistory { append: false, .. }]));
    update(&mut model, key(KeyCode::Tab));
    let generation = model.history.generation;
    update(&mut model, Msg::HistoryPage { generation, append: false, result: Ok(testdata::attempts()) });
    model
}

#[test]
fn history_lists_pages_and_ignores_stale_answers() {
    let mut model = history_model();
    assert_eq!(model.screen, Screen::History);
    assert_eq!(model.history.rows.len(), 6);
    assert!(model.history.exhausted, "a short page is the last");
    let stale = model.history.generation - 1;
    update(&mut model, Msg::HistoryPage { generation: stale, append: false, result: Ok(vec![]) });
    assert_eq!(model.history.rows.len(), 6);
}

#[test]
fn history_pages_on_when_the_selection_nears_the_end() {
    let mut model = history_model();
    let full_page: Vec<_> = (0..HistoryQuery::DEFAULT_LIMIT as i64)
        .map(|i| crate::history::Row { id: 1000 - i, ..testdata::attempts()[0].clone() })
        .collect();
    let generation = model.history.generation;
    update(&mut model, Msg::HistoryPage { generation, append: false, result: Ok(full_page) });
    assert!(!model.history.exhausted);
    let mut requests = Vec::new();
    for _ in 0..100 {
        for effect in update(&mut model, ch('j')) {
            if let Effect::LoadHistory { query, append: true, .. } = effect {
                requests.push((model.history.list.selected, query.before_id));
            }
        }
    }
    assert_eq!(requests, vec![(80, Some(901))], "once, 20 rows before the end, after the last id");
    assert!(update(&mut model, ch('j')).is_empty(), "one page at a time");
}

#[test]
fn history_filter_passes_text_to_the_store() {
    let mut model = history_model();
    update(&mut model, ch('/'));
    assert_eq!(model.focus(), Focus::HistoryFilter);
    let effects = typed(&mut model, "web");
    let last = effects.last().expect("a query per keystroke");
    assert!(
        matches!(last, Effect::LoadHistory { query, append: false, generation } if query.text == "web" && *generation == model.history.generation)
    );
    update(&mut model, key(KeyCode::Esc));
    assert!(model.history.filter.text.is_empty());
}

#[test]
fn history_enter_shows_the_record_and_r_prefills_without_sending() {
    let mut model = history_model();
    update(&mut model, ch('j'));
    update(&mut model, ch('j'));
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.overlay, Some(Overlay::Detail));
    let effects = update(&mut model, ch('r'));
    assert!(!effects.iter().any(|e| matches!(e, Effect::RunWorkflow { .. })));
    assert_eq!(model.screen, Screen::Form);
    assert_eq!(model.overlay, None);
    assert_eq!(model.form.operation, Kind::Detach, "row #4 was a detach");
    assert_eq!((model.form.eni.text.as_str(), model.form.focus), ("eni-free0001", FormFocus::Submit));
}

#[test]
fn history_m_prefills_a_move_from_the_rows_instance() {
    let mut model = history_model();
    let row = model.history.selected().cloned().expect("the newest row");
    assert_eq!(row.action, Kind::Attach);
    let effects = update(&mut model, ch('m'));
    assert!(!effects.iter().any(|e| matches!(e, Effect::RunWorkflow { .. } | Effect::Preflight { .. })));
    assert_eq!(model.screen, Screen::Form);
    let form = &model.form;
    assert_eq!(form.operation, Kind::Move);
    assert_eq!((form.eni.text.as_str(), form.instance.text.as_str()), ("eni-free0003", "ins-web00002"));
    assert_eq!((form.destination.text.as_str(), form.focus), ("", FormFocus::Destination));
}

#[test]
fn history_y_copies_the_request_id_or_the_eni() {
    let mut model = history_model();
    let effects = update(&mut model, ch('y'));
    assert!(
        matches!(&effects[..], [Effect::Copy(text)] if text == "eni-free0003"),
        "pending row: no RequestId yet"
    );
    update(&mut model, ch('j'));
    let effects = update(&mut model, ch('y'));
    assert!(matches!(&effects[..], [Effect::Copy(text)] if text.ends_with("000005")));
}

#[test]
fn reconcile_reloads_when_rows_changed() {
    let mut model = history_model();
    assert!(update(&mut model, Msg::Reconciled(0)).is_empty());
    assert!(matches!(&update(&mut model, Msg::Reconciled(2))[..], [Effect::LoadHistory { .. }]));
}

#[test]
fn a_history_file_that_cannot_open_is_reported() {
    let mut model = testdata::model();
    assert!(update(&mut model, Msg::HistoryOpened(Err("disk full".into()))).is_empty());
    assert!(matches!(model.history.opened, Load::Failed(_)));
    update(&mut model, key(KeyCode::Tab));
    assert_eq!(model.screen, Screen::History);
}

// ---- credentials ----

#[test]
fn credentials_dialog_stores_a_masked_key() {
    let setup = Setup { credential: None, ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (80, 24));
    typed(&mut model, "AKIDexample");
    update(&mut model, key(KeyCode::Tab));
    typed(&mut model, "sekret");
    update(&mut model, key(KeyCode::Backspace));
    assert_eq!(model.credentials.secret_key.expose(), "sekre");
    assert!(!format!("{model:?}").contains("sekre"), "Debug never shows the key");
    let effects = update(&mut model, key(KeyCode::Enter));
    assert!(matches!(&effects[..], [Effect::StoreKey { secret_id, .. }] if secret_id == "AKIDexample"));
    let kept = crate::tui::msg::KeyKept {
        describe: "keyring:default (…mple)".into(),
        notice: "kept in the kernel keyring for profile default (…mple) until the next reboot only".into(),
    };
    let effects = update(&mut model, Msg::KeyStored(Ok(testdata::key_stored(kept))));
    assert_eq!(model.overlay, None);
    assert_eq!(model.session.credential.as_deref(), Some("keyring:default (…mple)"));
    assert!(
        model.notice.as_deref().is_some_and(|n| n.contains("until the next reboot") && !n.contains("stored"))
    );
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadEnis { .. })));
}

#[test]
fn credentials_dialog_can_leave_for_the_demo_or_continue_without() {
    let setup = Setup { credential: None, ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (80, 24));
    let effects = update(&mut model, ctrl('d'));
    assert!(matches!(&effects[..], [Effect::Quit]));
    let exit = model.exit.as_ref().unwrap();
    assert!(exit.open_demo, "the caller reopens the app on the sandbox");
    assert_eq!(exit.code, 0);

    let mut model = testdata::model_with(&setup, (80, 24));
    update(&mut model, key(KeyCode::Enter));
    update(&mut model, key(KeyCode::Enter));
    assert!(model.credentials.error.is_some(), "both fields are needed");
    update(&mut model, key(KeyCode::Esc));
    assert_eq!(model.overlay, None);
}

// ---- mouse ----

fn click(x: u16, y: u16) -> Msg {
    Msg::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn clicks_select_tabs_rows_and_fields() {
    let mut model = testdata::model();
    let tabs = crate::tui::layout::tab_spans(&model);
    let (_, _, x, _) = tabs.iter().find(|(p, ..)| *p == crate::tui::model::Pane::Region).cloned().unwrap();
    update(&mut model, click(x + 1, 2));
    assert_eq!(model.screen, Screen::Region);
    let list = crate::tui::layout::region_list(
        crate::tui::layout::areas(crate::tui::layout::screen_rect(&model)).body,
    );
    update(&mut model, click(list.x + 2, list.y + 3));
    assert_eq!(model.regions.list.selected, 3);
    update(
        &mut model,
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 0,
            row: 0,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(model.regions.list.selected, 4);

    let mut model = testdata::model();
    let rows = crate::tui::layout::form_rows(
        crate::tui::layout::areas(crate::tui::layout::screen_rect(&model)).body,
        Kind::Attach,
    );
    let (_, instance_row) = rows[1];
    update(&mut model, click(instance_row.x + 3, instance_row.y + 1));
    assert_eq!(model.form.focus, FormFocus::Instance);
}

#[test]
fn theme_comes_from_setup() {
    let setup = Setup { theme: Theme::Light, ..testdata::setup() };
    assert_eq!(testdata::model_with(&setup, (80, 24)).theme, Theme::Light);
}

// ---- the handles the runtime owns ----

#[test]
fn the_runtime_takes_what_the_messages_bring() {
    use crate::tui::workers::Workers;
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let mut runtime = Workers::new(tx, &Setup { credential: None, ..testdata::setup() });
    assert!(runtime.handles().signer.is_none() && runtime.handles().history.is_none());
    runtime.install(&Msg::HistoryOpened(Err("disk full".into())));
    assert!(runtime.handles().history.is_none());
    runtime.install(&Msg::HistoryOpened(Ok(testdata::history_handle())));
    let kept =
        crate::tui::msg::KeyKept { describe: "keyring:default (…mple)".into(), notice: String::new() };
    // The message carries the credential; the runtime builds the client it signs with.
    runtime.install(&Msg::KeyStored(Ok(testdata::key_stored(kept))));
    assert!(runtime.handles().history.is_some());
    assert_eq!(
        runtime.handles().signer.as_ref().map(|s| s.caller.secret_id_masked.clone()),
        Some(testdata::demo_credential().credential.masked_id())
    );
}

// ---- progress you can watch ----

#[test]
fn ticks_move_a_live_runs_clock_and_step_times_only() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    let tick = || Msg::Tick(Duration::from_millis(100));
    let ev = |event| Msg::Workflow { run_id: run, event };
    update(&mut model, ev(Event::Changed(Change::PreflightStarted)));
    for _ in 0..4 {
        update(&mut model, tick());
    }
    update(&mut model, ev(Event::Changed(Change::PreflightDone(passing_report()))));
    update(&mut model, ev(Event::Changed(Change::Sending)));
    update(&mut model, tick());
    let p = model.progress.as_ref().unwrap();
    assert_eq!(p.clock, Duration::from_millis(500));
    assert_eq!(p.took(Step::Preflight), Some(Duration::from_millis(400)));
    assert_eq!(p.run.live().unwrap().step_since, Duration::from_millis(400), "sending began at 0.4 s");
    finish_run(&mut model, run, Outcome::Succeeded, None);
    update(&mut model, tick());
    assert_eq!(
        model.progress.as_ref().unwrap().clock,
        Duration::from_millis(500),
        "a finished run's clock stops"
    );
    assert!(!model.ticking());
}

#[test]
fn a_retry_is_shown_until_the_step_moves_on() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    update(&mut model, Msg::Workflow { run_id: run, event: Event::Changed(Change::Sending) });
    let live = model.progress.as_mut().unwrap().run.live_mut().unwrap();
    super::note_retry(live, "AttachNetworkInterface", 1, "RequestLimitExceeded", Duration::from_millis(400));
    let text = testdata::render(&model, 250, 70);
    assert!(
        text.contains("waiting for the answer · 0.0 s · try 1 failed (RequestLimitExceeded), try 2 in 0.4 s"),
        "{text}"
    );
    update(&mut model, Msg::Tick(Duration::from_millis(500)));
    assert!(testdata::render(&model, 250, 70).contains("try 2 going now"));
    update(
        &mut model,
        Msg::Workflow { run_id: run, event: Event::Changed(Change::Accepted { request_id: "req-1".into() }) },
    );
    assert!(
        model.progress.as_ref().unwrap().run.live().unwrap().retry.is_none(),
        "answered: the retry is over"
    );
}

// ---- quitting with a request in flight ----

fn asking(model: &Model) -> bool {
    model.progress.as_ref().and_then(|p| p.run.live()).is_some_and(|l| l.asking.is_some())
}

#[test]
fn quit_with_a_request_in_flight_asks_first() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    update(&mut model, Msg::Workflow { run_id: run, event: Event::Changed(Change::Sending) });
    update(&mut model, alt('3')); // to History: q is quit there too
    assert_eq!(model.screen, Screen::History);
    assert!(update(&mut model, ch('q')).is_empty(), "nothing quits yet");
    assert!(asking(&model) && model.screen == Screen::Progress, "the question shows on the run");
    assert!(update(&mut model, ch('n')).is_empty());
    assert!(!asking(&model) && model.exit.is_none(), "any other key stays");
    update(
        &mut model,
        Msg::Workflow { run_id: run, event: Event::Changed(Change::Accepted { request_id: "req-1".into() }) },
    );
    assert!(update(&mut model, ctrl('c')).is_empty(), "Ctrl-C asks too while polling");
    let effects = update(&mut model, ch('y'));
    assert!(matches!(&effects[..], [Effect::Cancel(_), Effect::Quit]), "{effects:?}");
    assert_eq!(
        model.exit.as_ref().map(|e| e.code),
        Some(crate::attempt::exit::OUTCOME_UNKNOWN),
        "quitting with a request in flight is the command line's \"sent, outcome unknown\""
    );
}

#[test]
fn a_second_ctrl_c_quits_at_once_with_the_in_flight_code() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    update(&mut model, Msg::Workflow { run_id: run, event: Event::Changed(Change::Sending) });
    assert!(update(&mut model, ctrl('c')).is_empty(), "the first asks");
    assert!(asking(&model));
    let effects = update(&mut model, ctrl('c'));
    assert!(matches!(&effects[..], [Effect::Cancel(_), Effect::Quit]), "the second forces: {effects:?}");
    assert_eq!(model.exit.as_ref().map(|e| e.code), Some(crate::attempt::exit::OUTCOME_UNKNOWN));
}

#[test]
fn esc_with_a_request_in_flight_asks_as_quit_does() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    update(&mut model, Msg::Workflow { run_id: run, event: Event::Changed(Change::Sending) });
    assert!(update(&mut model, key(KeyCode::Esc)).is_empty(), "Esc asks before cancelling");
    let live = |m: &Model| m.progress.as_ref().and_then(|p| p.run.live()).cloned().unwrap();
    assert_eq!(live(&model).asking, Some(crate::tui::model::Ask::Cancel));
    assert!(matches!(model.progress.as_ref().unwrap().run, Run::Running(_)), "nothing cancelled yet");
    assert!(update(&mut model, ch('n')).is_empty());
    assert_eq!(live(&model).asking, None, "any other key keeps it running");
    assert_eq!(model.notice.as_deref(), Some("still running"));
    update(&mut model, key(KeyCode::Esc));
    let effects = update(&mut model, ch('y'));
    assert!(matches!(&effects[..], [Effect::Cancel(_)]), "{effects:?}");
    assert!(matches!(model.progress.as_ref().unwrap().run, Run::Cancelling(_)));
    assert!(model.exit.is_none(), "cancelling is not quitting");
    finish_run(&mut model, run, Outcome::Unknown, Some(Reason::new(OwnCode::Cancelled, "cancelled")));
    assert!(
        model.notice.as_deref().is_none_or(|n| !n.contains("cancelling")),
        "a notice about the live run goes when it ends: {:?}",
        model.notice
    );
}

#[test]
fn quit_before_anything_is_sent_or_by_signal_does_not_ask() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    update(&mut model, Msg::Workflow { run_id: run, event: Event::Changed(Change::PreflightStarted) });
    assert!(
        matches!(&update(&mut model, ch('q'))[..], [Effect::Cancel(_), Effect::Quit]),
        "preflight sends nothing"
    );
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    update(&mut model, Msg::Workflow { run_id: run, event: Event::Changed(Change::Sending) });
    assert!(
        matches!(&update(&mut model, Msg::Terminate)[..], [Effect::Cancel(_), Effect::Quit]),
        "a signal is not asked"
    );
    assert_eq!(model.exit.as_ref().map(|e| e.code), Some(crate::attempt::exit::OUTCOME_UNKNOWN));
}

#[test]
fn the_question_goes_when_the_run_ends() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    update(&mut model, Msg::Workflow { run_id: run, event: Event::Changed(Change::Sending) });
    update(&mut model, ch('q'));
    finish_run(&mut model, run, Outcome::Succeeded, None);
    assert!(!asking(&model));
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("nothing is in flight")));
    assert!(matches!(&update(&mut model, ch('q'))[..], [Effect::Quit]));
}

// ---- retry that keeps its promise ----

fn unknown(model: &mut Model, run: u64, plan: crate::plan::Plan) {
    let start = crate::attempt::Attempt::new(plan.clone(), Default::default(), 1_700_000_000_000);
    update(model, Msg::Workflow { run_id: run, event: Event::Started(Box::new(start)) });
    let reason = Reason::new(OwnCode::OutcomeUnknown, "no answer");
    for change in testdata::changes_to(&plan, Outcome::Unknown, Some(reason)) {
        update(model, Msg::Workflow { run_id: run, event: Event::Changed(change) });
    }
}

#[test]
fn r_after_an_unknown_outcome_resends_the_same_plan_and_token() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    let plan = model.progress.as_ref().unwrap().plan().clone();
    assert!(update(&mut model, ch('r')).is_empty(), "nothing to re-send while it runs");
    unknown(&mut model, run, plan.clone());
    let notice = model.notice.as_deref().unwrap_or_default();
    assert_eq!(notice, "unknown: r re-sends (same ClientToken: safe) · c re-checks");
    let effects = update(&mut model, ch('r'));
    let [Effect::RunWorkflow { run_id, plan: again, preflight: PreflightMode::Resend, .. }] = &effects[..]
    else {
        panic!("a new run of the same plan: {effects:?}")
    };
    assert_ne!(*run_id, run, "a new run");
    assert_eq!(again, &plan, "the very same plan");
    assert_eq!(again.client_token(), plan.client_token(), "and the same ClientToken");
    assert!(model.progress.as_ref().unwrap().running());
}

#[test]
fn a_move_with_an_unknown_outcome_is_rechecked_not_resent() {
    let mut model = prefilled();
    model.form.operation = Kind::Move;
    model.form.eni = crate::tui::model::TextInput::with_text("eni-sec00001");
    model.form.destination = crate::tui::model::TextInput::with_text("ins-web00002");
    update(&mut model, key(KeyCode::Enter));
    let run = sent(&mut model);
    let plan = model.progress.as_ref().unwrap().plan().clone();
    assert_eq!(plan.kind(), Kind::Move);
    unknown(&mut model, run, plan.clone());
    assert_eq!(model.notice.as_deref(), Some("unknown: move has no ClientToken, no re-send · c re-checks"));
    assert!(update(&mut model, ch('r')).is_empty(), "never re-sent blindly");
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("not safe to re-send a move")));
    let effects = update(&mut model, ch('c'));
    assert!(matches!(&effects[..], [Effect::Locate { run_id, plan: p }] if *run_id == run && *p == plan));
    let located = crate::attempt::Located {
        placement: Some(crate::attempt::Placement {
            instance: "ins-web00002".into(),
            device_index: Some(1),
            mac: "20:90:6F:00:00:02".into(),
            primary_ip: Some("10.0.3.22".into()),
        }),
        state: "AVAILABLE".into(),
    };
    update(&mut model, Msg::Located { run_id: run, result: Ok(Some(located)) });
    let text = testdata::render(&model, 250, 70);
    assert!(
        text.contains("re-checked: the ENI is on ins-web00002") && text.contains("the move was carried out"),
        "{text}"
    );
}

#[test]
fn a_second_run_waits_for_the_first() {
    let (mut model, _) = confirmed();
    let (run, first_token) = sent_with_token(&mut model);
    model.screen = Screen::Form;
    update(&mut model, key(KeyCode::Enter));
    assert!(model.confirm().is_some());
    pass_preflight(&mut model);
    assert!(update(&mut model, ch('y')).is_empty(), "no second run while the first is live");
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("a run is still going")));
    assert_eq!(run_id(&model), run, "the first run keeps the pane and its token");
    assert!(!first_token.is_cancelled());
}

use crate::attach::eligibility::{Judgement, Role};
fn listed(model: &mut Model) {
    let enis = vec![
        eni("eni-aaaaaaaa", "vpc-1", "z-1", Some("ins-full0000")),
        eni("eni-bbbbbbbb", "vpc-1", "z-1", None),
    ];
    let instances = vec![
        instance("ins-other000", "vpc-2", "z-1", "RUNNING"),
        instance("ins-good0000", "vpc-1", "z-1", "RUNNING"),
        instance("ins-full0000", "vpc-1", "z-1", "RUNNING"),
        instance("ins-boot0000", "vpc-1", "z-2", "PENDING"),
    ];
    update(&mut model.clone(), Msg::EnisLoaded { region: "elsewhere".into(), result: Ok(vec![]) });
    update(model, Msg::EnisLoaded { region: REGION.into(), result: Ok(enis) });
    let effects = update(model, Msg::InstancesLoaded { region: REGION.into(), result: Ok(instances) });
    assert!(effects.is_empty(), "no limit is asked for before a picker or the form needs one: {effects:?}");
}

fn limit(quantity: u64) -> Option<crate::api::actions::EniLimit> {
    Some(crate::api::actions::EniLimit { eni_quantity: quantity, extend_eni_quantity: Some(0) })
}

fn instance_judgements(model: &Model, role: Role) -> Vec<(String, Judgement)> {
    let rows = crate::tui::model::resources::instance_rows(&model.resources, &model.form, role, "");
    rows.into_iter().map(|r| (r.instance.id.clone(), r.judgement)).collect()
}

fn failed_rules(judgement: &Judgement) -> Vec<Rule> {
    match judgement {
        Judgement::Ineligible(failed) => failed.iter().map(|v| v.rule).collect(),
        _ => Vec::new(),
    }
}

fn judged<'a>(rows: &'a [(String, Judgement)], id: &str) -> &'a Judgement {
    &rows.iter().find(|(i, _)| i == id).expect(id).1
}

#[test]
fn instance_picker_judges_by_the_preflight_rules_and_puts_good_picks_first() {
    let mut model = testdata::model();
    loaded(&mut model);
    model.form.eni.set("eni-bbbbbbbb");
    let rows = instance_judgements(&model, Role::Destination);
    assert_eq!(rows[0], ("ins-good0000".to_string(), Judgement::Eligible { warnings: vec![] }));
    assert_eq!(failed_rules(judged(&rows, "ins-other000")), [Rule::SameVpc]);
    assert_eq!(failed_rules(judged(&rows, "ins-full0000")), [Rule::FreeEniSlot]);
    assert_eq!(failed_rules(judged(&rows, "ins-boot0000")), [Rule::InstanceState, Rule::SameZone]);
    let Judgement::Ineligible(full) = judged(&rows, "ins-full0000") else { panic!() };
    assert_eq!(full[0].reason, "1 of 1 ENIs in use: none free", "the same text as preflight");

    model.form.focus = FormFocus::Instance;
    update(&mut model, ctrl('p'));
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.form.instance.text, "ins-good0000");
    assert_eq!(model.form.focus, FormFocus::Submit);
}

#[test]
fn slot_limits_are_checking_until_asked_and_only_the_visible_ones_are_asked() {
    let mut model = testdata::model();
    listed(&mut model);
    model.form.eni.set("eni-bbbbbbbb");
    model.form.focus = FormFocus::Instance;
    let effects = update(&mut model, ctrl('p'));
    let [Effect::LoadLimits { instances, .. }] = &effects[..] else { panic!("{effects:?}") };
    // Only the rows that pass every other rule wait for a limit; the others are already refused.
    assert_eq!(instances, &["ins-good0000", "ins-full0000"]);
    let rows = instance_judgements(&model, Role::Destination);
    assert_eq!(judged(&rows, "ins-full0000"), &Judgement::Checking, "never 'yes' before the facts");
    assert!(rows.iter().all(|(_, j)| !j.eligible()));
    assert!(update(&mut model, key(KeyCode::Down)).is_empty(), "asked once, kept");
    let limits = [("ins-good0000".to_string(), limit(4)), ("ins-full0000".to_string(), None)].into();
    update(&mut model, Msg::LimitsLoaded { region: REGION.into(), limits });
    let rows = instance_judgements(&model, Role::Destination);
    assert_eq!(judged(&rows, "ins-good0000"), &Judgement::Eligible { warnings: vec![] });
    let Judgement::Eligible { warnings } = judged(&rows, "ins-full0000") else { panic!("{rows:?}") };
    assert_eq!(warnings[0].rule, Rule::FreeEniSlot, "an unanswered limit warns, as in preflight");

    let effects = update(&mut model, ctrl('r'));
    assert!(model.resources.limits.is_empty(), "Ctrl-R asks again");
    assert!(matches!(&effects[..], [Effect::LoadEnis { .. }, Effect::LoadInstances { .. }]));
}

#[test]
fn the_instance_the_eni_is_on_is_not_offered_for_attach() {
    let mut model = testdata::model();
    loaded(&mut model);
    model.form.eni.set("eni-aaaaaaaa");
    let rows = instance_judgements(&model, Role::Destination);
    assert!(matches!(judged(&rows, "ins-full0000"), Judgement::AlreadyThere(_)), "{rows:?}");
    model.form.focus = FormFocus::Instance;
    update(&mut model, ctrl('p'));
    let at = instance_judgements(&model, Role::Destination).iter().position(|(i, _)| i == "ins-full0000");
    model.picker_mut().unwrap().list.selected = at.unwrap();
    update(&mut model, key(KeyCode::Enter));
    assert!(model.form.instance.text.is_empty(), "nothing to do is not a pick");
    assert!(model.notice.as_deref().unwrap().contains("already attached to ins-full0000"));
}

#[test]
fn eni_picker_never_offers_transitional_enis_nor_another_vpc_once_an_instance_is_chosen() {
    let mut model = testdata::model();
    let mut pending = eni("eni-pend0000", "vpc-1", "z-1", None);
    pending.state = "PENDING".into();
    let mut detaching = eni("eni-dtch0000", "vpc-1", "z-1", Some("ins-good0000"));
    detaching.state = "DETACHING".into();
    let enis = vec![
        pending,
        detaching,
        eni("eni-free0000", "vpc-1", "z-1", None),
        eni("eni-othr0000", "vpc-2", "z-1", None),
        eni("eni-zone0000", "vpc-1", "z-9", None),
    ];
    update(&mut model, Msg::EnisLoaded { region: REGION.into(), result: Ok(enis) });
    let instances = vec![instance("ins-good0000", "vpc-1", "z-1", "RUNNING")];
    update(&mut model, Msg::InstancesLoaded { region: REGION.into(), result: Ok(instances) });
    let judge = |model: &Model| -> Vec<(String, Judgement)> {
        let rows = crate::tui::model::resources::eni_rows(&model.resources, &model.form, "");
        rows.into_iter().map(|r| (r.eni.id.clone(), r.judgement)).collect()
    };
    let rows = judge(&model);
    assert_eq!(failed_rules(judged(&rows, "eni-pend0000")), [Rule::EniAvailable], "PENDING is busy");
    assert_eq!(failed_rules(judged(&rows, "eni-dtch0000")), [Rule::EniAvailable]);
    assert!(judged(&rows, "eni-othr0000").eligible(), "no instance chosen yet");

    model.form.instance.set("ins-good0000");
    let rows = judge(&model);
    assert_eq!(rows[0].0, "eni-free0000");
    assert_eq!(failed_rules(judged(&rows, "eni-othr0000")), [Rule::SameVpc]);
    assert_eq!(failed_rules(judged(&rows, "eni-zone0000")), [Rule::SameZone]);

    // Detach: only a settled, attached, secondary ENI; attached to nothing is nothing to do.
    model.form.operation = Kind::Detach;
    let rows = judge(&model);
    assert!(matches!(judged(&rows, "eni-free0000"), Judgement::AlreadyThere(_)));
    assert_eq!(failed_rules(judged(&rows, "eni-dtch0000")), [Rule::EniAvailable]);
}

#[test]
fn detach_and_move_pickers_judge_the_source_and_the_destination() {
    let mut model = testdata::model();
    loaded(&mut model);
    model.form.operation = Kind::Detach;
    model.form.eni.set("eni-aaaaaaaa");
    let rows = instance_judgements(&model, Role::Source);
    assert!(judged(&rows, "ins-full0000").eligible());
    assert_eq!(failed_rules(judged(&rows, "ins-good0000")), [Rule::EniOnSource]);

    model.form.operation = Kind::Move;
    model.form.instance.set("ins-full0000");
    let rows = instance_judgements(&model, Role::Destination);
    assert!(matches!(judged(&rows, "ins-full0000"), Judgement::AlreadyThere(_)), "the source");
    assert!(judged(&rows, "ins-good0000").eligible());
    assert_eq!(failed_rules(judged(&rows, "ins-other000")), [Rule::SameVpc]);
}

#[test]
fn keys_before_the_verdicts_are_discarded() {
    let (mut model, _) = confirmed();
    for msg in [key(KeyCode::Enter), ch('y'), ch('s'), ch('!')] {
        assert!(update(&mut model, msg).is_empty(), "nothing is sent while the checks run");
    }
    assert!(matches!(model.screen, Screen::Confirm(_)));
    assert!(!model.confirm().unwrap().override_armed, "a typed-ahead ! arms nothing");
    assert!(model.notice.as_deref().unwrap().contains("ignored until the verdicts show"));
    pass_preflight(&mut model);
    assert!(matches!(
        &update(&mut model, ch('y'))[..],
        [Effect::RunWorkflow { preflight: PreflightMode::Check, .. }]
    ));
}

#[test]
fn a_key_in_the_same_instant_as_the_verdicts_is_dropped_until_they_are_drawn() {
    let (mut model, _) = confirmed();
    let id = model.confirm().unwrap().preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(passing_report()) });
    assert!(update(&mut model, ch('y')).is_empty(), "the verdicts were not on screen yet");
    shown(&mut model);
    assert!(matches!(&update(&mut model, ch('y'))[..], [Effect::RunWorkflow { .. }]));
}

#[test]
fn enter_on_the_confirm_pane_never_sends_and_says_which_key_does() {
    let (mut model, _) = confirmed();
    pass_preflight(&mut model);
    assert!(update(&mut model, key(KeyCode::Enter)).is_empty());
    assert!(matches!(model.screen, Screen::Confirm(_)));
    assert_eq!(model.notice.as_deref(), Some("Enter does not send here: press y to send"));
}

#[test]
fn the_footer_says_exactly_what_y_does() {
    let (mut model, _) = confirmed();
    let footer = |model: &mut Model| {
        let screen = testdata::render(model, 100, 24);
        screen.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default().to_string()
    };
    // Typed-ahead keys are dropped, not held: the prompt says so, as the notice does.
    let checking = footer(&mut model);
    assert!(checking.contains("checking… other keys are ignored until the verdicts show"), "{checking}");
    pass_preflight(&mut model);
    let line = footer(&mut model);
    assert!(line.contains("y attach eni-free0001 to ins-web00001 in ap-guangzhou"), "{line}");
}

#[test]
fn preflight_that_cannot_run_offers_only_the_named_send_without_it() {
    let (mut model, _) = confirmed();
    let id = model.confirm().unwrap().preflight_id;
    let outage = Failure::new("RequestLimitExceeded", "throttled");
    update(&mut model, Msg::PreflightDone { id, result: Err(outage) });
    shown(&mut model);
    assert!(update(&mut model, ch('y')).is_empty(), "y does not skip the checks silently");
    assert!(model.notice.as_deref().unwrap().contains("s sends without preflight"));
    assert!(update(&mut model, ch('!')).is_empty(), "the failed-checks override does not apply");
    let screen = testdata::render(&model, 120, 40);
    assert!(screen.contains("s send without preflight: attach eni-free0001"), "{screen}");
    let effects = update(&mut model, ch('s'));
    assert!(
        matches!(&effects[..], [Effect::RunWorkflow { preflight: PreflightMode::Skip, .. }]),
        "{effects:?}"
    );
    assert_eq!(model.screen, Screen::Progress);
}

#[test]
fn send_without_preflight_is_refused_when_the_checks_ran() {
    let (mut model, _) = confirmed();
    let id = model.confirm().unwrap().preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(failing_report()) });
    shown(&mut model);
    assert!(update(&mut model, ch('s')).is_empty(), "failed rules are not skipped by s");
    assert!(matches!(model.screen, Screen::Confirm(_)));
}

/// The verdicts are drawn and stay on screen for the dwell: a key that sends is honoured.
fn shown(model: &mut Model) {
    update(model, Msg::Drawn(Default::default()));
    let dwell = model.confirm_dwell;
    update(model, Msg::Tick(dwell));
}

fn pass_preflight(model: &mut Model) {
    let id = model.confirm().expect("confirm pane").preflight_id;
    update(model, Msg::PreflightDone { id, result: Ok(passing_report()) });
    shown(model);
}

// ---- keys do what the screen says ----

fn alt(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

/// The tab line as drawn.
fn tab_line(model: &Model) -> String {
    testdata::render(model, model.size.0, model.size.1).lines().nth(2).unwrap_or_default().to_string()
}

#[test]
fn pane_keys_are_the_same_from_every_pane_and_before_and_after_a_run() {
    let (mut model, _) = confirmed();
    assert!(tab_line(&model).contains("Alt-1 Region") && tab_line(&model).contains("Alt-3 History"));
    // From the form a digit types; Alt-digit goes.
    update(&mut model, alt('2'));
    model.form.focus = FormFocus::Eni;
    model.form.eni.clear();
    typed(&mut model, "1");
    assert_eq!((model.screen.clone(), model.form.eni.text.as_str()), (Screen::Form, "1"), "a digit types");
    update(&mut model, alt('3'));
    assert_eq!(model.screen, Screen::History, "from the form");
    update(&mut model, alt('1'));
    assert_eq!(model.screen, Screen::Region, "from History");
    update(&mut model, key(KeyCode::F(4)));
    assert_eq!(model.screen, Screen::History, "F-keys too, for terminals that send no Alt");
    update(&mut model, alt('4'));
    assert_eq!(model.screen, Screen::History, "no Progress before a run");
    assert!(model.notice.as_deref().unwrap().contains("nothing has run yet"));
    // A run: the tabs before Progress keep their keys.
    update(&mut model, alt('2'));
    model.form.eni.set("eni-free0001");
    model.form.focus = FormFocus::Submit;
    update(&mut model, key(KeyCode::Enter));
    sent(&mut model);
    assert_eq!(model.screen, Screen::Progress);
    assert!(tab_line(&model).contains("Alt-3 History") && tab_line(&model).contains("Alt-4 Progress"));
    update(&mut model, alt('3'));
    assert_eq!(model.screen, Screen::History, "Alt-3 is still History");
    update(&mut model, alt('4'));
    assert_eq!(model.screen, Screen::Progress);
    // From the confirm pane and an open picker too.
    update(&mut model, alt('2'));
    update(&mut model, key(KeyCode::Enter));
    assert!(matches!(model.screen, Screen::Confirm(_)));
    update(&mut model, alt('1'));
    assert!(model.screen == Screen::Region && model.confirm().is_none(), "a review left is over");
    update(&mut model, alt('2'));
    update(&mut model, ctrl('p'));
    assert_eq!(model.focus(), Focus::Picker);
    update(&mut model, alt('3'));
    assert_eq!((model.screen.clone(), model.focus()), (Screen::History, Focus::History));
}

#[test]
fn history_letters_are_actions_and_slash_searches_as_its_status_line_says() {
    let mut model = history_model();
    let screen = testdata::render(&model, 100, 30);
    assert!(screen.contains("/ to search"), "{screen}");
    assert!(!screen.contains("type to search"));
    assert!(update(&mut model, ch('x')).is_empty(), "a letter that is no key does nothing");
    assert!(model.notice.as_deref().unwrap().contains("/ searches"), "and says where the search is");
    assert!(!model.history.filtering);
    update(&mut model, ch('/'));
    let effects = typed(&mut model, "quota");
    assert!(model.exit.is_none(), "q types once the search is open");
    assert!(matches!(effects.last(), Some(Effect::LoadHistory { query, .. }) if query.text == "quota"));
    update(&mut model, key(KeyCode::Esc));
    update(&mut model, ch('/'));
    typed(&mut model, "region:ap-shanghai");
    assert_eq!(model.screen, Screen::History, "r and m type in the search, they prefill nothing");
}

#[test]
fn typing_in_a_list_filters_it() {
    let mut model = testdata::model();
    update(&mut model, key(KeyCode::Esc));
    assert_eq!(model.focus(), Focus::Region);
    typed(&mut model, "广州");
    assert!(model.regions.filtering);
    let ids: Vec<&str> = model.visible_regions().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["ap-guangzhou", "ap-guangzhou-open"], "Chinese names match");
    update(&mut model, key(KeyCode::Esc));
    typed(&mut model, "gz");
    let ids: Vec<&str> = model.visible_regions().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["ap-guangzhou", "ap-guangzhou-open"], "aliases (gz, gz-open) match");

    let mut model = history_model();
    update(&mut model, ch('/'));
    let effects = typed(&mut model, "detach");
    assert!(model.history.filtering);
    assert!(matches!(effects.last(), Some(Effect::LoadHistory { query, .. }) if query.text == "detach"));
}

#[test]
fn ctrl_u_and_ctrl_w_edit_text_fields() {
    let mut model = testdata::model();
    typed(&mut model, "eni-abc ins-gzrun001");
    update(&mut model, ctrl('w'));
    assert_eq!(model.form.eni.text, "eni-abc ", "Ctrl-W takes the whole ID, not what follows its dash");
    update(&mut model, ctrl('u'));
    assert_eq!(model.form.eni.text, "");
    typed(&mut model, "eni-x");
    update(&mut model, key(KeyCode::Home));
    update(&mut model, ctrl('k'));
    assert_eq!(model.form.eni.text, "", "Ctrl-K deletes to the end");
}

#[test]
fn pasting_two_ids_fills_both_fields() {
    let mut model = testdata::model();
    update(&mut model, Msg::Paste("eni-free0001 ins-web00001\n".into()));
    assert_eq!(
        (model.form.eni.text.as_str(), model.form.instance.text.as_str()),
        ("eni-free0001", "ins-web00001")
    );
    assert_eq!(model.form.focus, FormFocus::Submit);

    let mut model = testdata::model();
    super::form::prefill_move(&mut model, "", "");
    update(&mut model, Msg::Paste("ins-dead0001, eni-mig00001 ins-stby0001".into()));
    let form = &model.form;
    assert_eq!(
        (form.eni.text.as_str(), form.instance.text.as_str(), form.destination.text.as_str()),
        ("eni-mig00001", "ins-dead0001", "ins-stby0001")
    );

    let mut model = testdata::model();
    update(&mut model, Msg::Paste("ins-web00001".into()));
    assert_eq!(
        (model.form.eni.text.as_str(), model.form.focus),
        ("", FormFocus::Instance),
        "one ID as before"
    );
}

#[test]
fn help_opens_at_the_keys_of_the_pane_it_was_asked_from() {
    let mut model = history_model();
    update(&mut model, ch('?'));
    assert!(matches!(model.overlay, Some(Overlay::Help { .. })));
    let screen = testdata::render(&model, 80, 24);
    let first = screen.lines().nth(4).unwrap_or_default();
    // Inside the border and left of the help's scrollbar.
    assert_eq!(first.trim_matches(|c| "│ ↑↓║█".contains(c)), Focus::History.title(), "{screen}");
}

#[test]
fn names_match_fuzzily_and_ids_only_by_prefix() {
    use crate::tui::model::resources::{ListFilter, Searchable};
    let row = |f: &ListFilter| {
        f.matches(&Searchable { ids: &["ins-web00001"], names: &["web-1"], facts: &["ap-guangzhou-3"] })
    };
    assert!(row(&ListFilter::new("wb1")), "a fuzzy name");
    assert!(row(&ListFilter::new("ins-web")) && row(&ListFilter::new("web000")), "an ID prefix");
    assert!(row(&ListFilter::new("guangzhou-3")), "a fact by substring");
    assert!(!row(&ListFilter::new("00001")), "never the middle of an ID");
    assert!(!row(&ListFilter::new("wb1 zz")), "every word must match");
}

#[test]
fn history_reads_at_a_glance_region_code_and_a_move_from_to() {
    let mut model = history_model();
    let mut moved = testdata::attempts()[0].clone();
    moved.id = 9;
    moved.action = Kind::Move;
    moved.region = "ap-shanghai".into();
    moved.instance_id = "ins-dead0001".into();
    moved.destination_instance_id = Some("ins-stby0001".into());
    moved.error_code = Some("UnsupportedOperation.ZoneMismatch".into());
    model.history.rows.insert(0, moved);
    // At 80 columns the region's short name and a tighter arrow make room for the code.
    for (width, height, parts) in [
        (80, 24, &["move", " sh ", "ins-dead0001→ins-stby0001", "ZoneMismatch"][..]),
        (120, 40, &["move", "ap-shanghai", "ins-dead0001 → ins-stby0001", "ZoneMismatch"]),
        (250, 70, &["move", "ap-shanghai", "ins-dead0001 → ins-stby0001", "ZoneMismatch"]),
    ] {
        let screen = testdata::render(&model, width, height);
        let row = screen.lines().find(|l| l.contains("ins-dead0001")).unwrap_or_default();
        for part in parts {
            assert!(row.contains(part), "{width}x{height}: {part} in {row:?}");
        }
    }
}

#[test]
fn a_small_window_scrolls_the_confirm_pane_and_the_record_to_their_last_line() {
    let (mut model, _) = confirmed();
    model.size = (60, 20);
    let id = model.confirm().unwrap().preflight_id;
    let mut report = passing_report();
    report.verdicts = std::iter::repeat_n(report.verdicts[0].clone(), 8).collect();
    let mut failed = failing_report().verdicts.remove(0);
    failed.advice = Some("Pick an instance in the ENI's VPC.".into());
    report.verdicts.push(failed);
    update(&mut model, Msg::PreflightDone { id, result: Ok(report) });
    shown(&mut model);
    assert!(!testdata::show(&mut model).contains("what to do"), "below the fold at first");
    for _ in 0..3 {
        assert!(update(&mut model, key(KeyCode::PageDown)).is_empty(), "scrolling sends nothing");
    }
    let screen = testdata::show(&mut model);
    assert!(screen.contains("what to do: Pick an instance"), "{screen}");
    assert!(matches!(model.screen, Screen::Confirm(_)));
    // Past the last line the keys do not pile up: the first ↑ moves the pane at once.
    for _ in 0..5 {
        update(&mut model, key(KeyCode::PageDown));
    }
    let bottom = testdata::show(&mut model);
    update(&mut model, key(KeyCode::Up));
    let up = testdata::show(&mut model);
    assert_ne!(bottom, up, "↑ after scrolling past the end moves the pane:\n{up}");
    assert!(!up.contains("what to do: Pick an instance"), "one line up:\n{up}");

    let mut model = history_model();
    model.size = (60, 20);
    update(&mut model, key(KeyCode::Enter));
    testdata::show(&mut model);
    for _ in 0..8 {
        update(&mut model, key(KeyCode::PageDown));
    }
    assert_eq!(model.overlay, Some(Overlay::Detail), "PgDn scrolls the record, it does not leave it");
    let bottom = testdata::show(&mut model);
    assert!(bottom.contains("Preflight"), "{bottom}");
    // As on the confirm pane: the first ↑ after the last line moves the record.
    update(&mut model, key(KeyCode::Up));
    let up = testdata::show(&mut model);
    assert_ne!(bottom, up, "↑ after scrolling past the end moves the record:\n{up}");
}

#[test]
fn every_pane_draws_at_any_size_without_panicking() {
    let mut models = vec![testdata::model(), history_model()];
    let mut picker = testdata::model();
    loaded(&mut picker);
    update(&mut picker, ctrl('p'));
    models.push(picker);
    let (mut confirm, _) = confirmed();
    let id = confirm.confirm().unwrap().preflight_id;
    update(&mut confirm, Msg::PreflightDone { id, result: Ok(failing_report()) });
    models.push(confirm);
    let mut detail = history_model();
    update(&mut detail, key(KeyCode::Enter));
    models.push(detail);
    let mut region = testdata::model();
    update(&mut region, key(KeyCode::Esc));
    models.push(region);
    for model in &mut models {
        for (w, h) in [(1, 1), (20, 8), (40, 12), (59, 19), (300, 100)] {
            model.size = (w, h);
            let _ = update(model, Msg::Resize(w, h));
            testdata::render(model, w, h);
        }
    }
}

#[test]
fn a_send_key_pressed_within_the_dwell_is_dropped_with_a_notice() {
    let (mut model, _) = confirmed();
    let id = model.confirm().unwrap().preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(passing_report()) });
    update(&mut model, Msg::Drawn(Default::default()));
    assert!(model.ticking(), "the loop ticks while the dwell runs");
    update(&mut model, Msg::Tick(Duration::from_millis(30)));
    assert!(update(&mut model, ch('y')).is_empty(), "30 ms after the verdicts showed: too soon");
    let notice = model.notice.as_deref().unwrap_or_default();
    assert!(notice.contains("y ignored") && notice.contains("300 ms"), "{notice}");
    assert!(matches!(model.screen, Screen::Confirm(_)));
    update(&mut model, Msg::Tick(Duration::from_millis(300)));
    assert!(!model.ticking(), "the dwell is over: no more ticks");
    assert!(matches!(&update(&mut model, ch('y'))[..], [Effect::RunWorkflow { .. }]));
}

#[test]
fn the_dwell_is_configurable() {
    let setup = Setup {
        eni: Some("eni-free0001".into()),
        instance: Some("ins-web00001".into()),
        confirm_dwell: Duration::ZERO,
        ..testdata::setup()
    };
    let mut model = testdata::model_with(&setup, (80, 24));
    update(&mut model, key(KeyCode::Enter));
    let id = model.confirm().unwrap().preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(passing_report()) });
    update(&mut model, Msg::Drawn(Default::default()));
    assert!(matches!(&update(&mut model, ch('y'))[..], [Effect::RunWorkflow { .. }]));
}

#[test]
fn the_checking_notice_goes_once_the_verdicts_are_on_screen() {
    let (mut model, _) = confirmed();
    update(&mut model, ch('y'));
    assert!(model.notice.as_deref().unwrap().contains("checking first"));
    let id = model.confirm().unwrap().preflight_id;
    update(&mut model, Msg::PreflightDone { id, result: Ok(passing_report()) });
    update(&mut model, Msg::Drawn(Default::default()));
    assert_eq!(model.notice, None, "the verdicts are there: the notice about waiting for them goes");
}

#[test]
fn notices_about_a_live_run_go_when_it_ends() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    update(&mut model, Msg::Workflow { run_id: run, event: Event::Changed(Change::Sending) });
    update(&mut model, ch('q'));
    update(&mut model, ch('n'));
    assert_eq!(model.notice.as_deref(), Some("still running"));
    finish_run(&mut model, run, Outcome::Succeeded, None);
    assert_eq!(model.notice, None, "no 'still running' under SUCCESS");
}

#[test]
fn the_footer_offers_only_keys_that_act_now() {
    let footer = |model: &Model| {
        let screen = testdata::render(model, 120, 40);
        screen.lines().rev().take(2).collect::<Vec<_>>().join("\n")
    };
    // A move that succeeded: no undo (d is an attach's), no re-send (r is for unknown outcomes).
    let mut model = prefilled();
    model.form.operation = Kind::Move;
    model.form.destination.set("ins-stby0001");
    update(&mut model, key(KeyCode::Enter));
    let run = sent(&mut model);
    let plan = model.progress.as_ref().unwrap().plan().clone();
    assert_eq!(plan.kind(), Kind::Move);
    let start = crate::attempt::Attempt::new(plan.clone(), Default::default(), 1_700_000_000_000);
    update(&mut model, Msg::Workflow { run_id: run, event: Event::Started(Box::new(start)) });
    for change in testdata::changes_to(&plan, Outcome::Succeeded, None) {
        update(&mut model, Msg::Workflow { run_id: run, event: Event::Changed(change) });
    }
    let text = footer(&model);
    assert!(!text.contains("d detach") && !text.contains("r re-send"), "{text}");
    assert!(text.contains("c re-check"), "{text}");
}

#[test]
fn when_preflight_could_not_run_enter_and_bang_name_the_key_that_sends() {
    let (mut model, _) = confirmed();
    let id = model.confirm().unwrap().preflight_id;
    let outage = Failure::new("RequestLimitExceeded", "throttled");
    update(&mut model, Msg::PreflightDone { id, result: Err(outage) });
    shown(&mut model);
    update(&mut model, key(KeyCode::Enter));
    let notice = model.notice.as_deref().unwrap_or_default();
    assert!(notice.contains("s sends without preflight") && !notice.contains("press y"), "{notice}");
    assert!(update(&mut model, ch('!')).is_empty());
    let notice = model.notice.as_deref().unwrap_or_default();
    assert!(notice.starts_with("! does nothing here") && notice.contains("s sends"), "{notice}");
    update(&mut model, ch('x'));
    assert!(model.notice.as_deref().unwrap_or_default().starts_with("x does nothing here"));
}

#[test]
fn a_region_alias_typed_in_the_list_picks_that_region_first() {
    let setup = Setup { region: None, last_region: None, ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (80, 24));
    typed(&mut model, "sh");
    assert_eq!(model.visible_regions()[0].id, "ap-shanghai", "the alias --region reads as ap-shanghai");
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.session.region.as_deref(), Some("ap-shanghai"));

    let mut model = testdata::model_with(&setup, (80, 24));
    typed(&mut model, "华南");
    let ids: Vec<&str> = model.visible_regions().iter().map(|r| r.id.as_str()).collect();
    assert!(!ids.contains(&"ap-nanjing"), "华南 is South China, not 华东地区(南京): {ids:?}");
    assert!(ids.contains(&"ap-guangzhou"), "{ids:?}");
}

// ---- pasting and typing what a ticket holds ----

#[test]
fn three_ids_pasted_on_the_attach_form_set_up_the_move_and_say_so() {
    let mut model = testdata::model();
    assert_eq!(model.form.operation, Kind::Attach);
    update(&mut model, Msg::Paste("eni-gzfree01 ins-gzrun001 ins-gzstop02".into()));
    assert_eq!(model.form.operation, Kind::Move, "a third ID is a destination, never dropped");
    let form = &model.form;
    assert_eq!(
        (form.eni.text.as_str(), form.instance.text.as_str(), form.destination.text.as_str()),
        ("eni-gzfree01", "ins-gzrun001", "ins-gzstop02")
    );
    let notice = model.notice.as_deref().unwrap_or_default();
    assert!(notice.contains("move (was attach)") && notice.contains("ins-gzstop02"), "{notice}");
}

#[test]
fn what_a_paste_could_not_use_is_said() {
    let mut model = testdata::model();
    update(&mut model, Msg::Paste("detach eni-gzfree01 from ins-gzrun001 ins-gzstop02, eni-bad".into()));
    assert_eq!(model.form.operation, Kind::Detach, "the word says detach");
    assert_eq!(model.form.instance.text, "ins-gzrun001");
    let notice = model.notice.as_deref().unwrap_or_default();
    assert!(notice.contains("left eni-bad, ins-gzstop02"), "a detach takes one instance: {notice}");
}

#[test]
fn a_ticket_sentence_pasted_or_typed_is_read_for_ids_and_region() {
    let setup = Setup { region: None, ..testdata::setup() };
    let mut model = testdata::model_with(&setup, (80, 24));
    update(&mut model, alt('2'));
    let effects = update(&mut model, Msg::Paste("please attach eni-free0001 to ins-web00001 in sh".into()));
    assert_eq!(model.session.region.as_deref(), Some("ap-shanghai"), "the region it names");
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadEnis { region } if region == "ap-shanghai")));
    assert_eq!(
        (model.form.eni.text.as_str(), model.form.instance.text.as_str()),
        ("eni-free0001", "ins-web00001")
    );
    assert_eq!(model.form.focus, FormFocus::Submit);

    // The same line typed into the ENI field is read on Enter.
    let mut model = testdata::model();
    typed(&mut model, "eni-free0001 ins-web00001");
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(
        (model.form.eni.text.as_str(), model.form.instance.text.as_str()),
        ("eni-free0001", "ins-web00001")
    );
    assert_eq!(model.form.focus, FormFocus::Submit);
}

#[test]
fn a_pasted_pair_asks_for_the_destinations_slots() {
    let mut model = testdata::model();
    listed(&mut model);
    let effects = update(&mut model, Msg::Paste("eni-bbbbbbbb ins-good0000".into()));
    assert!(
        matches!(&effects[..], [Effect::LoadLimits { instances, .. }] if instances == &["ins-good0000"]),
        "never 'checking its ENI slots…' forever: {effects:?}"
    );
}

#[test]
fn typing_on_the_review_button_says_where_the_focus_is() {
    let mut model = prefilled();
    assert_eq!(model.form.focus, FormFocus::Submit);
    update(&mut model, ch('e'));
    let notice = model.notice.as_deref().unwrap_or_default();
    assert!(notice.contains("the focus is on Review and confirm"), "{notice}");
}

// ---- advice that fits the state found ----

#[test]
fn a_primary_or_busy_eni_gets_advice_that_fits_and_the_right_code() {
    use crate::attach::preflight::eni_free;
    let mut primary = eni("eni-prim0000", "vpc-1", "z-1", Some("ins-good0000"));
    primary.primary = true;
    let v = eni_free(&primary);
    assert_eq!((v.rule, v.status), (Rule::EniFree, Status::Fail));
    let advice = v.advice.unwrap_or_default();
    assert!(
        advice.contains("primary") && !advice.contains("move it instead") && v.next.is_none(),
        "never 'switch to move': {advice}"
    );

    let mut attaching = eni("eni-atch0000", "vpc-1", "z-1", Some("ins-good0000"));
    attaching.state = "ATTACHING".into();
    let v = eni_free(&attaching);
    assert_eq!(v.rule, Rule::EniAvailable, "busy, not 'not free'");
    assert_eq!(
        v.code.as_deref(),
        Some("UnsupportedOperation.AttachmentAlreadyExists"),
        "what the service answers"
    );
    assert!(!v.advice.clone().unwrap_or_default().contains("detach"), "never told to detach it first");
    let label = crate::tui::view::verdict_words(&crate::attach::eligibility::Judgement::Ineligible(vec![v]));
    assert_eq!(label, "busy");
}

#[test]
fn picking_a_primary_eni_on_attach_does_not_set_up_a_move() {
    let mut model = testdata::model();
    let mut primary = eni("eni-prim0000", "vpc-1", "z-1", Some("ins-good0000"));
    primary.primary = true;
    update(&mut model, Msg::EnisLoaded { region: REGION.into(), result: Ok(vec![primary]) });
    model.form.eni.set("eni-prim0000");
    super::form::follow_attachment(&mut model);
    assert_eq!(model.form.operation, Kind::Attach, "a primary ENI is never moved");
    assert!(model.notice.as_deref().unwrap_or_default().contains("primary ENI of ins-good0000"));
}

#[test]
fn an_unknown_search_field_is_said_with_the_fields_there_are() {
    let mut model = history_model();
    update(&mut model, ch('/'));
    typed(&mut model, "instanse:ins-web00001");
    let screen = testdata::render(&model, 120, 30);
    assert!(screen.contains("unknown field 'instanse:'") && screen.contains("instance"), "{screen}");
}

/// `r` continues the attempt: the re-send names the first attempt (`retry_of`), so the history
/// shows one chain, never two independent rows for one service task.
#[test]
fn r_links_the_resend_to_the_attempt_it_continues() {
    let (mut model, _) = confirmed();
    let run = sent(&mut model);
    let plan = model.progress.as_ref().unwrap().plan().clone();
    unknown(&mut model, run, plan);
    assert_eq!(model.progress.as_ref().unwrap().attempt.history_id(), Some(7));
    let effects = update(&mut model, ch('r'));
    let [Effect::RunWorkflow { retry_of, .. }] = &effects[..] else { panic!("a re-send: {effects:?}") };
    assert_eq!(*retry_of, Some(7), "the re-send continues history #7");
    assert_eq!(model.progress.as_ref().unwrap().attempt.retry_of, Some(7));
}

/// A model on the Runbooks pane with a live run of one attach whose request is on its way.
fn runbook_in_flight() -> (crate::tui::model::Model, CancellationToken) {
    use crate::runbook::apply::Progress;
    use crate::tui::model::runbooks::{Opened, Phase, RunView};
    let text = "name = \"t\"\nregion = \"ap-guangzhou\"\n[[steps]]\nop = \"attach\"\neni = \"eni-free0001\"\ninstance = \"ins-web00001\"\n";
    let path = std::path::Path::new("t.toml");
    let runbook =
        crate::runbook::Runbook::parse(text, path, &Default::default(), &Default::default()).unwrap();
    let mut model = testdata::model();
    let cancel = CancellationToken::new();
    let view = RunView::new(9, &runbook, cancel.clone());
    model.runbooks.open =
        Some(Opened { path: path.into(), name: "t".into(), phase: Phase::Running(Box::new(view)) });
    model.screen = Screen::Runbooks;
    let attempt = crate::attempt::Attempt::new(runbook.steps[0].plan.clone(), Default::default(), 0);
    let events = [Event::Started(Box::new(attempt)), Event::Changed(Change::Sending)];
    for event in events {
        update(&mut model, Msg::RunbookProgress { run_id: 9, progress: Progress::Step { step: 1, event } });
    }
    (model, cancel)
}

/// Quitting with a runbook step in flight asks first; `y` quits with the "sent, outcome
/// unknown" code and cancels the run through its token; any other key lets it go on.
#[test]
fn quitting_with_a_runbook_step_in_flight_asks_then_exits_4() {
    let (mut model, cancel) = runbook_in_flight();
    assert!(update(&mut model, ch('q')).is_empty());
    assert!(model.exit.is_none(), "asked, not quit");
    update(&mut model, ch('n'));
    assert!(model.exit.is_none(), "any other key: the run goes on");
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    let effects = update(&mut model, ch('y'));
    assert_eq!(model.exit.as_ref().map(|e| e.code), Some(crate::attempt::exit::OUTCOME_UNKNOWN));
    for effect in &effects {
        if let Effect::Cancel(token) = effect {
            token.cancel();
        }
    }
    assert!(cancel.is_cancelled(), "the run's own token is cancelled: {effects:?}");
    assert!(effects.iter().any(|e| matches!(e, Effect::Quit)));
}

/// Esc with a step in flight asks; `y` cancels the run (no new step starts) and says so.
#[test]
fn esc_on_a_live_runbook_asks_then_cancels_it() {
    let (mut model, _cancel) = runbook_in_flight();
    assert!(update(&mut model, key(KeyCode::Esc)).is_empty());
    let effects = update(&mut model, ch('y'));
    assert!(matches!(effects.as_slice(), [Effect::Cancel(_)]), "{effects:?}");
    assert!(model.runbooks.live_run().and_then(|r| r.live.as_ref()).is_some_and(|l| l.cancelling));
    assert!(model.exit.is_none());
}

/// The notices update builds speak the run's language, keys and IDs as they are: the
/// confirm pane's dropped key and the form's focus in Chinese, a pane key before any run too.
#[test]
fn notices_are_in_the_runs_language() {
    let _zh = crate::i18n::scoped(crate::i18n::Language::ZhCn);
    let (mut model, _) = confirmed();
    update(&mut model, ch('x'));
    let notice = model.notice.as_deref().unwrap_or_default().to_string();
    assert!(notice.contains("正在检查") || notice.contains("在此无效"), "{notice}");
    let mut model = prefilled();
    update(&mut model, ch('z'));
    assert_eq!(model.notice.as_deref(), Some("焦点在“核对并确认”上，不是文本框：按 ↑ 回到输入框"));
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::ALT)));
    assert_eq!(model.notice.as_deref(), Some("尚未运行任何操作：第一次发送后才会打开进度界面"));
}
