//! Confirm: exactly what will be sent, and the preflight verdicts; the send key starts the run.

use super::go_to;
use crate::plan::{Kind, Plan, PlanError, PlanInput};
use crate::tr;
use crate::tui::keymap::{Action, Focus};
use crate::tui::model::{ActivityCheck, Checks, ConfirmPane, FormFocus, Lasts, Load, Model, Screen};
use crate::tui::msg::{Effect, Shown};
use crossterm::event::{KeyCode, KeyEvent};
use std::time::Duration;

/// Enter on the form's confirm action: build the plan from the fields, then show exactly what
/// will be sent.
pub fn open_from_form(model: &mut Model) -> Vec<Effect> {
    let Some(region) = model.session.region.clone() else {
        model.say(tr!("notice-choose-region"));
        return go_to(model, Screen::Region);
    };
    let form = &model.form;
    let input = PlanInput {
        destination: form.destination.text.clone(),
        attach_type: form.operation.has_attach_type().then_some(form.attach_type),
        ..PlanInput::new(form.operation, &region, &form.eni.text, &form.instance.text)
    };
    open_confirm(model, input)
}

/// Open the confirm step with the plan for `input`. The ClientToken is made here and sent as
/// is, so what the operator reads is what goes on the wire; the preflight runs now so its
/// verdicts are on screen.
pub fn open_confirm(model: &mut Model, mut input: PlanInput) -> Vec<Effect> {
    if input.kind.has_client_token() && input.client_token.is_none() {
        input.client_token = Some(model.next_client_token());
    }
    let plan = match Plan::new(&input, &model.session.endpoints) {
        Ok(plan) => plan,
        Err(e) => {
            focus_the_field_at_fault(model, &input, &e);
            model.say(e.to_string());
            return Vec::new();
        }
    };
    let preflight_id = model.take_id();
    model.screen = Screen::Confirm(Box::new(ConfirmPane {
        plan: plan.clone(),
        preflight_id,
        preflight: Load::Loading,
        override_armed: false,
        scroll: 0,
        scroll_limit: 0,
        shown_for: None,
        activity: if model.activity_window.is_zero() { ActivityCheck::Off } else { ActivityCheck::Checking },
    }));
    model.overlay = None;
    let mut effects = vec![Effect::Preflight { id: preflight_id, plan: plan.clone() }];
    if !model.activity_window.is_zero() {
        effects.push(Effect::CheckActivity { id: preflight_id, plan, window: model.activity_window });
    }
    effects
}

/// The audit trail answered: others' changes within the window (this machine's left out), or
/// why it could not be read. An answer for an earlier confirm pane is dropped.
pub fn activity_checked(
    model: &mut Model,
    id: u64,
    at: chrono::DateTime<chrono::Utc>,
    result: Result<crate::activity::Report, crate::activity::Unavailable>,
) {
    let window = model.activity_window;
    let Some(confirm) = model.confirm_mut().filter(|c| c.preflight_id == id) else { return };
    confirm.activity = match result {
        Ok(report) => ActivityCheck::Checked {
            others: report.by_others(at, window).into_iter().cloned().collect(),
            at,
            window,
            skipped: report.skipped,
        },
        Err(why) => ActivityCheck::Unavailable(why),
    };
}

fn focus_the_field_at_fault(model: &mut Model, input: &PlanInput, error: &PlanError) {
    if !matches!(error, PlanError::Id(_) | PlanError::SameInstance(_)) {
        return;
    }
    model.form.focus = if crate::plan::EniId::parse(&input.eni).is_err() {
        FormFocus::Eni
    } else if crate::plan::InstanceId::parse(&input.instance).is_err() {
        FormFocus::Instance
    } else {
        FormFocus::Destination
    };
}

/// Whether the confirm pane holds a preflight report with failures.
pub fn blocked(confirm: &ConfirmPane) -> bool {
    matches!(&confirm.preflight, Load::Loaded(report) if !report.passed())
}

pub fn on_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    let Some(confirm) = model.confirm() else { return Vec::new() };
    let checks = confirm.checks();
    let shown_for = confirm.shown_for.filter(|_| checks != Checks::Running);
    let decides = matches!(action, Some(Action::Send | Action::SendWithoutPreflight | Action::Override));
    match action {
        Some(Action::Deny | Action::Back) => go_back(model),
        // Reading is always allowed, checks or not: it sends nothing.
        Some(Action::Up | Action::Down | Action::PageUp | Action::PageDown) => scroll(model, action),
        // Keys typed ahead of the verdicts (a second Enter, an eager `y`) are dropped: the
        // operator has not read what they would confirm. The notice goes once they show.
        _ if shown_for.is_none() => model.say_until(tr!("notice-checking-first"), Lasts::UntilVerdicts),
        // On screen, but not long enough to have been read: a key pressed this soon was meant
        // for the screen before (`d` then `y` in one motion).
        _ if decides && !confirm.settled(model.confirm_dwell) => {
            let ms = model.confirm_dwell.as_millis() as u64;
            model.say(tr!("notice-too-soon", key = key_name(&key), ms = ms));
        }
        Some(Action::Send) => return send(model, checks),
        Some(Action::SendWithoutPreflight) if checks == Checks::CouldNotRun => {
            return super::progress::send(model, false);
        }
        Some(Action::Override) if checks == Checks::Failed => toggle_override(model),
        Some(Action::SendWithoutPreflight | Action::Override) => {
            let what = key_name(&key);
            let how = how_to_send(model, checks);
            model.say(tr!("notice-does-nothing", key = what, how = how));
        }
        _ if key.code == KeyCode::Enter => {
            let how = how_to_send(model, checks);
            model.say(tr!("notice-enter-does-not-send", how = how));
        }
        // Typing on the review is not lost without a word: say which keys act here.
        _ if super::types(&key) => {
            let how = how_to_send(model, checks);
            model.say(tr!("notice-does-nothing", key = key_name(&key), how = how));
        }
        _ => {}
    }
    Vec::new()
}

