//! `update(&mut Model, Msg) -> Vec<Effect>`: the only place the model changes. No I/O here:
//! anything slow or outside the process is returned as an [`Effect`].

mod account;
mod confirm;
mod credentials;
mod form;
mod help;
mod history;
mod mouse;
mod picker;
mod progress;
mod region;
mod results;
mod runbooks;

#[cfg(test)]
mod activity_tests;
#[cfg(test)]
mod tests;

use super::keymap::{Action, Focus, Pane};
use super::model::{Exit, Model, Screen, TextInput};
use super::msg::{Effect, Msg};
use crate::tr;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use confirm::{blocked as confirm_blocked, open_confirm};
pub use history::reload as reload_history;
pub use progress::note_retry;

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(model, key),
        Msg::Paste(text) => on_paste(model, &text),
        Msg::Mouse(event) => mouse::on_mouse(model, event),
        Msg::Resize(width, height) => {
            model.size = (width, height);
            follow_lists(model);
            picker::request_limits(model)
        }
        // A signal leaves at once (nobody is there to answer a question), with the code that
        // says whether a request was left in flight.
        Msg::Terminate => quit(model),
        Msg::Tick(elapsed) => {
            progress::tick(model, elapsed);
            confirm::tick(model, elapsed);
            runbooks::tick(model, elapsed);
            Vec::new()
        }
        other => results::on_result(model, other),
    }
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    // What this key does replaces what the last one said.
    model.notice = None;
    if let Some(effects) = progress::answer_question(model, &key) {
        return effects;
    }
    if let Some(effects) = runbooks::answer_question(model, &key) {
        return effects;
    }
    let focus = model.focus();
    let action = model.keymap.action(focus, &key);
    match action {
        Some(Action::ForceQuit) => return ask_quit(model),
        Some(Action::Help) => {
            help::toggle(model);
            return Vec::new();
        }
        Some(pane_key) if let Some(pane) = pane_key.pane() => return go_to_pane(model, pane),
        _ => {}
    }
    match focus {
        Focus::Help => help::on_key(model, action),
        Focus::Region | Focus::RegionFilter => region::on_key(model, action, key),
        Focus::Form => form::on_key(model, action, key),
        Focus::Picker => picker::on_key(model, action, key),
        Focus::Confirm => confirm::on_key(model, action, key),
        Focus::Progress => progress::on_key(model, action),
        Focus::History | Focus::HistoryFilter | Focus::Detail => history::on_key(model, action, key),
        Focus::Credentials => credentials::on_key(model, action, key),
        Focus::Runbooks | Focus::RunbookVars => runbooks::on_key(model, action, key),
    }
}

/// Keys every pane shares: quit (where the keymap binds it) and Tab between panes.
fn common(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    match action {
        Some(Action::Quit) => ask_quit(model),
        Some(Action::NextPane) => cycle_pane(model, 1),
        Some(Action::PrevPane) => cycle_pane(model, -1),
        _ => Vec::new(),
    }
}

/// A pane key: the same pane from anywhere; Progress once something has run.
fn go_to_pane(model: &mut Model, pane: Pane) -> Vec<Effect> {
    if !model.tabs().contains(&pane) {
        model.say(tr!("notice-nothing-run"));
        return Vec::new();
    }
    go_to(model, pane.screen())
}

/// `q` or Ctrl-C: with a request in flight, ask first (quitting leaves a row that may have been
/// sent); otherwise quit.
fn ask_quit(model: &mut Model) -> Vec<Effect> {
    if progress::ask_before_quitting(model) || runbooks::ask_before_quitting(model) {
        return Vec::new();
    }
    quit(model)
}

/// The exit code of quitting now: a request in flight is the command line's "sent, outcome
/// unknown"; anything else ends the app normally.
/// How a key answers a live run's open question, the same on the progress pane and on a
/// runbook's: Ctrl-C quits at once, `y` does what was asked, any other key closes the question.
enum Answer {
    Quit,
    Cancel,
    Dismiss,
}

