//! Help over any pane: opened and closed by one key, scrolled while open.

use crate::tui::keymap::{Action, Focus};
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::Effect;

pub fn toggle(model: &mut Model) {
    match model.overlay {
        Some(Overlay::Help { .. }) => model.overlay = None,
        // The dialog stays until it is answered.
        Some(Overlay::Credentials) => {}
        // Help opens at the keys of the pane it was asked from.
        _ => model.overlay = Some(Overlay::Help { offset: section_start(model, model.focus()) }),
    }
}

/// The help line where `focus`'s keys begin: the help lists an intro line, then each focus's
/// title and keys in `Focus::ALL` order (see `view::help::lines`; a test keeps them in step).
pub fn section_start(model: &Model, focus: Focus) -> usize {
    let before = Focus::ALL.iter().take_while(|c| **c != focus);
    1 + before.map(|c| 1 + model.keymap.hints(*c).len()).sum::<usize>()
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
