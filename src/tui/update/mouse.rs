//! Mouse: a click selects (a tab, a row, a form field); the wheel moves the selection.

use super::{go_to, history, picker, region};
use crate::tui::layout::{self, contains};
use crate::tui::model::{HistoryView, ListPos, Model, Overlay, Screen};
use crate::tui::msg::Effect;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

pub fn on_mouse(model: &mut Model, event: MouseEvent) -> Vec<Effect> {
    let (x, y) = (event.column, event.row);
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => click(model, x, y),
        MouseEventKind::ScrollDown => scroll(model, 1),
        MouseEventKind::ScrollUp => scroll(model, -1),
        _ => Vec::new(),
    }
}

fn scroll(model: &mut Model, step: isize) -> Vec<Effect> {
    let height = match (&model.overlay, &model.screen) {
        (None, Screen::Region) => region::list_height(model),
        (None, Screen::History) => history::list_height(model),
        _ => return Vec::new(),
    };
    let (len, list) = shown_list(model);
    list.step(step, len, height);
    Vec::new()
}

/// The list on screen (the History pane shows this machine's rows or the account's changes)
/// and how many rows it holds: the one a wheel or a click moves.
fn shown_list(model: &mut Model) -> (usize, &mut ListPos) {
    match model.screen {
        Screen::Region => (region::visible(model).len(), &mut model.regions.list),
        _ if model.history.view == HistoryView::Account => {
            let len = model.history.account.visible(model.history.filter.text.trim()).len();
            (len, &mut model.history.account.list)
        }
        _ => (model.history.rows.len(), &mut model.history.list),
    }
}

fn click(model: &mut Model, x: u16, y: u16) -> Vec<Effect> {
    let areas = layout::areas(layout::screen_rect(model));
    match model.overlay {
        Some(Overlay::Picker(_)) => return click_picker(model, areas.body, x, y),
        Some(_) => return Vec::new(),
        None => {}
    }
    if contains(areas.tabs, x, y) && !matches!(model.screen, Screen::Confirm(_)) {
        let tab = layout::tab_spans(model)
            .into_iter()
            .find(|(_, _, start, width)| x >= *start && x < start + width);
        return tab.map(|(pane, ..)| go_to(model, pane.screen())).unwrap_or_default();
    }
    match model.screen {
        Screen::Region => click_list_row(model, layout::region_list(areas.body), x, y),
        Screen::History => click_list_row(model, layout::history_list(areas.body), x, y),
        Screen::Form => {
            let row = layout::form_rows(areas.body, model.form.operation)
                .into_iter()
                .find(|(_, r)| contains(*r, x, y));
            if let Some((focus, _)) = row {
                model.form.focus = focus;
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn click_list_row(model: &mut Model, list: ratatui::layout::Rect, x: u16, y: u16) -> Vec<Effect> {
    if !contains(list, x, y) {
        return Vec::new();
    }
    let list_top = list.y;
    let (len, list) = shown_list(model);
    list.click((y - list_top) as usize, len);
    Vec::new()
}

fn click_picker(model: &mut Model, body: ratatui::layout::Rect, x: u16, y: u16) -> Vec<Effect> {
    let list = layout::picker_list(body);
    if !contains(list, x, y) {
        return Vec::new();
    }
    let len = picker::len(model);
    if let Some(picker) = model.picker_mut() {
        picker.list.click((y - list.y) as usize, len);
    }
    Vec::new()
}
