//! The region list: catalog regions, `/` to filter as you type, Enter to choose.

use super::{common, edit_text, go_to};
use crate::catalog::{self, Region};
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::model::resources::{ListFilter, Searchable};
use crate::tui::model::{FormFocus, Model, Screen};
use crate::tui::msg::Effect;
use crossterm::event::KeyEvent;

/// The regions the filter lets through: the one the text names exactly (an ID or an alias, as
/// `--region` reads it) first, then the rest in catalog order; so `sh` then Enter is
/// ap-shanghai, never the first row a fuzzy match let through.
pub fn visible(model: &Model) -> Vec<&'static Region> {
    let text = model.regions.filter.text.trim();
    let filter = ListFilter::new(text);
    let named = match catalog::resolve_region(text) {
        Ok(catalog::RegionMatch::Id(r) | catalog::RegionMatch::Alias(r)) => Some(r.id.as_str()),
        _ => None,
    };
    let mut rows: Vec<&'static Region> = catalog::regions()
        .iter()
        .filter(|r| {
            let aliases = r.aliases.iter().map(String::as_str);
            let facts: Vec<&str> = aliases.chain(r.finance.then_some("finance")).collect();
            Some(r.id.as_str()) == named
                || filter.matches(&Searchable { ids: &[&r.id], names: &[&r.name, &r.name_zh], facts: &facts })
        })
        .collect();
    rows.sort_by_key(|r| Some(r.id.as_str()) != named);
    rows
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
    model.confirm = None;
    model.overlay = None;
    let mut effects = go_to(model, Screen::Form);
    if model.form.eni.text.is_empty() {
        model.form.focus = FormFocus::Eni;
    }
    if changed || model.resources.region != region {
        effects.extend(model.load_resources());
    }
    effects
}
