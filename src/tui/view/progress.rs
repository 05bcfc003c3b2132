//! Progress, live: preflight → send (RequestId) → task (status, polls) → verify where the ENI
//! is, each with its time and the active one with a spinner; then how it ended, what it means
//! and what to do. Every line is derived from the one `Run` value, so no two lines can disagree.

use super::text::{block, fit};
use crate::attach::preflight::{Report, Status};
use crate::attach::{Failure, FailureKind, Finish, Located};
use crate::history::Outcome;
use crate::plan::Kind;
use crate::tui::keymap::{Action, Context};
use crate::tui::layout;
use crate::tui::model::{Ask, Live, Load, Model, ProgressPane, Retry, Run, Stage, Step};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

const LABEL: usize = 13;
/// Braille spinner: one frame per 100 ms of the run's clock, so the view stays a pure function.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const STEPS: [Step; 4] = [Step::Preflight, Step::Send, Step::Task, Step::Verify];

/// How a step line is marked.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Done,
    /// In progress: the spinner.
    Active,
    Waiting,
    Failed,
    /// Not known: the answer was lost, or the run stopped waiting.
    Unknown,
    /// Went through against the advice of a check (the override).
    Overridden,
    /// Nothing to do: already where the plan puts it.
    Already,
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(p) = &model.progress else {
        frame.render_widget(Paragraph::new(" Nothing has run yet."), layout::inner(area));
        return;
    };
    let palette = model.theme.palette();
    let inner = layout::inner(area);
    let lines = content(model, p, inner.width as usize);
    let height = inner.height as usize;
    let offset = (p.scroll as usize).min(lines.len().saturating_sub(height));
    let mut pane = block(format!(" {} ", p.plan.kind().action()), &palette, true);
    if lines.len() > height {
        // Taller than the window: say so, and which keys reach the rest.
        let key = |action| model.keymap.key_for(action, Context::Progress);
        let below = lines.len() - height - offset;
        let hint = if below > 0 {
            format!(" {below} more below · {}/{} ", key(Action::Down), key(Action::PageDown))
        } else {
            format!(" end · {}/{} back up ", key(Action::Up), key(Action::PageUp))
        };
        pane = pane.title_bottom(Line::styled(hint, palette.key).right_aligned());
    }
    frame.render_widget(pane, area);
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(shown), inner);
    if let Some(asked) = p.run.live().and_then(|l| l.asking) {
        draw_question(model, p, asked, frame, area);
    }
}

/// "A request is in flight: quit (or cancel) anyway?", over the pane, with what it leaves behind.
/// The footer's line while the question is open: its keys, not the pane's.
pub fn question_keys(model: &Model, asked: Ask) -> String {
    let force = model.keymap.key_for(Action::ForceQuit, Context::Progress);
    match asked {
        Ask::Quit => format!(
            " a request is in flight: y quits anyway (exit 4) · {force} quits now · any other key stays"
        ),
        Ask::Cancel => {
            format!(" a request is in flight: y stops waiting for it · {force} quits · any other key stays")
        }
    }
}

fn draw_question(model: &Model, p: &ProgressPane, asked: Ask, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let width = area.width.saturating_sub(4).min(72);
    let row = match p.plan.client_token() {
        Some(token) => format!(
            "The history row stays \"may have been sent\" with its ClientToken {token}: the next start settles it, and a re-send with that token is safe."
        ),
        None => "The history row stays \"may have been sent\": the next start settles it by describing the ENI (a move has no ClientToken, so never re-send it blindly).".to_string(),
    };
    let force = model.keymap.key_for(Action::ForceQuit, Context::Progress);
    let (question, yes, also) = match asked {
        Ask::Quit => (
            " A request is in flight: quit anyway?",
            " quit (exit 4: outcome unknown) · ",
            format!(" {force} again quits at once"),
        ),
        Ask::Cancel => (
            " A request is in flight: stop following it?",
            " stop waiting (it may still be carried out) · ",
            format!(" {force} quits"),
        ),
    };
    let lines: Vec<Line<'static>> = [
        Line::styled(question, palette.warn),
        Line::raw(""),
        Line::styled(format!(" {row}"), palette.base),
        Line::raw(""),
        Line::from(vec![
            Span::styled(" y", palette.key),
            Span::styled(yes, palette.muted),
            Span::styled("any other key", palette.key),
            Span::styled(" stay", palette.muted),
        ]),
        Line::styled(also, palette.muted),
    ]
    .into_iter()
    .flat_map(|line| wrap(line, width.saturating_sub(2) as usize))
    .collect();
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let title = if asked == Ask::Quit { " Quit? " } else { " Cancel? " };
    frame.render_widget(block(title, &palette, true), popup);
    frame.render_widget(Paragraph::new(lines), layout::inner(popup));
}

