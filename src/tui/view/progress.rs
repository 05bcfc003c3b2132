//! Progress, live: preflight → sent (RequestId) → task RUNNING (elapsed) → SUCCESS or FAILED,
//! and on failure the code, the service's message, what it means and what to do.

use super::text::{block, field};
use crate::attach::{Failure, FailureKind};
use crate::history::Outcome;
use crate::plan::Kind;
use crate::tui::keymap::{Action, Context};
use crate::tui::layout;
use crate::tui::model::{Model, ProgressPane, Stage};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

const LABEL: usize = 13;

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Done,
    Active,
    Waiting,
    Failed,
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(p) = &model.progress else {
        frame.render_widget(Paragraph::new(" Nothing has run yet."), layout::inner(area));
        return;
    };
    let palette = model.theme.palette();
    let plan = &p.plan;
    frame.render_widget(block(format!(" {} ", plan.kind().action()), &palette, true), area);
    let mut lines = vec![
        field(" Request", LABEL, format!("{}  in {}", plan.summary(), plan.region), &palette, palette.accent),
        field(
            " ClientToken",
            LABEL,
            format!(
                "{}{}",
                plan.client_token().unwrap_or("none (this API has none)"),
                p.history_id.map(|id| format!("   history #{id}")).unwrap_or_default()
            ),
            &palette,
            palette.base,
        ),
        Line::raw(""),
    ];
    lines.extend(steps(p).into_iter().map(|(step, text)| step_line(step, text, &palette)));
    lines.push(Line::raw(""));
    lines.extend(result_lines(model, p, &palette));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), layout::inner(area));
}

fn step_line(step: Step, text: String, palette: &Palette) -> Line<'static> {
    let (mark, style): (&str, Style) = match step {
        Step::Done => ("✓", palette.ok),
        Step::Active => ("●", palette.warn),
        Step::Waiting => ("·", palette.muted),
        Step::Failed => ("✗", palette.bad),
    };
    Line::from(vec![Span::styled(format!(" {mark} "), style), Span::styled(text, style.patch(palette.base))])
}

fn state(done: bool, active: bool) -> Step {
    if done {
        Step::Done
    } else if active {
        Step::Active
    } else {
        Step::Waiting
    }
}

/// The four steps and where the run is among them.
fn steps(p: &ProgressPane) -> Vec<(Step, String)> {
    let outcome = p.finish.as_ref().map(|f| f.outcome);
    let stage = p.stage;
    let preflight = match (&p.preflight, outcome) {
        (Some(r), _) if !r.passed() => {
            let failed = r.failures().count();
            let step = if outcome == Some(Outcome::PreflightFailed) { Step::Failed } else { Step::Done };
            (
                step,
                format!(
                    "preflight: {failed} check(s) failed{}",
                    if step == Step::Done { ", overridden" } else { "" }
                ),
            )
        }
        (Some(r), _) => (Step::Done, format!("preflight: {} checks passed", r.verdicts.len())),
        (None, Some(_)) => (Step::Waiting, "preflight: not run".into()),
        (None, None) => (state(false, stage == Stage::Preflight), "preflight".into()),
    };
    let refused = outcome == Some(Outcome::Failed) && p.task_status.is_none();
    let sent = match &p.request_id {
        Some(id) if refused => (Step::Failed, format!("refused by the service · RequestId {id}")),
        Some(id) => (Step::Done, format!("sent · RequestId {id}")),
        None if matches!(outcome, Some(Outcome::Failed | Outcome::NotSent | Outcome::Unknown))
            && stage_reached_send(p) =>
        {
            (Step::Failed, "sent: no RequestId".into())
        }
        None => (state(false, stage == Stage::Sending), "send".into()),
    };
    let elapsed = p.elapsed.map(|e| format!(" · {:.1} s", e.as_secs_f64())).unwrap_or_default();
    let task = match (p.task_status.as_deref(), outcome) {
        (Some("SUCCESS"), _) => (Step::Done, format!("task SUCCESS{elapsed}")),
        (Some("FAILED"), _) => (Step::Failed, format!("task FAILED{elapsed}")),
        (Some(status), None) => (Step::Active, format!("task {status}{elapsed}")),
        (Some(status), Some(_)) => (Step::Failed, format!("task {status}{elapsed}, stopped waiting")),
        (None, Some(_)) => (Step::Waiting, "task: not started".into()),
        (None, None) => (state(false, matches!(stage, Stage::Sent | Stage::Polling)), "task".into()),
    };
    vec![preflight, sent, task]
}

