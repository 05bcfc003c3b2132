//! Confirm (exactly what will be sent, and the preflight verdicts) and Progress (the run, live).

use super::{common, go_to};
use crate::api::AttachType;
use crate::attach::ids::{EniId, InstanceId};
use crate::attach::preflight::Report;
use crate::attach::{AttachInput, Operation};
use crate::tui::keymap::{Action, Context};
use crate::tui::model::{ConfirmPane, FormFocus, Load, Model, ProgressPane, Screen, Stage};
use crate::tui::msg::Effect;

/// Enter on the form's confirm action: check the fields, then show exactly what will be sent.
pub fn open_from_form(model: &mut Model) -> Vec<Effect> {
    let Some(region) = model.session.region.clone() else {
        model.notice = Some("choose a region first".into());
        return go_to(model, Screen::Region);
    };
    if let Err(e) = EniId::parse(&model.form.eni.text) {
        model.form.focus = FormFocus::Eni;
        model.notice = Some(e.to_string());
        return Vec::new();
    }
    if let Err(e) = InstanceId::parse(&model.form.instance.text) {
        model.form.focus = FormFocus::Instance;
        model.notice = Some(e.to_string());
        return Vec::new();
    }
    let (eni, instance) =
        (model.form.eni.text.trim().to_string(), model.form.instance.text.trim().to_string());
    let attach_type = (model.form.operation == Operation::Attach).then_some(model.form.attach_type);
    open_confirm(model, model.form.operation, &region, &eni, &instance, attach_type)
}

/// Open the confirm step. The ClientToken is made here and sent as is, so what the operator
/// reads is what goes on the wire; the preflight runs now so its verdicts are on screen.
pub fn open_confirm(
    model: &mut Model,
    operation: Operation,
    region: &str,
    eni: &str,
    instance: &str,
    attach_type: Option<AttachType>,
) -> Vec<Effect> {
    let client_token = model.next_client_token();
    let preflight_id = model.take_id();
    let attach = operation == Operation::Attach;
    model.confirm = Some(ConfirmPane {
        operation,
        region: region.to_string(),
        endpoint: model.session.endpoint(region),
        eni: eni.to_string(),
        instance: instance.to_string(),
        attach_type,
        client_token,
        preflight_id,
        // Detach has no preflight rules: nothing to wait for.
        preflight: if attach { Load::Loading } else { Load::Loaded(Report::default()) },
        override_armed: false,
    });
    model.screen = Screen::Confirm;
    model.overlay = None;
    if !attach {
        return Vec::new();
    }
    vec![Effect::Preflight {
        id: preflight_id,
        region: region.to_string(),
        eni: eni.to_string(),
        instance: instance.to_string(),
        attach_type,
    }]
}

pub fn on_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    let Some(confirm) = model.confirm.as_mut() else {
        model.screen = Screen::Form;
        return Vec::new();
    };
    match action {
        Some(Action::Send) => return send(model),
        Some(Action::Override) if confirm.blocked() => {
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
                && confirm.operation == Operation::Detach
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
    if confirm.blocked() && !confirm.override_armed {
        let (arm, send) = (
            model.keymap.key_for(Action::Override, Context::Confirm),
            model.keymap.key_for(Action::Send, Context::Confirm),
        );
        model.notice = Some(format!("preflight failed: fix it, or press {arm} then {send} to send anyway"));
        return Vec::new();
    }
    let Some(confirm) = model.confirm.take() else { return Vec::new() };
    let run_id = model.take_id();
    let input = AttachInput {
        operation: confirm.operation,
        region: confirm.region.clone(),
        eni: confirm.eni.clone(),
        instance: confirm.instance.clone(),
        attach_type: confirm.attach_type,
        client_token: Some(confirm.client_token.clone()),
    };
    model.progress = Some(ProgressPane {
        run_id,
        operation: confirm.operation,
        region: confirm.region,
        eni: confirm.eni,
        instance: confirm.instance,
        attach_type: confirm.attach_type,
        client_token: confirm.client_token,
        stage: Stage::Validating,
        history_id: None,
        preflight: None,
        request_id: None,
        task_status: None,
        elapsed: None,
        finish: None,
        cancelling: false,
    });
    model.screen = Screen::Progress;
    vec![Effect::RunWorkflow { run_id, input, override_preflight: confirm.override_armed }]
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
        Some(Action::Detach) if progress.succeeded() && progress.operation == Operation::Attach => {
            let (region, eni, instance) =
                (progress.region.clone(), progress.eni.clone(), progress.instance.clone());
            open_confirm(model, Operation::Detach, &region, &eni, &instance, None)
        }
        Some(Action::Detach) => {
            model.notice = Some("detach is offered once an attach has succeeded".into());
            Vec::new()
        }
        Some(Action::Copy) => {
            let (label, text) = match &progress.request_id {
                Some(id) => ("RequestId", id.clone()),
                None => ("ENI ID", progress.eni.clone()),
            };
            model.notice = Some(format!("copied {label} {text}"));
            vec![Effect::Copy(text)]
        }
        other => common(model, other),
    }
}