/// The furthest the pane can scroll at the model's window size (update clamps with it).
pub fn scroll_limit(model: &Model) -> u16 {
    let Some(p) = &model.progress else { return 0 };
    let inner = layout::inner(layout::areas(layout::screen_rect(model)).body);
    let lines = content(model, p, inner.width as usize).len();
    lines.saturating_sub(inner.height as usize) as u16
}

/// Every line of the pane, wrapped to `width`.
fn content(model: &Model, p: &ProgressPane, width: usize) -> Vec<Line<'static>> {
    let palette = model.theme.palette();
    let plan = &p.plan;
    let token = match plan.client_token() {
        Some(token) => token.to_string(),
        None => "none: this API has none (a try that may have arrived is never re-sent)".into(),
    };
    let history = p.history_id.map(|id| format!("   history #{id}")).unwrap_or_default();
    let mut lines = vec![
        field(" Request", format!("{}  in {}", plan.summary(), plan.region), &palette, palette.accent),
        field(" ClientToken", format!("{token}{history}"), &palette, palette.base),
    ];
    if let Some(reason) = history_failure(p) {
        let text = format!("not fully recorded: {reason} (the log has the RequestId and ClientToken)");
        lines.push(field(" History", text, &palette, palette.warn));
    }
    lines.push(Line::raw(""));
    let steps = match &p.run {
        Run::Running(live) | Run::Cancelling(live) => live_steps(p, live),
        Run::Finished { finish, reached, recheck } => {
            let mut steps = finished_steps(p, finish, *reached);
            steps.extend(recheck_step(p, recheck));
            steps
        }
    };
    // How it ended comes first, so a small window shows it without scrolling.
    let (head, tail) = result_lines(model, p, &palette);
    if !head.is_empty() {
        lines.extend(head);
        lines.push(Line::raw(""));
    }
    lines.extend(steps.into_iter().map(|(mark, text)| step_line(mark, text, p.clock, &palette)));
    if !tail.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(tail);
    }
    lines.into_iter().flat_map(|line| wrap(line, width)).collect()
}

/// Why this run's history row is missing or behind, once a write has failed.
fn history_failure(p: &ProgressPane) -> Option<&str> {
    match &p.run {
        Run::Running(live) | Run::Cancelling(live) => live.history_failed.as_deref(),
        Run::Finished { finish, .. } => match &finish.recording {
            crate::attach::Recording::Failed { reason } => Some(reason),
            _ => None,
        },
    }
}

fn field(label: &str, value: String, palette: &Palette, style: Style) -> Line<'static> {
    Line::from(vec![Span::styled(fit(label, LABEL), palette.muted), Span::styled(value, style)])
}

fn step_line(mark: Mark, text: String, clock: Duration, palette: &Palette) -> Line<'static> {
    let (symbol, style): (&str, Style) = match mark {
        Mark::Done => ("✓", palette.ok),
        Mark::Active => (SPINNER[(clock.as_millis() / 100) as usize % SPINNER.len()], palette.warn),
        Mark::Waiting => ("·", palette.muted),
        Mark::Failed => ("✗", palette.bad),
        Mark::Unknown => ("?", palette.warn),
        Mark::Overridden => ("!", palette.warn),
        Mark::Already => ("=", palette.ok),
    };
    Line::from(vec![
        Span::styled(format!(" {symbol} "), style),
        Span::styled(text, style.patch(palette.base)),
    ])
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

fn took(p: &ProgressPane, step: Step) -> String {
    p.took(step).map(|d| format!(" · {}", secs(d))).unwrap_or_default()
}

// ---- a run in flight ----

