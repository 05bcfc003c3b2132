//! The form: attach, detach or move, its fields, and what a picked ENI implies.

use super::{common, confirm, edit_text, go_to};
use crate::api::AttachType;
use crate::plan::Kind;
use crate::tui::keymap::Action;
use crate::tui::model::{FormFocus, Model, Screen, TextInput};
use crate::tui::msg::Effect;
use crossterm::event::KeyEvent;

pub fn on_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    let mut effects = edit(model, action, key);
    // A destination typed into the form gets its slot limit checked (once); the confirm step
    // and the picker ask for their own.
    if model.screen == Screen::Form && model.overlay.is_none() {
        effects.extend(super::picker::request_limits(model));
    }
    effects
}

fn edit(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    match action {
        Some(Action::Up) => move_focus(model, -1),
        Some(Action::Down) => move_focus(model, 1),
        Some(Action::Select) => return select(model),
        Some(Action::Picker) => return super::picker::open(model),
        Some(Action::AttachType) => toggle_attach_type(model),
        Some(Action::Operation) => cycle_operation(model),
        Some(Action::Refresh) => {
            // On demand everything is asked again, the slot limits too.
            model.resources.limits.clear();
            return model.load_resources();
        }
        // Esc backs out of the form to the region list; it never quits.
        Some(Action::Back) => return go_to(model, Screen::Region),
        None => {
            if let Some(input) = focused_input(model) {
                edit_text(input, &key);
            }
        }
        other => return common(model, other),
    }
    Vec::new()
}

fn focused_input(model: &mut Model) -> Option<&mut TextInput> {
    match model.form.focus {
        FormFocus::Eni => Some(&mut model.form.eni),
        FormFocus::Instance => Some(&mut model.form.instance),
        FormFocus::Destination => Some(&mut model.form.destination),
        _ => None,
    }
}

fn move_focus(model: &mut Model, step: isize) {
    let order = FormFocus::order(model.form.operation);
    let at = order.iter().position(|f| *f == model.form.focus).unwrap_or(0) as isize;
    model.form.focus = order[(at + step).clamp(0, order.len() as isize - 1) as usize];
}

/// Attach ▸ detach ▸ move ▸ attach. The fields keep what was typed, so cycling round is undo.
fn cycle_operation(model: &mut Model) {
    let form = &mut model.form;
    let at = Kind::ALL.iter().position(|k| *k == form.operation).unwrap_or(0);
    form.operation = Kind::ALL[(at + 1) % Kind::ALL.len()];
    if !FormFocus::order(form.operation).contains(&form.focus) {
        form.focus = match form.focus {
            FormFocus::Destination => FormFocus::Instance,
            _ => FormFocus::Submit,
        };
    }
}

/// Set the operation and its source, and put the focus on the field still to fill.
pub fn prefill_move(model: &mut Model, eni: &str, from: &str) {
    let form = &mut model.form;
    form.operation = Kind::Move;
    form.eni.set(eni);
    form.instance.set(from);
    form.focus = if from.is_empty() { FormFocus::Instance } else { FormFocus::Destination };
}

fn toggle_attach_type(model: &mut Model) {
    model.form.attach_type = match model.form.attach_type {
        AttachType::Standard => AttachType::Extended,
        AttachType::Extended => AttachType::Standard,
    };
}

fn select(model: &mut Model) -> Vec<Effect> {
    match model.form.focus {
        FormFocus::Eni | FormFocus::Instance | FormFocus::Destination => move_focus(model, 1),
        FormFocus::AttachType => toggle_attach_type(model),
        FormFocus::Submit => return confirm::open_from_form(model),
    }
    Vec::new()
}

/// A pasted `eni-…` goes to the ENI field and `ins-…` to the instance field wherever the focus
/// is; `eni-… ins-…` (as copied from a ticket) fills both, and for a move a second instance is
/// the destination. Anything else goes to the focused field.
pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    let words: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let enis: Vec<&str> = words.iter().copied().filter(|w| w.starts_with("eni-")).collect();
    let instances: Vec<&str> = words.iter().copied().filter(|w| w.starts_with("ins-")).collect();
    if words.len() > 1 && enis.len() + instances.len() == words.len() {
        fill_ids(model, enis.first().copied(), &instances);
        return Vec::new();
    }
    let trimmed = text.trim();
    let target = if trimmed.starts_with("eni-") {
        FormFocus::Eni
    } else if trimmed.starts_with("ins-") {
        FormFocus::Instance
    } else {
        model.form.focus
    };
    let input = match target {
        FormFocus::Eni => &mut model.form.eni,
        FormFocus::Instance => &mut model.form.instance,
        FormFocus::Destination => &mut model.form.destination,
        _ => return Vec::new(),
    };
    if target != model.form.focus || input.text.trim().is_empty() || looks_like_id(&input.text) {
        // An ID replaces what was there: pasting over a wrong ID is the common case.
        input.clear();
    }
    input.paste(text);
    model.form.focus = target;
    Vec::new()
}

/// Several IDs pasted at once: each into its field, then the focus on what is still empty.
fn fill_ids(model: &mut Model, eni: Option<&str>, instances: &[&str]) {
    let form = &mut model.form;
    if let Some(eni) = eni {
        form.eni.set(eni);
    }
    if let Some(first) = instances.first() {
        form.instance.set(*first);
    }
    if let (Kind::Move, Some(second)) = (form.operation, instances.get(1)) {
        form.destination.set(*second);
    }
    let empty = |focus: &FormFocus| match focus {
        FormFocus::Eni => form.eni.text.is_empty(),
        FormFocus::Instance => form.instance.text.is_empty(),
        FormFocus::Destination => form.destination.text.is_empty(),
        _ => false,
    };
    form.focus = FormFocus::order(form.operation).iter().copied().find(empty).unwrap_or(FormFocus::Submit);
}

fn looks_like_id(text: &str) -> bool {
    text.starts_with("eni-") || text.starts_with("ins-")
}

/// An attached ENI cannot be attached again: picking one on the attach form switches to a move
/// from where it is (one key switches back); detach and move take its instance as the source.
pub fn follow_attachment(model: &mut Model) {
    let on = model.resources.eni(&model.form.eni.text).and_then(|e| e.attachment.as_ref());
    let Some(from) = on.map(|a| a.instance_id.clone()).filter(|id| !id.is_empty()) else {
        model.form.focus = FormFocus::Instance;
        return;
    };
    if model.form.operation == Kind::Attach {
        let key = model.keymap.key_for(Action::Operation, crate::tui::keymap::Context::Form);
        let eni = model.form.eni.text.clone();
        model.say(format!("{eni} is attached to {from}: set to move it ({key} changes the operation)"));
        model.form.operation = Kind::Move;
    }
    let form = &mut model.form;
    form.instance.set(from);
    form.focus = if form.operation == Kind::Move { FormFocus::Destination } else { FormFocus::Submit };
}
