//! The form: the operation (attach, detach, move), ENI and instances with live validation,
//! attach type, and the confirm action.

use super::text::{block, fit, wrap_indented, wrap_line};
use crate::api::AttachType;
use crate::attach::Failure;
use crate::attach::eligibility::{self, Judgement, Role};
use crate::plan::{EniId, IdError, InstanceId, Kind};
use crate::tr;
use crate::tui::keymap::{Action, Focus};
use crate::tui::layout;
use crate::tui::model::{FormFocus, Load, Model, TextInput, operation_title};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let form = &model.form;
    frame.render_widget(block(operation_switch(model, &palette), &palette, true), area);
    let inner = layout::inner(area);
    let what = match form.operation {
        Kind::Attach => tr!("form-intro-attach"),
        Kind::Detach => tr!("form-intro-detach"),
        Kind::Move => tr!("form-intro-move"),
    };
    // The keys go when the line is too narrow for them: the line is never cut.
    let full = format!(" {what} · {}", tr!("form-intro-keys"));
    let intro = if full.width() <= inner.width as usize { full } else { format!(" {what}") };
    frame.render_widget(Paragraph::new(Line::styled(intro, palette.muted)), inner);

    for (focus, row) in layout::form_rows(area, form.operation) {
        let focused = form.focus == focus;
        let label = focus.label(form.operation);
        let label = label.as_str();
        let mut value_at = Position::new(row.x + 2, row.y + 1);
        match focus {
            FormFocus::Eni => {
                let check = EniId::parse(&form.eni.text).map(|_| eni_note(model));
                let field = Field { label, input: &form.eni, check, focused };
                value_at = field.draw(frame, row, &palette);
            }
            FormFocus::Instance => {
                let role = Role::of_instance_field(form.operation, false);
                let check = InstanceId::parse(&form.instance.text)
                    .map(|_| instance_note(model, &form.instance, role));
                let field = Field { label, input: &form.instance, check, focused };
                value_at = field.draw(frame, row, &palette);
            }
            FormFocus::Destination => {
                let check = InstanceId::parse(&form.destination.text)
                    .map(|_| instance_note(model, &form.destination, Role::Destination));
                let field = Field { label, input: &form.destination, check, focused };
                value_at = field.draw(frame, row, &palette);
            }
            FormFocus::AttachType => {
                draw_attach_type(frame, row, form.attach_type, form.operation, focused, &palette)
            }
            FormFocus::Submit => {
                let label =
                    if model.session.read_only { tr!("form-review-read-only") } else { tr!("form-review") };
                let style = if focused { palette.selected } else { palette.accent };
                frame.render_widget(Paragraph::new(Line::styled(format!("  [ {label} ▶ ]"), style)), row);
            }
        }
        if focused && let Some(input) = field_input(model, focus) {
            let x = value_at.x + input.visual_cursor() as u16;
            frame.set_cursor_position(Position::new(x.min(row.right().saturating_sub(1)), value_at.y));
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

/// What the form knows about a valid ENI ID: the listing's facts, judged by preflight's rules
/// against the rest of the form (the pickers use the same judgement).
fn eni_note(model: &Model) -> (String, bool) {
    let Some(eni) = model.resources.eni(&model.form.eni.text) else {
        return unlisted(model.resources.enis.loaded().is_some(), "eni");
    };
    let chosen = model.resources.chosen(&model.form);
    let on = eni
        .attachment
        .as_ref()
        .map(|a| format!(" · {}", tr!("form-on", instance = a.instance_id.as_str())))
        .unwrap_or_default();
    // What a decision depends on first, the free-text name last: a narrow window cuts the end.
    let facts =
        format!("{}{on} · {} · {} / {} · {}", eni.state, eni.zone, eni.vpc_id, eni.subnet_id, eni.name);
    judged(facts, &eligibility::judge_eni(model.form.operation, eni, &chosen))
}

fn unlisted(listed: bool, what: &str) -> (String, bool) {
    if listed { (tr!("form-unlisted", kind = what), false) } else { (tr!("form-well-formed"), true) }
}

/// The facts, then what preflight would say about them.
fn judged(facts: String, judgement: &Judgement) -> (String, bool) {
    match judgement {
        Judgement::Eligible { .. } => (facts, true),
        Judgement::Checking => (format!("{facts} · {}", tr!("form-checking-slots")), true),
        // The verdict first: it is what a narrow window must not cut.
        other => (format!("{} · {facts}", super::picker::verdict_words(other)), false),
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
    let key = model.keymap.key_for(Action::Operation, Focus::Form);
    spans.push(Span::styled(format!(" · {} ", tr!("form-switches", key = key.as_str())), palette.muted));
    Line::from(spans)
}

/// An instance field: its facts, judged in its role (where the ENI is now, or where it goes).
fn instance_note(model: &Model, input: &TextInput, role: Role) -> (String, bool) {
    let Some(instance) = model.resources.instance(&input.text) else {
        return unlisted(model.resources.instances.loaded().is_some(), "instance");
    };
    let chosen = model.resources.chosen(&model.form);
    let slots = model.resources.slots(&instance.id);
    let judgement = eligibility::judge_instance(model.form.operation, role, instance, &chosen, &slots);
    let facts = format!(
        "{} · {} · {} · {}",
        instance.state, instance.placement.zone, instance.instance_type, instance.name
    );
    judged(facts, &judgement)
}

/// A text field: its label, its value and the note on it (the verdict, then the facts).
struct Field<'a> {
    label: &'a str,
    input: &'a TextInput,
    check: Result<(String, bool), IdError>,
    focused: bool,
}

impl Field<'_> {
    /// Label, value and note on three lines; a note too long for its line wraps onto two, the
    /// value then moving up beside the label, so a narrow window keeps the whole note (the zone,
    /// the instance it is on) in the same three lines. Returns where the value starts.
    fn draw(self, frame: &mut Frame, row: Rect, palette: &Palette) -> Position {
        let marker = if self.focused { "▶ " } else { "  " };
        let label_style = if self.focused { palette.title } else { palette.base };
        let value_style = if self.focused { palette.accent } else { palette.base };
        let (note, style): (String, Style) = match self.check {
            Ok((note, true)) => (format!("✓ {note}"), palette.ok),
            Ok((note, false)) => (format!("! {note}"), palette.warn),
            Err(IdError::Empty { .. }) if !self.focused => {
                (format!("  {}", tr!("form-required")), palette.muted)
            }
            Err(e) => (format!("✗ {e}"), palette.bad),
        };
        let input = self.input;
        let value =
            if input.text.is_empty() && !self.focused { "—".to_string() } else { input.text.clone() };
        let label = Line::from(vec![
            Span::styled(marker, palette.accent),
            Span::styled(self.label.to_string(), label_style),
        ]);
        let width = row.width as usize;
        if 2 + note.width() <= width {
            let lines = vec![
                label,
                Line::from(vec![Span::raw("  "), Span::styled(value, value_style)]),
                Line::from(vec![Span::raw("  "), Span::styled(note, style)]),
            ];
            frame.render_widget(Paragraph::new(lines), row);
            return Position::new(row.x + 2, row.y + 1);
        }
        let gap = "  ";
        let value_x = row.x + (marker.width() + self.label.width() + gap.width()) as u16;
        let mut lines = vec![label];
        lines[0].spans.extend([Span::raw(gap), Span::styled(value, value_style)]);
        lines.extend(note_lines(&note, width).into_iter().map(|l| Line::styled(l, style)));
        frame.render_widget(Paragraph::new(lines), row);
        Position::new(value_x, row.y)
    }
}

/// A note on two lines of `width`, broken at spaces, the second indented under the first's
/// text (after its mark); what a third line would hold is cut with an ellipsis.
fn note_lines(note: &str, width: usize) -> Vec<String> {
    let mut lines = wrap_indented(note, "    ", width);
    if let Some(first) = lines.first_mut() {
        *first = format!("  {}", first.trim_start());
    }
    if lines.len() > 2 {
        let rest: Vec<String> = lines.split_off(1).iter().map(|l| l.trim().to_string()).collect();
        lines.push(fit(&format!("    {}", rest.join(" ")), width).trim_end().to_string());
    }
    lines
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
            Paragraph::new(Line::styled(format!("  {}", tr!("form-attach-type-detach")), palette.muted)),
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
        Span::styled(
            format!("{}  ", tr!("form-label-attach-type")),
            if focused { palette.title } else { palette.base },
        ),
        option(AttachType::Standard),
        option(AttachType::Extended),
    ]);
    frame.render_widget(Paragraph::new(line), row);
}

