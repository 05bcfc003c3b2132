//! Deterministic models for tests: the sandbox's world (fetched from an in-process sandbox),
//! fixed history rows, a fixed token seed and a fixed endpoint label.

use super::Setup;
use super::model::{Model, Resources};
use super::view;
use crate::api::TaskStatus;
use crate::api::{Client, ClientConfig, RetryPolicy};
use crate::attach::preflight::{self, Report};
use crate::credentials::{Credential, Resolved};
use crate::history::{Outcome, Row};
use crate::plan::{Kind, Plan};
use crate::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub const SEED: &str = "0000";
/// What the header shows as the endpoint: the real sandbox port changes every run.
pub const ENDPOINT: &str = "http://127.0.0.1:8080";
pub const REGION: &str = "ap-guangzhou";
/// The account the fixture rows were sent in.
pub const ACCOUNT_ID: &str = "100000000001";

pub fn demo_credential() -> Resolved {
    Resolved::sandbox_demo(Credential::sandbox_demo(DEMO_SECRET_ID, DEMO_SECRET_KEY))
}

pub fn setup() -> Setup {
    Setup {
        client_config: ClientConfig { endpoint_override: Some(ENDPOINT.into()), ..ClientConfig::default() },
        credential: Some(demo_credential()),
        region: Some(REGION.into()),
        sandbox: true,
        // The audit trail is not asked: each pane's snapshot and effects show only that pane's
        // own (the activity tests turn it on).
        activity_window: std::time::Duration::ZERO,
        // Fixed, so snapshots never show the machine's own directories.
        runbook_dir: "~/.config/tceni/runbooks".into(),
        data_dir: "~/.local/share/tceni".into(),
        ..Setup::default()
    }
}

/// A started model (start effects dropped) of the given terminal size. The account lookup it
/// starts is left out of the picture (the header draws no account), so each pane's snapshot
/// shows only that pane's changes; `account_model` draws the lookup's states.
pub fn model_with(setup: &Setup, size: (u16, u16)) -> Model {
    let (mut model, _) = Model::new(setup, SEED);
    model.size = size;
    model.session.account = crate::tui::model::AccountState::NoCredential;
    model
}

/// A started model whose account lookup is still out (the header says "checking…"), with the
/// id its answer must carry.
pub fn account_model(setup: &Setup, size: (u16, u16)) -> (Model, u64) {
    let (mut model, effects) = Model::new(setup, SEED);
    model.size = size;
    let id = effects
        .iter()
        .find_map(|e| match e {
            crate::tui::msg::Effect::CheckAccount { id } => Some(*id),
            _ => None,
        })
        .expect("a credential starts an account lookup");
    (model, id)
}

pub fn model() -> Model {
    model_with(&setup(), (80, 24))
}

/// The sandbox's world as the pickers see it, plus a client to ask it more.
pub struct World {
    pub resources: Resources,
    pub client: Client,
    _sandbox: Sandbox,
}

pub async fn world() -> World {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox starts");
    let config = ClientConfig {
        endpoint_override: Some(sandbox.url()),
        retry: RetryPolicy::none(),
        rate_limit: 0,
        ..ClientConfig::default()
    };
    let client = Client::new(demo_credential().credential, config).expect("client");
    let resources =
        crate::tui::workers::fetch_resources(&client, REGION).await.expect("the region's resources");
    World { resources, client, _sandbox: sandbox }
}

impl World {
    /// The verdicts the workflow would reach for `plan` in this world.
    pub async fn preflight(&self, plan: &Plan) -> Report {
        let facts = crate::attach::facts::gather(&self.client, plan).await.expect("facts");
        preflight::check(plan, &facts)
    }
}

/// The attach the prefilled form makes: eni-free0001 → ins-web00001, with a fixed token.
pub fn attach_plan() -> Plan {
    let input = crate::plan::PlanInput {
        client_token: Some(format!("tceni-{SEED}-1")),
        ..crate::plan::PlanInput::new(Kind::Attach, REGION, "eni-free0001", "ins-web00001")
    };
    Plan::new(&input, &crate::api::EndpointRule::new(Some(ENDPOINT.into()))).expect("a valid plan")
}

