//! `draw(&Model, &mut Frame)`: pure; one file per pane.

mod activity;
mod confirm;
mod credentials;
mod form;
mod header;
mod help;
mod history;
mod picker;
mod progress;
mod region;
mod runbooks;
pub(crate) mod text;

#[cfg(test)]
mod tests;

use super::layout;
use super::model::{Model, Overlay, Screen};
use super::msg::Shown;
use ratatui::Frame;

pub use picker::verdict_words;
pub use text::buffer_text;

/// Draws the whole screen.
pub fn draw(model: &Model, frame: &mut Frame) {
    draw_measured(model, frame);
}

/// Draws the whole screen and returns what the frame measured that keys need (the loop hands it
/// to `update` as [`Msg::Drawn`](crate::tui::msg::Msg::Drawn)).
pub fn draw_measured(model: &Model, frame: &mut Frame) -> Shown {
    let areas = layout::areas(frame.area());
    let mut shown = Shown::default();
    header::draw(model, frame, areas.header);
    header::draw_tabs(model, frame, areas.tabs);
    match &model.screen {
        Screen::Region => region::draw(model, frame, areas.body),
        Screen::Form => form::draw(model, frame, areas.body),
        Screen::Confirm(pane) => {
            shown.confirm_scroll_limit = Some(confirm::draw(model, pane, frame, areas.body))
        }
        Screen::Progress => shown.progress_scroll_limit = Some(progress::draw(model, frame, areas.body)),
        Screen::History if model.history.view == crate::tui::model::HistoryView::Account => {
            activity::draw_account(model, frame, areas.body)
        }
        Screen::History => history::draw(model, frame, areas.body),
        Screen::Runbooks => runbooks::draw(model, frame, areas.body),
    }
    match &model.overlay {
        Some(Overlay::Picker(picker)) => picker::draw(model, picker, frame, areas.body),
        Some(Overlay::Help { from, scroll }) => {
            shown.help_scroll = Some(help::draw(model, *from, *scroll, frame, areas.body))
        }
        Some(Overlay::Credentials) => credentials::draw(model, frame, areas.body),
        Some(Overlay::Detail) if model.history.view == crate::tui::model::HistoryView::Account => {
            shown.detail_scroll_limit = Some(activity::draw_event(model, frame, areas.body))
        }
        Some(Overlay::Detail) => {
            shown.detail_scroll_limit = Some(history::draw_detail(model, frame, areas.body))
        }
        None => {}
    }
    header::draw_footer(model, &shown, frame, areas.footer);
    shown
}
