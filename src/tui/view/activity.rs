//! The account's activity (CloudAudit) as the terminal app shows it: the confirm pane's
//! warning verdict about others' recent changes, and the History pane's account view.

use super::text::{Col, ListTable, block, field, wrap_field, wrap_indented};
use crate::activity::Change;
use crate::tr;
use crate::tui::keymap::{Action, Focus};
use crate::tui::layout;
use crate::tui::model::{AccountLoad, ActivityCheck, Model};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// The confirm pane's activity block: a title, then what arrived (or that it is on its way).
pub fn confirm_lines(check: &ActivityCheck, width: usize, palette: &Palette) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(format!(" {}", tr!("activity-title")), palette.title)];
    let wrapped = |text: String, mark: &str, style| -> Vec<Line<'static>> {
        let text = format!("{mark} {text}");
        wrap_indented(&text, "     ", width)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), style))
            .collect()
    };
    match check {
        ActivityCheck::Off => return Vec::new(),
        ActivityCheck::Checking => {
            lines.push(Line::styled(format!(" … {}", tr!("activity-checking")), palette.muted))
        }
        ActivityCheck::Unavailable(why) => {
            lines.extend(wrapped(crate::activity::unavailable(why), "!", palette.warn))
        }
        ActivityCheck::Checked { others, at, window, skipped } => {
            if others.is_empty() {
                let window = crate::activity::window_text(*window);
                lines.extend(wrapped(tr!("activity-quiet", window = window), "✓", palette.muted));
            }
            for change in others {
                lines.extend(wrapped(crate::activity::warning(change, *at), "!", palette.warn));
            }
            if *skipped > 0 {
                lines.extend(wrapped(tr!("activity-skipped", count = *skipped), "!", palette.muted));
            }
            lines.extend(wrapped(tr!("activity-late-note"), " ", palette.muted));
        }
    }
    lines
}

/// The account view's columns: the change (its IDs whole) first, then who, when, the result,
/// whether it was this machine, the RequestId; a narrow window drops them from the end.
const COLUMNS: [Col; 6] = [
    // Its heading names the offset the times are in (see `draw_account`).
    Col::fixed("", 2),
    Col::grow(crate::msgid!("col-who"), 1),
    Col::fixed(crate::msgid!("col-change"), 0),
    Col::fixed(crate::msgid!("col-result"), 3),
    Col::fixed("", 4),
    Col::fixed(crate::msgid!("col-request-id"), 5),
];

/// The History pane's account view: the region's ENI changes, newest first, this machine's
/// marked, filtered like the history.
pub fn draw_account(model: &Model, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let pane = &model.history;
    let account = &pane.account;
    let inner = layout::inner(area);
    let width = inner.width as usize;
    // The title's short form when the window is too narrow for the whole (it is never cut).
    let title = tr!("activity-account-title", region = account.region.as_str());
    let title = match title.width() + 4 <= area.width as usize {
        true => title,
        false => tr!("activity-account-title-short", region = account.region.as_str()),
    };
    frame.render_widget(block(format!(" {title} "), &palette, true), area);
    let filter = pane.filter.text.trim();
    let mut lines: Vec<Line<'static>> = Vec::new();
    let status = match &account.load {
        AccountLoad::Idle | AccountLoad::Loading => {
            Line::styled(format!(" {}", tr!("activity-account-loading")), palette.warn)
        }
        AccountLoad::Unavailable(why) => {
            Line::styled(format!(" {}", crate::activity::unavailable(why)), palette.bad)
        }
        AccountLoad::Loaded { .. } if pane.filtering || !filter.is_empty() => Line::from(vec![
            Span::styled(format!(" {} ", tr!("history-filter")), palette.muted),
            Span::styled(format!("{}▏", pane.filter.text), palette.accent),
            Span::styled(format!("  {}", account.visible(filter).len()), palette.muted),
        ]),
        AccountLoad::Loaded { changes, .. } => {
            let search = model.keymap.key_for(Action::Filter, Focus::History);
            let toggle = model.keymap.key_for(Action::AccountView, Focus::History);
            let count = changes.len();
            // The search's example goes first, then the keys: the line is never cut.
            let forms = [
                tr!(
                    "activity-account-status",
                    count = count,
                    search = search.as_str(),
                    toggle = toggle.as_str()
                ),
                tr!(
                    "activity-account-status-short",
                    count = count,
                    search = search.as_str(),
                    toggle = toggle.as_str()
                ),
                tr!("activity-account-status-count", count = count),
            ];
            let text = forms.into_iter().find(|text| text.width() < width).unwrap_or_default();
            Line::styled(format!(" {text}"), palette.muted)
        }
    };
    lines.push(status);
    if let AccountLoad::Loaded { skipped, cut_short, .. } = &account.load {
        let mut warn = |text: String| {
            lines.extend(
                wrap_indented(&format!("! {text}"), "   ", width)
                    .into_iter()
                    .map(|l| Line::styled(format!(" {}", l.trim_start()), palette.warn)),
            );
        };
        if *skipped > 0 {
            warn(tr!("activity-skipped", count = *skipped));
        }
        if *cut_short {
            warn(tr!("activity-cut-short", pages = crate::api::cloudaudit::MAX_PAGES));
        }
    }
    let note: Vec<Line<'static>> = wrap_indented(&tr!("activity-late-note"), " ", width)
        .into_iter()
        .map(|l| Line::styled(l, palette.muted))
        .collect();
    let top = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), inner);
    let bottom = note.len() as u16;
    let table = Rect { y: inner.y + top, height: inner.height.saturating_sub(top + bottom), ..inner };
    frame.render_widget(
        Paragraph::new(note),
        Rect { y: table.y + table.height, height: bottom.min(inner.height), ..inner },
    );
    let visible = account.visible(filter);
    let offset = visible.first().map(|c| crate::activity::local_time_short(c.time()).1).unwrap_or_default();
    let cells: Vec<Vec<String>> = visible.iter().map(|change| row_cells(change)).collect();
    let styles: Vec<_> = visible
        .iter()
        .map(|change| match change.succeeded() {
            false => palette.bad,
            true if change.this_machine => palette.muted,
            true => palette.base,
        })
        .collect();
    let mut headings: Vec<String> = COLUMNS.iter().map(Col::heading).collect();
    headings[0] = tr!("col-local-time", offset = offset.as_str());
    let list = ListTable { cols: &COLUMNS, cells: &cells, styles: &styles, list: account.list };
    list.draw_headed(headings, table, frame, &palette);
}

