//! Progress, live: preflight → send (RequestId) → task (status, polls) → verify where the ENI
//! is, each with its time and the active one with a spinner; then how it ended, what it means
//! and what to do. Each step's line is the attempt record's state for that step, read as it is:
//! nothing is inferred from other fields.

use super::text::{block, fit};
use crate::attach::Located;
use crate::attach::preflight::{Report, Status};
use crate::attempt::{Attempt, Outcome, Preflight, Reason, Recording, Send, Task, TaskEnd, Verification};
use crate::plan::Kind;
use crate::tui::keymap::{Action, Focus};
use crate::tui::layout;
use crate::tui::model::{Ask, Load, Model, ProgressPane, Retry, Run, Step};
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

/// Draws the pane; returns the furthest it can scroll at this size (the model keeps it).
pub fn draw(model: &Model, frame: &mut Frame, area: Rect) -> u16 {
    let Some(p) = &model.progress else {
        frame.render_widget(Paragraph::new(" Nothing has run yet."), layout::inner(area));
        return 0;
    };
    let palette = model.theme.palette();
    let inner = layout::inner(area);
    let lines = content(model, p, inner.width as usize);
    let height = inner.height as usize;
    let limit = lines.len().saturating_sub(height);
    let offset = (p.scroll as usize).min(limit);
    let mut pane = block(format!(" {} ", p.plan().kind().action()), &palette, true);
    if lines.len() > height {
        // Taller than the window: say so, and which keys reach the rest.
        let key = |action| model.keymap.key_for(action, Focus::Progress);
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
    u16::try_from(limit).unwrap_or(u16::MAX)
}

/// "A request is in flight: quit (or cancel) anyway?", over the pane, with what it leaves behind.
/// The footer's line while the question is open: its keys, not the pane's.
pub fn question_keys(model: &Model, asked: Ask) -> String {
    let force = model.keymap.key_for(Action::ForceQuit, Focus::Progress);
    let what = match model.progress.as_ref().map(|p| &p.attempt.send) {
        Some(Send::Accepted { .. }) => "the request was accepted, its task still runs",
        _ => "a request is in flight",
    };
    match asked {
        Ask::Quit => format!(" {what}: y quits anyway (exit 4) · {force} quits now · any other key stays"),
        Ask::Cancel => format!(" {what}: y stops waiting for it · {force} quits · any other key stays"),
    }
}

fn draw_question(model: &Model, p: &ProgressPane, asked: Ask, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let width = area.width.saturating_sub(4).min(72);
    // Once the service answered, the request is not "in flight" and the row is not "may have
    // been sent": it was accepted, and only its task's end is not known yet.
    let (what, row) = match (&p.attempt.send, p.plan().client_token()) {
        (Send::Accepted { request_id }, _) => (
            "The request was accepted",
            format!(
                "RequestId {request_id}: its task is still being followed. The history row stays \"accepted\": the next start asks the service how the task ended."
            ),
        ),
        (_, Some(token)) => (
            "A request is in flight",
            format!(
                "No answer yet. The history row stays \"may have been sent\" with its ClientToken {token}: the next start settles it, and a re-send with that token is safe."
            ),
        ),
        (_, None) => (
            "A request is in flight",
            "No answer yet. The history row stays \"may have been sent\": the next start settles it by describing the ENI (a move has no ClientToken, so never re-send it blindly).".to_string(),
        ),
    };
    let force = model.keymap.key_for(Action::ForceQuit, Focus::Progress);
    let (question, yes, also) = match asked {
        Ask::Quit => (
            format!(" {what}: quit anyway?"),
            " quit (exit 4: outcome unknown) · ",
            format!(" {force} again quits at once"),
        ),
        Ask::Cancel => (
            format!(" {what}: stop following it?"),
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

/// Every line of the pane, wrapped to `width`.
fn content(model: &Model, p: &ProgressPane, width: usize) -> Vec<Line<'static>> {
    let palette = model.theme.palette();
    let plan = p.plan();
    let history = p.attempt.history_id().map(|id| format!("   history #{id}")).unwrap_or_default();
    let retry = p.attempt.retry_of.map(|id| format!(" (re-sends #{id})")).unwrap_or_default();
    let mut lines =
        vec![field(" Request", format!("{}  in {}", plan.summary(), plan.region), &palette, palette.accent)];
    // A move has no ClientToken: the pane does not show an empty one.
    match plan.client_token() {
        Some(token) => {
            lines.push(field(" ClientToken", format!("{token}{history}{retry}"), &palette, palette.base))
        }
        None if !history.is_empty() => {
            lines.push(field(" History", history.trim().to_string(), &palette, palette.base))
        }
        None => {}
    }
    if let Recording::Failed { reason, .. } = &p.attempt.recording {
        let text = format!("not fully recorded: {reason} (the log has the RequestId and ClientToken)");
        lines.push(field(" History", text, &palette, palette.warn));
    }
    lines.push(Line::raw(""));
    let mut steps = steps(p);
    if let Run::Finished { recheck } = &p.run {
        steps.extend(recheck_step(p, recheck));
    }
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

// ---- the steps, each read from the record ----

/// The four steps; the one the live run is in gets the spinner, its time so far and the
/// client's retry, the ones it is past their time.
fn steps(p: &ProgressPane) -> Vec<(Mark, String)> {
    let a = &p.attempt;
    let live = p.run.live();
    let lines = [
        (Step::Preflight, preflight_step(a, live.is_some())),
        (Step::Send, send_step(a, live.is_some())),
        (Step::Task, task_step(a, live.is_some())),
        (Step::Verify, verify_step(a, live.is_some())),
    ];
    let cancelling = if matches!(p.run, Run::Cancelling(_)) { " · cancelling…" } else { "" };
    lines
        .into_iter()
        .map(|(step, (mark, text))| match live {
            Some(live) if mark == Mark::Active => {
                let time = secs(p.clock.saturating_sub(live.step_since));
                let retry = live.retry.as_ref().map(|r| retry_text(p, r)).unwrap_or_default();
                (mark, format!("{text} · {time}{retry}{cancelling}"))
            }
            // A task that ended shows when it ended (the record's time), not how long it was
            // followed.
            _ if step == Step::Task && a.task_ended_after().is_some() => (mark, text),
            _ => match p.took(step) {
                Some(took) if !matches!(mark, Mark::Waiting) => (mark, format!("{text} · {}", secs(took))),
                _ => (mark, text),
            },
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
        if r.action == p.plan().request().call().action { String::new() } else { format!("{} ", r.action) };
    format!(" · {call}try {} failed ({}), try {} {next}", r.failed_try, r.code, r.failed_try + 1)
}

fn preflight_step(a: &Attempt, live: bool) -> (Mark, String) {
    match &a.preflight {
        Preflight::NotRun if live => (Mark::Waiting, "preflight".into()),
        Preflight::NotRun => (Mark::Waiting, "preflight: not run".into()),
        Preflight::Skipped => (Mark::Waiting, "preflight: skipped on the operator's choice".into()),
        Preflight::Checking if live => {
            (Mark::Active, "preflight: describing the ENI and the instance(s)".into())
        }
        Preflight::Checking if a.outcome() == Outcome::Cancelled => {
            (Mark::Waiting, "preflight: stopped, cancelled".into())
        }
        Preflight::Checking => (Mark::Failed, "preflight: could not run".into()),
        Preflight::Checked(r) if r.already_done().is_some() => {
            (Mark::Already, "preflight: already done, nothing to send".into())
        }
        Preflight::Checked(r) if r.passed() => (Mark::Done, format!("preflight: {}", passed_text(r))),
        Preflight::Checked(r) => {
            let (failed, total) = (r.failures().count(), r.verdicts.len());
            match a.send {
                Send::NotYet => {
                    let what = if live { "" } else { ", nothing sent" };
                    (Mark::Failed, format!("preflight: {failed} of {total} check(s) failed{what}"))
                }
                _ => {
                    (Mark::Overridden, format!("preflight: {failed} of {total} check(s) failed, sent anyway"))
                }
            }
        }
    }
}

/// `passed (8 checks)`, with the warnings that did not block.
fn passed_text(report: &Report) -> String {
    let warnings = report.verdicts.iter().filter(|v| v.status == Status::Warn).count();
    let warned = if warnings > 0 { format!(", {warnings} warning(s)") } else { String::new() };
    format!("passed ({} checks{warned})", report.verdicts.len())
}

fn send_step(a: &Attempt, live: bool) -> (Mark, String) {
    let action = a.plan.kind().action();
    match &a.send {
        Send::NotYet if live => (Mark::Waiting, "send".into()),
        Send::NotYet if a.outcome() == Outcome::Cancelled => {
            (Mark::Waiting, "send: cancelled before sending".into())
        }
        Send::NotYet => (Mark::Waiting, "send: nothing was sent".into()),
        Send::InFlight if live => (Mark::Active, format!("sending {action}: waiting for the answer")),
        Send::InFlight => (Mark::Unknown, "send: no answer, it may have been carried out".into()),
        Send::Accepted { request_id } => (Mark::Done, format!("sent · RequestId {request_id}")),
        Send::Refused { request_id, .. } => {
            let id = request_id.as_ref().map(|id| format!(" · RequestId {id}")).unwrap_or_default();
            (Mark::Failed, format!("send: refused by the service, not carried out{id}"))
        }
        Send::NotDelivered { .. } => {
            (Mark::Failed, "send: it did not reach the service, nothing was done".into())
        }
        Send::MaybeDelivered { error, .. } => {
            (Mark::Unknown, format!("send: no settled answer ({}), it may have been carried out", error.code))
        }
    }
}

fn task_step(a: &Attempt, live: bool) -> (Mark, String) {
    match &a.task {
        Task::NotFollowed => match &a.send {
            Send::Accepted { .. } if a.outcome() == Outcome::Sent => {
                (Mark::Waiting, "task: not followed (accepted, not waited for)".into())
            }
            _ if live => (Mark::Waiting, "task".into()),
            Send::NotYet | Send::NotDelivered { .. } => {
                (Mark::Waiting, "task: none, nothing was sent".into())
            }
            Send::Refused { .. } => (Mark::Waiting, "task: none, the call was refused".into()),
            _ => {
                (Mark::Waiting, "task: none known (no RequestId came back); the ENI says how it went".into())
            }
        },
        Task::Polling { asked: 0, .. } if live => (Mark::Active, "task: waiting for the first poll".into()),
        Task::Polling { last: Some(status), asked } if live => {
            (Mark::Active, format!("task {status} (poll {asked})"))
        }
        Task::Polling { asked, .. } if live => {
            (Mark::Active, format!("task: no answer yet ({asked} poll(s) asked)"))
        }
        Task::Polling { last: Some(status), .. } => {
            (Mark::Unknown, format!("task still {status} when tceni stopped waiting"))
        }
        Task::Polling { asked: 0, .. } => (Mark::Unknown, "task: stopped before the first poll".into()),
        Task::Polling { asked, .. } => (Mark::Unknown, format!("task: no poll was answered ({asked} asked)")),
        Task::Ended { status, .. } => {
            let mark = if *status == TaskEnd::Success { Mark::Done } else { Mark::Failed };
            let when = a
                .task_ended_after()
                .map(|d| format!(" · ended {} after the start", secs(d)))
                .unwrap_or_default();
            (mark, format!("task {status}{when}"))
        }
    }
}

fn verify_step(a: &Attempt, live: bool) -> (Mark, String) {
    match &a.verification {
        Verification::NotRun if live => (Mark::Waiting, "verify where the ENI is".into()),
        Verification::NotRun => (Mark::Waiting, "verify: not run".into()),
        Verification::Describing if live => (Mark::Active, "describing the ENI to see where it is".into()),
        Verification::Describing => (Mark::Unknown, "verify: stopped before the answer".into()),
        Verification::Failed { reason } => {
            (Mark::Unknown, format!("verify: the ENI could not be described ({reason})"))
        }
        Verification::Located { located: l } => match a.outcome() {
            Outcome::AlreadyDone => (Mark::Already, format!("the ENI is already {}", l.describe())),
            Outcome::Succeeded => (Mark::Done, format!("verified: the ENI is {}", l.describe())),
            Outcome::Mismatch => {
                (Mark::Failed, format!("the ENI is {}, not where the plan puts it", l.describe()))
            }
            Outcome::Unknown => (Mark::Unknown, format!("described: the ENI is {}", l.describe())),
            _ => (Mark::Done, format!("described: the ENI is {}", l.describe())),
        },
    }
}

/// What the re-check key found, judged against the plan.
fn recheck_step(p: &ProgressPane, recheck: &Load<Option<Located>>) -> Option<(Mark, String)> {
    let plan = p.plan();
    let verb = plan.kind().verb();
    Some(match recheck {
        Load::Idle => return None,
        Load::Loading => (Mark::Active, "re-checking where the ENI is".into()),
        Load::Failed(f) => (Mark::Unknown, format!("re-check failed: {} ({})", f.code, f.explanation.title)),
        Load::Loaded(None) => (Mark::Failed, "re-checked: the ENI does not exist".into()),
        Load::Loaded(Some(l)) if l.matches(plan) => {
            (Mark::Done, format!("re-checked: the ENI is {}: the {verb} was carried out", l.describe()))
        }
        Load::Loaded(Some(l)) if l.unchanged(plan) => (
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
    let key = |action| model.keymap.key_for(action, Focus::Progress);
    match &p.run {
        Run::Running(_) => {
            let hint = format!(" working · {} · {} cancel", secs(p.clock), key(Action::Back));
            return (Vec::new(), vec![Line::styled(hint, palette.warn)]);
        }
        Run::Cancelling(_) => {
            let hint = format!(" cancelling · {}: the workflow stops at its next step", secs(p.clock));
            return (Vec::new(), vec![Line::styled(hint, palette.warn)]);
        }
        Run::Finished { .. } => {}
    }
    let a = &p.attempt;
    let took = a.duration().map(|d| format!(" in {}", secs(d))).unwrap_or_default();
    let head = match (a.reason(), a.outcome()) {
        (None, Outcome::Succeeded) => {
            let mut lines = match &a.verification {
                Verification::Located { .. } => {
                    vec![Line::styled(format!(" ✓ SUCCESS{took}, verified"), palette.ok)]
                }
                // The task said SUCCESS; where the ENI is could not be seen: said, not hidden.
                _ => vec![Line::styled(
                    format!(
                        " ✓ SUCCESS{took} (the task said so) · not verified: the ENI could not be described"
                    ),
                    palette.warn,
                )],
            };
            if p.plan().kind() == Kind::Attach {
                let copy = if a.request_id().is_some() { "RequestId" } else { "ENI ID" };
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
        (None, outcome) => vec![Line::styled(format!(" {outcome}{took}"), palette.ok)],
        (Some(reason), outcome) => {
            let keys = (key(Action::Resend), key(Action::Recheck));
            let mut lines = failure_lines(p, reason, outcome, &keys, palette);
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
fn source_label(outcome: Outcome, reason: &Reason) -> &'static str {
    match outcome {
        Outcome::PreflightFailed => "check said",
        _ if reason.code.is_service() => "service said",
        _ => "reason",
    }
}

/// What it means and what to do. The catalog speaks of a call that has a ClientToken; an
/// unknown outcome of one that has none (a move) is settled by looking, never by re-sending.
fn meaning_and_action(p: &ProgressPane, outcome: Outcome) -> (String, String) {
    let plan = p.plan();
    if outcome != Outcome::Unknown || plan.client_token().is_some() {
        let e = p.attempt.explanation().unwrap_or_else(|| crate::catalog::explain(""));
        return (e.meaning, e.action);
    }
    let to = plan.destination().map_or_else(|| "the destination".to_string(), |i| i.to_string());
    let from = plan.source().map_or_else(|| "the source".to_string(), |i| i.to_string());
    (
        format!(
            "the request may have reached the service; the {} may or may not have been carried out",
            plan.kind().verb()
        ),
        format!(
            "describe the ENI: on {to}, it was done; on {from} and settled, it was not, and can be sent again; anywhere else, find out why before acting"
        ),
    )
}

/// What re-trying would do, for this outcome and this plan; `keys` are (re-send, re-check).
fn retry_advice(p: &ProgressPane, outcome: Outcome, keys: &(String, String)) -> String {
    let (resend, recheck) = keys;
    let retryable = p.attempt.explanation().is_some_and(|e| e.retryable);
    match (outcome, p.plan().client_token()) {
        (Outcome::Unknown, Some(token)) => format!(
            "{resend} re-sends the same plan with ClientToken {token}: safe, the service carries it out at most once; {recheck} re-checks where the ENI is"
        ),
        (Outcome::Unknown, None) => {
            format!("not safe to re-send (this API has no ClientToken); {recheck} re-checks where the ENI is")
        }
        (Outcome::Cancelled, _) => "nothing was carried out; send it again from the form".into(),
        _ if retryable => "retrying can help: send it again from the form".into(),
        _ => "retrying will not help until the cause is fixed".into(),
    }
}

fn failure_lines(
    p: &ProgressPane,
    reason: &Reason,
    outcome: Outcome,
    keys: &(String, String),
    palette: &Palette,
) -> Vec<Line<'static>> {
    let row = |label: &str, value: String, style: Style| {
        Line::from(vec![
            Span::styled(format!("   {}", fit(label, LABEL + 1)), palette.muted),
            Span::styled(value, style),
        ])
    };
    let title = reason.explanation().title;
    let (meaning, action) = meaning_and_action(p, outcome);
    let mut lines = vec![
        Line::styled(format!(" ✗ {}: {} — {title}", headline(outcome), reason.code), palette.bad),
        row(source_label(outcome, reason), reason.message.clone(), palette.base),
    ];
    if let Send::Refused { request_id: Some(id), .. } = &p.attempt.send {
        lines.push(row("RequestId", id.clone(), palette.base));
    }
    lines.extend([
        row("it means", meaning, palette.base),
        row("what to do", action, palette.accent),
        row("retry", retry_advice(p, outcome, keys), palette.base),
    ]);
    if let Some(advice) = &reason.clock {
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
