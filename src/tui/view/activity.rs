//! The account's activity (CloudAudit) as the terminal app shows it: the confirm pane's
//! warning verdict about others' recent changes, and the History pane's account view.

use super::text::{block, field, fit, wrap_indented};
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

/// The History pane's account view: the region's ENI changes, newest first, this machine's
/// marked, filtered like the history.
pub fn draw_account(model: &Model, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let pane = &model.history;
    let account = &pane.account;
    let title = tr!("activity-account-title", region = account.region.as_str());
    frame.render_widget(block(format!(" {title} "), &palette, true), area);
    let inner = layout::inner(area);
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
            Span::styled(" filter: ", palette.muted),
            Span::styled(format!("{}▏", pane.filter.text), palette.accent),
            Span::styled(format!("  {}", account.visible(filter).len()), palette.muted),
        ]),
        AccountLoad::Loaded { changes, .. } => {
            let search = model.keymap.key_for(Action::Filter, Focus::History);
            let toggle = model.keymap.key_for(Action::AccountView, Focus::History);
            let text =
                tr!("activity-account-status", count = changes.len(), search = search, toggle = toggle);
            Line::styled(format!(" {text}"), palette.muted)
        }
    };
    lines.push(status);
    if let AccountLoad::Loaded { skipped, cut_short, .. } = &account.load {
        if *skipped > 0 {
            lines.push(Line::styled(
                format!(" ! {}", tr!("activity-skipped", count = *skipped)),
                palette.warn,
            ));
        }
        if *cut_short {
            let pages = crate::api::cloudaudit::MAX_PAGES;
            lines
                .push(Line::styled(format!(" ! {}", tr!("activity-cut-short", pages = pages)), palette.warn));
        }
    }
    let visible = account.visible(filter);
    let height = (inner.height as usize).saturating_sub(lines.len() + 1);
    let width = inner.width as usize;
    for (i, change) in visible.iter().enumerate().skip(account.list.offset).take(height) {
        let style = match (i == account.list.selected, change.succeeded()) {
            (true, _) => palette.selected,
            (false, false) => palette.bad,
            (false, true) if change.this_machine => palette.muted,
            _ => palette.base,
        };
        lines.push(Line::styled(fit(&row_text(change), width), style));
    }
    lines.push(Line::styled(format!(" {}", tr!("activity-late-note")), palette.muted));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One row: when (local), who, what, result, RequestId, and the mark of this machine.
fn row_text(change: &Change) -> String {
    let who = format!("{} ({})", change.user(), crate::activity::user_type_label(change.user_type()));
    let mine =
        if change.this_machine { format!("  [{}]", tr!("activity-this-machine")) } else { String::new() };
    format!(
        " {}  {}  {}  {}  {}{mine}",
        crate::activity::local_time(change.time()),
        who,
        crate::activity::describe(change),
        change.result().code(),
        change.event.request_id
    )
}

/// The selected change's event: who (identity, key, source IP) and what, in full.
pub fn draw_event(model: &Model, frame: &mut Frame, body: Rect) {
    let filter = model.history.filter.text.trim();
    let Some(change) = model.history.account.selected(filter) else { return };
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
            format!("{}  ({}, {})", crate::activity::describe(change), e.action, e.region),
            &palette,
            palette.base,
        ),
        field(&format!(" {}", tr!("activity-event-result")), l, result, &palette, result_style),
        field(&format!(" {}", tr!("activity-event-request")), l, dash(&e.request_id), &palette, palette.base),
    ];
    let inner = layout::inner(body);
    super::confirm::scrolled(lines, model.history.detail_scroll, inner, frame);
}