/// History rows of every outcome, newest first, at fixed times.
pub fn attempts() -> Vec<Row> {
    let base = 1_735_671_234_000; // 2024-12-31 18:53:54 UTC
    let row = |id: i64, outcome: Outcome, eni: &str, instance: &str, request: Option<&str>| {
        Row {
        id,
        started_at: base + id * 60_000,
        finished_at: Some(base + id * 60_000 + 1_500),
        profile: "default".into(),
        secret_id_masked: "…0000".into(),
        account_id: Some(ACCOUNT_ID.into()),
        region: REGION.into(),
        endpoint: format!("{ENDPOINT}/"),
        action: if id == 4 { Kind::Detach } else { Kind::Attach },
        eni_id: eni.into(),
        instance_id: instance.into(),
        destination_instance_id: None,
        attach_type: Some(0),
        client_token: format!("tceni-{SEED}-{id}"),
        request_id: request.map(str::to_string),
        preflight: Some(r#"[{"rule":"eni_exists","status":"pass","reason":"eni-free0001 in vpc-gz0main1 / subnet-gz3web01","code":null}]"#.into()),
        task_status: (outcome == Outcome::Succeeded).then_some(TaskStatus::Success),
        task_output: None,
        error_code: (outcome == Outcome::Failed).then(|| "UnsupportedOperation.VpcMismatch".into()),
        error_message: (outcome == Outcome::Failed).then(|| "the ENI and the instance are in different VPCs".into()),
        duration_ms: Some(1_500),
        attachment: None,
        outcome,
        retry_of: None,
        task_ended_at: None,
        eni_state: None,
        credential: None,
        account_arn: None,
        state: None,
        continued_by: Vec::new(),
    }
    };
    vec![
        row(6, Outcome::Pending, "eni-free0003", "ins-web00002", None),
        row(5, Outcome::Sent, "eni-free0002", "ins-web00001", Some("6b1c0f3e-0000-4000-8000-000000000005")),
        row(
            4,
            Outcome::Succeeded,
            "eni-free0001",
            "ins-web00001",
            Some("6b1c0f3e-0000-4000-8000-000000000004"),
        ),
        row(3, Outcome::Failed, "eni-oth00001", "ins-web00001", Some("6b1c0f3e-0000-4000-8000-000000000003")),
        row(2, Outcome::PreflightFailed, "eni-nosg0001", "ins-web00001", None),
        row(
            1,
            Outcome::Succeeded,
            "eni-free0001",
            "ins-web00001",
            Some("6b1c0f3e-0000-4000-8000-000000000001"),
        ),
    ]
}

/// The model drawn on a `width`×`height` test terminal, as text.
pub fn render(model: &Model, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| view::draw(model, frame)).expect("draw");
    view::buffer_text(terminal.backend().buffer())
}

/// Draw a frame at the model's size and hand what it measured to `update`, as the loop does
/// after every frame; returns the screen's text.
pub fn show(model: &mut Model) -> String {
    let (width, height) = model.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    let mut shown = Default::default();
    terminal.draw(|frame| shown = view::draw_measured(model, frame)).expect("draw");
    crate::tui::update::update(model, crate::tui::msg::Msg::Drawn(shown));
    view::buffer_text(terminal.backend().buffer())
}

/// An opened history store (one temporary file for the whole test binary; update tests only
/// need the handle to exist).
pub fn history_handle() -> crate::tui::workers::HistoryHandle {
    use std::sync::OnceLock;
    static STORE: OnceLock<(tempfile::TempDir, crate::history::History)> = OnceLock::new();
    let (_, history) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = crate::history::Store::open(dir.path().join("history.sqlite3")).expect("open history");
        (dir, crate::history::History::new(store))
    });
    crate::tui::workers::HistoryHandle(history.clone())
}

