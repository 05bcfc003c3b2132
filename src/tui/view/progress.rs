//! Progress, live: preflight → send (RequestId) → task (status, polls) → verify where the ENI
//! is, each with its time and the active one with a spinner; then how it ended, what it means
//! and what to do. Each step's line is the attempt record's state for that step, read as it is:
//! nothing is inferred from other fields.

use super::text::{block, fit, wrap_line};
use crate::attach::Located;
use crate::attach::preflight::{Report, Status};
use crate::attempt::{Attempt, Outcome, Preflight, Reason, Recording, Send, Task, Verification};
use crate::plan::Kind;
use crate::tui::keymap::{Action, Focus};
use crate::tui::layout;
use crate::tui::model::{Ask, Load, Model, ProgressPane, Retry, Run, Step};
use crate::tui::theme::Palette;
use crate::{msgid, tr};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use std::time::Duration;

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
        frame.render_widget(Paragraph::new(format!(" {}", tr!("progress-title-idle"))), layout::inner(area));
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
            tr!(
                "progress-more-below",
                count = below,
                down = key(Action::Down),
                page_down = key(Action::PageDown)
            )
        } else {
            tr!("progress-end", up = key(Action::Up), page_up = key(Action::PageUp))
        };
        let hint = format!(" {hint} ");
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
    let state = send_state(model.progress.as_ref().map(|p| &p.attempt.send));
    let keys = match asked {
        Ask::Quit => tr!("progress-quit-keys", state = state, force = force),
        Ask::Cancel => tr!("progress-cancel-keys", state = state, force = force),
    };
    format!(" {keys}")
}

/// The question's selector: whether the service has answered yet.
fn send_state(send: Option<&Send>) -> &'static str {
    match send {
        Some(Send::Accepted { .. }) => "accepted",
        _ => "in-flight",
    }
}

fn draw_question(model: &Model, p: &ProgressPane, asked: Ask, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let width = area.width.saturating_sub(4).min(72);
    // Once the service answered, the request is not "in flight" and the row is not "may have
    // been sent": it was accepted, and only its task's end is not known yet.
    let row = match (&p.attempt.send, p.plan().client_token()) {
        (Send::Accepted { request_id }, _) => tr!("progress-row-accepted", request_id = request_id.as_str()),
        (_, Some(token)) => tr!("progress-row-token", token = token),
        (_, None) => tr!("progress-row-no-token"),
    };
    let state = send_state(Some(&p.attempt.send));
    let force = model.keymap.key_for(Action::ForceQuit, Focus::Progress);
    let (question, yes, also) = match asked {
        Ask::Quit => (
            tr!("progress-ask-quit", state = state),
            tr!("progress-yes-quit"),
            tr!("progress-again-quits", force = force),
        ),
        Ask::Cancel => (
            tr!("progress-ask-cancel", state = state),
            tr!("progress-yes-cancel"),
            tr!("progress-force-quits", force = force),
        ),
    };
    let lines: Vec<Line<'static>> = [
        Line::styled(format!(" {question}"), palette.warn),
        Line::raw(""),
        Line::styled(format!(" {row}"), palette.base),
        Line::raw(""),
        Line::from(vec![
            Span::styled(" y", palette.key),
            Span::styled(format!(" {yes} · "), palette.muted),
            Span::styled(tr!("progress-any-other-key"), palette.key),
            Span::styled(format!(" {}", tr!("progress-stay")), palette.muted),
        ]),
        Line::styled(format!(" {also}"), palette.muted),
    ]
    .into_iter()
    .flat_map(|line| wrap_line(line, width.saturating_sub(2) as usize))
    .collect();
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let title =
        if asked == Ask::Quit { tr!("progress-question-quit") } else { tr!("progress-question-cancel") };
    frame.render_widget(block(format!(" {title} "), &palette, true), popup);
    frame.render_widget(Paragraph::new(lines), layout::inner(popup));
}

