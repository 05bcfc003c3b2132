//! The history list (newest first, paged from the store), its filter, the record view, and
//! re-run (which only prefills the form: nothing is sent without the confirm step).

use super::{common, edit_text, go_to, region};
use crate::api::AttachType;
use crate::history::HistoryQuery;
use crate::plan::Kind;
use crate::tr;
use crate::tui::keymap::{Action, Focus};
use crate::tui::layout;
use crate::tui::model::{FormFocus, HistoryView, Load, Model, Overlay, Screen, TextInput};
use crate::tui::msg::{Effect, Shown};
use crossterm::event::KeyEvent;

/// Start over from the newest row (filter changed, a run ended, the pane came into view).
pub fn reload(model: &mut Model) -> Vec<Effect> {
    if model.history.opened != Load::Loaded(()) {
        return Vec::new();
    }
    let generation = model.take_id();
    let history = &mut model.history;
    history.generation = generation;
    history.loading = true;
    history.exhausted = false;
    vec![Effect::LoadHistory { generation, query: history.query(), append: false }]
}

/// The next page, when the selection comes near the end of what is loaded.
fn load_more(model: &mut Model) -> Vec<Effect> {
    let history = &mut model.history;
    let near_end = history.list.selected + 20 >= history.rows.len();
    let Some(last) = history.rows.last() else { return Vec::new() };
    if history.loading || history.exhausted || !near_end {
        return Vec::new();
    }
    history.loading = true;
    let query = HistoryQuery { before_id: Some(last.id), ..history.query() };
    vec![Effect::LoadHistory { generation: history.generation, query, append: true }]
}

pub fn list_height(model: &Model) -> usize {
    layout::history_list(layout::areas(layout::screen_rect(model)).body).height as usize
}

pub fn on_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    if model.history.view == HistoryView::Account {
        return super::account::on_key(model, action, key);
    }
    if action == Some(Action::AccountView) {
        return super::account::toggle(model);
    }
    let len = model.history.rows.len();
    let height = list_height(model);
    if model.overlay == Some(Overlay::Detail)
        && matches!(action, Some(Action::Up | Action::Down | Action::PageUp | Action::PageDown))
    {
        scroll_detail(model, action);
        return Vec::new();
    }
    let list = &mut model.history.list;
    match action {
        Some(Action::Up) => list.step(-1, len, height),
        Some(Action::Down) => list.step(1, len, height),
        Some(Action::PageUp) => list.step(-(height as isize), len, height),
        Some(Action::PageDown) => list.step(height as isize, len, height),
        Some(Action::Filter) => model.history.filtering = true,
        Some(Action::Select) if model.history.filtering => model.history.filtering = false,
        Some(Action::Select) if model.history.selected().is_some() => {
            model.history.detail_scroll = 0;
            model.overlay = Some(Overlay::Detail);
        }
        Some(Action::Back) if model.overlay == Some(Overlay::Detail) => model.overlay = None,
        Some(Action::Back) if model.history.filtering || !model.history.filter.text.is_empty() => {
            model.history.filtering = false;
            model.history.filter = TextInput::default();
            return reload(model);
        }
        Some(Action::Rerun) => return rerun(model),
        Some(Action::Move) => return move_from_row(model),
        Some(Action::Copy) => return copy(model),
        Some(Action::Refresh) => return reload(model),
        None if model.history.filtering => {
            if edit_text(&mut model.history.filter, &key) {
                model.history.list = Default::default();
                return reload(model);
            }
        }
        // Letters are actions in the list (`q`, `r`, `m`, `y`): a letter that is none of them
        // says where the search is rather than starting one that `q` would end.
        None if super::types(&key) => {
            let search = model.keymap.key_for(Action::Filter, Focus::History);
            model.say(tr!("notice-not-a-key", key = key_label(&key), search = search));
        }
        other => return common(model, other),
    }
    load_more(model)
}

/// The record view scrolls in a small window, within its text as the last frame laid it out
/// (keys past its last line are not stored, so the next key back moves at once).
pub(super) fn scroll_detail(model: &mut Model, action: Option<Action>) {
    let page = super::progress::page(model);
    let lines = match action {
        Some(Action::Up) => -1,
        Some(Action::Down) => 1,
        Some(Action::PageUp) => -page,
        _ => page,
    };
    let pane = &mut model.history;
    let next = (i32::from(pane.detail_scroll) + lines).clamp(0, i32::from(pane.detail_scroll_limit));
    pane.detail_scroll = next as u16;
}

/// A frame was drawn: keep how far the record view can scroll, when it was on screen.
pub fn drawn(model: &mut Model, shown: Shown) {
    if let Some(limit) = shown.detail_scroll_limit {
        model.history.detail_scroll_limit = limit;
        model.history.detail_scroll = model.history.detail_scroll.min(limit);
    }
}

/// Prefill the form from the selected row; the operator still reviews and confirms.
fn rerun(model: &mut Model) -> Vec<Effect> {
    let Some(row) = model.history.selected().cloned() else { return Vec::new() };
    let mut effects = region::choose(model, &row.region);
    model.form.operation = row.action;
    model.form.eni.set(row.eni_id.clone());
    model.form.instance.set(row.instance_id.clone());
    model.form.destination.set(row.destination_instance_id.clone().unwrap_or_default());
    model.form.attach_type =
        if row.attach_type == Some(1) { AttachType::Extended } else { AttachType::Standard };
    model.form.focus = FormFocus::Submit;
    model.say(tr!("notice-prefilled", id = row.id));
    effects.extend(go_to(model, Screen::Form));
    effects
}

/// Prefill a move of the row's ENI from where the row left it; the operator picks the
/// destination and still confirms.
fn move_from_row(model: &mut Model) -> Vec<Effect> {
    let Some(row) = model.history.selected().cloned() else { return Vec::new() };
    // Where the row put the ENI: an attach's instance, a move's destination; a detach left it
    // on nothing, so the source is for the operator to fill.
    let from = match row.action {
        Kind::Attach => row.instance_id.clone(),
        Kind::Move => row.destination_instance_id.clone().unwrap_or_default(),
        Kind::Detach => String::new(),
    };
    let mut effects = region::choose(model, &row.region);
    super::form::prefill_move(model, &row.eni_id, &from);
    model.form.destination.clear();
    model.say(tr!("notice-move-from-row", eni = row.eni_id.as_str(), id = row.id));
    effects.extend(go_to(model, Screen::Form));
    effects
}

/// The RequestId when there is one, else the ENI ID.
fn copy(model: &mut Model) -> Vec<Effect> {
    let Some(row) = model.history.selected() else { return Vec::new() };
    let (what, text) = match &row.request_id {
        Some(id) => ("request", id.clone()),
        None => ("eni", row.eni_id.clone()),
    };
    model.say(tr!("notice-copied", what = what, text = text.as_str()));
    vec![Effect::Copy(text)]
}

fn key_label(key: &KeyEvent) -> String {
    match key.code {
        crossterm::event::KeyCode::Char(c) => c.to_string(),
        other => format!("{other:?}"),
    }
}
