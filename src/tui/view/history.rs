//! History: newest first, paged from the store; pending rows say so; Enter shows the record.

use super::text::{Col, ListTable, block, field, fit_columns, utc};
use crate::history::{Outcome, Row};
use crate::tr;
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
const NUMBER: usize = 0;
const TIME: usize = 1;
const REGION: usize = 3;
const OUTCOME: usize = 6;
const CODE: usize = 7;

/// How much of the time, the region and a move's instances a row shows. A narrow window gets
/// the least important parts shortened first (the date, then the region's long name, then the
/// code beside the outcome in one cell and a region every row shares said once above the
/// list), so that the row number, the time and what was done where and how it ended still fit
/// at 80 columns beside a move; nothing is cut.
#[derive(Debug, Clone, Copy)]
struct Detail {
    time: &'static str,
    time_title: &'static str,
    /// The region's short name (`gz`, as typed at `--region`) instead of its ID.
    region_alias: bool,
    arrow: &'static str,
    /// The code in the outcome's cell (`FAILED VpcMismatch`): one column and its gap fewer.
    code_in_outcome: bool,
    /// No region column when every row is in one region: the status line names it.
    region_once: bool,
}

/// The forms, fullest first: (time, its title, region alias, arrow, narrowest).
const DETAILS: [Detail; 5] = [
    Detail::new("%Y-%m-%d %H:%M:%S", crate::msgid!("col-started"), false, " → ", false),
    Detail::new("%m-%d %H:%M", crate::msgid!("col-utc"), false, " → ", false),
    Detail::new("%H:%M", crate::msgid!("col-utc"), false, " → ", false),
    Detail::new("%H:%M", crate::msgid!("col-utc"), true, "→", false),
    Detail::new("%H:%M", crate::msgid!("col-utc"), true, "→", true),
];

impl Detail {
    /// `narrowest`: the code in the outcome's cell and a shared region named once.
    const fn new(
        time: &'static str,
        time_title: &'static str,
        region_alias: bool,
        arrow: &'static str,
        narrowest: bool,
    ) -> Detail {
        Detail { time, time_title, region_alias, arrow, code_in_outcome: narrowest, region_once: narrowest }
    }
}

/// The list as drawn: its columns, each row's cells, and the region every row is in when the
/// list names it once instead of in a column.
struct Table {
    cols: Vec<Col>,
    cells: Vec<Vec<String>>,
    one_region: Option<String>,
}

impl Table {
    fn new(rows: &[Row], d: &Detail) -> Table {
        let mut cols = COLUMNS.to_vec();
        cols[TIME].title = d.time_title;
        // The short names need a short title too, or the title would set the width.
        cols[REGION].title =
            if d.region_alias { crate::msgid!("col-rgn") } else { crate::msgid!("col-region") };
        let mut cells: Vec<Vec<String>> = rows.iter().map(|r| row_cells(r, d)).collect();
        let first = rows.first().map(|r| r.region.clone());
        let one_region = first.filter(|one| d.region_once && rows.iter().all(|r| &r.region == one));
        let mut gone = Vec::new();
        if d.code_in_outcome {
            for row in &mut cells {
                if row[CODE] != "—" {
                    row[OUTCOME] = format!("{} {}", row[OUTCOME], row[CODE]);
                }
            }
            gone.push(CODE);
        }
        if one_region.is_some() {
            gone.push(REGION);
        }
        let keep = |i: &usize| !gone.contains(i);
        let cols = cols.into_iter().enumerate().filter(|(i, _)| keep(i)).map(|(_, c)| c).collect();
        let cells = cells
            .into_iter()
            .map(|row| row.into_iter().enumerate().filter(|(i, _)| keep(i)).map(|(_, c)| c).collect())
            .collect();
        Table { cols, cells, one_region }
    }

    /// Every column up to `priority` fits in `room`.
    fn keeps(&self, priority: u8, room: usize) -> bool {
        let kept = fit_columns(&self.cols, &self.cells, room);
        (0..self.cols.len())
            .filter(|i| self.cols[*i].priority <= priority)
            .all(|i| kept.iter().any(|(k, _)| *k == i))
    }
}

