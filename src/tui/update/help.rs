//! Help over any pane: opened and closed by one key, scrolled while open.

use crate::tui::keymap::Action;
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{Effect, Shown};

pub fn toggle(model: &mut Model) {
    match model.overlay {
        Some(Overlay::Help { .. }) => model.overlay = None,
        // The dialog stays until it is answered.
        Some(Overlay::Credentials) => {}
        // Help opens at the keys of the pane it was asked from (the view finds where they
        // start once the lines are wrapped to the window).
        _ => model.overlay = Some(Overlay::Help { from: model.focus(), scroll: 0 }),
    }
}

pub fn on_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    let Some(Overlay::Help { scroll, .. }) = &mut model.overlay else { return Vec::new() };
    match action {
        Some(Action::Up) => *scroll -= 1,
        Some(Action::Down) => *scroll += 1,
        Some(Action::PageUp) => *scroll -= 10,
        Some(Action::PageDown) => *scroll += 10,
        Some(Action::Back) => model.overlay = None,
        _ => {}
    }
    Vec::new()
}

/// A frame was drawn: keep the scroll the help could show (clamped to its first and last
/// lines), so a key pressed past either end is not owed back before the help moves again.
pub fn drawn(model: &mut Model, shown: Shown) {
    if let (Some(Overlay::Help { scroll, .. }), Some(shown)) = (&mut model.overlay, shown.help_scroll) {
        *scroll = shown;
    }
}