/// What storing a key from the dialog reports: `kept`, and a client for the demo pair.
pub fn key_stored(kept: crate::tui::msg::KeyKept) -> crate::tui::workers::KeyStored {
    crate::tui::workers::KeyStored { kept, resolved: demo_credential() }
}

/// The changes a workflow sends to take a fresh attempt of `plan` to `outcome` (RequestId
/// `req-1`, history row 7, 1.2 s), so tests end runs as the workflow would.
pub fn changes_to(
    plan: &Plan,
    outcome: crate::attempt::Outcome,
    reason: Option<crate::attempt::Reason>,
) -> Vec<crate::attempt::Change> {
    use crate::attempt::{Change, Located, Outcome as O, Placement, Reason};
    let placed = |instance: Option<&str>| {
        Change::Located(Located {
            placement: instance.map(|i| Placement {
                instance: i.into(),
                device_index: Some(1),
                mac: "20:90:6F:00:00:01".into(),
                primary_ip: Some("10.0.0.5".into()),
            }),
            state: "AVAILABLE".into(),
        })
    };
    let planned = placed(plan.destination().map(|i| i.as_str()));
    let lost =
        reason.clone().unwrap_or_else(|| Reason::new(crate::attempt::OwnCode::OutcomeUnknown, "no answer"));
    let sent = [Change::PreflightDone(passing()), Change::Sending];
    let accepted = [Change::Accepted { request_id: "req-1".into() }, Change::Following];
    let polled =
        |status: &str| Change::PollAnswered { status: status.into(), output: None, at: 1_700_000_001_000 };
    let sent_poll = Change::PollSent;
    let mut changes = vec![Change::Recorded { id: 7 }];
    match outcome {
        O::Succeeded => {
            changes.extend(sent);
            changes.extend(accepted);
            changes.extend([sent_poll, polled("SUCCESS"), Change::Describing, planned]);
        }
        O::Mismatch => {
            changes.extend(sent);
            changes.extend(accepted);
            changes.extend([sent_poll, polled("SUCCESS"), Change::Describing, placed(Some("ins-other001"))]);
        }
        O::Sent => {
            changes.extend(sent);
            changes.push(Change::Accepted { request_id: "req-1".into() });
        }
        O::Unknown => {
            changes.extend(sent);
            changes.push(Change::MaybeDelivered { error: lost, request_id: None });
        }
        O::Failed => {
            changes.extend(sent);
            changes.push(Change::Refused { error: lost, request_id: Some("req-1".into()) });
        }
        O::NotSent => {
            changes.extend(sent);
            changes.push(Change::NotDelivered(lost));
        }
        O::AlreadyDone => changes.extend([Change::PreflightDone(passing()), planned]),
        O::PreflightFailed | O::Cancelled | O::Pending | O::Sending => {}
    }
    changes.push(Change::Ended { outcome, reason, at: 1_700_000_001_200, duration_ms: Some(1200) });
    changes
}

/// A preflight report whose every rule passed.
fn passing() -> Report {
    Report { verdicts: vec![] }
}

/// An attempt of `plan` that ended as `outcome`, as the workflow would have left it.
pub fn ended(
    plan: &Plan,
    outcome: crate::attempt::Outcome,
    reason: Option<crate::attempt::Reason>,
) -> crate::attempt::Attempt {
    let mut attempt = crate::attempt::Attempt::new(plan.clone(), Default::default(), 1_700_000_000_000);
    for change in changes_to(plan, outcome, reason) {
        attempt.apply(change).expect("a possible change");
    }
    attempt
}

/// The events of a whole run of the attach plan to `outcome`: its start, then each change.
pub fn run_events(
    outcome: crate::attempt::Outcome,
    reason: Option<crate::attempt::Reason>,
) -> Vec<crate::attach::Event> {
    let plan = attach_plan();
    let start = crate::attempt::Attempt::new(plan.clone(), Default::default(), 1_700_000_000_000);
    std::iter::once(crate::attach::Event::Started(Box::new(start)))
        .chain(changes_to(&plan, outcome, reason).into_iter().map(crate::attach::Event::Changed))
        .collect()
}