fn answer(model: &Model, focus: Focus, asked: crate::tui::model::Ask, key: &KeyEvent) -> Answer {
    use crate::tui::model::Ask;
    let force = model.keymap.action(focus, key) == Some(Action::ForceQuit);
    let yes = key.code == KeyCode::Char('y') && key.modifiers.difference(KeyModifiers::SHIFT).is_empty();
    match (asked, force, yes) {
        (_, true, _) | (Ask::Quit, _, true) => Answer::Quit,
        (Ask::Cancel, _, true) => Answer::Cancel,
        _ => Answer::Dismiss,
    }
}

fn quit_code(model: &Model) -> i32 {
    let in_flight = model.progress.as_ref().is_some_and(|p| p.running() && p.attempt.may_have_been_sent())
        || runbooks::in_flight(model);
    if in_flight { crate::attempt::exit::OUTCOME_UNKNOWN } else { crate::attempt::exit::OK }
}

pub fn quit(model: &mut Model) -> Vec<Effect> {
    if model.exit.is_none() {
        model.exit = Some(Exit { code: quit_code(model), message: None, open_demo: false });
    }
    let mut effects = Vec::new();
    // A run in flight is cancelled: its row stays open in history and the next start reconciles it.
    if let Some(live) = model.progress.as_ref().and_then(|p| p.run.live()) {
        effects.push(Effect::Cancel(live.cancel.clone()));
    }
    // So is a runbook's: no new step starts; the open rows are settled at the next apply.
    effects.extend(runbooks::live_token(model).map(Effect::Cancel));
    effects.push(Effect::Quit);
    effects
}

/// Show `screen`. A review left is over with the screen that held it: coming back reviews
/// afresh (new verdicts, a new ClientToken).
pub fn go_to(model: &mut Model, screen: Screen) -> Vec<Effect> {
    let (history, runbooks) = (screen == Screen::History, screen == Screen::Runbooks);
    model.screen = screen;
    model.overlay = None;
    if history {
        // Show what changed since the pane was last looked at.
        return history::reload(model);
    }
    if runbooks {
        return runbooks::entered(model);
    }
    Vec::new()
}

fn cycle_pane(model: &mut Model, step: isize) -> Vec<Effect> {
    let tabs = model.tabs();
    let current = tabs.iter().position(|p| *p == model.screen.pane()).unwrap_or(0) as isize;
    let next = (current + step).rem_euclid(tabs.len() as isize) as usize;
    go_to(model, tabs[next].screen())
}

/// Edit a text field with a key that is not bound to an action here (tui-input's editing keys).
/// Returns true when the field changed.
fn edit_text(input: &mut TextInput, key: &KeyEvent) -> bool {
    input.handle_key(key).unwrap_or(false)
}

/// A key that types a character (no Ctrl or Alt).
fn types(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

fn on_paste(model: &mut Model, text: &str) -> Vec<Effect> {
    match model.focus() {
        Focus::Form => {
            // The IDs it brought may name a destination whose slots are to be counted.
            let mut effects = form::paste(model, text);
            effects.extend(picker::request_limits(model));
            effects
        }
        Focus::Picker => {
            if let Some(picker) = model.picker_mut() {
                picker.filter.paste(text);
                picker.list = Default::default();
            }
            Vec::new()
        }
        Focus::RegionFilter | Focus::Region => {
            model.regions.filtering = true;
            model.regions.filter.paste(text);
            model.regions.list = Default::default();
            Vec::new()
        }
        Focus::HistoryFilter | Focus::History => {
            model.history.filtering = true;
            model.history.filter.paste(text);
            history::reload(model)
        }
        Focus::Credentials => credentials::paste(model, text),
        Focus::RunbookVars => runbooks::paste(model, text),
        _ => Vec::new(),
    }
}

/// Keep every list's selection on screen after a resize.
fn follow_lists(model: &mut Model) {
    let body = super::layout::areas(super::layout::screen_rect(model)).body;
    let region_height = super::layout::region_list(body).height as usize;
    let regions = region::visible(model).len();
    model.regions.list.follow(regions, region_height);
    let history_height = super::layout::history_list(body).height as usize;
    let rows = model.history.rows.len();
    model.history.list.follow(rows, history_height);
}