/// The fullest [`Detail`] that shows the row number, the time and everything that matters in
/// `room`; else the fullest that shows everything that matters; else the shortest (the table
/// then drops its least important columns whole). Tables are built fullest first and only
/// until one fits: a wide window builds one (each is every cell of the page, formatted).
fn detail_for(rows: &[Row], room: usize) -> Table {
    let whole = COLUMNS[NUMBER].priority.max(COLUMNS[TIME].priority);
    let matters = COLUMNS[CODE].priority;
    let (shortest, fuller) = (&DETAILS[DETAILS.len() - 1], &DETAILS[..DETAILS.len() - 1]);
    let mut fullest_that_matters = None;
    for detail in fuller {
        let table = Table::new(rows, detail);
        if table.keeps(whole, room) {
            return table;
        }
        if fullest_that_matters.is_none() && table.keeps(matters, room) {
            fullest_that_matters = Some(table);
        }
    }
    let shortest = Table::new(rows, shortest);
    match fullest_that_matters {
        Some(table) if !shortest.keeps(whole, room) => table,
        _ => shortest,
    }
}

/// An outcome in a few words, in the run's language.
pub fn outcome_label(outcome: Outcome) -> String {
    match outcome {
        Outcome::Pending => tr!("history-outcome-pending"),
        Outcome::Sending => tr!("history-outcome-sending"),
        Outcome::Sent => tr!("history-outcome-sent"),
        Outcome::Succeeded => tr!("history-outcome-succeeded"),
        Outcome::Failed => tr!("history-outcome-failed"),
        Outcome::Unknown => tr!("history-outcome-unknown"),
        Outcome::PreflightFailed => tr!("history-outcome-preflight-failed"),
        Outcome::NotSent => tr!("history-outcome-not-sent"),
        Outcome::Cancelled => tr!("history-outcome-cancelled"),
        Outcome::AlreadyDone => tr!("history-outcome-already-done"),
        Outcome::Mismatch => tr!("history-outcome-mismatch"),
    }
}

/// An operation's verb in the list.
pub(super) fn op_label(kind: crate::plan::Kind) -> String {
    match kind {
        crate::plan::Kind::Attach => tr!("history-op-attach"),
        crate::plan::Kind::Detach => tr!("history-op-detach"),
        crate::plan::Kind::Move => tr!("history-op-move"),
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
    frame.render_widget(block(format!(" {} ", tr!("history-title")), &palette, true), area);
    let inner = layout::inner(area);
    let list_area = layout::history_table(area);
    // What ListTable leaves for the columns: one for the scrollbar, two for the mark.
    let table = detail_for(&pane.rows, list_area.width.saturating_sub(3) as usize);
    let status = match (&pane.opened, &pane.error) {
        (Load::Failed(e), _) => {
            Line::styled(format!(" {}", tr!("history-unavailable", reason = e.message.as_str())), palette.bad)
        }
        (_, Some(e)) => Line::styled(format!(" {e}"), palette.bad),
        (Load::Loading, _) => Line::styled(format!(" {}", tr!("history-opening")), palette.warn),
        _ => status_line(model, table.one_region.as_deref(), inner.width as usize, &palette),
    };
    frame.render_widget(Paragraph::new(status), inner);
    let area = list_area;
    let styles: Vec<Style> = pane.rows.iter().map(|r| outcome_style(r.outcome, &palette)).collect();
    let list = ListTable { cols: &table.cols, cells: &table.cells, styles: &styles, list: pane.list };
    list.draw(area, frame, &palette);
}

/// The list's status: what it holds and the keys that act on it. A narrow window drops the
/// least needed parts whole (the record key, then the search hint's example), never cuts one.
fn status_line(model: &Model, one_region: Option<&str>, width: usize, palette: &Palette) -> Line<'static> {
    let pane = &model.history;
    // The count is a number (so `1 row`, `2 rows`) and `more` marks a list not read to its end.
    let more = if pane.exhausted { "none" } else { "plus" };
    let count = pane.rows.len();
    let loading = if pane.loading { format!(" · {}", tr!("history-loading")) } else { String::new() };
    if pane.filtering || !pane.filter.text.is_empty() {
        let mut spans = vec![
            Span::styled(format!(" {} ", tr!("history-filter")), palette.muted),
            Span::styled(format!("{}▏", pane.filter.text), palette.accent),
        ];
        match crate::history::query::unknown_fields(&pane.filter.text).first() {
            // Searched as a plain word it matches nothing: say so rather than show no rows.
            Some(name) => spans.push(Span::styled(
                format!(
                    "  {}",
                    tr!(
                        "history-unknown-field",
                        name = name.as_str(),
                        fields = crate::history::query::FIELD_NAMES.join(" ")
                    )
                ),
                palette.warn,
            )),
            None => spans.push(Span::styled(
                format!("  {}{loading}", tr!("history-matches", count = count, more = more)),
                palette.muted,
            )),
        }
        return Line::from(spans);
    }
    let search = model.keymap.key_for(Action::Filter, Focus::History);
    let mut parts = vec![
        tr!("history-newest-first"),
        format!("{}{loading}", tr!("history-rows", count = count, more = more)),
    ];
    if let Some(region) = one_region {
        parts.push(tr!("history-all-in", region = region));
    }
    // Most needed first: each later part is shown only when it fits whole.
    let optional =
        [tr!("history-search", key = search.as_str()), tr!("history-search-fields"), tr!("history-enter")];
    let mut line = format!(" {}", parts.join(" · "));
    for (i, part) in optional.iter().enumerate() {
        // The field hint belongs to the search hint: it goes with it.
        let joined = if i == 1 { format!("{line} {part}") } else { format!("{line} · {part}") };
        if joined.width() > width || (i == 1 && !line.ends_with(optional[0].as_str())) {
            continue;
        }
        line = joined;
    }
    Line::styled(line, palette.muted)
}

