//! The History pane's account view: the region's ENI changes from the audit trail (CloudAudit),
//! filtered like the history, an event's identity in the detail view. Reading only: a change
//! here is never sent from this view.

use super::{common, edit_text};
use crate::tr;
use crate::tui::keymap::Action;
use crate::tui::model::{AccountLoad, HistoryView, Model, Overlay, TextInput};
use crate::tui::msg::Effect;
use crossterm::event::KeyEvent;

/// Switch between this machine's attempts and the account's changes; the account's are read
/// the first time (and again with refresh).
pub fn toggle(model: &mut Model) -> Vec<Effect> {
    model.overlay = None;
    match model.history.view {
        HistoryView::Account => {
            model.history.view = HistoryView::ThisMachine;
            Vec::new()
        }
        HistoryView::ThisMachine => {
            model.history.view = HistoryView::Account;
            let region = model.session.region.clone().unwrap_or_default();
            match model.history.account.load {
                AccountLoad::Idle => reload(model),
                _ if model.history.account.region != region => reload(model),
                _ => Vec::new(),
            }
        }
    }
}

/// Read the region's changes again (newest first, the selection back at the top).
pub fn reload(model: &mut Model) -> Vec<Effect> {
    let Some(region) = model.session.region.clone() else {
        model.say(tr!("activity-account-no-region"));
        return Vec::new();
    };
    let generation = model.take_id();
    let account = &mut model.history.account;
    account.generation = generation;
    account.region = region.clone();
    account.load = AccountLoad::Loading;
    account.list = Default::default();
    vec![Effect::LoadAccountActivity { generation, region }]
}

/// The trail answered request `generation`.
pub fn loaded(
    model: &mut Model,
    generation: u64,
    at: chrono::DateTime<chrono::Utc>,
    result: Result<crate::activity::Report, crate::activity::Unavailable>,
) {
    let account = &mut model.history.account;
    if account.generation != generation {
        return;
    }
    account.load = match result {
        Ok(report) => AccountLoad::Loaded {
            changes: report.changes,
            at,
            skipped: report.skipped,
            cut_short: report.cut_short,
        },
        Err(why) => AccountLoad::Unavailable(why),
    };
}

pub fn on_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    // An event's view scrolls, as the record of an attempt does.
    if model.overlay == Some(Overlay::Detail)
        && matches!(action, Some(Action::Up | Action::Down | Action::PageUp | Action::PageDown))
    {
        super::history::scroll_detail(model, action);
        return Vec::new();
    }
    let filter = model.history.filter.text.trim().to_owned();
    let len = model.history.account.visible(&filter).len();
    let height = super::history::list_height(model);
    let list = &mut model.history.account.list;
    match action {
        Some(Action::Up) => list.step(-1, len, height),
        Some(Action::Down) => list.step(1, len, height),
        Some(Action::PageUp) => list.step(-(height as isize), len, height),
        Some(Action::PageDown) => list.step(height as isize, len, height),
        Some(Action::AccountView) => return toggle(model),
        Some(Action::Refresh) => return reload(model),
        Some(Action::Filter) => model.history.filtering = true,
        Some(Action::Select) if model.history.filtering => model.history.filtering = false,
        Some(Action::Select) if model.history.account.selected(&filter).is_some() => {
            model.history.detail_scroll = 0;
            model.overlay = Some(Overlay::Detail);
        }
        Some(Action::Back) if model.overlay == Some(Overlay::Detail) => model.overlay = None,
        Some(Action::Back) if model.history.filtering || !filter.is_empty() => {
            model.history.filtering = false;
            model.history.filter = TextInput::default();
            model.history.account.list = Default::default();
        }
        Some(Action::Copy) => return copy(model, &filter),
        None if model.history.filtering => {
            if edit_text(&mut model.history.filter, &key) {
                model.history.account.list = Default::default();
            }
        }
        Some(Action::Rerun | Action::Move) | None => {}
        other => return common(model, other),
    }
    Vec::new()
}

/// The selected change's RequestId.
fn copy(model: &mut Model, filter: &str) -> Vec<Effect> {
    let Some(change) = model.history.account.selected(filter) else { return Vec::new() };
    let text = change.event.request_id.clone();
    model.say(tr!("activity-copied", id = text.as_str()));
    vec![Effect::Copy(text)]
}
