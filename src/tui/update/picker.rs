//! The ENI / instance picker over the form: filter as you type, Enter fills the field.

use super::{edit_text, go_to};
use crate::attach::eligibility::{Judgement, Role};
use crate::plan::Kind;
use crate::tr;
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::model::resources::{SlotLimit, eni_rows, instance_rows};
use crate::tui::model::{
    FormFocus, InstanceField, ListPos, Model, Overlay, Picker, PickerKind, Screen, TextInput,
};
use crate::tui::msg::Effect;
use crossterm::event::KeyEvent;

pub fn open(model: &mut Model) -> Vec<Effect> {
    if model.session.region.is_none() {
        model.say(tr!("notice-choose-region"));
        return go_to(model, Screen::Region);
    }
    let kind = match model.form.focus {
        FormFocus::Instance => PickerKind::Instance(InstanceField::Instance),
        FormFocus::Destination => PickerKind::Instance(InstanceField::Destination),
        FormFocus::Eni => PickerKind::Eni,
        _ if crate::plan::EniId::parse(&model.form.eni.text).is_ok() => {
            PickerKind::Instance(InstanceField::Instance)
        }
        _ => PickerKind::Eni,
    };
    model.overlay =
        Some(Overlay::Picker(Picker { kind, filter: TextInput::default(), list: ListPos::default() }));
    request_limits(model)
}

/// The role of what the open picker lists (see [`Model::picker_role`]).
pub fn role(model: &Model, kind: PickerKind) -> Role {
    model.picker_role(kind)
}

pub fn len(model: &Model) -> usize {
    let Some(picker) = model.picker() else { return 0 };
    let (resources, form, filter) = (&model.resources, &model.form, &picker.filter.text);
    match picker.kind {
        PickerKind::Eni => eni_rows(resources, form, filter).len(),
        PickerKind::Instance(_) => instance_rows(resources, form, role(model, picker.kind), filter).len(),
    }
}

/// The ID on the picker's selected row, and how it was judged.
fn picked(model: &Model) -> Option<(String, Judgement)> {
    let picker = model.picker()?;
    let (resources, form, filter, at) =
        (&model.resources, &model.form, &picker.filter.text, picker.list.selected);
    match picker.kind {
        PickerKind::Eni => {
            eni_rows(resources, form, filter).get(at).map(|r| (r.eni.id.clone(), r.judgement.clone()))
        }
        PickerKind::Instance(_) => instance_rows(resources, form, role(model, picker.kind), filter)
            .get(at)
            .map(|r| (r.instance.id.clone(), r.judgement.clone())),
    }
}

/// Ask for the ENI limits of the destinations that matter, once (the answers are kept): the
/// one the form names, and those an open destination picker shows. Only what the operator can
/// see costs a call.
pub fn request_limits(model: &mut Model) -> Vec<Effect> {
    let mut wanted: Vec<String> = form_destination(model).into_iter().collect();
    wanted.extend(visible_destinations(model));
    wanted.retain(|id| !model.resources.limits.contains_key(id));
    wanted.dedup();
    if wanted.is_empty() || model.resources.instances.loaded().is_none() {
        return Vec::new();
    }
    for id in &wanted {
        model.resources.limits.insert(id.clone(), SlotLimit::Checking);
    }
    vec![Effect::LoadLimits { region: model.resources.region.clone(), instances: wanted }]
}

/// Where the form's plan would put the ENI, when the listing knows that instance.
fn form_destination(model: &Model) -> Option<String> {
    let form = &model.form;
    let id = match form.operation {
        Kind::Attach => &form.instance.text,
        Kind::Move => &form.destination.text,
        Kind::Detach => return None,
    };
    model.resources.instance(id).map(|i| i.id.clone())
}

fn visible_destinations(model: &Model) -> Vec<String> {
    let Some(picker) = model.picker().filter(|p| role(model, p.kind) == Role::Destination) else {
        return Vec::new();
    };
    let height = layout::picker_rows_at_most(layout::areas(layout::screen_rect(model)).body).height as usize;
    let rows = instance_rows(&model.resources, &model.form, Role::Destination, &picker.filter.text);
    rows.iter()
        .skip(picker.list.offset)
        .take(height)
        .filter(|r| r.judgement == Judgement::Checking)
        .map(|r| r.instance.id.clone())
        .collect()
}

pub fn on_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    let len = len(model);
    let height = layout::picker_list(layout::areas(layout::screen_rect(model)).body).height as usize;
    let Some(picker) = model.picker_mut() else { return Vec::new() };
    match action {
        Some(Action::Up) => picker.list.step(-1, len, height),
        Some(Action::Down) => picker.list.step(1, len, height),
        Some(Action::PageUp) => picker.list.step(-(height as isize), len, height),
        Some(Action::PageDown) => picker.list.step(height as isize, len, height),
        Some(Action::Select) => choose_picked(model),
        Some(Action::Refresh) => {
            // On demand, everything is asked again: the limits too.
            model.resources.limits.clear();
            return model.load_resources();
        }
        Some(Action::Back) => model.overlay = None,
        None if edit_text(&mut picker.filter, &key) => picker.list = ListPos::default(),
        _ => {}
    }
    request_limits(model)
}

pub fn choose_picked(model: &mut Model) {
    let Some((id, judgement)) = picked(model) else { return };
    if let Judgement::AlreadyThere(done) = &judgement {
        model.say(tr!("notice-pick-another", reason = done.reason.to_string()));
        return;
    }
    let Some(Overlay::Picker(picker)) = model.overlay.take() else { return };
    if let Judgement::Ineligible(failed) = &judgement {
        let why: Vec<&str> = failed.iter().map(|v| v.reason.as_str()).collect();
        model.say(tr!("notice-will-be-refused", id = id.as_str(), reasons = why.join("; ")));
    }
    match picker.kind {
        PickerKind::Eni => {
            model.form.eni.set(id);
            super::form::follow_attachment(model);
        }
        PickerKind::Instance(field) => {
            let form = &mut model.form;
            let input =
                if field == InstanceField::Destination { &mut form.destination } else { &mut form.instance };
            input.set(id);
            let picked_source = field == InstanceField::Instance && form.operation == Kind::Move;
            form.focus = if picked_source { FormFocus::Destination } else { FormFocus::Submit };
        }
    }
}
