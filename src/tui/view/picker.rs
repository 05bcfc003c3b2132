//! The ENI / instance picker, over the form: filter as you type; each row judged by preflight's
//! own rules for the form's operation and what it already holds (good picks first, "checking…"
//! while a slot limit loads, every other row with its reason). A ratatui `Table` whose columns
//! grow with the window; the facts a decision depends on (state, zone, VPC) are never cut.

use super::text::{Col, ListTable, block};
use crate::attach::eligibility::{Judgement, Role};
use crate::attach::preflight::Rule;
use crate::plan::Kind;
use crate::tui::layout;
use crate::tui::model::resources::{eni_rows, instance_rows};
use crate::tui::model::{InstanceField, Load, Model, Picker, PickerKind};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

const ENI_COLUMNS: [Col; 9] = [
    Col::fixed(crate::msgid!("col-eni"), 0),
    Col::grow(crate::msgid!("col-name"), 6),
    Col::fixed(crate::msgid!("col-state"), 2),
    Col::fixed(crate::msgid!("col-on"), 5),
    Col::fixed(crate::msgid!("col-pick"), 1),
    Col::fixed(crate::msgid!("col-ip"), 7),
    Col::fixed(crate::msgid!("col-vpc"), 4),
    Col::fixed(crate::msgid!("col-subnet"), 8),
    Col::fixed(crate::msgid!("col-zone"), 3),
];

const INSTANCE_COLUMNS: [Col; 8] = [
    Col::fixed(crate::msgid!("col-instance"), 0),
    Col::grow(crate::msgid!("col-name"), 6),
    Col::fixed(crate::msgid!("col-type"), 5),
    Col::fixed(crate::msgid!("col-state"), 2),
    Col::fixed(crate::msgid!("col-pick"), 1),
    Col::fixed(crate::msgid!("col-vpc"), 4),
    Col::fixed(crate::msgid!("col-zone"), 3),
    Col::fixed(crate::msgid!("col-ip"), 7),
];

pub fn draw(model: &Model, picker: &Picker, frame: &mut Frame, body: Rect) {
    let palette = model.theme.palette();
    let area = layout::picker(body);
    let region = model.session.region.as_deref().unwrap_or("?");
    let verb = model.form.operation.verb();
    let what = match picker.kind {
        PickerKind::Eni => format!("the ENI to {verb}"),
        PickerKind::Instance(InstanceField::Destination) => "the instance to move it to".into(),
        PickerKind::Instance(_) if model.form.operation != Kind::Attach => "the instance it is on".into(),
        PickerKind::Instance(_) => "the instance to attach it to".into(),
    };
    frame.render_widget(Clear, area);
    frame.render_widget(block(format!(" Pick {what} · {region} "), &palette, true), area);
    let inner = layout::inner(area);
    let list = layout::picker_rows_at_most(body);
    let filter = Line::from(vec![
        Span::styled(" filter: ", palette.muted),
        Span::styled(format!("{}▏", picker.filter.text), palette.accent),
        Span::styled("  (ID, name, state, type, VPC, zone, IP)", palette.muted),
    ]);
    let load = match picker.kind {
        PickerKind::Eni => shape(&model.resources.enis),
        PickerKind::Instance(_) => shape(&model.resources.instances),
    };
    let noun = if picker.kind == PickerKind::Eni { "ENIs" } else { "instances" };
    if let Some(mut status) = loading_status(&load, noun, &palette) {
        let first = status.remove(0);
        frame.render_widget(Paragraph::new(vec![filter, first]), inner);
        frame.render_widget(Paragraph::new(status).wrap(Wrap { trim: false }), list);
        return;
    }
    let table = match picker.kind {
        PickerKind::Eni => eni_table(model, picker),
        PickerKind::Instance(_) => instance_table(model, picker),
    };
    let status = status_line(&table, noun, &palette);
    frame.render_widget(Paragraph::new(vec![filter, status]), inner);
    let area = layout::picker_table(model, body);
    draw_table(table, picker, area, frame, &palette);
    let why: Vec<Line> =
        layout::picker_why(model, body).into_iter().map(|l| Line::styled(l, palette.warn)).collect();
    let below = Rect { y: area.bottom(), height: why.len() as u16, ..area };
    frame.render_widget(Paragraph::new(why), below);
}

/// A listing's state without its data.
fn shape<T>(load: &Load<T>) -> Load<()> {
    match load {
        Load::Idle => Load::Idle,
        Load::Loading => Load::Loading,
        Load::Loaded(_) => Load::Loaded(()),
        Load::Failed(e) => Load::Failed(e.clone()),
    }
}

/// A listing's state as lines, or None once it is loaded.
fn loading_status(load: &Load<()>, what: &str, palette: &Palette) -> Option<Vec<Line<'static>>> {
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

/// The rows as text cells, with how each was judged.
struct Listing {
    cols: &'static [Col],
    cells: Vec<Vec<String>>,
    judgements: Vec<Judgement>,
    /// What the good rows are good for: "good to attach for ins-…", "can take eni-…".
    good_for: String,
}