/// One row's cells: when (local), who, what, result, this machine's mark, RequestId.
fn row_cells(change: &Change) -> Vec<String> {
    let who = format!("{} ({})", change.user(), crate::activity::user_type_label(change.user_type()));
    let mine = if change.this_machine { tr!("activity-this-machine") } else { String::new() };
    vec![
        crate::activity::local_time_short(change.time()).0,
        who,
        crate::activity::describe(change),
        // The code's last part (`InvalidState`): the whole code is in the event's view.
        change.result().code().rsplit('.').next().unwrap_or_default().to_string(),
        mine,
        change.event.request_id.clone(),
    ]
}

/// The selected change's event: who (identity, key, source IP) and what, in full. Returns how
/// far it can scroll at this size (0: it fits).
pub fn draw_event(model: &Model, frame: &mut Frame, body: Rect) -> u16 {
    let filter = model.history.filter.text.trim();
    let Some(change) = model.history.account.selected(filter) else { return 0 };
    let palette = model.theme.palette();
    let e = &change.event;
    frame.render_widget(Clear, body);
    let title = tr!("activity-event-title", id = e.event_id.as_str());
    frame.render_widget(block(format!(" {title} "), &palette, true), body);
    let l = 14;
    let dash = |text: &str| if text.is_empty() { "—".to_owned() } else { text.to_owned() };
    let who = format!("{} ({})", e.user, crate::activity::user_type_label(e.user_type));
    let mine =
        if change.this_machine { format!("  [{}]", tr!("activity-this-machine")) } else { String::new() };
    let result = match &e.result {
        crate::api::cloudaudit::CallResult::Ok => "ok".to_owned(),
        crate::api::cloudaudit::CallResult::Failed(code) => format!("{code} {}", e.error_message),
    };
    let result_style = if change.succeeded() { palette.ok } else { palette.bad };
    let lines = vec![
        field(
            &format!(" {}", tr!("activity-event-when")),
            l,
            crate::activity::local_time(e.time),
            &palette,
            palette.base,
        ),
        field(
            &format!(" {}", tr!("activity-event-who")),
            l,
            format!("{who}{mine}"),
            &palette,
            palette.accent,
        ),
        field(
            &format!(" {}", tr!("activity-event-principal")),
            l,
            dash(&e.principal_id),
            &palette,
            palette.base,
        ),
        field(
            &format!(" {}", tr!("activity-event-key")),
            l,
            dash(&e.secret_id_masked),
            &palette,
            palette.base,
        ),
        field(&format!(" {}", tr!("activity-event-source")), l, dash(&e.source_ip), &palette, palette.base),
        field(&format!(" {}", tr!("activity-event-kind")), l, dash(&e.event_type), &palette, palette.base),
        field(
            &format!(" {}", tr!("activity-event-what")),
            l,
            match e.region.is_empty() {
                true => format!("{}  ({})", crate::activity::describe(change), e.action),
                false => format!("{}  ({}, {})", crate::activity::describe(change), e.action, e.region),
            },
            &palette,
            palette.base,
        ),
        field(&format!(" {}", tr!("activity-event-result")), l, result, &palette, result_style),
        field(&format!(" {}", tr!("activity-event-request")), l, dash(&e.request_id), &palette, palette.base),
    ];
    let inner = layout::inner(body);
    // Wrapped, never cut: a failure's message and a move's IDs stay whole in a narrow window.
    let width = inner.width.saturating_sub(1) as usize;
    let lines = lines.into_iter().flat_map(|line| wrap_field(line, l, width)).collect();
    super::confirm::scrolled(lines, model.history.detail_scroll, inner, frame)
}
