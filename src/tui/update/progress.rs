//! Progress: the run, live (workflow events, the loop's ticks, client retries); cancel it, ask
//! before quitting with a request in flight, copy its RequestId, offer the undo of an attach,
//! re-send an unknown outcome with its ClientToken or re-check where the ENI is; scroll.

use super::confirm::{blocked, open_confirm};
use super::{common, go_to, history};
use crate::attach::{Event, Failure, Located};
use crate::attempt::{Change, Outcome};
use crate::plan::{Kind, Plan, PlanInput};
use crate::tr;
use crate::tui::keymap::{Action, Focus};
use crate::tui::model::{Ask, Lasts, Live, Load, Model, ProgressPane, Retry, Run, Screen};
use crate::tui::msg::{Effect, PreflightMode, Shown};
use crossterm::event::KeyEvent;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The confirm pane's send key: start the run of exactly the plan on screen (`preflight` false:
/// the operator's named "send without preflight").
pub fn send(model: &mut Model, preflight: bool) -> Vec<Effect> {
    let Some(confirm) = model.confirm() else { return Vec::new() };
    if model.session.read_only {
        model.say(tr!("notice-read-only"));
        return Vec::new();
    }
    if model.progress.as_ref().is_some_and(|p| p.running()) {
        // One run at a time: a second would take the pane, and with it the first one's cancel
        // token and its quit question.
        let back = model.keymap.key_for(Action::Back, Focus::Progress);
        model.say(tr!("notice-run-going", back = back));
        return Vec::new();
    }
    if blocked(confirm) && !confirm.override_armed {
        let (arm, send) = (
            model.keymap.key_for(Action::Override, Focus::Confirm),
            model.keymap.key_for(Action::Send, Focus::Confirm),
        );
        model.say(tr!("notice-preflight-failed", override = arm, send = send));
        return Vec::new();
    }
    let mode = match (preflight, confirm.override_armed) {
        (false, _) => PreflightMode::Skip,
        (true, true) => PreflightMode::Override,
        (true, false) => PreflightMode::Check,
    };
    // The review ends as the run starts: the progress screen replaces it.
    start_run(model, confirm.plan.clone(), mode, None)
}

/// A new run of `plan` on the progress pane, with its own id and cancel token.
fn start_run(model: &mut Model, plan: Plan, preflight: PreflightMode, retry_of: Option<i64>) -> Vec<Effect> {
    let run_id = model.take_id();
    let cancel = CancellationToken::new();
    let mut pane = ProgressPane::new(run_id, plan.clone(), cancel.clone());
    pane.attempt.retry_of = retry_of;
    model.progress = Some(pane);
    model.screen = Screen::Progress;
    vec![Effect::RunWorkflow { run_id, plan, preflight, cancel, retry_of }]
}

/// Lines a page moves: the pane's height less one, so a line stays in view (the confirm pane's
/// too: both fill the body).
pub(super) fn page(model: &Model) -> i32 {
    let body = crate::tui::layout::areas(crate::tui::layout::screen_rect(model)).body;
    i32::from(crate::tui::layout::inner(body).height.saturating_sub(1).max(1))
}

/// Scroll the pane by `lines`, within its text as the last frame laid it out.
fn scroll(model: &mut Model, lines: i32) -> Vec<Effect> {
    if let Some(progress) = model.progress.as_mut() {
        let next = (i32::from(progress.scroll) + lines).clamp(0, i32::from(progress.scroll_limit));
        progress.scroll = next as u16;
    }
    Vec::new()
}

/// `r` after an unknown outcome: the same plan, the same ClientToken, as a new run. Only a plan
/// with a token: the service carries a token's request out at most once, so this cannot act
/// twice; a move has none and is re-checked instead.
fn resend(model: &mut Model) -> Vec<Effect> {
    let Some(progress) = model.progress.as_ref() else { return Vec::new() };
    let recheck = model.keymap.key_for(Action::Recheck, Focus::Progress);
    if progress.outcome() != Some(Outcome::Unknown) {
        model.say(tr!("notice-resend-when-unknown"));
        return Vec::new();
    }
    let Some(token) = progress.plan().client_token().map(str::to_string) else {
        // A try that may have arrived is never re-sent without a token: it could act twice.
        model.say(tr!("notice-resend-unsafe", recheck = recheck));
        return Vec::new();
    };
    let plan = progress.plan().clone();
    // The chain's first attempt: a re-send of a re-send still points at the original.
    let retry_of = progress.attempt.retry_of.or(progress.attempt.history_id());
    let effects = start_run(model, plan, PreflightMode::Resend, retry_of);
    model.say_until(tr!("notice-resending", token = token), Lasts::WhileRunning);
    effects
}

