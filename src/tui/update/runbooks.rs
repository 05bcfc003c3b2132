//! Runbooks: the list, a runbook's variables, its whole plan confirmed once with `y` (after the
//! same dwell as the confirm pane), and its run as a live table; cancelling or quitting with
//! steps in flight asks first, as a single run does.

use super::{common, edit_text, history};
use crate::runbook::file::Vars;
use crate::tr;
use crate::tui::keymap::{Action, Focus};
use crate::tui::model::runbooks::{Listing, Opened, Phase, Planned, RunView, RunbookEntry, VarsForm};
use crate::tui::model::{Ask, Lasts, Model, Screen, TextInput};
use crate::tui::msg::Effect;
use crossterm::event::KeyEvent;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The pane came on screen: read the list again unless a runbook is open.
pub fn entered(model: &mut Model) -> Vec<Effect> {
    if model.runbooks.open.is_some() {
        return Vec::new();
    }
    relist(model)
}

fn relist(model: &mut Model) -> Vec<Effect> {
    if !matches!(model.runbooks.listing, Listing::Read(_)) {
        model.runbooks.listing = Listing::Reading;
    }
    vec![Effect::ListRunbooks { also: model.runbooks.also.clone() }]
}

/// Rows a page moves in the pane's tables.
fn page(model: &Model) -> isize {
    (model.size.1 as isize - 10).max(1)
}

fn list_height(model: &Model) -> usize {
    model.size.1.saturating_sub(9).max(1) as usize
}

pub fn on_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    let Some(opened) = model.runbooks.open.as_ref() else { return on_list_key(model, action) };
    match &opened.phase {
        Phase::Vars(_) => on_vars_key(model, action, key),
        Phase::Planning { .. } => match action {
            Some(Action::Back) => close(model),
            other => common(model, other),
        },
        Phase::Failed { vars, .. } => match action {
            Some(Action::Back) => back_to_vars(model),
            Some(Action::Refresh) => {
                let vars = vars.clone();
                plan(model, vars)
            }
            other => common(model, other),
        },
        Phase::Planned(_) => on_plan_key(model, action),
        Phase::Running(_) => on_run_key(model, action),
    }
}

fn on_list_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    let len = model.runbooks.entries().len();
    let height = list_height(model);
    match action {
        Some(Action::Up) => model.runbooks.list.step(-1, len, height),
        Some(Action::Down) => model.runbooks.list.step(1, len, height),
        Some(Action::PageUp) => model.runbooks.list.step(-page(model), len, height),
        Some(Action::PageDown) => model.runbooks.list.step(page(model), len, height),
        Some(Action::Refresh) => return relist(model),
        Some(Action::Select) => return open(model),
        other => return common(model, other),
    }
    Vec::new()
}

/// Enter on the list: ask for the runbook's variables, or plan it at once when it has none.
fn open(model: &mut Model) -> Vec<Effect> {
    let Some(entry) = model.runbooks.entries().get(model.runbooks.list.selected).cloned() else {
        return Vec::new();
    };
    let RunbookEntry { path, outline } = entry;
    let outline = match outline {
        Ok(outline) => outline,
        Err(problem) => {
            model.say(tr!("runbook-cannot-open", problem = problem));
            return Vec::new();
        }
    };
    let name = if outline.name.is_empty() {
        path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
    } else {
        outline.name.clone()
    };
    let fields: Vec<(String, TextInput)> = outline
        .vars
        .iter()
        .map(|v| (v.name.clone(), TextInput::with_text(v.default.clone().unwrap_or_default())))
        .collect();
    let has_vars = !fields.is_empty();
    let form = VarsForm { fields, focus: 0 };
    model.runbooks.open = Some(Opened { path, name, phase: Phase::Vars(form) });
    if has_vars { Vec::new() } else { plan(model, Vars::new()) }
}

fn on_vars_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    let Some(Phase::Vars(form)) = model.runbooks.open.as_mut().map(|o| &mut o.phase) else {
        return Vec::new();
    };
    let last = form.fields.len().saturating_sub(1);
    match action {
        Some(Action::Up) => form.focus = form.focus.saturating_sub(1),
        Some(Action::Down) => form.focus = (form.focus + 1).min(last),
        Some(Action::Select) if form.focus < last => form.focus += 1,
        Some(Action::Select) => {
            if let Some(name) = form.missing() {
                let name = name.to_string();
                model.say(tr!("runbook-var-missing", name = name));
                return Vec::new();
            }
            let vars = form.vars();
            return plan(model, vars);
        }
        Some(Action::Back) => return close(model),
        None => {
            if let Some((_, input)) = form.fields.get_mut(form.focus) {
                edit_text(input, &key);
            }
        }
        other => return common(model, other),
    }
    Vec::new()
}

/// Text pasted into the focused variable.
pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    if let Some(Phase::Vars(form)) = model.runbooks.open.as_mut().map(|o| &mut o.phase)
        && let Some((_, input)) = form.fields.get_mut(form.focus)
    {
        input.paste(text);
    }
    Vec::new()
}