fn live_steps(p: &ProgressPane, live: &Live) -> Vec<(Mark, String)> {
    let current = live.stage.step();
    let cancelling = if matches!(p.run, Run::Cancelling(_)) { " · cancelling…" } else { "" };
    STEPS
        .iter()
        .map(|&step| {
            if step < current {
                passed_step(p, live, step)
            } else if step == current {
                let time = secs(p.clock.saturating_sub(live.stage_since));
                let retry = live.retry.as_ref().map(|r| retry_text(p, r)).unwrap_or_default();
                (Mark::Active, format!("{} · {time}{retry}{cancelling}", active_text(p, &live.stage)))
            } else {
                (Mark::Waiting, waiting_text(step).into())
            }
        })
        .collect()
}

/// ` · try 2 failed (RequestLimitExceeded), try 3 in 0.4 s`, naming the call when it is not
/// the plan's own (a task poll, a describe).
fn retry_text(p: &ProgressPane, r: &Retry) -> String {
    let next = match r.next_at.checked_sub(p.clock) {
        Some(wait) if !wait.is_zero() => format!("in {}", secs(wait)),
        _ => "going now".into(),
    };
    let call =
        if r.action == p.plan.request().call().action { String::new() } else { format!("{} ", r.action) };
    format!(" · {call}try {} failed ({}), try {} {next}", r.failed_try, r.code, r.failed_try + 1)
}

fn waiting_text(step: Step) -> &'static str {
    match step {
        Step::Start | Step::Preflight => "preflight",
        Step::Send => "send",
        Step::Task => "task",
        Step::Verify => "verify where the ENI is",
    }
}

fn active_text(p: &ProgressPane, stage: &Stage) -> String {
    match stage {
        Stage::Starting => "recording the attempt".into(),
        Stage::Preflight => "preflight: describing the ENI and the instance(s)".into(),
        Stage::Sending => format!("sending {}: waiting for the answer", p.plan.request().call().action),
        Stage::Polling { status: None, .. } => "task: waiting for the first poll's answer".into(),
        Stage::Polling { status: Some(status), polls, .. } => {
            format!("task {status} (poll {polls})")
        }
        Stage::Verifying { .. } => "describing the ENI to see where it is".into(),
    }
}

/// A step a live run is past.
fn passed_step(p: &ProgressPane, live: &Live, step: Step) -> (Mark, String) {
    let time = took(p, step);
    match step {
        Step::Start | Step::Preflight => match &live.preflight {
            Some(report) if !report.passed() => (
                Mark::Overridden,
                format!(
                    "preflight: {} of {} check(s) failed, sent anyway{time}",
                    report.failures().count(),
                    report.verdicts.len()
                ),
            ),
            Some(report) => (Mark::Done, format!("preflight: {}{time}", passed_text(report))),
            // A re-send with the run's ClientToken goes without one.
            None => (Mark::Waiting, "preflight: skipped".into()),
        },
        Step::Send => match live.stage.request_id() {
            Some(id) => (Mark::Done, format!("sent · RequestId {id}{time}")),
            None => (Mark::Unknown, format!("send: no answer, it may have been carried out{time}")),
        },
        Step::Task => match &live.stage {
            Stage::Verifying { task_status: Some(status), .. } => {
                (task_mark(status), format!("task {status}{time}"))
            }
            _ => (Mark::Unknown, format!("task: no poll was answered{time}")),
        },
        Step::Verify => (Mark::Waiting, waiting_text(step).into()),
    }
}

/// `passed (8 checks)`, with the warnings that did not block.
fn passed_text(report: &Report) -> String {
    let warnings = report.verdicts.iter().filter(|v| v.status == Status::Warn).count();
    let warned = if warnings > 0 { format!(", {warnings} warning(s)") } else { String::new() };
    format!("passed ({} checks{warned})", report.verdicts.len())
}

fn task_mark(status: &str) -> Mark {
    match status {
        "SUCCESS" => Mark::Done,
        "FAILED" => Mark::Failed,
        _ => Mark::Unknown,
    }
}

// ---- a finished run ----

fn finished_steps(p: &ProgressPane, f: &Finish, reached: Step) -> Vec<(Mark, String)> {
    vec![
        preflight_step(p, f, reached),
        send_step(p, f, reached),
        task_step(p, f, reached),
        verify_step(f, reached),
    ]
}

