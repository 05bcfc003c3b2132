//! Runbooks: the list, a runbook's variables, its whole plan with each step's verdict, and its
//! run as a live table (state, time, RequestId, where the ENI was found).

use super::text::{Col, ListTable, block, fit, wrap_line};
use crate::attempt::{Outcome, Step};
use crate::runbook::apply::StepEnd;
use crate::runbook::preflight::Verdict;
use crate::tr;
use crate::tui::keymap::{Action, Focus};
use crate::tui::layout;
use crate::tui::model::Model;
use crate::tui::model::runbooks::{Listing, Opened, Phase, Planned, RunView, StepRow, VarsForm};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

const LIST_COLUMNS: [Col; 4] = [
    Col::fixed(crate::msgid!("col-runbook-file"), 0),
    Col::grow(crate::msgid!("col-name"), 1),
    Col::fixed(crate::msgid!("col-runbook-steps"), 2),
    Col::grow(crate::msgid!("col-runbook-vars"), 3),
];

/// What a step does, in the columns every table of steps starts with: IDs are never cut.
const STEP_COLUMNS: [Col; 4] = [
    Col::fixed(crate::msgid!("col-number"), 0),
    Col::fixed(crate::msgid!("col-op"), 0),
    Col::fixed(crate::msgid!("col-eni"), 0),
    Col::fixed(crate::msgid!("col-instance"), 1),
];

const PLAN_COLUMNS: [Col; 5] = [
    STEP_COLUMNS[0],
    STEP_COLUMNS[1],
    STEP_COLUMNS[2],
    STEP_COLUMNS[3],
    Col::grow(crate::msgid!("col-runbook-verdict"), 0),
];

const RUN_COLUMNS: [Col; 8] = [
    STEP_COLUMNS[0],
    STEP_COLUMNS[1],
    STEP_COLUMNS[2],
    STEP_COLUMNS[3],
    Col::fixed(crate::msgid!("col-state"), 0),
    Col::fixed(crate::msgid!("col-runbook-time"), 2),
    Col::fixed(crate::msgid!("col-request-id"), 4),
    // The instance the ENI was found on: an ID, whole or not shown (the record in History has
    // the device, MAC and IP).
    Col::fixed(crate::msgid!("col-runbook-placement"), 3),
];

/// A step's number, operation, ENI and instances (`from → to` for a move).
fn step_cells(number: usize, plan: &crate::plan::Plan) -> Vec<String> {
    let instances = match plan.move_destination() {
        Some(to) => format!("{} → {to}", plan.instance()),
        None => plan.instance().to_string(),
    };
    vec![number.to_string(), super::history::op_label(plan.kind()), plan.eni.to_string(), instances]
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    match &model.runbooks.open {
        None => draw_list(model, frame, area, &palette),
        Some(opened) => {
            let title = format!(" {} ", opened.name);
            frame.render_widget(block(title, &palette, true), area);
            let inner = layout::inner(area);
            match &opened.phase {
                Phase::Vars(form) => draw_vars(model, opened, form, frame, inner, &palette),
                Phase::Planning { .. } => {
                    let line = Line::styled(format!(" {}", tr!("runbook-planning")), palette.warn);
                    frame.render_widget(lines_in(vec![line], inner), inner);
                }
                Phase::Failed { problems, .. } => draw_failed(model, problems, frame, inner, &palette),
                Phase::Planned(planned) => draw_plan(model, planned, frame, inner, &palette),
                Phase::Running(run) => draw_run(run, frame, inner, &palette),
            }
        }
    }
}