/// Plan the opened runbook with `vars` (as `tceni runbook plan` does), as an effect.
fn plan(model: &mut Model, vars: Vars) -> Vec<Effect> {
    let id = model.take_id();
    let Some(opened) = model.runbooks.open.as_mut() else { return Vec::new() };
    opened.phase = Phase::Planning { id, vars: vars.clone() };
    vec![Effect::PlanRunbook { id, path: opened.path.clone(), vars }]
}

/// Back from a plan that failed: to the variables when there are any, else to the list.
fn back_to_vars(model: &mut Model) -> Vec<Effect> {
    let path = model.runbooks.open.as_ref().map(|o| o.path.clone());
    let entry = model.runbooks.entries().iter().position(|e| Some(&e.path) == path.as_ref());
    close(model);
    if let Some(at) = entry {
        model.runbooks.list.selected = at;
        let effects = open(model);
        // Reopening plans at once when there is nothing to ask: stay on the list instead.
        if !effects.is_empty() {
            model.runbooks.open = None;
        }
    }
    Vec::new()
}

/// Close the opened runbook (never a live run: that asks first) and show the list again.
fn close(model: &mut Model) -> Vec<Effect> {
    model.runbooks.open = None;
    relist(model)
}

fn on_plan_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    let height = list_height(model);
    let page = page(model);
    let Some(Phase::Planned(planned)) = model.runbooks.open.as_mut().map(|o| &mut o.phase) else {
        return Vec::new();
    };
    let len = planned.runbook.steps.len();
    match action {
        Some(Action::Up) => planned.list.step(-1, len, height),
        Some(Action::Down) => planned.list.step(1, len, height),
        Some(Action::PageUp) => planned.list.step(-page, len, height),
        Some(Action::PageDown) => planned.list.step(page, len, height),
        Some(Action::Send) => return run(model),
        Some(Action::Refresh) => {
            let vars = planned.vars.clone();
            return plan(model, vars);
        }
        Some(Action::Back) => return close(model),
        other => return common(model, other),
    }
    Vec::new()
}

/// `y` on the plan: run it, once the verdicts have been on screen for the dwell.
fn run(model: &mut Model) -> Vec<Effect> {
    let dwell = model.confirm_dwell;
    let Some(planned) = model.runbooks.planned() else { return Vec::new() };
    if model.session.read_only {
        model.say(tr!("runbook-read-only"));
        return Vec::new();
    }
    if !planned.prepared.check.runnable() {
        model.say(tr!("runbook-blocked-no-run"));
        return Vec::new();
    }
    if !planned.settled(dwell) {
        // A `y` typed before the verdicts were read answers nothing.
        return Vec::new();
    }
    let Some(opened) = model.runbooks.open.take() else { return Vec::new() };
    let Phase::Planned(planned) = opened.phase else { unreachable!("checked above") };
    let Planned { runbook, prepared, .. } = *planned;
    let run_id = model.take_id();
    let cancel = CancellationToken::new();
    let view = RunView::new(run_id, &runbook, cancel.clone());
    model.runbooks.open = Some(Opened { phase: Phase::Running(Box::new(view)), ..opened });
    vec![Effect::RunRunbook { run_id, planned: Box::new((runbook, prepared)), cancel }]
}

fn on_run_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    let height = list_height(model);
    let page = page(model);
    let Some(run) = model.runbooks.run_mut() else { return Vec::new() };
    let len = run.rows.len();
    match action {
        Some(Action::Up) => run.list.step(-1, len, height),
        Some(Action::Down) => run.list.step(1, len, height),
        Some(Action::PageUp) => run.list.step(-page, len, height),
        Some(Action::PageDown) => run.list.step(page, len, height),
        Some(Action::Back) if run.in_flight() => {
            if let Some(live) = run.live.as_mut().filter(|l| !l.cancelling) {
                live.asking = Some(Ask::Cancel);
            }
        }
        Some(Action::Back) if run.live.is_some() => return cancel(model),
        Some(Action::Back) => return close(model),
        Some(Action::Refresh) if run.live.is_none() => {
            // Plan the same runbook again: what the run left is judged afresh.
            let vars = model.runbooks.last_vars.clone();
            return plan(model, vars);
        }
        other => return common(model, other),
    }
    Vec::new()
}

/// Stop the run: no new step starts; steps in flight end as a single run cancelled does.
fn cancel(model: &mut Model) -> Vec<Effect> {
    let Some(live) = model.runbooks.run_mut().and_then(|r| r.live.as_mut()) else { return Vec::new() };
    live.asking = None;
    live.cancelling = true;
    let token = live.cancel.clone();
    model.say_until(tr!("runbook-cancelling"), Lasts::WhileRunning);
    vec![Effect::Cancel(token)]
}

/// Steps are in flight: ask before quitting (on this pane) and return true.
pub fn ask_before_quitting(model: &mut Model) -> bool {
    let Some(run) = model.runbooks.run_mut().filter(|r| r.in_flight()) else { return false };
    if let Some(live) = run.live.as_mut() {
        live.asking = Some(Ask::Quit);
    }
    model.screen = Screen::Runbooks;
    model.overlay = None;
    true
}

