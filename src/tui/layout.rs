//! Where each part of the screen is. Pure functions of the terminal size, shared by the view
//! (to draw) and by `update` (to turn a mouse click into a row or a tab), so they always agree.

use super::keymap::{Action, Pane};
use super::model::{FormFocus, Model};
use ratatui::layout::{Constraint, Layout, Rect};
use unicode_width::UnicodeWidthStr;

pub const HEADER_HEIGHT: u16 = 2;
pub const FOOTER_HEIGHT: u16 = 2;

#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    pub body: Rect,
    pub footer: Rect,
}

pub fn areas(area: Rect) -> Areas {
    let [header, tabs, body, footer] = Layout::vertical([
        Constraint::Length(HEADER_HEIGHT),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(FOOTER_HEIGHT),
    ])
    .areas(area);
    Areas { header, tabs, body, footer }
}

pub fn screen_rect(model: &Model) -> Rect {
    Rect::new(0, 0, model.size.0, model.size.1)
}

/// Inside a bordered block.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// Drop `lines` rows from the top.
fn below(area: Rect, lines: u16) -> Rect {
    let lines = lines.min(area.height);
    Rect { y: area.y + lines, height: area.height - lines, ..area }
}

/// Each tab's label (its own key from the keymap, then its title) and where it sits on the tab
/// line: `(pane, label, x, width)`. A narrow window drops the padding around each label first,
/// then the keys (help and the footer still name them), so every tab stays on the line.
pub fn tab_spans(model: &Model) -> Vec<(Pane, String, u16, u16)> {
    let labels = |keys: bool| -> Vec<(Pane, String)> {
        model
            .tabs()
            .into_iter()
            .map(|pane| {
                let key = match keys {
                    true => model.keymap.first_key(Action::to_pane(pane)).map(|k| format!("{k} ")),
                    false => None,
                };
                (pane, format!("{}{}", key.unwrap_or_default(), model.tab_title(pane)))
            })
            .collect()
    };
    let width = |labels: &[(Pane, String)], gap: usize| -> usize {
        labels.iter().map(|(_, l)| l.width() + gap).sum::<usize>() + 1
    };
    let room = model.size.0 as usize;
    let with_keys = labels(true);
    let (labels, pad) = if width(&with_keys, 3) <= room {
        (with_keys, " ")
    } else if width(&with_keys, 2) <= room {
        (with_keys, "")
    } else {
        (labels(false), "")
    };
    let mut x = 1;
    labels
        .into_iter()
        .map(|(pane, label)| {
            let label = format!("{pad}{label}{pad}");
            let width = label.width() as u16;
            let span = (pane, label, x, width);
            x += width + if pad.is_empty() { 2 } else { 1 };
            span
        })
        .collect()
}

/// The region list (the block's first inner line is the filter; the table's first, its header).
pub fn region_list(body: Rect) -> Rect {
    below(inner(body), 2)
}

/// The region table: below the filter line, its header first.
pub fn region_table(body: Rect) -> Rect {
    below(inner(body), 1)
}

/// The history list (first inner line: filter and status; second: column titles).
pub fn history_list(body: Rect) -> Rect {
    below(inner(body), 2)
}

/// The history table: below the status line, its header first.
pub fn history_table(body: Rect) -> Rect {
    below(inner(body), 1)
}

/// The picker floats over the form, leaving the header visible.
pub fn picker(body: Rect) -> Rect {
    body
}

/// The picker's table: below the filter and status lines, above the selected row's reason
/// (`why`, from [`picker_why`]); its first line is the header.
pub fn picker_table(body: Rect, why: &[String]) -> Rect {
    let table = below(inner(picker(body)), 2);
    Rect { height: table.height.saturating_sub(why.len() as u16), ..table }
}

/// The picker's rows (the table without its header) that are on screen whatever the selected
/// row's reason takes: for paging and clicks, so the selection never falls below the table.
pub fn picker_list(body: Rect) -> Rect {
    let rows = below(inner(picker(body)), 3);
    Rect { height: rows.height.saturating_sub(picker_why_room(body)), ..rows }
}

/// Every row the table can show when the reason is short: the rows whose limits are worth asking.
pub fn picker_rows_at_most(body: Rect) -> Rect {
    below(inner(picker(body)), 3)
}

/// At most half the picker's inside goes to the selected row's reason.
fn picker_why_room(body: Rect) -> u16 {
    inner(picker(body)).height / 2
}

/// The selected row's reason, wrapped whole under the table (never cut: it says what to do):
/// `✗ reason: advice`, continued under its text.
pub fn picker_why(model: &Model, body: Rect) -> Vec<String> {
    let Some(why) = model.picker_why() else { return Vec::new() };
    let width = inner(picker(body)).width as usize;
    let mut lines = super::view::text::wrap_indented(&format!("✗ {why}"), "   ", width.saturating_sub(1));
    if let Some(first) = lines.first_mut() {
        *first = format!(" {}", first.trim_start());
    }
    lines.truncate(picker_why_room(body) as usize);
    lines
}

/// The form's rows: each field takes a label line, its value line and its reason line.
/// The form's rows for an operation: text fields take three lines, the others one.
pub fn form_rows(body: Rect, kind: crate::plan::Kind) -> Vec<(FormFocus, Rect)> {
    let area = inner(body);
    let row = |line: u16, height: u16| {
        let y = (area.y + line).min(area.y + area.height);
        Rect { y, height: height.min(area.y + area.height - y), ..area }
    };
    let height =
        |focus: &FormFocus| if matches!(focus, FormFocus::AttachType | FormFocus::Submit) { 1 } else { 3 };
    let fields = FormFocus::order(kind);
    // A blank line between fields when they fit with it (and the listing line below them).
    let roomy: u16 = fields.iter().map(|f| height(f) + 1).sum::<u16>() + 2;
    let gap = u16::from(roomy <= area.height);
    let mut line = 1;
    fields
        .iter()
        .map(|focus| {
            let rect = row(line, height(focus));
            line += height(focus) + gap;
            (*focus, rect)
        })
        .collect()
}

pub fn contains(area: Rect, x: u16, y: u16) -> bool {
    x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height
}
