//! The form: the operation (attach, detach, move), ENI and instances with live validation,
//! attach type, and the confirm action.

use super::text::block;
use crate::api::AttachType;
use crate::attach::Failure;
use crate::plan::{EniId, IdError, InstanceId, Kind};
use crate::tui::keymap::{Action, Context};
use crate::tui::layout;
use crate::tui::model::resources::instance_rows;
use crate::tui::model::{FormFocus, Load, Model, TextInput, operation_title};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let form = &model.form;
    frame.render_widget(block(operation_switch(model, &palette), &palette, true), area);
    let inner = layout::inner(area);
    let verb = match form.operation {
        Kind::Attach => "Attach an ENI to an instance",
        Kind::Detach => "Detach an ENI from its instance",
        Kind::Move => "Move an ENI to another instance",
    };
    let intro = Line::styled(format!(" {verb} · type, paste or pick IDs; Enter moves on"), palette.muted);
    frame.render_widget(Paragraph::new(intro), inner);

    for (focus, row) in layout::form_rows(area, form.operation) {
        let focused = form.focus == focus;
        let label = focus.label(form.operation);
        match focus {
            FormFocus::Eni => {
                let check = EniId::parse(&form.eni.text).map(|_| eni_note(model));
                draw_field(frame, row, label, &form.eni, check, focused, &palette);
            }
            FormFocus::Instance if form.operation == Kind::Attach => {
                let check =
                    InstanceId::parse(&form.instance.text).map(|_| instance_note(model, &form.instance));
                draw_field(frame, row, label, &form.instance, check, focused, &palette);
            }
            FormFocus::Instance => {
                let check = InstanceId::parse(&form.instance.text).map(|_| source_note(model));
                draw_field(frame, row, label, &form.instance, check, focused, &palette);
            }
            FormFocus::Destination => {
                let check = InstanceId::parse(&form.destination.text)
                    .map(|_| instance_note(model, &form.destination));
                draw_field(frame, row, label, &form.destination, check, focused, &palette);
            }
            FormFocus::AttachType => {
                draw_attach_type(frame, row, form.attach_type, form.operation, focused, &palette)
            }
            FormFocus::Submit => {
                let label = if model.session.read_only { "Review (read-only)" } else { "Review and confirm" };
                let style = if focused { palette.selected } else { palette.accent };
                frame.render_widget(Paragraph::new(Line::styled(format!("  [ {label} ▶ ]"), style)), row);
            }
        }
        if focused && let Some(input) = field_input(model, focus) {
            let x = row.x + 2 + input.text.chars().take(input.cursor).count() as u16;
            frame.set_cursor_position(Position::new(x.min(row.right().saturating_sub(1)), row.y + 1));
        }
    }
    draw_listing_status(model, frame, area, &palette);
}

fn field_input(model: &Model, focus: FormFocus) -> Option<&TextInput> {
    match focus {
        FormFocus::Eni => Some(&model.form.eni),
        FormFocus::Instance => Some(&model.form.instance),
        FormFocus::Destination => Some(&model.form.destination),
        _ => None,
    }
}

/// What the form knows about a valid ENI ID from the region's listing.
fn eni_note(model: &Model) -> (String, bool) {
    match model.resources.eni(&model.form.eni.text) {
        Some(eni) => {
            let attached = eni
                .attachment
                .as_ref()
                .map(|a| format!(", attached to {}", a.instance_id))
                .unwrap_or_default();
            (
                format!("{} · {} / {} · {}{attached}", eni.name, eni.vpc_id, eni.subnet_id, eni.zone),
                attached.is_empty(),
            )
        }
        None if model.resources.enis.loaded().is_some() => ("not in this region's ENI list".into(), false),
        None => ("well-formed".into(), true),
    }
}

/// The block title: every operation, the current one lit, and the key that switches.
fn operation_switch(model: &Model, palette: &Palette) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" ▸ ", palette.muted));
        }
        let label = operation_title(kind);
        let style = if kind == model.form.operation { palette.selected } else { palette.muted };
        spans.push(Span::styled(format!(" {label} "), style));
    }
    let key = model.keymap.key_for(Action::Operation, Context::Form);
    spans.push(Span::styled(format!(" · {key} switches "), palette.muted));
    Line::from(spans)
}

/// Detach and move: whether the ENI is on the instance named as the source.
fn source_note(model: &Model) -> (String, bool) {
    let from = model.form.instance.text.trim();
    let name =
        model.resources.instance(from).map(|i| format!("{} · {} · ", i.name, i.state)).unwrap_or_default();
    let Some(eni) = model.resources.eni(&model.form.eni.text) else {
        return (format!("{name}well-formed"), true);
    };
    match eni.attachment.as_ref().map(|a| a.instance_id.as_str()) {
        Some(on) if on == from => (format!("{name}the ENI is on it"), true),
        Some(on) => (format!("{name}the ENI is on {on}, not here"), false),
        None => (format!("{name}the ENI is attached to nothing"), false),
    }
}