/// Every line of the pane, wrapped to `width`.
fn content(model: &Model, p: &ProgressPane, width: usize) -> Vec<Line<'static>> {
    let palette = model.theme.palette();
    let plan = p.plan();
    let history = p
        .attempt
        .history_id()
        .map(|id| tr!("progress-history-id", history = id, retry = p.attempt.retry_of.unwrap_or(0)));
    let request = tr!("progress-request", summary = plan.summary(), region = plan.region.as_str());
    let mut lines = vec![field(&tr!("progress-label-request"), request, &palette, palette.accent)];
    // A move has no ClientToken: the pane does not show an empty one.
    match (plan.client_token(), history) {
        (Some(token), Some(history)) => {
            lines.push(field("ClientToken", format!("{token}   {history}"), &palette, palette.base))
        }
        (Some(token), None) => lines.push(field("ClientToken", token.to_string(), &palette, palette.base)),
        (None, Some(history)) => {
            lines.push(field(&tr!("progress-label-history"), history, &palette, palette.base))
        }
        (None, None) => {}
    }
    if let Recording::Failed { reason, .. } = &p.attempt.recording {
        let text = tr!("progress-not-recorded", reason = reason.to_string());
        lines.push(field(&tr!("progress-label-history"), text, &palette, palette.warn));
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
    lines.into_iter().flat_map(|line| wrap_line(line, width)).collect()
}

/// ` label        value`: the label one column in, padded to the labels' width.
fn field(label: &str, value: String, palette: &Palette, style: Style) -> Line<'static> {
    Line::from(vec![
        Span::styled(fit(&format!(" {label}"), LABEL), palette.muted),
        Span::styled(value, style),
    ])
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

/// `1.2 s`, always with one decimal (a live count steps by tenths).
fn secs(d: Duration) -> String {
    tr!("progress-secs", secs = format!("{:.1}", d.as_secs_f64()))
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
    let cancelling = if matches!(p.run, Run::Cancelling(_)) {
        format!(" · {}", tr!("progress-cancelling-mark"))
    } else {
        String::new()
    };
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
    let wait = match r.next_at.checked_sub(p.clock) {
        Some(wait) if !wait.is_zero() => secs(wait),
        _ => "now".into(),
    };
    let call =
        if r.action == p.plan().request().call().action { String::new() } else { format!("{} ", r.action) };
    let text = tr!(
        "progress-retry",
        call = call,
        failed = r.failed_try,
        code = r.code.to_string(),
        next = r.failed_try + 1,
        wait = wait
    );
    format!(" · {text}")
}

fn preflight_step(a: &Attempt, live: bool) -> (Mark, String) {
    match &a.preflight {
        Preflight::NotRun if live => (Mark::Waiting, tr!("progress-pf-waiting")),
        Preflight::NotRun => (Mark::Waiting, tr!("progress-pf-not-run")),
        Preflight::Skipped => (Mark::Waiting, tr!("progress-pf-skipped")),
        Preflight::Checking if live => (Mark::Active, tr!("progress-pf-checking")),
        Preflight::Checking if a.outcome() == Outcome::Cancelled => {
            (Mark::Waiting, tr!("progress-pf-cancelled"))
        }
        Preflight::Checking => (Mark::Failed, tr!("progress-pf-could-not-run")),
        Preflight::Checked(r) if r.already_done().is_some() => (Mark::Already, tr!("progress-pf-already")),
        Preflight::Checked(r) if r.passed() => (Mark::Done, passed_text(r)),
        Preflight::Checked(r) => {
            let (failed, total) = (r.failures().count(), r.verdicts.len());
            match a.send {
                Send::NotYet if live => {
                    (Mark::Failed, tr!("progress-pf-failing", failed = failed, total = total))
                }
                Send::NotYet => (Mark::Failed, tr!("progress-pf-failed", failed = failed, total = total)),
                _ => (Mark::Overridden, tr!("progress-pf-overridden", failed = failed, total = total)),
            }
        }
    }
}

/// `preflight: passed (8 checks)`, with the warnings that did not block.
fn passed_text(report: &Report) -> String {
    let warnings = report.verdicts.iter().filter(|v| v.status == Status::Warn).count();
    tr!("progress-pf-passed", checks = report.verdicts.len(), warnings = warnings)
}

