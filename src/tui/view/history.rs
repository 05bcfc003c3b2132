//! History: newest first, paged from the store; pending rows say so; Enter shows the record.

use super::text::{Col, ListTable, block, field, utc, wrap_indented};
use crate::history::{Attempt, Outcome};
use crate::tui::layout;
use crate::tui::model::{Load, Model};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// The list's columns: what was done where, and how it ended, before the long IDs.
const COLUMNS: [Col; 9] = [
    Col::fixed("#", 1),
    Col::fixed("Started (UTC)", 5),
    Col::fixed("Op", 0),
    Col::fixed("Region", 2),
    Col::fixed("ENI", 0),
    Col::fixed("Instance", 1),
    Col::fixed("Outcome", 0),
    Col::fixed("Code", 3),
    Col::grow("RequestId", 6),
];

pub fn outcome_label(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Pending => "pending…",
        Outcome::Sending => "sending?",
        Outcome::Sent => "sent…",
        Outcome::Succeeded => "succeeded",
        Outcome::Failed => "FAILED",
        Outcome::Unknown => "unknown?",
        Outcome::PreflightFailed => "preflight✗",
        Outcome::NotSent => "not sent",
        Outcome::Cancelled => "cancelled",
        Outcome::AlreadyDone => "already done",
        Outcome::Mismatch => "MISMATCH",
    }
}

fn outcome_style(outcome: Outcome, palette: &Palette) -> Style {
    match outcome {
        Outcome::Succeeded | Outcome::AlreadyDone => palette.ok,
        Outcome::Failed | Outcome::PreflightFailed | Outcome::Mismatch => palette.bad,
        Outcome::Pending | Outcome::Sending | Outcome::Sent | Outcome::Unknown => palette.warn,
        Outcome::NotSent | Outcome::Cancelled => palette.muted,
    }
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let pane = &model.history;
    frame.render_widget(block(" History ", &palette, true), area);
    let inner = layout::inner(area);
    let status = match (&pane.opened, &pane.error) {
        (Load::Failed(e), _) => Line::styled(format!(" history unavailable: {}", e.message), palette.bad),
        (_, Some(e)) => Line::styled(format!(" {e}"), palette.bad),
        (Load::Loading, _) => Line::styled(" opening the history file…", palette.warn),
        _ => status_line(model, &palette),
    };
    frame.render_widget(Paragraph::new(status), inner);
    let cells: Vec<Vec<String>> = pane.rows.iter().map(row_cells).collect();
    let styles: Vec<Style> = pane.rows.iter().map(|r| outcome_style(r.outcome, &palette)).collect();
    let table = ListTable { cols: &COLUMNS, cells: &cells, styles: &styles, list: pane.list };
    table.draw(layout::history_table(area), frame, &palette);
}

fn status_line(model: &Model, palette: &Palette) -> Line<'static> {
    let pane = &model.history;
    let more = if pane.exhausted { "" } else { "+" };
    let loading = if pane.loading { " · loading…" } else { "" };
    if pane.filtering || !pane.filter.text.is_empty() {
        return Line::from(vec![
            Span::styled(" filter: ", palette.muted),
            Span::styled(format!("{}▏", pane.filter.text), palette.accent),
            Span::styled(format!("  {}{more} match{loading}", pane.rows.len()), palette.muted),
        ]);
    }
    Line::styled(
        format!(
            " newest first · {}{more} rows{loading} · type to search (? shows field:value) · Enter record",
            pane.rows.len()
        ),
        palette.muted,
    )
}

/// One row's cells, in [`COLUMNS`] order.
fn row_cells(row: &Attempt) -> Vec<String> {
    // The family is implied by the rest (`UnsupportedOperation.ZoneMismatch` → ZoneMismatch);
    // the detail view and the search have the whole code.
    let code = row.error_code.as_deref().map(|c| c.split_once('.').map_or(c, |(_, rest)| rest));
    vec![
        row.id.to_string(),
        utc(row.started_at),
        row.action.verb().to_string(),
        row.region.clone(),
        row.eni_id.clone(),
        match &row.destination_instance_id {
            Some(to) => format!("{} → {to}", row.instance_id),
            None => row.instance_id.clone(),
        },
        outcome_label(row.outcome).to_string(),
        code.unwrap_or("—").to_string(),
        row.request_id.clone().unwrap_or_else(|| "—".into()),
    ]
}

