//! Confirm (exactly what will be sent, and the preflight verdicts) and Progress (the run, live).

use super::{common, go_to};
use crate::plan::{Kind, Plan, PlanError, PlanInput};
use crate::tui::keymap::{Action, Context};
use crate::tui::model::{ConfirmPane, FormFocus, Load, Model, ProgressPane, Screen, Stage};
use crate::tui::msg::Effect;

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

pub fn on_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    let Some(confirm) = model.confirm.as_mut() else {
        model.screen = Screen::Form;
        return Vec::new();
    };
    match action {
        Some(Action::Send) => return send(model),
        Some(Action::Override) if blocked(confirm) => {
            confirm.override_armed = !confirm.override_armed;
            let send = model.keymap.key_for(Action::Send, Context::Confirm);
            model.notice = Some(if confirm.override_armed {
                format!("override armed: {send} sends despite the failed checks")
            } else {
                "override disarmed".into()
            });
        }
        Some(Action::Deny | Action::Back) => {
            let back = if model.progress.as_ref().is_some_and(|p| p.succeeded())
                && confirm.plan.kind() == Kind::Detach
            {
                Screen::Progress
            } else {
                Screen::Form
            };
            model.confirm = None;
            model.screen = back;
        }
        _ => {}
    }
    Vec::new()
}

fn send(model: &mut Model) -> Vec<Effect> {
    let Some(confirm) = model.confirm.as_ref() else { return Vec::new() };
    if model.session.read_only {
        model.notice = Some("read-only: nothing was sent (start without --read-only to send)".into());
        return Vec::new();
    }
    if blocked(confirm) && !confirm.override_armed {
        let (arm, send) = (
            model.keymap.key_for(Action::Override, Context::Confirm),
            model.keymap.key_for(Action::Send, Context::Confirm),
        );
        model.notice = Some(format!("preflight failed: fix it, or press {arm} then {send} to send anyway"));
        return Vec::new();
    }
    let Some(confirm) = model.confirm.take() else { return Vec::new() };
    let run_id = model.take_id();
    model.progress = Some(ProgressPane {
        run_id,
        plan: confirm.plan.clone(),
        stage: Stage::Planned,
        history_id: None,
        preflight: None,
        request_id: None,
        task_status: None,
        elapsed: None,
        finish: None,
        cancelling: false,
    });
    model.screen = Screen::Progress;
    vec![Effect::RunWorkflow { run_id, plan: confirm.plan, override_preflight: confirm.override_armed }]
}

pub fn on_progress_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    let Some(progress) = model.progress.as_mut() else {
        return common(model, action);
    };
    match action {
        Some(Action::Back) if progress.running() => {
            progress.cancelling = true;
            model.notice = Some("cancelling…".into());
            vec![Effect::Cancel { run_id: progress.run_id }]
        }
        Some(Action::Back) => go_to(model, Screen::Form),
        Some(Action::Detach) if progress.succeeded() && progress.plan.kind() == Kind::Attach => {
            let plan = &progress.plan;
            let input =
                PlanInput::new(Kind::Detach, &plan.region, plan.eni.as_str(), plan.instance().as_str());
            open_confirm(model, input)
        }
        Some(Action::Detach) => {
            model.notice = Some("detach is offered once an attach has succeeded".into());
            Vec::new()
        }
        Some(Action::Copy) => {
            let (label, text) = match &progress.request_id {
                Some(id) => ("RequestId", id.clone()),
                None => ("ENI ID", progress.plan.eni.to_string()),
            };
            model.notice = Some(format!("copied {label} {text}"));
            vec![Effect::Copy(text)]
        }
        other => common(model, other),
    }
}