fn preflight_step(p: &ProgressPane, f: &Finish, reached: Step) -> (Mark, String) {
    let time = took(p, Step::Preflight);
    match &f.preflight {
        Some(r) if r.already_done().is_some() => {
            (Mark::Already, format!("preflight: already done, nothing to send{time}"))
        }
        Some(r) if r.passed() => (Mark::Done, format!("preflight: {}{time}", passed_text(r))),
        Some(r) => {
            let (failed, total) = (r.failures().count(), r.verdicts.len());
            if f.outcome == Outcome::PreflightFailed {
                (Mark::Failed, format!("preflight: {failed} of {total} check(s) failed, nothing sent{time}"))
            } else {
                (
                    Mark::Overridden,
                    format!("preflight: {failed} of {total} check(s) failed, sent anyway{time}"),
                )
            }
        }
        None if reached == Step::Preflight && f.outcome == Outcome::Cancelled => {
            (Mark::Waiting, "preflight: stopped, cancelled".into())
        }
        None if reached == Step::Preflight => (Mark::Failed, format!("preflight: could not run{time}")),
        None if reached > Step::Preflight => (Mark::Waiting, "preflight: skipped".into()),
        None => (Mark::Waiting, "preflight: not run".into()),
    }
}

fn send_step(p: &ProgressPane, f: &Finish, reached: Step) -> (Mark, String) {
    let time = took(p, Step::Send);
    let api = f.failure.as_ref().is_some_and(|x| x.kind == FailureKind::Api);
    if reached < Step::Send {
        return (Mark::Waiting, "send: nothing was sent".into());
    }
    match (&f.request_id, f.outcome) {
        (Some(id), Outcome::NotSent) => {
            (Mark::Failed, format!("send: refused, not carried out · RequestId {id}{time}"))
        }
        (Some(id), Outcome::Failed) if f.task_status.is_none() && api => {
            (Mark::Failed, format!("send: refused by the service · RequestId {id}{time}"))
        }
        (Some(id), _) => (Mark::Done, format!("sent · RequestId {id}{time}")),
        (None, Outcome::NotSent) => {
            (Mark::Failed, format!("send: it did not reach the service, nothing was done{time}"))
        }
        (None, Outcome::Cancelled) => (Mark::Waiting, "send: cancelled before sending".into()),
        (None, Outcome::Failed) if api => (Mark::Failed, format!("send: refused by the service{time}")),
        (None, _) => (Mark::Unknown, format!("send: no answer, it may have been carried out{time}")),
    }
}

fn task_step(p: &ProgressPane, f: &Finish, reached: Step) -> (Mark, String) {
    let time = took(p, Step::Task);
    let refused =
        f.outcome == Outcome::Failed && f.failure.as_ref().is_some_and(|x| x.kind == FailureKind::Api);
    match f.task_status.as_deref() {
        Some(status @ ("SUCCESS" | "FAILED")) => (task_mark(status), format!("task {status}{time}")),
        Some(status) => (Mark::Unknown, format!("task still {status} when tceni stopped waiting{time}")),
        None if reached < Step::Send || !sent_maybe(f) => {
            (Mark::Waiting, "task: none, nothing was sent".into())
        }
        None if refused => (Mark::Waiting, "task: none, the call was refused".into()),
        None if f.outcome == Outcome::Unknown && reached == Step::Task => {
            (Mark::Unknown, format!("task: no poll was answered{time}"))
        }
        None if f.outcome == Outcome::Unknown => {
            (Mark::Unknown, "task: not followed, no answer came back".into())
        }
        None => (Mark::Waiting, "task: not followed; the outcome was settled by describing the ENI".into()),
    }
}

/// A try may have reached the service.
fn sent_maybe(f: &Finish) -> bool {
    !matches!(
        f.outcome,
        Outcome::NotSent | Outcome::Cancelled | Outcome::PreflightFailed | Outcome::AlreadyDone
    )
}

fn verify_step(f: &Finish, reached: Step) -> (Mark, String) {
    match (&f.located, f.outcome) {
        (Some(l), Outcome::AlreadyDone) => (Mark::Already, format!("the ENI is already {}", l.describe())),
        (Some(l), Outcome::Succeeded) => (Mark::Done, format!("verified: the ENI is {}", l.describe())),
        (Some(l), Outcome::Mismatch) => {
            (Mark::Failed, format!("the ENI is {}, not where the plan puts it", l.describe()))
        }
        (Some(l), Outcome::Unknown) => (Mark::Unknown, format!("described: the ENI is {}", l.describe())),
        (Some(l), _) => (Mark::Done, format!("described: the ENI is {}", l.describe())),
        (None, Outcome::Succeeded | Outcome::Unknown | Outcome::Mismatch) if reached >= Step::Send => {
            (Mark::Unknown, "verify: the ENI could not be described".into())
        }
        _ => (Mark::Waiting, "verify: nothing to verify".into()),
    }
}