fn send_step(a: &Attempt, live: bool) -> (Mark, String) {
    let action = a.plan.kind().action();
    match &a.send {
        Send::NotYet if live => (Mark::Waiting, tr!("progress-send-waiting")),
        Send::NotYet if a.outcome() == Outcome::Cancelled => (Mark::Waiting, tr!("progress-send-cancelled")),
        Send::NotYet => (Mark::Waiting, tr!("progress-send-nothing")),
        Send::InFlight if live => (Mark::Active, tr!("progress-send-in-flight", action = action)),
        Send::InFlight => (Mark::Unknown, tr!("progress-send-no-answer")),
        Send::Accepted { request_id } => {
            (Mark::Done, tr!("progress-send-accepted", request_id = request_id.as_str()))
        }
        Send::Refused { request_id: Some(id), .. } => {
            (Mark::Failed, tr!("progress-send-refused-id", request_id = id.as_str()))
        }
        Send::Refused { request_id: None, .. } => (Mark::Failed, tr!("progress-send-refused")),
        Send::NotDelivered { .. } => (Mark::Failed, tr!("progress-send-not-delivered")),
        Send::MaybeDelivered { error, .. } => {
            (Mark::Unknown, tr!("progress-send-maybe", code = error.code.to_string()))
        }
    }
}

fn task_step(a: &Attempt, live: bool) -> (Mark, String) {
    match &a.task {
        Task::NotFollowed => match &a.send {
            Send::Accepted { .. } if a.outcome() == Outcome::Sent => {
                (Mark::Waiting, tr!("progress-task-not-followed"))
            }
            _ if live => (Mark::Waiting, tr!("progress-task-waiting")),
            Send::NotYet | Send::NotDelivered { .. } => (Mark::Waiting, tr!("progress-task-none-not-sent")),
            Send::Refused { .. } => (Mark::Waiting, tr!("progress-task-none-refused")),
            _ => (Mark::Waiting, tr!("progress-task-none-known")),
        },
        Task::Polling { asked: 0, .. } if live => (Mark::Active, tr!("progress-task-first-poll")),
        Task::Polling { last: Some(status), asked } if live => {
            (Mark::Active, tr!("progress-task-polled", status = status.as_str(), asked = *asked))
        }
        Task::Polling { asked, .. } if live => {
            (Mark::Active, tr!("progress-task-no-answer-yet", asked = *asked))
        }
        Task::Polling { last: Some(status), .. } => {
            (Mark::Unknown, tr!("progress-task-still", status = status.as_str()))
        }
        Task::Polling { asked: 0, .. } => (Mark::Unknown, tr!("progress-task-stopped-before-poll")),
        Task::Polling { asked, .. } => (Mark::Unknown, tr!("progress-task-unanswered", asked = *asked)),
        Task::Succeeded { .. } | Task::Failed { .. } => {
            let (mark, status) = match a.task {
                Task::Succeeded { .. } => (Mark::Done, crate::api::TaskStatus::Success),
                _ => (Mark::Failed, crate::api::TaskStatus::Failed),
            };
            let status = status.to_string();
            let text = match a.task_ended_after() {
                Some(after) => tr!("progress-task-ended-after", status = status, after = secs(after)),
                None => tr!("progress-task-ended", status = status),
            };
            (mark, text)
        }
    }
}

fn verify_step(a: &Attempt, live: bool) -> (Mark, String) {
    match &a.verification {
        Verification::NotRun if live => (Mark::Waiting, tr!("progress-verify-waiting")),
        Verification::NotRun => (Mark::Waiting, tr!("progress-verify-not-run")),
        Verification::Describing if live => (Mark::Active, tr!("progress-verify-describing")),
        Verification::Describing => (Mark::Unknown, tr!("progress-verify-stopped")),
        Verification::Failed { reason } => {
            (Mark::Unknown, tr!("progress-verify-failed", reason = reason.to_string()))
        }
        Verification::Located { located: l } => {
            let place = l.describe();
            match a.outcome() {
                Outcome::AlreadyDone => (Mark::Already, tr!("progress-verify-already", place = place)),
                // The headline of a verified success says where (see `result_lines`).
                Outcome::Succeeded if a.reason().is_none() => {
                    (Mark::Done, tr!("progress-verify-verified-above"))
                }
                Outcome::Succeeded => (Mark::Done, tr!("progress-verify-verified", place = place)),
                Outcome::Mismatch => (Mark::Failed, tr!("progress-verify-mismatch", place = place)),
                Outcome::Unknown => (Mark::Unknown, tr!("progress-verify-described", place = place)),
                _ => (Mark::Done, tr!("progress-verify-described", place = place)),
            }
        }
    }
}