/// Below the fields: whether the region's listings (for the pickers) arrived.
fn draw_listing_status(model: &Model, frame: &mut Frame, area: Rect, palette: &Palette) {
    let inner = layout::inner(area);
    let last = layout::form_rows(area, model.form.operation).last().map(|(_, r)| r.bottom());
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {} ", tr!("form-lists")), palette.muted),
        listing("eni", &model.resources.enis.as_ref_len(), palette),
        Span::raw("  "),
        listing("instance", &model.resources.instances.as_ref_len(), palette),
    ])];
    if let Some(error) =
        [&model.resources.enis.error(), &model.resources.instances.error()].into_iter().flatten().next()
    {
        lines.push(Line::styled(format!(" {}: {}", error.code, error.explanation.title), palette.bad));
        lines.push(Line::styled(
            format!(" {} {}", error.explanation.action, tr!("form-typing-works")),
            palette.muted,
        ));
    }
    // Wrapped under their text; the blank line above them goes first when they need it.
    let mut lines: Vec<Line> = lines.into_iter().flat_map(|l| wrap_line(l, inner.width as usize)).collect();
    let below = last.unwrap_or(inner.y);
    let gap = u16::from(inner.bottom().saturating_sub(below + 1) as usize >= lines.len());
    let top = below + gap;
    if top >= inner.bottom() {
        return;
    }
    let status = Rect { y: top, height: inner.bottom() - top, ..inner };
    // Still too many (a very small window): the last one shown says the rest is cut.
    if lines.len() > status.height as usize {
        lines.truncate(status.height as usize);
        if let Some(last) = lines.last_mut() {
            let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            let style = last.spans.last().map(|s| s.style).unwrap_or_default();
            *last = Line::styled(fit(&format!("{} …", text.trim_end()), inner.width as usize), style);
        }
    }
    frame.render_widget(Paragraph::new(lines), status);
}

/// One listing's state (`kind`: `eni` or `instance`).
fn listing<'a>(kind: &str, state: &Load<usize>, palette: &Palette) -> Span<'a> {
    match state {
        Load::Idle => Span::styled(tr!("form-list-idle", kind = kind), palette.muted),
        Load::Loading => Span::styled(tr!("form-list-loading", kind = kind), palette.warn),
        Load::Loaded(n) => Span::styled(tr!("form-list-loaded", kind = kind, count = *n), palette.ok),
        Load::Failed(_) => Span::styled(tr!("form-list-failed", kind = kind), palette.bad),
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
