//! Progress: the run, live; cancel it, copy its RequestId, offer the undo of an attach.

use super::confirm::{blocked, open_confirm};
use super::{common, go_to};
use crate::plan::{Kind, PlanInput};
use crate::tui::keymap::{Action, Context};
use crate::tui::model::{Model, ProgressPane, Screen, Stage};
use crate::tui::msg::Effect;

/// The confirm pane's send key: start the run of exactly the plan on screen (`preflight` false:
/// the operator's named "send without preflight").
pub fn send(model: &mut Model, preflight: bool) -> Vec<Effect> {
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
    vec![Effect::RunWorkflow {
        run_id,
        plan: confirm.plan,
        override_preflight: confirm.override_armed,
        preflight,
    }]
}

pub fn on_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
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