/// The instance's name and, when an ENI is chosen, why it cannot take it.
fn instance_note(model: &Model, input: &TextInput) -> (String, bool) {
    let wanted = input.text.trim();
    let rows = instance_rows(&model.resources, &model.form.eni.text, "");
    match rows.iter().find(|r| r.instance.id == wanted) {
        Some(row) if row.eligible() => (
            format!("{} · {} · {}", row.instance.name, row.instance.state, row.instance.placement.zone),
            true,
        ),
        Some(row) => (format!("{}: {}", row.instance.name, row.problems.join(", ")), false),
        None if model.resources.instances.loaded().is_some() => {
            ("not in this region's instance list".into(), false)
        }
        None => ("well-formed".into(), true),
    }
}

fn draw_field(
    frame: &mut Frame,
    row: Rect,
    label: &str,
    input: &TextInput,
    check: Result<(String, bool), IdError>,
    focused: bool,
    palette: &Palette,
) {
    let marker = if focused { "▶ " } else { "  " };
    let label_style = if focused { palette.title } else { palette.base };
    let value_style = if focused { palette.accent } else { palette.base };
    let (reason, style): (String, Style) = match check {
        Ok((note, true)) => (format!("✓ {note}"), palette.ok),
        Ok((note, false)) => (format!("! {note}"), palette.warn),
        Err(IdError::Empty { .. }) if !focused => ("  required".into(), palette.muted),
        Err(e) => (format!("✗ {e}"), palette.bad),
    };
    let value = if input.text.is_empty() && !focused { "—".to_string() } else { input.text.clone() };
    let lines = vec![
        Line::from(vec![Span::styled(marker, palette.accent), Span::styled(label.to_string(), label_style)]),
        Line::from(vec![Span::raw("  "), Span::styled(value, value_style)]),
        Line::from(vec![Span::raw("  "), Span::styled(reason, style)]),
    ];
    frame.render_widget(Paragraph::new(lines), row);
}

fn draw_attach_type(
    frame: &mut Frame,
    row: Rect,
    current: AttachType,
    op: Kind,
    focused: bool,
    palette: &Palette,
) {
    if op == Kind::Detach {
        frame.render_widget(
            Paragraph::new(Line::styled("  Attach type: not used by detach", palette.muted)),
            row,
        );
        return;
    }
    let marker = if focused { "▶ " } else { "  " };
    let option = |t: AttachType| {
        let dot = if t == current { "(•)" } else { "( )" };
        Span::styled(
            format!("{dot} {}  ", t.label()),
            if t == current { palette.accent } else { palette.muted },
        )
    };
    let line = Line::from(vec![
        Span::styled(marker, palette.accent),
        Span::styled("Attach type  ", if focused { palette.title } else { palette.base }),
        option(AttachType::Standard),
        option(AttachType::Extended),
    ]);
    frame.render_widget(Paragraph::new(line), row);
}

/// Below the fields: whether the region's listings (for the pickers) arrived.
fn draw_listing_status(model: &Model, frame: &mut Frame, area: Rect, palette: &Palette) {
    let inner = layout::inner(area);
    let last = layout::form_rows(area, model.form.operation).last().map(|(_, r)| r.bottom());
    let top = last.unwrap_or(inner.y) + 1;
    if top >= inner.bottom() {
        return;
    }
    let status = Rect { y: top, height: inner.bottom() - top, ..inner };
    let mut lines = vec![Line::from(vec![
        Span::styled(" lists: ", palette.muted),
        listing("ENIs", &model.resources.enis.as_ref_len(), palette),
        Span::raw("  "),
        listing("instances", &model.resources.instances.as_ref_len(), palette),
    ])];
    if let Some(error) =
        [&model.resources.enis.error(), &model.resources.instances.error()].into_iter().flatten().next()
    {
        lines.push(Line::styled(format!(" {}: {}", error.code, error.explanation.title), palette.bad));
        lines.push(Line::styled(
            format!(" {} Typing IDs still works.", error.explanation.action),
            palette.muted,
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), status);
}

fn listing<'a>(what: &str, state: &Load<usize>, palette: &Palette) -> Span<'a> {
    match state {
        Load::Idle => Span::styled(format!("{what} not listed (no region or credential)"), palette.muted),
        Load::Loading => Span::styled(format!("{what} loading…"), palette.warn),
        Load::Loaded(n) => Span::styled(format!("{n} {what}"), palette.ok),
        Load::Failed(_) => Span::styled(format!("{what} failed"), palette.bad),
    }
}

/// Helpers to describe a listing without cloning it.
trait ListingState {
    fn as_ref_len(&self) -> Load<usize>;
    fn error(&self) -> Option<&Failure>;
}

impl<T> ListingState for Load<Vec<T>> {
    fn as_ref_len(&self) -> Load<usize> {
        match self {
            Load::Idle => Load::Idle,
            Load::Loading => Load::Loading,
            Load::Loaded(v) => Load::Loaded(v.len()),
            Load::Failed(e) => Load::Failed(e.clone()),
        }
    }

    fn error(&self) -> Option<&Failure> {
        match self {
            Load::Failed(e) => Some(e),
            _ => None,
        }
    }
}