/// `c` after a run: describe the ENI again.
fn recheck(model: &mut Model) -> Vec<Effect> {
    let Some(progress) = model.progress.as_mut() else { return Vec::new() };
    let Run::Finished { recheck, .. } = &mut progress.run else {
        model.say(tr!("notice-recheck-after"));
        return Vec::new();
    };
    *recheck = Load::Loading;
    vec![Effect::Locate { run_id: progress.run_id, plan: progress.plan().clone() }]
}

/// Where the re-check found the ENI.
pub fn on_located(model: &mut Model, run_id: u64, result: Result<Option<Located>, Failure>) {
    let Some(progress) = model.progress.as_mut().filter(|p| p.run_id == run_id) else { return };
    if let Run::Finished { recheck, .. } = &mut progress.run {
        *recheck = match result {
            Ok(found) => Load::Loaded(found),
            Err(e) => Load::Failed(e),
        };
    }
}

/// The footer's line when a run ends with an unknown outcome: what `r` and `c` will do (short
/// enough for a 60-column window; the pane says it in full).
fn unknown_notice(model: &Model, plan: &Plan) -> String {
    let key = |action| model.keymap.key_for(action, Focus::Progress);
    let recheck = key(Action::Recheck);
    match plan.client_token() {
        Some(_) => tr!("notice-unknown-token", resend = key(Action::Resend), recheck = recheck),
        // Only a move has no ClientToken.
        None => tr!("notice-unknown-no-token", recheck = recheck),
    }
}

pub fn on_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    let Some(progress) = model.progress.as_mut() else {
        return common(model, action);
    };
    match action {
        Some(Action::Back) => match &mut progress.run {
            // Once a request may be on its way, cancelling asks first, as quitting does: both
            // leave a row that "may have been sent".
            Run::Running(live) if progress.attempt.may_have_been_sent() => {
                live.asking = Some(Ask::Cancel);
                Vec::new()
            }
            Run::Running(_) => cancel_run(model),
            Run::Cancelling(_) => Vec::new(),
            Run::Finished { .. } => go_to(model, Screen::Form),
        },
        Some(Action::Detach) if progress.succeeded() && progress.plan().kind() == Kind::Attach => {
            let plan = progress.plan();
            let input =
                PlanInput::new(Kind::Detach, &plan.region, plan.eni.as_str(), plan.instance().as_str());
            open_confirm(model, input)
        }
        Some(Action::Detach) => {
            model.say(tr!("notice-detach-after-attach"));
            Vec::new()
        }
        Some(Action::Up) => scroll(model, -1),
        Some(Action::Down) => scroll(model, 1),
        Some(Action::PageUp) => scroll(model, -page(model)),
        Some(Action::PageDown) => scroll(model, page(model)),
        Some(Action::Resend) => resend(model),
        Some(Action::Recheck) => recheck(model),
        Some(Action::Copy) => {
            let (what, text) = match progress.attempt.request_id() {
                Some(id) => ("request", id.to_string()),
                None => ("eni", progress.plan().eni.to_string()),
            };
            model.say(tr!("notice-copied", what = what, text = text.as_str()));
            vec![Effect::Copy(text)]
        }
        other => common(model, other),
    }
}

/// A request is in flight: open the quit question on the progress pane and return true.
pub fn ask_before_quitting(model: &mut Model) -> bool {
    let Some(progress) = model.progress.as_mut() else { return false };
    if !progress.attempt.may_have_been_sent() {
        return false;
    }
    let Some(live) = progress.run.live_mut() else { return false };
    live.asking = Some(Ask::Quit);
    model.screen = Screen::Progress;
    model.overlay = None;
    true
}

/// Stop following the live run: its workflow stops at its next await and reports how it ended.
fn cancel_run(model: &mut Model) -> Vec<Effect> {
    let Some(progress) = model.progress.as_mut() else { return Vec::new() };
    let Run::Running(live) = &mut progress.run else { return Vec::new() };
    live.asking = None;
    let cancel = live.cancel.clone();
    progress.run = Run::Cancelling(live.clone());
    model.say_until(tr!("notice-cancelling"), Lasts::WhileRunning);
    vec![Effect::Cancel(cancel)]
}

