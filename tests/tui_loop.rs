//! The event loop never waits on the network: with an endpoint that accepts connections and
//! never answers, keys keep changing the model and each one is drawn at once (well under the
//! call timeout; the slowest is printed).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};
use tceni::api::ClientConfig;
use tceni::credentials::{Credential, Resolved};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY};
use tceni::tui::app::{Frame, run_loop};
use tceni::tui::keymap::Focus;
use tceni::tui::model::Model;
use tceni::tui::workers::Workers;
use tceni::tui::{Msg, Setup};
use tokio::net::TcpListener;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Accepts every connection and holds it open without a byte of answer.
async fn black_hole() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    url
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

async fn next_frame(frames: &mut UnboundedReceiver<Frame>) -> Frame {
    tokio::time::timeout(Duration::from_secs(5), frames.recv()).await.expect("a frame").expect("loop alive")
}

/// The next frame that shows `focus` (each frame arrives within `next_frame`'s limit).
async fn frame_showing(frames: &mut UnboundedReceiver<Frame>, focus: Focus) {
    while next_frame(frames).await.focus != focus {}
}

/// The app prefilled for an attach in ap-guangzhou, with the demo key, calling `endpoint`.
fn prefilled(endpoint: String, dir: &std::path::Path) -> Setup {
    Setup {
        client_config: ClientConfig { endpoint_override: Some(endpoint), ..ClientConfig::default() },
        credential: Some(Resolved::sandbox_demo(Credential::sandbox_demo(DEMO_SECRET_ID, DEMO_SECRET_KEY))),
        history_path: dir.join("history.sqlite3"),
        region: Some("ap-guangzhou".into()),
        eni: Some("eni-free0001".into()),
        instance: Some("ins-web00001".into()),
        ..Setup::default()
    }
}

/// The real loop on a 100x30 test terminal, its start effects run: the key sender, the frames
/// it reports, and the model it hands back when it ends.
fn spawn_loop(
    setup: &Setup,
) -> (UnboundedSender<Msg>, UnboundedReceiver<Frame>, tokio::task::JoinHandle<Model>) {
    let (mut model, start) = Model::new(setup, "0000");
    model.size = (100, 30);
    let (tx, mut rx) = unbounded_channel();
    let mut workers = Workers::new(tx.clone(), setup);
    for effect in start {
        workers.run(effect);
    }
    let (frames_tx, frames) = unbounded_channel();
    let looping = tokio::spawn(async move {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        run_loop(&mut terminal, &mut model, &mut rx, &mut workers, Some(frames_tx)).await.unwrap();
        model
    });
    (tx, frames, looping)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_stay_responsive_while_the_endpoint_hangs() {
    let dir = tempfile::tempdir().unwrap();
    // The ENI and instance listings hang from the start.
    let (tx, mut frames, looping) = spawn_loop(&prefilled(black_hole().await, dir.path()));
    frame_showing(&mut frames, Focus::Form).await;

    // Confirm (its preflight hangs, so `y` is discarded: nothing is sent unchecked), then back.
    // A worker message (the history opening, say) may be drawn before a key's frame: wait for
    // the key's.
    tx.send(key(KeyCode::Enter)).unwrap();
    frame_showing(&mut frames, Focus::Confirm).await;
    tx.send(key(KeyCode::Char('y'))).unwrap();
    tx.send(key(KeyCode::Esc)).unwrap();
    frame_showing(&mut frames, Focus::Form).await;

    // Everything in flight is stuck; every key still lands within 50 ms.
    let cycle = [Focus::History, Focus::Runbooks, Focus::Region, Focus::Form];
    let mut slowest = Duration::ZERO;
    for round in 0..3 {
        for expected in cycle {
            let pressed = Instant::now();
            tx.send(key(KeyCode::Tab)).unwrap();
            let mut frame = next_frame(&mut frames).await;
            // A worker message (e.g. a history page) may be drawn first; wait for the key's frame.
            while frame.focus != expected {
                frame = next_frame(&mut frames).await;
            }
            let took = pressed.elapsed();
            slowest = slowest.max(took);
            // The endpoint never answers: a loop that waited on it would take the whole call
            // timeout (30 s). The latency itself is a benchmark's figure (`cargo bench --bench
            // render`), not a timed assertion on a shared debug build.
            assert!(took < Duration::from_secs(1), "round {round}: {expected:?} took {took:?}");
        }
    }
    eprintln!("slowest key → frame: {slowest:?}");

    tx.send(Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))).unwrap();
    let model = tokio::time::timeout(Duration::from_secs(5), looping).await.expect("the loop ends").unwrap();
    assert_eq!(model.exit.map(|e| e.code), Some(0));
}

