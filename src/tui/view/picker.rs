//! The ENI / instance picker, over the form: filter as you type; eligible instances first,
//! each ineligible one with its reason.

use super::text::{block, columns};
use crate::plan::Kind;
use crate::tui::layout;
use crate::tui::model::resources::{eni_rows, instance_rows};
use crate::tui::model::{InstanceField, Load, Model, Picker, PickerKind};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

const ENI_COLUMNS: [(&str, usize); 7] =
    [("ENI", 12), ("Name", 14), ("Status", 24), ("IP", 11), ("VPC", 12), ("Subnet", 15), ("Zone", 14)];
const INSTANCE_COLUMNS: [(&str, usize); 7] = [
    ("Instance", 12),
    ("Name", 12),
    ("State", 8),
    ("Can take the ENI?", 28),
    ("VPC", 12),
    ("Zone", 14),
    ("IP", 11),
];

pub fn draw(model: &Model, picker: &Picker, frame: &mut Frame, body: Rect) {
    let palette = model.theme.palette();
    let area = layout::picker(body);
    let region = model.session.region.as_deref().unwrap_or("?");
    let what = match picker.kind {
        PickerKind::Eni => "an ENI",
        PickerKind::Instance(InstanceField::Destination) => "the instance to move it to",
        PickerKind::Instance(_) if model.form.operation != Kind::Attach => "the instance it is on",
        PickerKind::Instance(_) => "an instance",
    };
    frame.render_widget(Clear, area);
    frame.render_widget(block(format!(" Pick {what} · {region} "), &palette, true), area);
    let inner = layout::inner(area);
    let list = layout::picker_list(body);
    let filter = Line::from(vec![
        Span::styled(" filter: ", palette.muted),
        Span::styled(format!("{}▏", picker.filter.text), palette.accent),
        Span::styled("  (ID, name, VPC, subnet, IP)", palette.muted),
    ]);
    let (status, titles, rows) = match picker.kind {
        PickerKind::Eni => eni_lines(model, picker, &palette),
        PickerKind::Instance(_) => instance_lines(model, picker, &palette),
    };
    frame.render_widget(Paragraph::new(vec![filter, status, titles]), inner);
    let visible: Vec<Line> = rows.into_iter().skip(picker.list.offset).take(list.height as usize).collect();
    let wrap = if picker_failed(model, picker) { Some(Wrap { trim: false }) } else { None };
    let paragraph = Paragraph::new(visible);
    frame.render_widget(if let Some(w) = wrap { paragraph.wrap(w) } else { paragraph }, list);
}

/// An error explanation wraps; list rows never do (one row per line keeps clicks aligned).
fn picker_failed(model: &Model, picker: &Picker) -> bool {
    match picker.kind {
        PickerKind::Eni => matches!(model.resources.enis, Load::Failed(_)),
        PickerKind::Instance(_) => matches!(model.resources.instances, Load::Failed(_)),
    }
}

type Lines = (Line<'static>, Line<'static>, Vec<Line<'static>>);

/// The listing's state as a status line, or None when it is loaded.
fn loading_status<T>(load: &Load<T>, what: &str, palette: &Palette) -> Option<Vec<Line<'static>>> {
    match load {
        Load::Loaded(_) => None,
        Load::Idle => {
            Some(vec![Line::styled(format!(" {what} not listed: no region or credential"), palette.muted)])
        }
        Load::Loading => Some(vec![Line::styled(format!(" loading {what}…"), palette.warn)]),
        Load::Failed(e) => Some(vec![
            Line::styled(
                format!(" listing {what} failed: {} ({})", e.explanation.title, e.code),
                palette.bad,
            ),
            Line::styled(format!(" {}", e.message), palette.base),
            Line::styled(format!(" {}", e.explanation.action), palette.muted),
            Line::styled(" Esc, then type the ID in the form: it still works.", palette.muted),
        ]),
    }
}

fn eni_lines(model: &Model, picker: &Picker, palette: &Palette) -> Lines {
    let titles = Line::styled(format!("   {}", columns(&ENI_COLUMNS)), palette.muted);
    if let Some(mut status) = loading_status(&model.resources.enis, "ENIs", palette) {
        let first = status.remove(0);
        return (first, titles, status);
    }
    let rows = eni_rows(&model.resources, &picker.filter.text);
    let status = Line::styled(format!(" {} ENIs · free ones first", rows.len()), palette.muted);
    let lines = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let e = row.eni;
            let ip = e.primary_ip().unwrap_or("");
            let status = row.note.as_deref().unwrap_or("free");
            let cells = [
                (e.id.as_str(), 12),
                (&e.name, 14),
                (status, 24),
                (ip, 11),
                (&e.vpc_id, 12),
                (&e.subnet_id, 15),
                (&e.zone, 14),
            ];
            let mark = if row.note.is_some() { "·" } else { "✓" };
            let style = match (i == picker.list.selected, row.note.is_some()) {
                (true, _) => palette.selected,
                (false, true) => palette.muted,
                (false, false) => palette.base,
            };
            Line::styled(format!(" {mark} {}", columns(&cells)), style)
        })
        .collect();
    (status, titles, lines)
}

fn instance_lines(model: &Model, picker: &Picker, palette: &Palette) -> Lines {
    let titles = Line::styled(format!("   {}", columns(&INSTANCE_COLUMNS)), palette.muted);
    if let Some(mut status) = loading_status(&model.resources.instances, "instances", palette) {
        let first = status.remove(0);
        return (first, titles, status);
    }
    let eni = model.form.eni.text.trim();
    let rows = instance_rows(&model.resources, eni, &picker.filter.text);
    let eligible = rows.iter().filter(|r| r.eligible()).count();
    let against = if model.resources.eni(eni).is_some() { format!(" for {eni}") } else { String::new() };
    let status =
        Line::styled(format!(" {eligible} of {} instances eligible{against}", rows.len()), palette.muted);
    let lines = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let ins = row.instance;
            let ip = ins.private_ip_addresses.first().map(String::as_str).unwrap_or("");
            let vpc = ins.vpc_id().unwrap_or("—");
            let (mark, why) =
                if row.eligible() { ("✓", "yes".to_string()) } else { ("✗", row.problems.join(", ")) };
            let cells = [
                (ins.id.as_str(), 12),
                (&ins.name, 12),
                (&ins.state, 8),
                (why.as_str(), 28),
                (vpc, 12),
                (&ins.placement.zone, 14),
                (ip, 11),
            ];
            let style = match (i == picker.list.selected, row.eligible()) {
                (true, _) => palette.selected,
                (false, true) => palette.base,
                (false, false) => palette.muted,
            };
            Line::styled(format!(" {mark} {}", columns(&cells)), style)
        })
        .collect();
    (status, titles, lines)
}
