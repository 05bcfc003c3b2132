//! The region list: catalog regions, `/` to filter as you type, Enter to choose.

use super::{common, edit_text, go_to};
use crate::catalog::Region;
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::model::{FormFocus, Model, Screen};
use crate::tui::msg::Effect;
use crossterm::event::KeyEvent;

/// The regions the filter lets through (see [`Model::visible_regions`]).
pub fn visible(model: &Model) -> Vec<&'static Region> {
    model.visible_regions()
}

pub fn list_height(model: &Model) -> usize {
    layout::region_list(layout::areas(layout::screen_rect(model)).body).height as usize
}

pub fn on_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    let len = visible(model).len();
    let height = list_height(model);
    match action {
        Some(Action::Up) => model.regions.list.step(-1, len, height),
        Some(Action::Down) => model.regions.list.step(1, len, height),
        Some(Action::PageUp) => model.regions.list.step(-(height as isize), len, height),
        Some(Action::PageDown) => model.regions.list.step(height as isize, len, height),
        Some(Action::Filter) => model.regions.filtering = true,
        Some(Action::Select) => return choose_selected(model),
        Some(Action::Back) if model.regions.filtering => {
            model.regions.filtering = false;
            model.regions.filter.clear();
            model.regions.list = Default::default();
        }
        // Typing in the list filters it, as if `/` had been pressed first.
        None if model.regions.filtering || super::types(&key) => {
            model.regions.filtering = true;
            if edit_text(&mut model.regions.filter, &key) {
                model.regions.list = Default::default();
            }
        }
        other => return common(model, other),
    }
    Vec::new()
}

pub fn choose_selected(model: &mut Model) -> Vec<Effect> {
    let Some(region) = visible(model).get(model.regions.list.selected).map(|r| r.id.clone()) else {
        return Vec::new();
    };
    model.regions.filtering = false;
    choose(model, &region)
}

/// Make `region` current: the pickers reload for it and the form comes up.
pub fn choose(model: &mut Model, region: &str) -> Vec<Effect> {
    let changed = model.session.region.as_deref() != Some(region);
    model.session.region = Some(region.to_string());
    let mut effects = go_to(model, Screen::Form);
    if model.form.eni.text.is_empty() {
        model.form.focus = FormFocus::Eni;
    }
    if changed || model.resources.region != region {
        effects.extend(model.load_resources());
    }
    effects
}