/// While a run is live the loop ticks on its own: frames keep coming with no key pressed (the
/// spinner and the step time move). Esc cancels the hung run through its own token, the
/// workflow reports how it ended, and the run's clock stops.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_run_ticks_and_esc_ends_it_through_its_token() {
    use tceni::sandbox::{Fault, FaultKind, Sandbox, SandboxConfig};
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let dir = tempfile::tempdir().unwrap();
    let (tx, mut frames, looping) = spawn_loop(&prefilled(sandbox.url(), dir.path()));
    frame_showing(&mut frames, Focus::Form).await;
    tx.send(key(KeyCode::Enter)).unwrap();
    frame_showing(&mut frames, Focus::Confirm).await;
    // The confirm pane's verdicts come in and are drawn (only then does `y` send); then the
    // workflow's own preflight hangs, nothing sent yet.
    tokio::time::sleep(Duration::from_millis(500)).await;
    sandbox.add_fault(Fault::once(FaultKind::Hang).for_action("DescribeNetworkInterfaces").until_cleared());
    tx.send(key(KeyCode::Char('y'))).unwrap();
    frame_showing(&mut frames, Focus::Progress).await;
    // No key from here: the hung preflight answers nothing, yet frames keep coming (a few are
    // the workers' messages, the rest the ticks).
    for _ in 0..15 {
        let frame = next_frame(&mut frames).await;
        assert!(frame.focus == Focus::Progress && frame.ticking);
    }
    tx.send(key(KeyCode::Esc)).unwrap();
    while next_frame(&mut frames).await.ticking {}
    tx.send(key(KeyCode::Char('q'))).unwrap();
    let model = tokio::time::timeout(Duration::from_secs(5), looping).await.expect("the loop ends").unwrap();
    let progress = model.progress.expect("a run");
    assert!(progress.clock >= Duration::from_millis(500), "ticks moved the clock: {:?}", progress.clock);
    assert_eq!(
        progress.outcome(),
        Some(tceni::attempt::Outcome::Cancelled),
        "the cancelled run reported its end"
    );
}

/// The app for `setup` on a 120x40 screen, its start effects running: the model, the runtime
/// and the messages it sends back (fed with [`drive_until`]).
fn started(setup: &Setup) -> (Model, Workers, UnboundedReceiver<Msg>) {
    let (mut model, start) = Model::new(setup, "0000");
    model.size = (120, 40);
    let (tx, rx) = unbounded_channel();
    let mut workers = Workers::new(tx, setup);
    for effect in start {
        workers.run(effect);
    }
    (model, workers, rx)
}

/// Feed the loop's own `apply` until `done` holds (the same install → update → effects path
/// `run_loop` takes, with the model in reach between messages).
async fn drive_until(
    model: &mut Model,
    workers: &mut Workers,
    rx: &mut UnboundedReceiver<Msg>,
    done: impl Fn(&Model) -> bool,
) {
    tokio::time::timeout(Duration::from_secs(30), async {
        while !done(model) {
            let msg = rx.recv().await.expect("the workers are alive");
            assert!(!tceni::tui::app::apply(model, msg, workers), "the app does not quit");
        }
    })
    .await
    .expect("reached in time");
}

