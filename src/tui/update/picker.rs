//! The ENI / instance picker over the form: filter as you type, Enter fills the field.

use super::{edit_text, go_to};
use crate::plan::Kind;
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::model::resources::{eni_rows, instance_rows};
use crate::tui::model::{
    FormFocus, InstanceField, ListPos, Model, Overlay, Picker, PickerKind, Screen, TextInput,
};
use crate::tui::msg::Effect;
use crossterm::event::KeyEvent;

pub fn open(model: &mut Model) -> Vec<Effect> {
    if model.session.region.is_none() {
        model.notice = Some("choose a region first".into());
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
    Vec::new()
}

pub fn len(model: &Model) -> usize {
    let Some(picker) = model.picker() else { return 0 };
    match picker.kind {
        PickerKind::Eni => eni_rows(&model.resources, &picker.filter.text).len(),
        PickerKind::Instance(_) => {
            instance_rows(&model.resources, &model.form.eni.text, &picker.filter.text).len()
        }
    }
}

/// The ID on the picker's selected row.
fn picked_id(model: &Model) -> Option<String> {
    let picker = model.picker()?;
    let at = picker.list.selected;
    match picker.kind {
        PickerKind::Eni => eni_rows(&model.resources, &picker.filter.text).get(at).map(|r| r.eni.id.clone()),
        PickerKind::Instance(_) => instance_rows(&model.resources, &model.form.eni.text, &picker.filter.text)
            .get(at)
            .map(|r| r.instance.id.clone()),
    }
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
        Some(Action::Refresh) => return model.load_resources(),
        Some(Action::Back) => model.overlay = None,
        None if edit_text(&mut picker.filter, &key) => picker.list = ListPos::default(),
        _ => {}
    }
    Vec::new()
}

pub fn choose_picked(model: &mut Model) {
    let Some(id) = picked_id(model) else { return };
    let Some(Overlay::Picker(picker)) = model.overlay.take() else { return };
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