/// One row's cells, in [`COLUMNS`] order, as much of each as `detail` says.
fn row_cells(row: &Row, detail: &Detail) -> Vec<String> {
    // The family is implied by the rest (`UnsupportedOperation.ZoneMismatch` → ZoneMismatch);
    // the detail view and the search have the whole code.
    let code = row.error_code.as_deref().map(|c| c.split_once('.').map_or(c, |(_, rest)| rest));
    vec![
        row.id.to_string(),
        chrono::DateTime::from_timestamp_millis(row.started_at)
            .map_or_else(|| row.started_at.to_string(), |t| t.format(detail.time).to_string()),
        op_label(row.action),
        if detail.region_alias { short_region(&row.region) } else { row.region.clone() },
        row.eni_id.clone(),
        match &row.destination_instance_id {
            Some(to) => format!("{}{}{to}", row.instance_id, detail.arrow),
            None => row.instance_id.clone(),
        },
        outcome_label(row.outcome),
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
/// Draws the selected row's record; returns how far it can scroll at this size (0: it fits).
pub fn draw_detail(model: &Model, frame: &mut Frame, body: Rect) -> u16 {
    let Some(row) = model.history.selected() else { return 0 };
    let palette = model.theme.palette();
    let area = body;
    frame.render_widget(Clear, area);
    frame.render_widget(
        block(format!(" {} ", tr!("history-record-title", id = row.id)), &palette, true),
        area,
    );
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let l = 16;
    let label = |id: &str| format!(" {}", crate::i18n::message(id, &[]));
    let region = tr!("history-region-via", region = row.region.as_str(), endpoint = row.endpoint.as_str());
    let started = format!("{}{}", utc(row.started_at), finished(row));
    let caller = format!("{} {}", row.profile, row.secret_id_masked);
    let mut lines = vec![
        field(
            &label(crate::msgid!("history-field-action")),
            l,
            row.action.action(),
            &palette,
            palette.accent,
        ),
        field(
            &label(crate::msgid!("history-field-outcome")),
            l,
            outcome_label(row.outcome),
            &palette,
            outcome_style(row.outcome, &palette),
        ),
        field(&label(crate::msgid!("history-field-region")), l, region, &palette, palette.base),
        field(&label(crate::msgid!("history-field-eni-instance")), l, instances(row), &palette, palette.base),
        field(&label(crate::msgid!("history-field-started")), l, started, &palette, palette.base),
        field(" RequestId", l, text(&row.request_id), &palette, palette.base),
        // A move has no ClientToken: said, not an empty line.
        match row.client_token.is_empty() {
            true => field(" ClientToken", l, tr!("history-no-token"), &palette, palette.muted),
            false => field(" ClientToken", l, row.client_token.clone(), &palette, palette.base),
        },
    ];
    // The retry chain: a re-send and the row it continues are one request, never two successes.
    if let Some(first) = row.retry_of {
        let resend = tr!("history-resend-of", id = first);
        lines.push(field(&label(crate::msgid!("history-field-resend")), l, resend, &palette, palette.accent));
    }
    if !row.continued_by.is_empty() {
        let ids = crate::history::chain_ids(&row.continued_by);
        let continued = tr!("history-continued-by", ids = ids);
        lines.push(field(
            &label(crate::msgid!("history-field-continued")),
            l,
            continued,
            &palette,
            palette.accent,
        ));
    }
    lines.extend([
        field(&label(crate::msgid!("history-field-task")), l, task_text(row), &palette, palette.base),
        field(&label(crate::msgid!("history-field-found")), l, found_text(row), &palette, palette.base),
        field(&label(crate::msgid!("history-field-caller")), l, caller, &palette, palette.base),
        // sts's answer, as recorded (escaped: it is the server's text).
        match &row.account_id {
            Some(id) => field(
                &label(crate::msgid!("history-field-account")),
                l,
                crate::api::text::escape_controls(id),
                &palette,
                palette.accent,
            ),
            None => field(
                &label(crate::msgid!("history-field-account")),
                l,
                tr!("history-account-unknown"),
                &palette,
                palette.muted,
            ),
        },
    ]);
    if let Some(code) = &row.error_code {
        lines.push(field(
            &label(crate::msgid!("history-field-error")),
            l,
            format!("{code}: {}", without_code(code, &text(&row.error_message))),
            &palette,
            palette.bad,
        ));
    }
    lines.extend(preflight_lines(row, &palette));
    // Long values (a task's output, a message) wrap at spaces, indented under their label.
    let inner = layout::inner(area);
    let width = inner.width.saturating_sub(1) as usize;
    let lines = lines.into_iter().flat_map(|line| super::text::wrap_line(line, width)).collect();
    super::confirm::scrolled(lines, model.history.detail_scroll, inner, frame)
}

/// A stored message may already start with its code (`X: …`): say the code once.
fn without_code<'a>(code: &str, message: &'a str) -> &'a str {
    message.strip_prefix(code).and_then(|rest| rest.strip_prefix(": ")).unwrap_or(message)
}