/// The answer to an attach the sandbox carried out is dropped, and its task still runs when the
/// ENI is described: outcome unknown. `r` re-sends the same plan with the same ClientToken as a
/// new run: the service replays the first request, the run ends SUCCESS, verified, and the ENI
/// was attached exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_resends_an_unknown_attach_with_its_token_and_it_is_carried_out_once() {
    use tceni::api::RetryPolicy;
    use tceni::attach::PollPolicy;
    use tceni::history::{HistoryQuery, Outcome, Store};
    use tceni::sandbox::{Fault, FaultKind, Sandbox, SandboxConfig};
    let sandbox =
        Sandbox::start(SandboxConfig { task_delay: Duration::from_millis(1500), ..SandboxConfig::default() })
            .await
            .expect("sandbox");
    sandbox.add_fault(Fault::once(FaultKind::DropAfter).for_action("AttachNetworkInterface").until_cleared());
    let dir = tempfile::tempdir().unwrap();
    let base = prefilled(sandbox.url(), dir.path());
    let setup = Setup {
        client_config: ClientConfig { retry: RetryPolicy::none(), ..base.client_config.clone() },
        poll: PollPolicy {
            first_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(200),
            // Shorter than the task: the lost answer cannot be settled by looking, so the
            // outcome is unknown (the ENI is still ATTACHING when the run gives up).
            deadline: Duration::from_secs(1),
            ..PollPolicy::default()
        },
        ..base
    };
    let (mut model, mut workers, mut rx) = started(&setup);
    let (m, w, r) = (&mut model, &mut workers, &mut rx);
    drive_until(m, w, r, |m| m.history.opened.loaded().is_some()).await;
    tceni::tui::app::apply(m, key(KeyCode::Enter), w);
    drive_until(m, w, r, |m| m.confirm().is_some_and(|c| c.preflight.loaded().is_some())).await;
    tceni::tui::app::apply(m, Msg::Drawn(Default::default()), w); // the verdicts are on screen…
    tceni::tui::app::apply(m, Msg::Tick(Duration::from_secs(1)), w); // …long enough: `y` sends
    tceni::tui::app::apply(m, key(KeyCode::Char('y')), w);
    let outcome = |m: &Model| m.progress.as_ref().and_then(|p| p.outcome());
    drive_until(m, w, r, |m| outcome(m).is_some()).await;
    assert_eq!(outcome(m), Some(Outcome::Unknown), "{:?}", m.progress.as_ref().unwrap().attempt);
    let first = m.progress.as_ref().unwrap().plan().clone();

    sandbox.clear_faults();
    tceni::tui::app::apply(m, key(KeyCode::Char('r')), w);
    let again = m.progress.as_ref().unwrap();
    assert!(again.running() && again.plan() == &first, "a new run of the very same plan");
    drive_until(m, w, r, |m| outcome(m).is_some()).await;
    let attempt = m.progress.as_ref().unwrap().attempt.clone();
    assert_eq!(attempt.outcome(), Outcome::Succeeded, "{attempt:?}");
    assert_eq!(attempt.located().and_then(|l| l.instance()), Some("ins-web00001"), "verified");

    // Read at once: the workflow tells the end only once the history holds it, and the rows
    // of the same request it settles.
    let state = sandbox.state();
    assert_eq!(state.eni("eni-free0001").unwrap().instance.as_deref(), Some("ins-web00001"));
    let attaches = state.tasks.iter().filter(|t| t.eni == "eni-free0001").count();
    assert_eq!(attaches, 1, "attached exactly once: {:?}", state.tasks);
    let rows =
        Store::open(dir.path().join("history.sqlite3")).unwrap().page(&HistoryQuery::default()).unwrap();
    let token = first.client_token().unwrap();
    assert!(rows.iter().all(|row| row.client_token == token), "both runs carry the one token");
    assert!(
        rows.iter().all(|row| row.account_id.as_deref() == Some("100000000001")),
        "the rows name the account the runtime learnt"
    );
    // One request, one task: the first row's own request did it (the same ClientToken), so it
    // is settled as succeeded too, and the re-send is linked to it rather than read as a second
    // independent success.
    let outcomes: Vec<Outcome> = rows.iter().map(|row| row.outcome).collect();
    assert_eq!(outcomes, [Outcome::Succeeded, Outcome::Succeeded], "newest first");
    assert_eq!(rows[0].retry_of, Some(rows[1].id), "the re-send continues the first row");
}