/// What the re-check key found, judged against the plan.
fn recheck_step(p: &ProgressPane, recheck: &Load<Option<Located>>) -> Option<(Mark, String)> {
    let verb = p.plan.kind().verb();
    Some(match recheck {
        Load::Idle => return None,
        Load::Loading => (Mark::Active, "re-checking where the ENI is".into()),
        Load::Failed(f) => (Mark::Unknown, format!("re-check failed: {} ({})", f.code, f.explanation.title)),
        Load::Loaded(None) => (Mark::Failed, "re-checked: the ENI does not exist".into()),
        Load::Loaded(Some(l)) if l.matches(&p.plan) => {
            (Mark::Done, format!("re-checked: the ENI is {}: the {verb} was carried out", l.describe()))
        }
        Load::Loaded(Some(l)) if l.unchanged(&p.plan) => (
            Mark::Waiting,
            format!("re-checked: the ENI is {}: the {verb} was not carried out", l.describe()),
        ),
        Load::Loaded(Some(l)) => (
            Mark::Unknown,
            format!(
                "re-checked: the ENI is {}: neither where the plan puts it nor where it was",
                l.describe()
            ),
        ),
    })
}

// ---- how it ended ----

type Lines = Vec<Line<'static>>;

/// (above the steps, below them): how it ended and its keys above, the explanation below; a
/// live run says it is working below.
fn result_lines(model: &Model, p: &ProgressPane, palette: &Palette) -> (Lines, Lines) {
    let key = |action| model.keymap.key_for(action, Context::Progress);
    let finish = match &p.run {
        Run::Running(_) => {
            let hint = format!(" working · {} · {} cancel", secs(p.clock), key(Action::Back));
            return (Vec::new(), vec![Line::styled(hint, palette.warn)]);
        }
        Run::Cancelling(_) => {
            let hint = format!(" cancelling · {}: the workflow stops at its next step", secs(p.clock));
            return (Vec::new(), vec![Line::styled(hint, palette.warn)]);
        }
        Run::Finished { finish, .. } => finish,
    };
    let head = match (&finish.failure, finish.outcome) {
        (None, Outcome::Succeeded) => {
            let mut lines =
                vec![Line::styled(format!(" ✓ SUCCESS in {}", secs(finish.duration)), palette.ok)];
            if p.plan.kind() == Kind::Attach {
                let copy = if finish.request_id.is_some() { "RequestId" } else { "ENI ID" };
                lines.push(Line::styled(
                    format!(
                        " {} detach (undo) · {} copy {copy} · {} back to the form",
                        key(Action::Detach),
                        key(Action::Copy),
                        key(Action::Back)
                    ),
                    palette.muted,
                ));
            }
            lines
        }
        (None, Outcome::AlreadyDone) => vec![Line::styled(" = ALREADY DONE: nothing was sent", palette.ok)],
        (None, outcome) => vec![Line::styled(format!(" {outcome}"), palette.ok)],
        (Some(failure), outcome) => {
            let keys = (key(Action::Resend), key(Action::Recheck));
            let mut lines = failure_lines(p, failure, outcome, &keys, palette);
            let headline = lines.remove(0);
            return (vec![headline], lines);
        }
    };
    (head, Vec::new())
}

fn headline(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Unknown => "OUTCOME UNKNOWN",
        Outcome::Cancelled => "CANCELLED",
        Outcome::PreflightFailed => "NOT SENT: preflight failed",
        Outcome::NotSent => "NOT SENT",
        Outcome::Mismatch => "MISMATCH",
        _ => "FAILED",
    }
}

/// Who said the message: the service, a local check, or tceni itself (a `ClientError.*` code
/// is tceni's own: no answer, no connection).
fn source_label(f: &Failure) -> &'static str {
    match f.kind {
        FailureKind::Api | FailureKind::TaskFailed if !f.code.starts_with("ClientError.") => "service said",
        FailureKind::Preflight => "check said",
        _ => "reason",
    }
}