fn stage_reached_send(p: &ProgressPane) -> bool {
    p.finish.as_ref().is_some_and(|f| f.failure.as_ref().is_some_and(|x| x.kind == FailureKind::Api))
}

fn result_lines(model: &Model, p: &ProgressPane, palette: &Palette) -> Vec<Line<'static>> {
    let key = |action| model.keymap.key_for(action, Context::Progress);
    let Some(finish) = &p.finish else {
        let cancel = if p.cancelling { "cancelling…".to_string() } else { "Esc cancel".to_string() };
        return vec![Line::styled(format!(" working… {cancel}"), palette.warn)];
    };
    let mut lines = Vec::new();
    match (&finish.failure, finish.outcome) {
        (None, Outcome::Succeeded) => {
            lines.push(Line::styled(
                format!(" ✓ SUCCESS in {:.1} s", finish.duration.as_secs_f64()),
                palette.ok,
            ));
            if let Some(located) = &finish.located {
                lines.push(Line::styled(format!(" the ENI is {}", located.describe()), palette.base));
            }
            if p.plan.kind() == Kind::Attach {
                lines.push(Line::styled(
                    format!(
                        " {} detach (undo) · {} copy RequestId · Esc back to the form",
                        key(Action::Detach),
                        key(Action::Copy)
                    ),
                    palette.muted,
                ));
            }
        }
        (None, Outcome::AlreadyDone) => {
            lines.push(Line::styled(" = ALREADY DONE: nothing was sent", palette.ok));
            if let Some(located) = &finish.located {
                lines.push(Line::styled(format!(" the ENI is {}", located.describe()), palette.base));
            }
        }
        (None, outcome) => lines.push(Line::styled(format!(" {outcome}"), palette.ok)),
        (Some(failure), outcome) => lines.extend(failure_lines(failure, outcome, palette)),
    }
    lines
}

fn failure_lines(f: &Failure, outcome: Outcome, palette: &Palette) -> Vec<Line<'static>> {
    let headline = match outcome {
        Outcome::Unknown => "OUTCOME UNKNOWN",
        Outcome::Cancelled => "CANCELLED",
        Outcome::PreflightFailed => "NOT SENT: preflight failed",
        Outcome::NotSent => "NOT SENT",
        Outcome::Mismatch => "MISMATCH",
        _ => "FAILED",
    };
    let retry = if f.explanation.retryable {
        "retrying can help (the same ClientToken is reused)"
    } else {
        "retrying will not help until the cause is fixed"
    };
    let mut lines = vec![
        Line::styled(format!(" ✗ {headline}: {} — {}", f.code, f.explanation.title), palette.bad),
        Line::from(vec![
            Span::styled("   service said  ", palette.muted),
            Span::styled(f.message.clone(), palette.base),
        ]),
        Line::from(vec![
            Span::styled("   it means      ", palette.muted),
            Span::styled(f.explanation.meaning.clone(), palette.base),
        ]),
        Line::from(vec![
            Span::styled("   what to do    ", palette.muted),
            Span::styled(f.explanation.action.clone(), palette.accent),
        ]),
        Line::from(vec![Span::styled("   retry         ", palette.muted), Span::styled(retry, palette.base)]),
    ];
    if let Some(advice) = &f.clock_advice {
        lines.push(Line::from(vec![
            Span::styled("   clock         ", palette.muted),
            Span::styled(advice.clone(), palette.warn),
        ]));
    }
    lines
}