/// sts fails at start (the header says `unknown (InternalError)`), then recovers: the confirm
/// pane's preflight asks it again for the `allowed_accounts` rule, shows the rule passing with
/// the account it checked, and the header names the account from then on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_is_shown_once_sts_recovers_with_the_rule_that_passed() {
    use tceni::attach::preflight::{Rule, Status};
    use tceni::sandbox::{Fault, FaultKind, Sandbox, SandboxConfig};
    use tceni::tui::model::{AccountState, Load};
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let internal = FaultKind::Error { code: "InternalError".into(), message: None };
    sandbox.add_fault(Fault::once(internal).for_action("GetCallerIdentity").until_cleared());
    let dir = tempfile::tempdir().unwrap();
    let setup = Setup {
        allowed_accounts: vec!["100000000001".into()],
        client_config: ClientConfig {
            retry: tceni::api::RetryPolicy::none(),
            ..prefilled(sandbox.url(), dir.path()).client_config
        },
        ..prefilled(sandbox.url(), dir.path())
    };
    let (mut model, mut workers, mut rx) = started(&setup);
    let (m, w, r) = (&mut model, &mut workers, &mut rx);
    drive_until(m, w, r, |m| matches!(m.session.account, AccountState::Unknown(_))).await;
    sandbox.clear_faults();
    tceni::tui::app::apply(m, key(KeyCode::Enter), w);
    drive_until(m, w, r, |m| m.confirm().is_some_and(|c| c.preflight.loaded().is_some())).await;
    let Some(Load::Loaded(report)) = m.confirm().map(|c| c.preflight.clone()) else { unreachable!() };
    let rule = report.verdicts.iter().find(|v| v.rule == Rule::AccountAllowed).expect("the account rule");
    assert_eq!(rule.status, Status::Pass, "{rule:?}");
    assert!(rule.reason.contains("100000000001"), "names the account it checked: {}", rule.reason);
    drive_until(m, w, r, |m| matches!(m.session.account, AccountState::Known(_))).await;
    let screen = {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| tceni::tui::view::draw(m, f)).unwrap();
        tceni::tui::view::buffer_text(terminal.backend().buffer())
    };
    assert!(
        screen.contains("account 100000000001") && !screen.contains("unknown (InternalError)"),
        "{screen}"
    );
}

