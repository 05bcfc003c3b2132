//! The form: attach, detach or move, its fields, and what a picked ENI implies.

use super::{common, confirm, edit_text, go_to};
use crate::api::AttachType;
use crate::plan::Kind;
use crate::tr;
use crate::tui::keymap::Action;
use crate::tui::model::{FormFocus, Model, Screen, TextInput, Ticket};
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
        None => match focused_input(model) {
            Some(input) => {
                edit_text(input, &key);
            }
            // Typing on a button is not lost without a word.
            None if super::types(&key) => {
                let label = model.form.focus.label(model.form.operation);
                model.say(tr!("notice-focus-not-text", label = label));
            }
            None => {}
        },
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
    // A whole line typed into one field (`eni-… ins-… in gz`) is read as a pasted one would be.
    if let Some(line) = focused_input(model).map(|i| i.text.clone()).filter(|t| t.trim().contains(' ')) {
        let ticket = Ticket::parse(&line);
        if !ticket.is_empty() {
            if let Some(input) = focused_input(model) {
                input.clear();
            }
            return fill_from_ticket(model, &ticket);
        }
    }
    match model.form.focus {
        FormFocus::Eni | FormFocus::Instance | FormFocus::Destination => move_focus(model, 1),
        FormFocus::AttachType => toggle_attach_type(model),
        FormFocus::Submit => return confirm::open_from_form(model),
    }
    Vec::new()
}

/// A pasted line. Several words are read as a ticket ([`Ticket`]: 1, 2 or 3 IDs, a region, an
/// operation word), each part into its place, and the notice says what was taken and what was
/// left. A single `eni-…` or `ins-…` goes to its own field wherever the focus is; anything else
/// goes to the focused field.
pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    let ticket = Ticket::parse(text);
    if text.split_whitespace().nth(1).is_some() && !ticket.is_empty() {
        return fill_from_ticket(model, &ticket);
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

/// Fill the form from a ticket: its region (the pickers reload for it), its operation (three
/// IDs are a move), the ENI and as many instances as the operation takes; then the focus on
/// what is still empty, and a notice of what was taken and what was left.
pub fn fill_from_ticket(model: &mut Model, ticket: &Ticket) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut took = Vec::new();
    let mut left = ticket.unreadable.clone();
    if let Some(region) = ticket.region.as_deref() {
        if model.session.region.as_deref() != Some(region) {
            effects.extend(super::region::choose(model, region));
        }
        took.push(region.to_string());
    }
    let kind = ticket.kind(model.form.operation);
    if kind != model.form.operation {
        took.push(format!("{} (was {})", kind.verb(), model.form.operation.verb()));
        model.form.operation = kind;
    }
    let form = &mut model.form;
    let mut enis = ticket.enis.iter();
    if let Some(eni) = enis.next() {
        form.eni.set(eni.as_str());
        took.push(eni.clone());
    }
    left.extend(enis.cloned());
    let mut instances = ticket.instances.iter();
    let fields = match kind {
        Kind::Move => vec![&mut form.instance, &mut form.destination],
        Kind::Attach | Kind::Detach => vec![&mut form.instance],
    };
    for field in fields {
        let Some(id) = instances.next() else { break };
        field.set(id.as_str());
        took.push(id.clone());
    }
    left.extend(instances.cloned());
    let empty = |focus: &FormFocus| match focus {
        FormFocus::Eni => form.eni.text.is_empty(),
        FormFocus::Instance => form.instance.text.is_empty(),
        FormFocus::Destination => form.destination.text.is_empty(),
        _ => false,
    };
    form.focus = FormFocus::order(kind).iter().copied().find(empty).unwrap_or(FormFocus::Submit);
    let notice = match left.is_empty() {
        true => tr!("notice-took", took = took.join(", ")),
        false => tr!("notice-took-left", took = took.join(", "), left = left.join(", ")),
    };
    model.say(notice);
    effects
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
    let primary = model.resources.eni(&model.form.eni.text).is_some_and(|e| e.primary);
    if primary {
        // A primary ENI never leaves its instance: no operation is set up for it.
        let eni = model.form.eni.text.clone();
        model.say(tr!("notice-primary-eni", eni = eni, instance = from));
        model.form.focus = FormFocus::Eni;
        return;
    }
    if model.form.operation == Kind::Attach {
        let key = model.keymap.key_for(Action::Operation, crate::tui::keymap::Focus::Form);
        let eni = model.form.eni.text.clone();
        model.say(tr!("notice-set-to-move", eni = eni, instance = from.as_str(), key = key));
        model.form.operation = Kind::Move;
    }
    let form = &mut model.form;
    form.instance.set(from);
    form.focus = if form.operation == Kind::Move { FormFocus::Destination } else { FormFocus::Submit };
}