/// The key as the operator pressed it, for a notice.
fn key_name(key: &KeyEvent) -> String {
    match key.code {
        KeyCode::Char(c) => c.to_string(),
        other => crate::tui::keymap::Key::plain(other).to_string(),
    }
}

/// What sends in this state, in the keys of the live keymap.
fn how_to_send(model: &Model, checks: Checks) -> String {
    let key = |action| model.keymap.key_for(action, Focus::Confirm);
    let armed = model.confirm().is_some_and(|c| c.override_armed);
    match checks {
        Checks::Running => tr!("notice-how-wait"),
        Checks::Passed => tr!("notice-how-send", send = key(Action::Send)),
        Checks::NothingToDo => tr!("notice-how-record", send = key(Action::Send)),
        Checks::Failed if armed => tr!("notice-how-armed", send = key(Action::Send)),
        Checks::Failed => {
            tr!("notice-how-override", override = key(Action::Override), send = key(Action::Send))
        }
        Checks::AccountRefused => tr!("notice-how-refused"),
        Checks::CouldNotRun => tr!("notice-how-unchecked", unchecked = key(Action::SendWithoutPreflight)),
    }
}

/// The loop's clock: the verdicts' time on screen counts towards the dwell.
pub fn tick(model: &mut Model, elapsed: Duration) {
    if let Some(shown) = model.confirm_mut().and_then(|c| c.shown_for.as_mut()) {
        *shown += elapsed;
    }
}

/// A frame was drawn: verdicts that had arrived are on screen from now on, and the pane can
/// scroll as far as the frame laid it out.
pub fn drawn(model: &mut Model, shown: Shown) {
    let Some(confirm) = model.confirm_mut() else { return };
    if let Some(limit) = shown.confirm_scroll_limit {
        confirm.scroll_limit = limit;
        confirm.scroll = confirm.scroll.min(limit);
    }
    if confirm.shown_for.is_none() && confirm.checks() != Checks::Running {
        confirm.shown_for = Some(Duration::ZERO);
        model.notice_over(Lasts::UntilVerdicts);
    }
}

/// Scroll the pane within its text as the last frame laid it out: a key past the last line
/// is not stored, so the next key back moves at once.
fn scroll(model: &mut Model, action: Option<Action>) {
    let page = super::progress::page(model);
    let Some(confirm) = model.confirm_mut() else { return };
    let lines = match action {
        Some(Action::Up) => -1,
        Some(Action::Down) => 1,
        Some(Action::PageUp) => -page,
        _ => page,
    };
    confirm.scroll = (i32::from(confirm.scroll) + lines).clamp(0, i32::from(confirm.scroll_limit)) as u16;
}

/// `y`: sends when the checks passed (or were overridden); otherwise says what would.
fn send(model: &mut Model, checks: Checks) -> Vec<Effect> {
    let key = |action| model.keymap.key_for(action, Focus::Confirm);
    match checks {
        Checks::CouldNotRun => {
            let unchecked = key(Action::SendWithoutPreflight);
            model.say(tr!("notice-preflight-did-not-run", unchecked = unchecked));
            Vec::new()
        }
        Checks::AccountRefused => {
            model.say(tr!("notice-account-refused"));
            Vec::new()
        }
        _ => super::progress::send(model, true),
    }
}

fn toggle_override(model: &mut Model) {
    let send = model.keymap.key_for(Action::Send, Focus::Confirm);
    let Some(confirm) = model.confirm_mut() else { return };
    confirm.override_armed = !confirm.override_armed;
    let armed = confirm.override_armed;
    model.say(if armed {
        tr!("notice-override-armed", send = send)
    } else {
        tr!("notice-override-disarmed")
    });
}

fn go_back(model: &mut Model) {
    let Some(confirm) = model.confirm() else { return };
    let undo_of_attach =
        model.progress.as_ref().is_some_and(|p| p.succeeded()) && confirm.plan.kind() == Kind::Detach;
    model.screen = if undo_of_attach { Screen::Progress } else { Screen::Form };
}