/// The runtime keeps the handle of every task it starts and aborts them when the app ends: two
/// listings hung on an endpoint that never answers do not outlive it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runtime_aborts_its_tasks_when_the_app_ends() {
    use tceni::tui::Effect;
    let dir = tempfile::tempdir().unwrap();
    let setup = prefilled(black_hole().await, dir.path());
    let (tx, _rx) = unbounded_channel();
    let mut workers = Workers::new(tx, &setup);
    workers.run(Effect::LoadEnis { region: "ap-guangzhou".into() });
    workers.run(Effect::LoadInstances { region: "ap-guangzhou".into() });
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(workers.running(), 2, "both hang on the endpoint");
    workers.abort_all();
    tokio::time::timeout(Duration::from_secs(5), async {
        while workers.running() > 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("aborted");
}

/// ins-web00001 has 4 slots, 2 held. An attach sent by another client is running (its ENI
/// ATTACHING) before the app lists the region, and the app's own attach is accepted and still
/// running: the instance is full. The instance picker counts the slot the app's own ATTACHING ENI
/// holds (its listing was taken before that attach: issue 18.5), and the confirm pane's
/// preflight counts both, so a third attach is refused before it is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slot_held_by_an_attaching_eni_is_counted() {
    use tceni::attach::PollPolicy;
    use tceni::attach::preflight::{Rule, Status};
    use tceni::plan::{Kind, Plan, PlanInput};
    use tceni::sandbox::{Sandbox, SandboxConfig};
    use tceni::tui::model::resources::SlotLimit;
    use tceni::tui::model::{FormFocus, InstanceField, Load, PickerKind, TextInput};
    // The tasks never end within the test: the ENIs stay ATTACHING.
    let config = SandboxConfig { task_delay: Duration::from_secs(600), ..SandboxConfig::default() };
    let sandbox = Sandbox::start(config).await.expect("sandbox");
    let client = tceni::api::Client::new(
        Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None),
        ClientConfig { endpoint_override: Some(sandbox.url()), ..ClientConfig::default() },
    )
    .unwrap();
    let input = PlanInput {
        client_token: Some("another-client".into()),
        ..PlanInput::new(Kind::Attach, "ap-guangzhou", "eni-free0001", "ins-web00001")
    };
    let plan = Plan::new(&input, &tceni::api::EndpointRule::default()).unwrap();
    client.start_task(&plan.request().call()).await.expect("accepted");
    assert_eq!(sandbox.state().eni("eni-free0001").unwrap().state, "ATTACHING");

    let dir = tempfile::tempdir().unwrap();
    let setup = Setup {
        eni: Some("eni-free0002".into()),
        poll: PollPolicy { deadline: Duration::from_secs(600), ..PollPolicy::default() },
        ..prefilled(sandbox.url(), dir.path())
    };
    let (mut model, mut workers, mut rx) = started(&setup);
    let (m, w, r) = (&mut model, &mut workers, &mut rx);
    let listed = |m: &Model| m.resources.enis.loaded().is_some() && m.resources.instances.loaded().is_some();
    drive_until(m, w, r, listed).await;
    // The app's own attach: sent, accepted, its task running.
    tceni::tui::app::apply(m, key(KeyCode::Enter), w);
    drive_until(m, w, r, |m| m.confirm().is_some_and(|c| c.preflight.loaded().is_some())).await;
    tceni::tui::app::apply(m, Msg::Drawn(Default::default()), w);
    tceni::tui::app::apply(m, Msg::Tick(Duration::from_secs(1)), w);
    tceni::tui::app::apply(m, key(KeyCode::Char('y')), w);
    drive_until(m, w, r, |m| m.progress.as_ref().is_some_and(|p| p.attempt.request_id().is_some())).await;
    assert_eq!(sandbox.state().eni("eni-free0002").unwrap().state, "ATTACHING");

    // Back on the form for a third ENI: the picker says ins-web00001 has no free slot.
    tceni::tui::app::apply(m, Msg::Key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::ALT)), w);
    m.form.eni = TextInput::with_text("eni-free0003");
    m.form.focus = FormFocus::Instance;
    tceni::tui::app::apply(m, Msg::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)), w);
    assert_eq!(m.picker().map(|p| p.kind), Some(PickerKind::Instance(InstanceField::Instance)));
    let known =
        |m: &Model| listed(m) && matches!(m.resources.limits.get("ins-web00001"), Some(SlotLimit::Known(_)));
    drive_until(m, w, r, known).await;
    let screen = {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| tceni::tui::view::draw(m, f)).unwrap();
        tceni::tui::view::buffer_text(terminal.backend().buffer())
    };
    let row = screen.lines().find(|l| l.contains("ins-web00001")).unwrap_or_default();
    assert!(row.contains("no free slot"), "the picker counts the ATTACHING ENIs:\n{screen}");
    tceni::tui::app::apply(m, Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)), w);

    // The confirm pane's preflight counts them too.
    m.form.focus = FormFocus::Submit;
    tceni::tui::app::apply(m, key(KeyCode::Enter), w);
    drive_until(m, w, r, |m| m.confirm().is_some_and(|c| c.preflight.loaded().is_some())).await;
    let Some(Load::Loaded(report)) = m.confirm().map(|c| c.preflight.clone()) else { unreachable!() };
    let slot = report.verdicts.iter().find(|v| v.rule == Rule::FreeEniSlot).expect("the slot rule");
    assert_eq!(slot.status, Status::Fail, "4 of 4 slots are held: {slot:?}");
}