/// When it ended, and how long its run took: a row settled later (reconciliation) says so,
/// rather than a span whose two ends disagree with the time beside them.
fn finished(row: &Row) -> String {
    match (row.finished_at, row.duration_ms) {
        (Some(at), Some(ms)) if (at - row.started_at - ms).abs() > 1_000 => {
            let ran = format!("{:.1}", ms as f64 / 1000.0);
            format!(" · {}", tr!("history-ran-settled", ran = ran.as_str(), at = utc(at).as_str()))
        }
        (Some(at), Some(ms)) => {
            let took = format!("{:.1}", ms as f64 / 1000.0);
            format!(" → {}", tr!("history-ended-took", at = utc(at).as_str(), took = took.as_str()))
        }
        (Some(at), None) => format!(" → {}", utc(at)),
        _ => String::new(),
    }
}

/// The task as the record has it: its status once, its output only when it says more.
fn task_text(row: &Row) -> String {
    let Some(status) = &row.task_status else { return tr!("history-task-not-followed") };
    let when = row
        .task_ended_at
        .map(|at| {
            let after = format!("{:.1}", (at - row.started_at).max(0) as f64 / 1000.0);
            format!(" · {}", tr!("history-task-ended-after", after = after.as_str()))
        })
        .unwrap_or_default();
    match row.task_output.as_deref().filter(|o| *o != status.as_str()) {
        Some(output) => format!("{}{when} · {output}", status.as_str()),
        None => format!("{}{when}", status.as_str()),
    }
}