/// What the re-check key found, judged against the plan.
fn recheck_step(p: &ProgressPane, recheck: &Load<Option<Located>>) -> Option<(Mark, String)> {
    let plan = p.plan();
    let kind = plan.kind().verb();
    Some(match recheck {
        Load::Idle => return None,
        Load::Loading => (Mark::Active, tr!("progress-recheck-loading")),
        Load::Failed(f) => (
            Mark::Unknown,
            tr!("progress-recheck-failed", code = f.code.to_string(), title = f.explanation.title.as_str()),
        ),
        Load::Loaded(None) => (Mark::Failed, tr!("progress-recheck-gone")),
        Load::Loaded(Some(l)) if l.matches(plan) => {
            (Mark::Done, tr!("progress-recheck-done", place = l.describe(), kind = kind))
        }
        Load::Loaded(Some(l)) if l.unchanged(plan) => {
            (Mark::Waiting, tr!("progress-recheck-not-done", place = l.describe(), kind = kind))
        }
        Load::Loaded(Some(l)) => (Mark::Unknown, tr!("progress-recheck-elsewhere", place = l.describe())),
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
            let hint = tr!("progress-working", time = secs(p.clock), back = key(Action::Back));
            return (Vec::new(), vec![Line::styled(format!(" {hint}"), palette.warn)]);
        }
        Run::Cancelling(_) => {
            let hint = tr!("progress-cancelling", time = secs(p.clock));
            return (Vec::new(), vec![Line::styled(format!(" {hint}"), palette.warn)]);
        }
        Run::Finished { .. } => {}
    }
    let a = &p.attempt;
    let took = a.duration().map_or_else(|| "none".to_string(), secs);
    let head = match (a.reason(), a.outcome()) {
        (None, Outcome::Succeeded) => {
            let mut lines = match &a.verification {
                // Where the ENI now is, in the headline: a small window shows it unscrolled.
                Verification::Located { located } => {
                    let place = tr!("progress-success-place", place = located.describe());
                    vec![
                        Line::styled(
                            format!(" {}", tr!("progress-success-verified", took = took)),
                            palette.ok,
                        ),
                        Line::from(vec![Span::raw("   "), Span::styled(place, palette.ok)]),
                    ]
                }
                // The task said SUCCESS; where the ENI is could not be seen: said, not hidden.
                _ => vec![Line::styled(
                    format!(" {}", tr!("progress-success-unverified", took = took)),
                    palette.warn,
                )],
            };
            if p.plan().kind() == Kind::Attach {
                let what = if a.request_id().is_some() { "request" } else { "eni" };
                let keys = tr!(
                    "progress-after-attach",
                    detach = key(Action::Detach),
                    copy = key(Action::Copy),
                    what = what,
                    back = key(Action::Back)
                );
                lines.push(Line::styled(format!(" {keys}"), palette.muted));
            }
            lines
        }
        (None, Outcome::AlreadyDone) => {
            vec![Line::styled(format!(" {}", tr!("progress-already-done")), palette.ok)]
        }
        (None, outcome) => {
            let ended = tr!("progress-ended", outcome = outcome.to_string(), took = took);
            vec![Line::styled(format!(" {ended}"), palette.ok)]
        }
        (Some(reason), outcome) => {
            let keys = (key(Action::Resend), key(Action::Recheck));
            // The step preflight's advice suggests, with the keys that take it: to the form,
            // then the form's own key for it (the live keymap's, rebound or not).
            let next = a.next_step().map(|next| {
                let action = Action::taking(next);
                tr!(
                    "progress-next-step",
                    form = key(Action::PaneForm),
                    key = model.keymap.key_for(action, Focus::Form),
                    does = action.help()
                )
            });
            let mut lines = failure_lines(p, reason, outcome, &keys, next, palette);
            let headline = lines.remove(0);
            return (vec![headline], lines);
        }
    };
    (head, Vec::new())
}

