//! Mouse: a click selects (a tab, a row, a form field); the wheel moves the selection.

use super::{go_to, history, picker, region};
use crate::tui::layout::{self, contains};
use crate::tui::model::{Model, Overlay, Screen};
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
    let len_height = match (&model.overlay, &model.screen) {
        (Some(_), _) => None,
        (None, Screen::Region) => Some((region::visible(model).len(), region::list_height(model))),
        (None, Screen::History) => Some((model.history.rows.len(), history::list_height(model))),
        _ => None,
    };
    let Some((len, height)) = len_height else { return Vec::new() };
    match model.screen {
        Screen::Region => model.regions.list.step(step, len, height),
        _ => model.history.list.step(step, len, height),
    }
    Vec::new()
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
    let line = (y - list.y) as usize;
    match model.screen {
        Screen::Region => {
            let len = region::visible(model).len();
            model.regions.list.click(line, len);
        }
        _ => {
            let len = model.history.rows.len();
            model.history.list.click(line, len);
        }
    }
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