/// Where the ENI was found afterwards (instance, DeviceIndex, MAC, IP), when it was described.
fn found_text(row: &Row) -> String {
    let placement = row.attachment.as_deref().map(serde_json::from_str::<Option<crate::attempt::Placement>>);
    match placement {
        Some(Ok(placement)) => {
            let state = row.eni_state.clone().unwrap_or_default();
            crate::attempt::Located { placement, state }.describe()
        }
        _ => tr!("history-not-described"),
    }
}

/// The preflight as the record has it: each verdict typed, with its own mark (pass, fail,
/// warn, skipped, done), its rule in the run's language, and a failure's code.
fn preflight_lines(row: &Row, palette: &Palette) -> Vec<Line<'static>> {
    use crate::attempt::Preflight;
    use crate::attempt::report::Status;
    let title = format!(" {}", tr!("history-field-preflight"));
    let said = |text: String| vec![field(&title, 15, text, palette, palette.muted)];
    let report = match row.preflight_state() {
        Ok(Preflight::Checked(report)) => report,
        Ok(Preflight::NotRun) => return said("—".into()),
        Ok(Preflight::Skipped) => return said(tr!("history-preflight-skipped")),
        Ok(Preflight::Checking) => return said(tr!("history-preflight-interrupted")),
        Err(e) => return said(tr!("history-preflight-unreadable", reason = e.to_string())),
    };
    let mut lines = vec![Line::styled(title, palette.muted)];
    for v in report.verdicts {
        let style = match v.status {
            Status::Pass | Status::Done => palette.ok,
            Status::Fail => palette.bad,
            Status::Warn => palette.warn,
            Status::Skipped => palette.muted,
        };
        let code = v.code.filter(|_| v.status == Status::Fail).map(|c| format!(" [{c}]")).unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("  {} ", v.status.mark()), style),
            Span::styled(
                format!("{} {}{code}", crate::i18n::pad(&v.rule.label(), 16), v.reason),
                palette.base,
            ),
        ]));
    }
    lines
}

/// `eni → ins` for an attach, `eni from ins` for a detach, `eni: from → to` for a move.
fn instances(row: &Row) -> String {
    match (&row.destination_instance_id, row.action) {
        (Some(to), _) => format!("{}: {} → {to}", row.eni_id, row.instance_id),
        (None, crate::plan::Kind::Detach) => {
            tr!("history-eni-from", eni = row.eni_id.as_str(), instance = row.instance_id.as_str())
        }
        (None, _) => format!("{} → {}", row.eni_id, row.instance_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The choice as first written: every form built, then the rule applied to all of them.
    fn every_form_built(rows: &[Row], room: usize) -> Table {
        let whole = COLUMNS[NUMBER].priority.max(COLUMNS[TIME].priority);
        let mut tables: Vec<Table> = DETAILS.iter().map(|d| Table::new(rows, d)).collect();
        let pick = tables
            .iter()
            .position(|t| t.keeps(whole, room))
            .or_else(|| tables.iter().position(|t| t.keeps(COLUMNS[CODE].priority, room)))
            .unwrap_or(tables.len() - 1);
        tables.swap_remove(pick)
    }

    /// Building the forms only until one fits picks, at every width, the table building them
    /// all picked: one region or several, with and without a move's long cell.
    #[test]
    fn the_form_chosen_lazily_is_the_one_the_rule_picks_at_every_width() {
        let one_region = crate::tui::testdata::attempts();
        let mut with_a_move = one_region.clone();
        with_a_move[1].action = crate::plan::Kind::Move;
        with_a_move[1].destination_instance_id = Some("ins-web00002".into());
        let mut regions = with_a_move.clone();
        regions[2].region = "ap-shanghai-fsi".into();
        for rows in [&one_region, &with_a_move, &regions] {
            for room in 0..=260 {
                let (lazy, eager) = (detail_for(rows, room), every_form_built(rows, room));
                assert_eq!(
                    (&lazy.cells, &lazy.one_region, lazy.cols.len()),
                    (&eager.cells, &eager.one_region, eager.cols.len()),
                    "at {room} columns"
                );
            }
        }
    }

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