/// Quitting now leaves a step whose request may be on its way with its end unknown.
pub fn in_flight(model: &Model) -> bool {
    model.runbooks.run().is_some_and(RunView::in_flight)
}

/// The live run's cancel token (quitting cancels it).
pub fn live_token(model: &Model) -> Option<CancellationToken> {
    model.runbooks.live_run().and_then(|r| r.live.as_ref()).map(|l| l.cancel.clone())
}

/// The answer to the run's question when one is open: `y` does what was asked, Ctrl-C quits at
/// once, any other key closes it and the run goes on.
pub fn answer_question(model: &mut Model, key: &KeyEvent) -> Option<Vec<Effect>> {
    let live = model.runbooks.run_mut().and_then(|r| r.live.as_mut())?;
    let asked = live.asking.take()?;
    match super::answer(model, Focus::Runbooks, asked, key) {
        super::Answer::Quit => Some(super::quit(model)),
        super::Answer::Cancel => Some(cancel(model)),
        super::Answer::Dismiss => {
            model.say_until(tr!("runbook-still-running"), Lasts::WhileRunning);
            Some(Vec::new())
        }
    }
}

/// The loop's clock: a live run's time, and the plan's time on screen.
pub fn tick(model: &mut Model, elapsed: Duration) {
    match model.runbooks.open.as_mut().map(|o| &mut o.phase) {
        Some(Phase::Running(run)) if run.live.is_some() => run.clock += elapsed,
        Some(Phase::Planned(planned)) => {
            if let Some(shown) = planned.shown_for.as_mut() {
                *shown += elapsed;
            }
        }
        _ => {}
    }
}

/// A frame was drawn: the plan on screen starts its dwell.
pub fn drawn(model: &mut Model) {
    if !matches!(model.screen, Screen::Runbooks) {
        return;
    }
    if let Some(Phase::Planned(planned)) = model.runbooks.open.as_mut().map(|o| &mut o.phase)
        && planned.shown_for.is_none()
    {
        planned.shown_for = Some(Duration::ZERO);
    }
}

pub fn listed(model: &mut Model, result: Result<Vec<RunbookEntry>, String>) {
    let pane = &mut model.runbooks;
    pane.listing = match result {
        Ok(entries) => {
            // `--runbook FILE` is selected the first time (it comes last).
            if pane.list.selected == usize::MAX {
                pane.list.selected = entries.len().saturating_sub(1);
            }
            Listing::Read(entries)
        }
        Err(e) => Listing::Failed(e),
    };
    let len = pane.entries().len();
    pane.list.follow(len, model.size.1.saturating_sub(9).max(1) as usize);
}

pub fn planned(
    model: &mut Model,
    id: u64,
    result: Result<Box<(crate::runbook::Runbook, crate::runbook::session::Prepared)>, Vec<String>>,
) {
    let Some(opened) = model.runbooks.open.as_mut() else { return };
    let Phase::Planning { id: asked, vars } = &opened.phase else { return };
    if *asked != id {
        return;
    }
    let vars = vars.clone();
    model.runbooks.last_vars = vars.clone();
    opened.phase = match result {
        Ok(planned) => {
            let (runbook, prepared) = *planned;
            Phase::Planned(Box::new(Planned {
                runbook,
                prepared,
                vars,
                list: Default::default(),
                shown_for: None,
            }))
        }
        Err(problems) => Phase::Failed { problems, vars },
    };
}

pub fn started(model: &mut Model, run_id: u64, result: Result<String, String>) -> Vec<Effect> {
    let Some(run) = model.runbooks.run_mut().filter(|r| r.run_id == run_id) else { return Vec::new() };
    match result {
        Ok(id) => run.history_run = Some(id),
        Err(reason) => {
            run.refused = Some(reason);
            run.live = None;
        }
    }
    Vec::new()
}

pub fn progress(model: &mut Model, run_id: u64, progress: crate::runbook::apply::Progress) -> Vec<Effect> {
    let Some(run) = model.runbooks.run_mut().filter(|r| r.run_id == run_id) else { return Vec::new() };
    run.apply(progress);
    Vec::new()
}

pub fn finished(
    model: &mut Model,
    run_id: u64,
    code: i32,
    finished: crate::runbook::session::Finished,
) -> Vec<Effect> {
    let Some(run) = model.runbooks.run_mut().filter(|r| r.run_id == run_id) else { return Vec::new() };
    let was_asking = run.live.as_ref().is_some_and(|l| l.asking.is_some());
    run.live = None;
    run.finished = Some((code, finished));
    model.notice_over(Lasts::WhileRunning);
    if was_asking {
        let quit = model.keymap.key_for(Action::Quit, Focus::Runbooks);
        model.say(tr!("runbook-ended-nothing-in-flight", key = quit));
    }
    // The ENIs moved: history and the pickers show the world as it is now.
    let mut effects = history::reload(model);
    effects.extend(model.load_resources());
    effects
}
