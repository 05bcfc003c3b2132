//! History: newest first, paged from the store; pending rows say so; Enter shows the record.

use super::text::{Col, ListTable, block, field, fit, fit_columns, utc};
use crate::history::{Attempt, Outcome};
use crate::tui::keymap::{Action, Focus};
use crate::tui::layout;
use crate::tui::model::{Load, Model};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// The list's columns: what was done where, and how it ended, before the long IDs. The time's
/// title follows its form ([`Detail`]).
const COLUMNS: [Col; 9] = [
    Col::fixed(crate::msgid!("col-number"), 4),
    Col::fixed(crate::msgid!("col-started"), 3),
    Col::fixed(crate::msgid!("col-op"), 0),
    Col::fixed(crate::msgid!("col-region"), 1),
    Col::fixed(crate::msgid!("col-eni"), 0),
    Col::fixed(crate::msgid!("col-instance"), 1),
    Col::fixed(crate::msgid!("col-outcome"), 0),
    Col::fixed(crate::msgid!("col-code"), 2),
    Col::fixed(crate::msgid!("col-request-id"), 6),
];
const TIME: usize = 1;
const REGION: usize = 3;
const CODE: usize = 7;

/// How much of the time, the region and a move's instances a row shows. A narrow window gets
/// the least important parts shortened first (the date, then the region's long name, then the
/// end of a long code), so that what was done where and how it ended (operation, region, ENI,
/// instances, outcome, code) still fits at 80 columns; IDs are never cut.
#[derive(Debug, Clone, Copy)]
struct Detail {
    time: &'static str,
    time_title: &'static str,
    /// The region's short name (`gz`, as typed at `--region`) instead of its ID.
    region_alias: bool,
    arrow: &'static str,
}

const DETAILS: [Detail; 4] = [
    Detail {
        time: "%Y-%m-%d %H:%M:%S",
        time_title: crate::msgid!("col-started"),
        region_alias: false,
        arrow: " → ",
    },
    Detail { time: "%m-%d %H:%M", time_title: crate::msgid!("col-utc"), region_alias: false, arrow: " → " },
    Detail { time: "%H:%M", time_title: crate::msgid!("col-utc"), region_alias: false, arrow: " → " },
    Detail { time: "%H:%M", time_title: crate::msgid!("col-utc"), region_alias: true, arrow: "→" },
];

type Table = (Vec<Col>, Vec<Vec<String>>);

/// The fullest [`Detail`] that shows the time and everything that matters in `room`; else the
/// fullest that shows everything that matters; else the shortest with long codes cut to the
/// room left. The row number and a RequestId cut short never cost the date or the region's ID.
fn detail_for(rows: &[Attempt], room: usize) -> Table {
    let table = |d: &Detail| {
        let mut cols = COLUMNS.to_vec();
        cols[TIME].title = d.time_title;
        // The short names need a short title too, or the title would set the width.
        cols[REGION].title =
            if d.region_alias { crate::msgid!("col-rgn") } else { crate::msgid!("col-region") };
        (cols, rows.iter().map(|r| row_cells(r, d)).collect::<Vec<_>>())
    };
    let matters = COLUMNS[CODE].priority;
    // Every column up to this priority is shown.
    let keeps = |(cols, cells): &Table, priority: u8| {
        let kept = fit_columns(cols, cells, room);
        (0..cols.len()).filter(|i| cols[*i].priority <= priority).all(|i| kept.iter().any(|(k, _)| *k == i))
    };
    let mut tables: Vec<Table> = DETAILS.iter().map(table).collect();
    let pick = tables
        .iter()
        .position(|t| keeps(t, COLUMNS[TIME].priority))
        .or_else(|| tables.iter().position(|t| keeps(t, matters)));
    match pick {
        Some(at) => tables.swap_remove(at),
        None => cut_codes(tables.pop().expect("DETAILS is not empty"), room),
    }
}

/// Codes cut at their end to what the other columns that matter leave (when that is enough to
/// tell codes apart at all); the detail view has them whole.
fn cut_codes((cols, mut cells): Table, room: usize) -> Table {
    let titles: Vec<usize> = cols.iter().map(|c| c.heading().width()).collect();
    let widest = |i: usize| cells.iter().map(|r| r[i].width()).chain([titles[i]]).max().unwrap_or(0);
    let others: usize = (0..cols.len())
        .filter(|&i| i != CODE && cols[i].priority <= cols[CODE].priority)
        .map(|i| widest(i) + 1)
        .sum();
    let left = room.saturating_sub(others);
    if left >= 6 {
        for row in &mut cells {
            row[CODE] = fit(&row[CODE], left).trim_end().to_string();
        }
    }
    (cols, cells)
}

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
    let area = layout::history_table(area);
    // What ListTable leaves for the columns: one for the scrollbar, two for the mark.
    let (cols, cells) = detail_for(&pane.rows, area.width.saturating_sub(3) as usize);
    let styles: Vec<Style> = pane.rows.iter().map(|r| outcome_style(r.outcome, &palette)).collect();
    let table = ListTable { cols: &cols, cells: &cells, styles: &styles, list: pane.list };
    table.draw(area, frame, &palette);
}