/// What it means and what to do. The catalog speaks of a call that has a ClientToken; an
/// unknown outcome of one that has none (a move) is settled by looking, never by re-sending.
fn meaning_and_action(p: &ProgressPane, f: &Failure, outcome: Outcome) -> (String, String) {
    if outcome != Outcome::Unknown || p.plan.client_token().is_some() {
        return (f.explanation.meaning.clone(), f.explanation.action.clone());
    }
    let to = p.plan.destination().map_or_else(|| "the destination".to_string(), |i| i.to_string());
    let from = p.plan.source().map_or_else(|| "the source".to_string(), |i| i.to_string());
    (
        format!(
            "the request may have reached the service; the {} may or may not have been carried out",
            p.plan.kind().verb()
        ),
        format!(
            "describe the ENI: on {to}, it was done; on {from} and settled, it was not, and can be sent again; anywhere else, find out why before acting"
        ),
    )
}

/// What re-trying would do, for this outcome and this plan; `keys` are (re-send, re-check).
fn retry_advice(p: &ProgressPane, failure: &Failure, outcome: Outcome, keys: &(String, String)) -> String {
    let (resend, recheck) = keys;
    match (outcome, p.plan.client_token()) {
        (Outcome::Unknown, Some(token)) => format!(
            "{resend} re-sends the same plan with ClientToken {token}: safe, the service carries it out at most once; {recheck} re-checks where the ENI is"
        ),
        (Outcome::Unknown, None) => {
            format!("not safe to re-send (this API has no ClientToken); {recheck} re-checks where the ENI is")
        }
        (Outcome::Cancelled, _) => "nothing was carried out; send it again from the form".into(),
        _ if failure.retryable() => "retrying can help: send it again from the form".into(),
        _ => "retrying will not help until the cause is fixed".into(),
    }
}

fn failure_lines(
    p: &ProgressPane,
    f: &Failure,
    outcome: Outcome,
    keys: &(String, String),
    palette: &Palette,
) -> Vec<Line<'static>> {
    // The service's text already starts with the code the headline shows.
    let message = f.message.strip_prefix(&format!("{}: ", f.code)).unwrap_or(&f.message).to_string();
    let row = |label: &str, value: String, style: Style| {
        Line::from(vec![
            Span::styled(format!("   {}", fit(label, LABEL + 1)), palette.muted),
            Span::styled(value, style),
        ])
    };
    let (meaning, action) = meaning_and_action(p, f, outcome);
    let mut lines = vec![
        Line::styled(format!(" ✗ {}: {} — {}", headline(outcome), f.code, f.explanation.title), palette.bad),
        row(source_label(f), message, palette.base),
        row("it means", meaning, palette.base),
        row("what to do", action, palette.accent),
        row("retry", retry_advice(p, f, outcome, keys), palette.base),
    ];
    if let Some(advice) = &f.clock_advice {
        lines.push(row("clock", advice.clone(), palette.warn));
    }
    lines
}

// ---- wrapping ----

/// Break `line` at spaces to fit `width`, continuing under its text (a hanging indent), so the
/// pane knows its exact height and can scroll.
fn wrap(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    if line.width() <= width || width < 8 {
        return vec![line];
    }
    let indent = hanging_indent(&line).min(width / 2);
    let mut out: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for span in &line.spans {
        for word in span.content.split_inclusive(' ') {
            let mut word = word.to_string();
            loop {
                let w = word.width();
                if used + w <= width {
                    used += w;
                    out.last_mut().expect("a line").push(Span::styled(word, span.style));
                    break;
                }
                if used > indent {
                    out.push(vec![Span::raw(" ".repeat(indent))]);
                    used = indent;
                    word = word.trim_start().to_string();
                    continue;
                }
                // A word longer than the line: cut it.
                let (head, tail) = split_at_width(&word, width - used);
                out.last_mut().expect("a line").push(Span::styled(head, span.style));
                out.push(vec![Span::raw(" ".repeat(indent))]);
                used = indent;
                word = tail;
            }
        }
    }
    out.into_iter().map(Line::from).collect()
}

/// Where a line's text starts: after its mark or its label.
fn hanging_indent(line: &Line) -> usize {
    match line.spans.first() {
        Some(first) if line.spans.len() > 1 => first.content.width(),
        _ => 1,
    }
}

fn split_at_width(word: &str, width: usize) -> (String, String) {
    let mut used = 0;
    for (i, c) in word.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width.max(1) {
            return (word[..i].to_string(), word[i..].to_string());
        }
        used += w;
    }
    (word.to_string(), String::new())
}