/// Lines that fit in `area`, wrapped by display width, from the top.
fn lines_in(lines: Vec<Line<'static>>, area: Rect) -> Paragraph<'static> {
    let width = area.width as usize;
    Paragraph::new(lines.into_iter().flat_map(|l| wrap_line(l, width)).collect::<Vec<_>>())
}

fn draw_list(model: &Model, frame: &mut Frame, area: Rect, palette: &Palette) {
    let pane = &model.runbooks;
    frame.render_widget(block(format!(" {} ", tr!("tab-runbooks")), palette, true), area);
    let inner = layout::inner(area);
    let dir = pane.dir.display().to_string();
    let status = match &pane.listing {
        Listing::Reading => Line::styled(format!(" {}", tr!("runbook-list-reading")), palette.warn),
        Listing::Failed(e) => Line::styled(format!(" {e}"), palette.bad),
        Listing::Read(entries) if entries.is_empty() => {
            Line::styled(format!(" {}", tr!("runbook-list-empty", dir = dir)), palette.muted)
        }
        Listing::Read(entries) => Line::styled(
            format!(" {}", tr!("runbook-list-status", count = entries.len(), dir = dir)),
            palette.muted,
        ),
    };
    // Two lines, or as many as the status wraps to (the empty list's advice takes three at
    // 60 columns), leaving the table its header and a row.
    let status = wrap_line(status, inner.width as usize);
    let status_height = (status.len() as u16).max(2).min(inner.height.saturating_sub(2).max(1));
    frame.render_widget(Paragraph::new(status), Rect { height: status_height.min(inner.height), ..inner });
    let cells: Vec<Vec<String>> = pane
        .entries()
        .iter()
        .map(|entry| match &entry.outline {
            Ok(o) => vec![
                entry.file_name(),
                o.name.clone(),
                o.steps.to_string(),
                o.vars.iter().map(|v| format!("${{{}}}", v.name)).collect::<Vec<_>>().join(" "),
            ],
            Err(problem) => vec![entry.file_name(), problem.clone(), "—".into(), String::new()],
        })
        .collect();
    let styles: Vec<Style> =
        pane.entries().iter().map(|e| if e.outline.is_ok() { palette.base } else { palette.bad }).collect();
    let table = ListTable { cols: &LIST_COLUMNS, cells: &cells, styles: &styles, list: pane.list };
    table.draw(below(inner, status_height), frame, palette);
}

fn below(area: Rect, lines: u16) -> Rect {
    let lines = lines.min(area.height);
    Rect { y: area.y + lines, height: area.height - lines, ..area }
}

fn draw_vars(
    model: &Model,
    opened: &Opened,
    form: &VarsForm,
    frame: &mut Frame,
    inner: Rect,
    palette: &Palette,
) {
    let file = opened.path.display().to_string();
    let head = Line::styled(format!(" {}", tr!("runbook-vars-head", file = file)), palette.muted);
    let mut lines: Vec<Line> = wrap_line(head, inner.width as usize);
    lines.push(Line::default());
    let label = form.fields.iter().map(|(n, _)| n.width() + 3).max().unwrap_or(0) + 2;
    let mut cursor = None;
    for (i, (name, input)) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let mark = if focused { "▶ " } else { "  " };
        let style = if focused { palette.accent } else { palette.base };
        if focused {
            cursor = Some((lines.len() as u16, (label + 1 + input.visual_cursor()) as u16));
        }
        lines.push(Line::from(vec![
            Span::styled(fit(&format!("{mark}${{{name}}}"), label), palette.muted),
            Span::raw(" "),
            Span::styled(input.text.clone(), style),
        ]));
    }
    lines.push(Line::default());
    let key = model.keymap.key_for(Action::Select, Focus::RunbookVars);
    let hint = Line::styled(format!(" {}", tr!("runbook-vars-hint", key = key)), palette.muted);
    lines.extend(wrap_line(hint, inner.width as usize));
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((row, column)) = cursor
        && row < inner.height
        && column < inner.width
    {
        frame.set_cursor_position(Position { x: inner.x + column, y: inner.y + row });
    }
}

fn draw_failed(model: &Model, problems: &[String], frame: &mut Frame, inner: Rect, palette: &Palette) {
    let mut lines = vec![Line::styled(format!(" {}", tr!("runbook-failed-head")), palette.bad)];
    lines.extend(problems.iter().map(|p| Line::styled(format!(" {p}"), palette.bad)));
    lines.push(Line::default());
    let (back, again) = (
        model.keymap.key_for(Action::Back, Focus::Runbooks),
        model.keymap.key_for(Action::Refresh, Focus::Runbooks),
    );
    lines.push(Line::styled(
        format!(" {}", tr!("runbook-failed-hint", back = back, again = again)),
        palette.muted,
    ));
    frame.render_widget(lines_in(lines, inner), inner);
}

fn verdict_style(verdict: &Verdict, palette: &Palette) -> Style {
    match verdict {
        Verdict::Run => palette.base,
        Verdict::AlreadyDone { .. } => palette.muted,
        Verdict::Blocked(_) => palette.bad,
    }
}