/// The answer to the question the live run's pane asks, when one is open: `y` does what was
/// asked; Ctrl-C (a second one, or the first during a cancel question) quits at once; any
/// other key closes the question and the run goes on.
pub fn answer_question(model: &mut Model, key: &KeyEvent) -> Option<Vec<Effect>> {
    let live = model.progress.as_mut().and_then(|p| p.run.live_mut())?;
    let asked = live.asking.take()?;
    match super::answer(model, Focus::Progress, asked, key) {
        super::Answer::Quit => Some(super::quit(model)),
        super::Answer::Cancel => Some(cancel_run(model)),
        super::Answer::Dismiss => {
            model.say_until(tr!("notice-still-running"), Lasts::WhileRunning);
            Some(Vec::new())
        }
    }
}

/// The loop's clock: only a live run's time moves (a finished run shows the workflow's own).
pub fn tick(model: &mut Model, elapsed: Duration) {
    if let Some(progress) = model.progress.as_mut().filter(|p| p.running()) {
        progress.clock += elapsed;
    }
}

/// A workflow event for the run on screen; another run's events are dropped. The pane's record
/// takes each change through the same transition function as the workflow's.
pub fn on_event(model: &mut Model, run_id: u64, event: Event) -> Vec<Effect> {
    let Some(progress) = model.progress.as_mut().filter(|p| p.run_id == run_id) else { return Vec::new() };
    let change = match event {
        Event::Started(attempt) => {
            progress.attempt = *attempt;
            return Vec::new();
        }
        Event::Retrying(n) => {
            let clock = progress.clock;
            if let Some(live) = progress.run.live_mut() {
                note_retry(live, &n.action, n.failed_try, &n.code, clock + n.next_in);
            }
            return Vec::new();
        }
        Event::Changed(change) => change,
    };
    let bookkeeping = matches!(change, Change::Recorded { .. } | Change::RecordingFailed { .. });
    let recorded = matches!(change, Change::Recorded { .. });
    let accepted = matches!(change, Change::Accepted { .. });
    if progress.attempt.apply(change).is_err() {
        return Vec::new();
    }
    if recorded {
        return history::reload(model);
    }
    if let Some(live) = progress.run.live_mut().filter(|_| !bookkeeping) {
        // A retry belongs to the call it retried: any answer moves the run on and ends it.
        live.retry = None;
    }
    if progress.run.live().is_some_and(|l| l.step != progress.attempt.step()) {
        enter_step(progress);
    }
    if !progress.attempt.is_ended() || !progress.running() {
        // Accepted: the ENI is busy on the service now and holds its slot on the destination.
        // The listing the pickers count slots from was taken before: list again, or the next
        // plan would be offered a slot this one holds.
        return if accepted { model.load_resources() } else { Vec::new() };
    }
    // It ended: the step it was in is over, the live run (its token, its question) goes.
    let was_asking = progress.run.live().is_some_and(|l| l.asking.is_some());
    close_step(progress);
    progress.run = Run::Finished { recheck: Load::Idle };
    let unknown = (progress.attempt.outcome() == Outcome::Unknown).then(|| progress.plan().clone());
    // "still running", "re-sending…", "cancelling…" were about the live run.
    model.notice_over(Lasts::WhileRunning);
    if was_asking {
        // The question goes with the live run; nothing is in flight any more.
        let quit = model.keymap.key_for(Action::Quit, Focus::Progress);
        model.say(tr!("notice-run-ended", quit = quit));
    }
    if let Some(plan) = unknown {
        model.say(unknown_notice(model, &plan));
    }
    // The ENI moved: the pickers must not offer stale attachments.
    let mut effects = history::reload(model);
    effects.extend(model.load_resources());
    effects.extend(super::results::ask_again_if_unknown(model));
    effects
}

/// The client is trying a call again: say why, which try, and when the next one goes.
pub fn note_retry(live: &mut Live, action: &str, failed_try: u32, code: &str, next_at: Duration) {
    live.retry = Some(Retry { action: action.into(), failed_try, code: code.into(), next_at });
}

/// A new step began: note how long the one before took.
fn enter_step(progress: &mut ProgressPane) {
    let (clock, now) = (progress.clock, progress.attempt.step());
    let Some(live) = progress.run.live_mut() else { return };
    let done = (std::mem::replace(&mut live.step, now), clock.saturating_sub(live.step_since));
    live.step_since = clock;
    progress.timings.push(done);
}

/// The run ended: the step it was in is over now.
fn close_step(progress: &mut ProgressPane) {
    if let Some(live) = progress.run.live() {
        let done = (live.step, progress.clock.saturating_sub(live.step_since));
        progress.timings.push(done);
    }
}

/// A frame was drawn: keep how far the pane can scroll at its size, when it was on screen.
pub fn drawn(model: &mut Model, shown: Shown) {
    if let (Some(progress), Some(limit)) = (model.progress.as_mut(), shown.progress_scroll_limit) {
        progress.scroll_limit = limit;
    }
}