/// Every column of the selected row.
pub fn draw_detail(model: &Model, frame: &mut Frame, body: Rect) {
    let Some(row) = model.history.selected() else { return };
    let palette = model.theme.palette();
    let area = body;
    frame.render_widget(Clear, area);
    frame.render_widget(block(format!(" History record #{} ", row.id), &palette, true), area);
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let l = 16;
    let mut lines = vec![
        field(" Action", l, row.action.action(), &palette, palette.accent),
        field(" Outcome", l, outcome_label(row.outcome), &palette, outcome_style(row.outcome, &palette)),
        field(" Region", l, format!("{}  via {}", row.region, row.endpoint), &palette, palette.base),
        field(" ENI → instance", l, instances(row), &palette, palette.base),
        field(
            " Started (UTC)",
            l,
            format!("{}{}", utc(row.started_at), finished(row)),
            &palette,
            palette.base,
        ),
        field(" RequestId", l, text(&row.request_id), &palette, palette.base),
        field(" ClientToken", l, row.client_token.clone(), &palette, palette.base),
        field(
            " Task",
            l,
            format!("{} {}", row.task_status.map(|s| s.as_str()).unwrap_or("—"), text(&row.task_output)),
            &palette,
            palette.base,
        ),
        field(" Caller", l, format!("{} {}", row.profile, row.secret_id_masked), &palette, palette.base),
        // sts's answer, as recorded (escaped: it is the server's text).
        match &row.account_id {
            Some(id) => field(" Account", l, crate::api::text::escape_controls(id), &palette, palette.accent),
            None => field(" Account", l, "unknown (not recorded)", &palette, palette.muted),
        },
    ];
    if let Some(code) = &row.error_code {
        lines.push(field(
            " Error",
            l,
            format!("{code}: {}", without_code(code, &text(&row.error_message))),
            &palette,
            palette.bad,
        ));
    }
    lines.extend(preflight_lines(row.preflight.as_deref(), &palette));
    // Long values (a task's output, a message) wrap at spaces, indented under their label.
    let inner = layout::inner(area);
    let width = inner.width.saturating_sub(1) as usize;
    let lines = lines.into_iter().flat_map(|line| wrap_line(line, width)).collect();
    super::confirm::scrolled(lines, model.history.detail_scroll, inner, frame);
}

/// A stored message may already start with its code (`X: …`): say the code once.
fn without_code<'a>(code: &str, message: &'a str) -> &'a str {
    message.strip_prefix(code).and_then(|rest| rest.strip_prefix(": ")).unwrap_or(message)
}

/// A line wider than `width`, broken at spaces under its label (16 columns in).
fn wrap_line(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if unicode_width::UnicodeWidthStr::width(text.as_str()) <= width {
        return vec![line];
    }
    let style = line.spans.last().map(|s| s.style).unwrap_or_default();
    let indent = " ".repeat(16.min(width / 3));
    let (label, rest) = text.split_at(text.char_indices().nth(16).map_or(text.len(), |(i, _)| i));
    let mut out = vec![];
    for (i, piece) in wrap_indented(rest, &indent, width).into_iter().enumerate() {
        let piece = if i == 0 { format!("{label}{}", piece.trim_start()) } else { piece };
        out.push(Line::styled(piece, style));
    }
    out
}

fn finished(row: &Attempt) -> String {
    match (row.finished_at, row.duration_ms) {
        (Some(at), Some(ms)) => format!(" → {} ({:.1} s)", utc(at), ms as f64 / 1000.0),
        (Some(at), None) => format!(" → {}", utc(at)),
        _ => String::new(),
    }
}

/// The stored verdicts (JSON written by the workflow), one line each.
fn preflight_lines(json: Option<&str>, palette: &Palette) -> Vec<Line<'static>> {
    let Some(verdicts) = json.and_then(|j| serde_json::from_str::<Vec<serde_json::Value>>(j).ok()) else {
        return vec![field(" Preflight", 15, "—", palette, palette.muted)];
    };
    let mut lines = vec![Line::styled(" Preflight", palette.muted)];
    for v in verdicts {
        let get = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let (mark, style) = match get("status").as_str() {
            "pass" => ("✓", palette.ok),
            "fail" => ("✗", palette.bad),
            _ => ("-", palette.muted),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {mark} "), style),
            Span::styled(format!("{:<16} {}", get("rule"), get("reason")), palette.base),
        ]));
    }
    lines
}

/// `eni → ins` for attach and detach, `eni: from → to` for a move.
fn instances(row: &Attempt) -> String {
    match &row.destination_instance_id {
        Some(to) => format!("{}: {} → {to}", row.eni_id, row.instance_id),
        None => format!("{} → {}", row.eni_id, row.instance_id),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_error_code_is_said_once() {
        let code = "InvalidParameterValue.Range";
        assert_eq!(super::without_code(code, "InvalidParameterValue.Range: out of range"), "out of range");
        assert_eq!(super::without_code(code, "out of range"), "out of range");
        assert_eq!(
            super::without_code(code, "InvalidParameterValue.RangeX: y"),
            "InvalidParameterValue.RangeX: y"
        );
    }
}
