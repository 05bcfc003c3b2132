//! Confirm: exactly what will be sent, and the preflight verdicts; the send key starts the run.

use super::go_to;
use crate::plan::{Kind, Plan, PlanError, PlanInput};
use crate::tui::keymap::{Action, Context};
use crate::tui::model::{Checks, ConfirmPane, FormFocus, Load, Model, Screen};
use crate::tui::msg::Effect;
use crossterm::event::{KeyCode, KeyEvent};

/// Enter on the form's confirm action: build the plan from the fields, then show exactly what
/// will be sent.
pub fn open_from_form(model: &mut Model) -> Vec<Effect> {
    let Some(region) = model.session.region.clone() else {
        model.notice = Some("choose a region first".into());
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
            model.notice = Some(e.to_string());
            return Vec::new();
        }
    };
    let preflight_id = model.take_id();
    model.confirm = Some(ConfirmPane {
        plan: plan.clone(),
        preflight_id,
        preflight: Load::Loading,
        override_armed: false,
        scroll: 0,
        verdicts_shown: false,
    });
    model.screen = Screen::Confirm;
    model.overlay = None;
    vec![Effect::Preflight { id: preflight_id, plan }]
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
    let Some(confirm) = model.confirm.as_ref() else {
        model.screen = Screen::Form;
        return Vec::new();
    };
    let checks = confirm.checks();
    let unseen = checks == Checks::Running || !confirm.verdicts_shown;
    match action {
        Some(Action::Deny | Action::Back) => go_back(model),
        // Reading is always allowed, checks or not: it sends nothing.
        Some(Action::Up | Action::Down | Action::PageUp | Action::PageDown) => scroll(model, action),
        // Keys typed ahead of the verdicts (a second Enter, an eager `y`) are dropped: the
        // operator has not read what they would confirm.
        _ if unseen => {
            model.notice = Some("checking first: keys are ignored until the verdicts are shown".into());
        }
        Some(Action::Send) => return send(model, checks),
        Some(Action::SendWithoutPreflight) if checks == Checks::CouldNotRun => {
            return super::progress::send(model, false);
        }
        Some(Action::Override) if checks == Checks::Failed => toggle_override(model),
        _ if key.code == KeyCode::Enter => {
            let send = model.keymap.key_for(Action::Send, Context::Confirm);
            model.notice = Some(format!("Enter does not send here: press {send} to send"));
        }
        _ => {}
    }
    Vec::new()
}

/// Scroll the pane; the view stops at the last line.
fn scroll(model: &mut Model, action: Option<Action>) {
    let page = (model.size.1 / 2).max(1);
    let Some(confirm) = model.confirm.as_mut() else { return };
    confirm.scroll = match action {
        Some(Action::Up) => confirm.scroll.saturating_sub(1),
        Some(Action::Down) => confirm.scroll.saturating_add(1),
        Some(Action::PageUp) => confirm.scroll.saturating_sub(page),
        _ => confirm.scroll.saturating_add(page),
    };
}

/// `y`: sends when the checks passed (or were overridden); otherwise says what would.
fn send(model: &mut Model, checks: Checks) -> Vec<Effect> {
    let key = |action| model.keymap.key_for(action, Context::Confirm);
    match checks {
        Checks::CouldNotRun => {
            let unchecked = key(Action::SendWithoutPreflight);
            model.notice = Some(format!(
                "preflight could not run: nothing was checked; {unchecked} sends without preflight"
            ));
            Vec::new()
        }
        Checks::AccountRefused => {
            model.notice = Some("the account is not in allowed_accounts: nothing is sent from it".into());
            Vec::new()
        }
        _ => super::progress::send(model, true),
    }
}

fn toggle_override(model: &mut Model) {
    let send = model.keymap.key_for(Action::Send, Context::Confirm);
    let Some(confirm) = model.confirm.as_mut() else { return };
    confirm.override_armed = !confirm.override_armed;
    model.notice = Some(if confirm.override_armed {
        format!("override armed: {send} sends despite the failed checks")
    } else {
        "override disarmed".into()
    });
}

fn go_back(model: &mut Model) {
    let Some(confirm) = model.confirm.take() else { return };
    let undo_of_attach =
        model.progress.as_ref().is_some_and(|p| p.succeeded()) && confirm.plan.kind() == Kind::Detach;
    model.screen = if undo_of_attach { Screen::Progress } else { Screen::Form };
}