fn draw_plan(model: &Model, planned: &Planned, frame: &mut Frame, inner: Rect, palette: &Palette) {
    let check = &planned.prepared.check;
    let total = check.steps.len();
    let blocked = check.blocked().count();
    let done = check.steps.iter().filter(|s| matches!(s.verdict, Verdict::AlreadyDone { .. })).count();
    let mut head = Vec::new();
    if let Some(run) = &planned.prepared.resumed {
        head.push(Line::styled(
            format!(" {}", tr!("runbook-plan-resumes", run = run.id.as_str())),
            palette.warn,
        ));
    }
    head.push(if blocked == 0 {
        let run = model.keymap.key_for(Action::Send, Focus::Runbooks);
        let line = tr!("runbook-plan-runnable", send = total - done, done = done, key = run);
        let style = if planned.settled(model.confirm_dwell) { palette.ok } else { palette.muted };
        Line::styled(format!(" {line}"), style)
    } else {
        Line::styled(
            format!(" {}", tr!("runbook-plan-blocked", blocked = blocked, total = total)),
            palette.bad,
        )
    });
    // The selected step's verdict in full, and what to do when it is blocked.
    let selected = check.steps.get(planned.list.selected);
    let mut foot = Vec::new();
    if let Some(step) = selected {
        foot.push(Line::styled(
            format!(" {}", tr!("runbook-step-verdict", step = step.step, verdict = step.verdict.describe())),
            verdict_style(&step.verdict, palette),
        ));
        if let Verdict::Blocked(b) = &step.verdict {
            foot.push(Line::styled(
                format!(" {}", tr!("runbook-step-advice", advice = b.advice.as_str())),
                palette.warn,
            ));
        }
    }
    let cells: Vec<Vec<String>> = planned
        .runbook
        .steps
        .iter()
        .zip(&check.steps)
        .map(|(step, judged)| {
            let mut cells = step_cells(step.number, &step.plan);
            cells.push(judged.verdict.describe());
            cells
        })
        .collect();
    let styles: Vec<Style> = check.steps.iter().map(|s| verdict_style(&s.verdict, palette)).collect();
    draw_framed(frame, inner, head, foot, &PLAN_COLUMNS, &cells, &styles, planned.list, palette);
}

/// Head lines, a table, foot lines: the table takes what the lines leave.
#[allow(clippy::too_many_arguments)]
fn draw_framed(
    frame: &mut Frame,
    inner: Rect,
    head: Vec<Line<'static>>,
    foot: Vec<Line<'static>>,
    cols: &[Col],
    cells: &[Vec<String>],
    styles: &[Style],
    list: crate::tui::model::ListPos,
    palette: &Palette,
) {
    let width = inner.width as usize;
    let head: Vec<Line> = head.into_iter().flat_map(|l| wrap_line(l, width)).collect();
    let foot: Vec<Line> = foot.into_iter().flat_map(|l| wrap_line(l, width)).collect();
    // The table keeps at least its header and two rows; the foot gives way first.
    let head_height = (head.len() as u16).min(inner.height);
    let room = inner.height - head_height;
    let foot_height = (foot.len() as u16).min(room.saturating_sub(3));
    frame.render_widget(Paragraph::new(head), Rect { height: head_height, ..inner });
    let table_area = Rect { y: inner.y + head_height, height: room - foot_height, ..inner };
    ListTable { cols, cells, styles, list }.draw(table_area, frame, palette);
    let foot_area = Rect { y: table_area.y + table_area.height, height: foot_height, ..inner };
    frame.render_widget(Paragraph::new(foot), foot_area);
}

fn draw_run(run: &RunView, frame: &mut Frame, inner: Rect, palette: &Palette) {
    let total = run.rows.len();
    let history_run = run.history_run.clone().unwrap_or_else(|| "…".into());
    let mut head = Vec::new();
    let clock = seconds(run.clock);
    head.push(match (&run.refused, &run.finished, &run.live) {
        (Some(reason), _, _) => Line::styled(format!(" {reason}"), palette.bad),
        (None, Some((code, finished)), _) => {
            let line = tr!(
                "runbook-run-over",
                run = history_run.as_str(),
                done = run.done(),
                total = total,
                code = *code
            );
            let style = if *code == 0 {
                palette.ok
            } else if finished.reached_end {
                palette.bad
            } else {
                palette.warn
            };
            Line::styled(format!(" {line}"), style)
        }
        (None, None, Some(live)) if live.cancelling => Line::styled(
            format!(
                " {}",
                tr!("runbook-run-cancelling", run = history_run.as_str(), running = run.running())
            ),
            palette.warn,
        ),
        _ => Line::styled(
            format!(
                " {}",
                tr!(
                    "runbook-run-live",
                    run = history_run.as_str(),
                    done = run.done(),
                    total = total,
                    running = run.running(),
                    clock = clock
                )
            ),
            palette.accent,
        ),
    });
    let mut foot = Vec::new();
    if let Some(asked) = run.live.as_ref().and_then(|l| l.asking) {
        let text = match asked {
            crate::tui::model::Ask::Quit => tr!("runbook-ask-quit"),
            crate::tui::model::Ask::Cancel => tr!("runbook-ask-cancel"),
        };
        foot.push(Line::styled(format!(" {text}"), palette.warn));
    }
    if let Some((_, finished)) = &run.finished {
        if !finished.reached_end {
            foot.push(Line::styled(format!(" {}", tr!("runbook-run-not-ended")), palette.warn));
        }
        match &finished.undo {
            Some(Ok(path)) => foot.push(Line::styled(
                format!(" {}", tr!("runbook-undo-written", path = path.display().to_string())),
                palette.muted,
            )),
            Some(Err(e)) => foot.push(Line::styled(format!(" {e}"), palette.bad)),
            None => {}
        }
    }
    if let Some(row) = run.rows.get(run.list.selected)
        && let Some(detail) = row_detail(row)
    {
        foot.push(Line::styled(
            format!(" {}", tr!("runbook-step-detail", step = row.number, detail = detail)),
            palette.muted,
        ));
    }
    let cells: Vec<Vec<String>> = run.rows.iter().map(|r| row_cells(r, run.clock)).collect();
    let styles: Vec<Style> = run.rows.iter().map(|r| row_style(r, palette)).collect();
    draw_framed(frame, inner, head, foot, &RUN_COLUMNS, &cells, &styles, run.list, palette);
}