/// The Runbooks pane on the sandbox: `--runbook FILE` opens the app on it with the file listed;
/// Enter asks for its variable, Enter on the last plans it whole (an effect), `y` once the
/// verdicts have been on screen runs it through the same engine as `runbook apply`, and the
/// live table ends with every step verified where the runbook puts its ENI.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runbook_opened_in_the_app_runs_on_the_sandbox_with_every_step_verified() {
    use tceni::attach::PollPolicy;
    use tceni::runbook::StepEnd;
    use tceni::sandbox::{Sandbox, SandboxConfig};
    use tceni::tui::model::runbooks::{Listing, Phase};
    let sandbox =
        Sandbox::start(SandboxConfig { task_delay: Duration::from_millis(200), ..SandboxConfig::default() })
            .await
            .expect("sandbox");
    let dir = tempfile::tempdir().unwrap();
    let example =
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/runbook-example.toml"));
    let setup = Setup {
        runbook: Some(example.clone()),
        runbook_dir: dir.path().join("runbooks"),
        data_dir: dir.path().to_path_buf(),
        poll: PollPolicy {
            first_delay: Duration::from_millis(100),
            interval: Duration::from_millis(100),
            ..PollPolicy::default()
        },
        region: Some("ap-nanjing".into()),
        eni: None,
        instance: None,
        ..prefilled(sandbox.url(), dir.path())
    };
    let (mut model, start) = Model::new(&setup, "0000");
    model.size = (120, 40);
    let (tx, mut rx) = unbounded_channel();
    let mut workers = Workers::new(tx.clone(), &setup);
    for effect in start {
        workers.run(effect);
    }
    let (m, w, r) = (&mut model, &mut workers, &mut rx);
    assert_eq!(m.focus(), Focus::Runbooks, "--runbook opens the Runbooks pane");
    drive_until(m, w, r, |m| matches!(m.runbooks.listing, Listing::Read(_))).await;
    let listed = m.runbooks.entries().get(m.runbooks.list.selected).map(|e| e.path.clone());
    assert_eq!(listed, Some(example), "the file given is listed and selected");

    tceni::tui::app::apply(m, key(KeyCode::Enter), w);
    assert_eq!(m.focus(), Focus::RunbookVars, "its variables are asked for");
    tceni::tui::app::apply(m, Msg::Paste("ins-njdb0002".into()), w);
    tceni::tui::app::apply(m, key(KeyCode::Enter), w);
    tceni::tui::app::apply(m, key(KeyCode::Enter), w);
    drive_until(m, w, r, |m| m.runbooks.planned().is_some()).await;
    assert!(m.runbooks.planned().unwrap().prepared.check.runnable());
    tceni::tui::app::apply(m, Msg::Drawn(Default::default()), w); // the verdicts are on screen…
    tceni::tui::app::apply(m, Msg::Tick(Duration::from_secs(1)), w); // …long enough: `y` runs
    tceni::tui::app::apply(m, key(KeyCode::Char('y')), w);
    assert!(m.runbooks.live_run().is_some(), "the run is live");
    drive_until(m, w, r, |m| m.runbooks.run().is_some_and(|run| run.finished.is_some())).await;

    let run = m.runbooks.run().unwrap();
    assert_eq!(run.finished.as_ref().map(|(code, _)| *code), Some(0));
    assert_eq!(run.rows.len(), 24);
    for row in &run.rows {
        let Some(StepEnd::Finished(ran)) = row.end() else { panic!("step {}: {:?}", row.number, row.state) };
        assert!(ran.verified(&row.plan), "step {} verified where the runbook puts it: {ran:?}", row.number);
        assert!(ran.request_id.is_some(), "step {} has its RequestId", row.number);
    }
    let undo = match &run.finished.as_ref().unwrap().1.undo {
        Some(Ok(path)) => path.clone(),
        other => panic!("an undo runbook: {other:?}"),
    };
    assert!(undo.exists());
    let state = sandbox.state();
    assert_eq!(state.eni("eni-njsv0006").unwrap().instance.as_deref(), Some("ins-njdb0002"));
    assert_eq!(state.eni("eni-njol0001").unwrap().instance, None);
    assert!(matches!(m.runbooks.open.as_ref().map(|o| &o.phase), Some(Phase::Running(_))));
}