fn status_line(model: &Model, palette: &Palette) -> Line<'static> {
    let pane = &model.history;
    let more = if pane.exhausted { "" } else { "+" };
    let loading = if pane.loading { " · loading…" } else { "" };
    if pane.filtering || !pane.filter.text.is_empty() {
        let mut spans = vec![
            Span::styled(" filter: ", palette.muted),
            Span::styled(format!("{}▏", pane.filter.text), palette.accent),
        ];
        match crate::history::query::unknown_fields(&pane.filter.text).first() {
            // Searched as a plain word it matches nothing: say so rather than show no rows.
            Some(name) => spans.push(Span::styled(
                format!(
                    "  unknown field '{name}:'; fields: {}",
                    crate::history::query::FIELD_NAMES.join(" ")
                ),
                palette.warn,
            )),
            None => {
                spans.push(Span::styled(format!("  {}{more} match{loading}", pane.rows.len()), palette.muted))
            }
        }
        return Line::from(spans);
    }
    let search = model.keymap.key_for(Action::Filter, Focus::History);
    Line::styled(
        format!(
            " newest first · {}{more} rows{loading} · {search} to search (? shows field:value) · Enter record",
            pane.rows.len()
        ),
        palette.muted,
    )
}

/// One row's cells, in [`COLUMNS`] order, as much of each as `detail` says.
fn row_cells(row: &Attempt, detail: &Detail) -> Vec<String> {
    // The family is implied by the rest (`UnsupportedOperation.ZoneMismatch` → ZoneMismatch);
    // the detail view and the search have the whole code.
    let code = row.error_code.as_deref().map(|c| c.split_once('.').map_or(c, |(_, rest)| rest));
    vec![
        row.id.to_string(),
        chrono::DateTime::from_timestamp_millis(row.started_at)
            .map_or_else(|| row.started_at.to_string(), |t| t.format(detail.time).to_string()),
        row.action.verb().to_string(),
        if detail.region_alias { short_region(&row.region) } else { row.region.clone() },
        row.eni_id.clone(),
        match &row.destination_instance_id {
            Some(to) => format!("{}{}{to}", row.instance_id, detail.arrow),
            None => row.instance_id.clone(),
        },
        outcome_label(row.outcome).to_string(),
        code.unwrap_or("—").to_string(),
        row.request_id.clone().unwrap_or_else(|| "—".into()),
    ]
}

/// The shortest name an operator types for the region (`gz`), or its ID when it has none shorter.
fn short_region(id: &str) -> String {
    let aliases = crate::catalog::regions::region(id).map(|r| r.aliases.as_slice()).unwrap_or_default();
    aliases
        .iter()
        .filter(|a| a.is_ascii())
        .min_by_key(|a| a.len())
        .filter(|a| a.len() < id.len())
        .cloned()
        .unwrap_or_else(|| id.to_string())
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
        // A move has no ClientToken: said, not an empty line.
        match row.client_token.is_empty() {
            true => field(" ClientToken", l, "none (this API has none)", &palette, palette.muted),
            false => field(" ClientToken", l, row.client_token.clone(), &palette, palette.base),
        },
        field(" Task", l, task_text(row), &palette, palette.base),
        field(" ENI found", l, found_text(row), &palette, palette.base),
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
    let lines = lines.into_iter().flat_map(|line| super::text::wrap_line(line, width)).collect();
    super::confirm::scrolled(lines, model.history.detail_scroll, inner, frame);
}

/// A stored message may already start with its code (`X: …`): say the code once.
fn without_code<'a>(code: &str, message: &'a str) -> &'a str {
    message.strip_prefix(code).and_then(|rest| rest.strip_prefix(": ")).unwrap_or(message)
}

/// When it ended, and how long its run took: a row settled later (reconciliation) says so,
/// rather than a span whose two ends disagree with the time beside them.
fn finished(row: &Attempt) -> String {
    match (row.finished_at, row.duration_ms) {
        (Some(at), Some(ms)) if (at - row.started_at - ms).abs() > 1_000 => {
            format!(" · ran {:.1} s · settled {}", ms as f64 / 1000.0, utc(at))
        }
        (Some(at), Some(ms)) => format!(" → {} ({:.1} s)", utc(at), ms as f64 / 1000.0),
        (Some(at), None) => format!(" → {}", utc(at)),
        _ => String::new(),
    }
}

/// The task as the record has it: its status once, its output only when it says more.
fn task_text(row: &Attempt) -> String {
    let Some(status) = &row.task_status else { return "not followed (no task known)".into() };
    let when = row
        .task_ended_at
        .map(|at| format!(" · ended {:.1} s after the start", (at - row.started_at).max(0) as f64 / 1000.0))
        .unwrap_or_default();
    match row.task_output.as_deref().filter(|o| *o != status.as_str()) {
        Some(output) => format!("{}{when} · {output}", status.as_str()),
        None => format!("{}{when}", status.as_str()),
    }
}

/// Where the ENI was found afterwards (instance, DeviceIndex, MAC, IP), when it was described.
fn found_text(row: &Attempt) -> String {
    let placement = row.attachment.as_deref().map(serde_json::from_str::<Option<crate::attempt::Placement>>);
    match placement {
        Some(Ok(placement)) => {
            let state = row.eni_state.clone().unwrap_or_default();
            crate::attempt::Located { placement, state }.describe()
        }
        _ => "not described".into(),
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
            "warn" => ("!", palette.warn),
            "done" => ("=", palette.ok),
            _ => ("-", palette.muted),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {mark} "), style),
            Span::styled(format!("{:<16} {}", get("rule"), get("reason")), palette.base),
        ]));
    }
    lines
}

/// `eni → ins` for an attach, `eni from ins` for a detach, `eni: from → to` for a move.
fn instances(row: &Attempt) -> String {
    match (&row.destination_instance_id, row.action) {
        (Some(to), _) => format!("{}: {} → {to}", row.eni_id, row.instance_id),
        (None, crate::plan::Kind::Detach) => format!("{} from {}", row.eni_id, row.instance_id),
        (None, _) => format!("{} → {}", row.eni_id, row.instance_id),
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