fn seconds(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// Where the ENI was found, short: the instance (and its state while it is not settled), or
/// that it is on none.
fn found_on(located: &crate::attempt::Located) -> String {
    let unsettled = (!located.settled() && !located.state.is_empty()).then_some(located.state.as_str());
    match (&located.placement, unsettled) {
        (Some(p), None) => p.instance.clone(),
        (Some(p), Some(state)) => format!("{} {state}", p.instance),
        (None, None) => tr!("runbook-found-nowhere"),
        (None, Some(state)) => format!("{} {state}", tr!("runbook-found-nowhere")),
    }
}

fn row_cells(row: &StepRow, clock: Duration) -> Vec<String> {
    let time = match (row.took, row.started) {
        (Some(took), _) => seconds(took),
        (None, Some(started)) if row.end().is_none() => seconds(clock.saturating_sub(started)),
        _ => "—".into(),
    };
    let placement = match row.located() {
        Some(l) => found_on(l),
        None => "—".into(),
    };
    let mut cells = step_cells(row.number, &row.plan);
    cells.extend([state_text(row), time, row.request_id().unwrap_or("—").to_string(), placement]);
    cells
}

/// The step's state in a word or two.
fn state_text(row: &StepRow) -> String {
    match (row.end(), row.step()) {
        (None, None) => tr!("runbook-state-waiting"),
        (None, Some(Step::Start | Step::Preflight)) => tr!("runbook-state-checking"),
        (None, Some(Step::Send)) => tr!("runbook-state-sending"),
        (None, Some(Step::Task)) => tr!("runbook-state-task"),
        (None, Some(Step::Verify)) => tr!("runbook-state-verifying"),
        (Some(StepEnd::Finished(ran)), _) => match ran.outcome {
            Outcome::Succeeded if ran.verified(&row.plan) => {
                tr!("runbook-state-verified")
            }
            Outcome::Succeeded => tr!("runbook-state-succeeded"),
            Outcome::AlreadyDone => tr!("runbook-state-already"),
            Outcome::Unknown | Outcome::Sending | Outcome::Sent | Outcome::Pending => {
                tr!("runbook-state-unknown")
            }
            Outcome::Mismatch => tr!("runbook-state-mismatch"),
            Outcome::PreflightFailed => tr!("runbook-state-refused"),
            Outcome::Cancelled | Outcome::NotSent => tr!("runbook-state-not-sent"),
            Outcome::Failed => tr!("runbook-state-failed"),
        },
        (Some(StepEnd::Done { .. }), _) => tr!("runbook-state-already"),
        (Some(StepEnd::NotResent { .. }), _) => tr!("runbook-state-unknown"),
        (Some(StepEnd::Skipped { .. } | StepEnd::Stopped | StepEnd::Cancelled), _) => {
            tr!("runbook-state-not-run")
        }
    }
}

/// Why a step ended as it did, when its state alone does not say.
fn row_detail(row: &StepRow) -> Option<String> {
    match row.end()? {
        StepEnd::Finished(ran) => ran.reason.as_ref().map(|r| format!("{} — {}", r.code, r.message)),
        StepEnd::Skipped { after } => Some(tr!("runbook-end-skipped", step = *after)),
        StepEnd::Stopped => Some(tr!("runbook-end-stopped")),
        StepEnd::Cancelled => Some(tr!("runbook-end-cancelled")),
        StepEnd::NotResent { reason } => Some(reason.clone()),
        StepEnd::Done { reason, .. } => Some(reason.clone()),
    }
}

fn row_style(row: &StepRow, palette: &Palette) -> Style {
    match row.end() {
        None if row.running() => palette.accent,
        None => palette.muted,
        Some(end) if end.completed() => palette.ok,
        Some(end) if end.unknown() => palette.warn,
        Some(StepEnd::Finished(_)) => palette.bad,
        Some(_) => palette.muted,
    }
}