/// The headline's message ID.
fn headline(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Unknown => msgid!("progress-headline-unknown"),
        Outcome::Cancelled => msgid!("progress-headline-cancelled"),
        Outcome::PreflightFailed => msgid!("progress-headline-preflight"),
        Outcome::NotSent => msgid!("progress-headline-not-sent"),
        Outcome::Mismatch => msgid!("progress-headline-mismatch"),
        _ => msgid!("progress-headline-failed"),
    }
}

/// Who said the message (its label's ID): the service, a local check, or tceni itself (a
/// `ClientError.*` code is tceni's own: no answer, no connection).
fn source_label(outcome: Outcome, reason: &Reason) -> &'static str {
    match outcome {
        Outcome::PreflightFailed => msgid!("progress-label-check-said"),
        _ if reason.code.is_service() => msgid!("progress-label-service-said"),
        _ => msgid!("progress-label-reason"),
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
    let instance = |i: Option<&crate::plan::InstanceId>| i.map_or_else(|| "?".to_string(), |i| i.to_string());
    (
        tr!("progress-move-unknown-meaning"),
        tr!(
            "progress-move-unknown-action",
            to = instance(plan.destination()),
            from = instance(plan.source())
        ),
    )
}

/// What re-trying would do, for this outcome and this plan; `keys` are (re-send, re-check).
fn retry_advice(p: &ProgressPane, outcome: Outcome, keys: &(String, String)) -> String {
    let (resend, recheck) = keys;
    let retryable = p.attempt.explanation().is_some_and(|e| e.retryable);
    match (outcome, p.plan().client_token()) {
        (Outcome::Unknown, Some(token)) => {
            tr!(
                "progress-retry-same-token",
                resend = resend.as_str(),
                token = token,
                recheck = recheck.as_str()
            )
        }
        (Outcome::Unknown, None) => tr!("progress-retry-no-token", recheck = recheck.as_str()),
        (Outcome::Cancelled, _) => tr!("progress-retry-cancelled"),
        _ if retryable => tr!("progress-retry-can-help"),
        _ => tr!("progress-retry-no-help"),
    }
}

/// The failure below the steps; `next` is the step the advice suggests, with its keys.
fn failure_lines(
    p: &ProgressPane,
    reason: &Reason,
    outcome: Outcome,
    keys: &(String, String),
    next: Option<String>,
    palette: &Palette,
) -> Vec<Line<'static>> {
    let row = |label: &str, value: String, style: Style| {
        Line::from(vec![
            Span::styled(format!("   {}", fit(label, LABEL + 1)), palette.muted),
            Span::styled(value, style),
        ])
    };
    let label = |id: &str| crate::i18n::message(id, &[]);
    let (meaning, action) = meaning_and_action(p, outcome);
    let headline = tr!(
        "progress-failed",
        headline = label(headline(outcome)),
        code = reason.code.to_string(),
        title = reason.explanation().title
    );
    let mut lines = vec![
        Line::styled(format!(" {headline}"), palette.bad),
        row(&label(source_label(outcome, reason)), reason.message.clone(), palette.base),
    ];
    if let Send::Refused { request_id: Some(id), .. } = &p.attempt.send {
        lines.push(row("RequestId", id.clone(), palette.base));
    }
    lines.extend([
        row(&label(msgid!("progress-label-meaning")), meaning, palette.base),
        row(&label(msgid!("progress-label-action")), action, palette.accent),
    ]);
    if let Some(next) = next {
        lines.push(row(&label(msgid!("progress-label-next")), next, palette.accent));
    }
    lines.push(row(&label(msgid!("progress-label-retry")), retry_advice(p, outcome, keys), palette.base));
    if let Some(advice) = &reason.clock {
        lines.push(row(&label(msgid!("progress-label-clock")), advice.clone(), palette.warn));
    }
    lines
}