fn eni_table(model: &Model, picker: &Picker) -> Listing {
    let rows = eni_rows(&model.resources, &model.form, &picker.filter.text);
    let cells = rows
        .iter()
        .map(|row| {
            let e = row.eni;
            let on = e.attachment.as_ref().map(|a| a.instance_id.clone()).filter(|id| !id.is_empty());
            vec![
                e.id.clone(),
                e.name.clone(),
                if e.state.is_empty() { "—".into() } else { e.state.clone() },
                on.unwrap_or_else(|| "—".into()),
                verdict_text(&row.judgement),
                e.primary_ip().unwrap_or("").to_string(),
                e.vpc_id.clone(),
                e.subnet_id.clone(),
                e.zone.clone(),
            ]
        })
        .collect();
    let chosen = model.resources.chosen(&model.form);
    let against = [chosen.source.map(str::to_string), chosen.destination.map(|d| d.id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" → ");
    let verb = model.form.operation.verb();
    Listing {
        cols: &ENI_COLUMNS,
        cells,
        judgements: rows.into_iter().map(|r| r.judgement).collect(),
        good_for: if against.is_empty() {
            format!("good to {verb}")
        } else {
            format!("good to {verb} for {against}")
        },
    }
}

fn instance_table(model: &Model, picker: &Picker) -> Listing {
    let role = model.picker_role(picker.kind);
    let rows = instance_rows(&model.resources, &model.form, role, &picker.filter.text);
    let cells = rows
        .iter()
        .map(|row| {
            let i = row.instance;
            vec![
                i.id.clone(),
                i.name.clone(),
                i.instance_type.clone(),
                i.state.clone(),
                verdict_text(&row.judgement),
                i.vpc_id().unwrap_or("—").to_string(),
                i.placement.zone.clone(),
                i.private_ip_addresses.first().cloned().unwrap_or_default(),
            ]
        })
        .collect();
    let eni = model.resources.eni(&model.form.eni.text).map(|e| e.id.clone());
    let verb = model.form.operation.verb();
    let good_for = match (role, eni) {
        (Role::Source | Role::Eni, Some(eni)) => format!("hold {eni}"),
        (Role::Source | Role::Eni, None) => format!("good to {verb} from"),
        (Role::Destination, Some(eni)) => format!("can take {eni}"),
        (Role::Destination, None) => "can take an ENI".into(),
    };
    Listing {
        cols: &INSTANCE_COLUMNS,
        cells,
        judgements: rows.into_iter().map(|r| r.judgement).collect(),
        good_for,
    }
}

/// How many rows are good picks (why the selected one is not goes under the table).
fn status_line(listing: &Listing, noun: &str, palette: &Palette) -> Line<'static> {
    let good = listing.judgements.iter().filter(|j| j.eligible()).count();
    let checking = listing.judgements.iter().filter(|j| **j == Judgement::Checking).count();
    let checking = if checking > 0 { format!(" · {checking} checking…") } else { String::new() };
    let summary = format!(" {good} of {} {noun} {}{checking}", listing.cells.len(), listing.good_for);
    Line::styled(summary, palette.muted)
}

/// The "Pick?" cell: what preflight would say about this row, in a few words, marked.
pub fn verdict_text(judgement: &Judgement) -> String {
    let mark = match judgement {
        Judgement::Eligible { .. } => "✓",
        Judgement::Checking => "…",
        Judgement::AlreadyThere(_) => "=",
        Judgement::Ineligible(_) => "✗",
    };
    format!("{mark} {}", verdict_words(judgement))
}

/// What preflight would say about a row, in a few words (no mark).
pub fn verdict_words(judgement: &Judgement) -> String {
    match judgement {
        Judgement::Eligible { warnings } if warnings.is_empty() => "yes".into(),
        Judgement::Eligible { warnings } => {
            let notes: Vec<&str> = warnings.iter().map(|v| short_warning(v.rule)).collect();
            format!("yes (! {})", notes.join(", "))
        }
        Judgement::Checking => "checking slots".into(),
        Judgement::AlreadyThere(_) => "already there".into(),
        Judgement::Ineligible(failed) => {
            let why: Vec<&str> = failed.iter().map(|v| short(v.rule)).collect();
            why.join(", ")
        }
    }
}

/// A rule's failure (or warning) in two or three words, for a table cell.
fn short(rule: Rule) -> &'static str {
    match rule {
        Rule::AccountAllowed => "account not allowed",
        Rule::EniExists => "not found",
        Rule::EniFree => "not free",
        Rule::EniOnSource => "not on the source",
        Rule::EniNotPrimary => "primary ENI",
        Rule::EniAvailable => "busy",
        Rule::SourceState => "source state",
        Rule::InstanceExists => "not found",
        Rule::InstanceState => "wrong state",
        Rule::SameVpc => "other VPC",
        Rule::SameZone => "other zone",
        Rule::FreeEniSlot => "no free slot",
        Rule::SecurityGroup => "no security group",
        Rule::Runbook => "done",
    }
}

/// A warning in a few words: it does not block.
fn short_warning(rule: Rule) -> &'static str {
    match rule {
        Rule::FreeEniSlot => "slots unknown",
        other => short(other),
    }
}

fn row_style(judgement: &Judgement, palette: &Palette) -> Style {
    match judgement {
        Judgement::Eligible { .. } => palette.base,
        Judgement::Checking => palette.warn,
        Judgement::AlreadyThere(_) | Judgement::Ineligible(_) => palette.muted,
    }
}

fn draw_table(listing: Listing, picker: &Picker, area: Rect, frame: &mut Frame, palette: &Palette) {
    let styles: Vec<Style> = listing.judgements.iter().map(|j| row_style(j, palette)).collect();
    let table = ListTable { cols: listing.cols, cells: &listing.cells, styles: &styles, list: picker.list };
    table.draw(area, frame, palette);
}
