//! Help over any pane: opened and closed by one key, scrolled while open.

use crate::tui::keymap::Action;
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::Effect;

pub fn toggle(model: &mut Model) {
    match model.overlay {
        Some(Overlay::Help { .. }) => model.overlay = None,
        // The dialog stays until it is answered.
        Some(Overlay::Credentials) => {}
        _ => model.overlay = Some(Overlay::Help { offset: 0 }),
    }
}

pub fn on_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    let Some(Overlay::Help { offset }) = &mut model.overlay else { return Vec::new() };
    match action {
        Some(Action::Up) => *offset = offset.saturating_sub(1),
        Some(Action::Down) => *offset += 1,
        Some(Action::PageUp) => *offset = offset.saturating_sub(10),
        Some(Action::PageDown) => *offset += 10,
        Some(Action::Back) => model.overlay = None,
        _ => {}
    }
    Vec::new()
}
