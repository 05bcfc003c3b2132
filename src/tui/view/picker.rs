//! The ENI / instance picker, over the form: filter as you type; each row judged by preflight's
//! own rules for the form's operation and what it already holds (good picks first, "checking…"
//! while a slot limit loads, every other row with its reason). A ratatui `Table` whose columns
//! grow with the window; the facts a decision depends on (state, zone, VPC) are never cut.

use super::text::{Col, ListTable, block, wrap_indented};
use crate::attach::eligibility::{Judgement, Role};
use crate::attach::preflight::Rule;
use crate::plan::Kind;
use crate::tr;
use crate::tui::layout;
use crate::tui::model::resources::{eni_rows, instance_rows};
use crate::tui::model::{InstanceField, Load, Model, Picker, PickerKind};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

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
        PickerKind::Eni => tr!("picker-what-eni", verb = verb),
        PickerKind::Instance(InstanceField::Destination) => tr!("picker-what-destination"),
        PickerKind::Instance(_) if model.form.operation != Kind::Attach => tr!("picker-what-source"),
        PickerKind::Instance(_) => tr!("picker-what-attach-to"),
    };
    frame.render_widget(Clear, area);
    let title = tr!("picker-title", what = what.as_str(), region = region);
    frame.render_widget(block(format!(" {title} "), &palette, true), area);
    let inner = layout::inner(area);
    let filter = Line::from(vec![
        Span::styled(format!(" {} ", tr!("picker-filter")), palette.muted),
        Span::styled(format!("{}▏", picker.filter.text), palette.accent),
        Span::styled(format!("  {}", tr!("picker-filter-fields")), palette.muted),
    ]);
    let load = match picker.kind {
        PickerKind::Eni => shape(&model.resources.enis),
        PickerKind::Instance(_) => shape(&model.resources.instances),
    };
    let kind = if picker.kind == PickerKind::Eni { "eni" } else { "instance" };
    if let Some(status) = loading_status(&load, kind, &palette) {
        frame.render_widget(Paragraph::new(filter), inner);
        // Wrapped under the filter: a failure's title and what to do are read whole.
        let below = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
        let width = below.width.saturating_sub(1) as usize;
        let lines: Vec<Line> = status
            .into_iter()
            .flat_map(|(text, style)| {
                wrap_indented(&text, " ", width).into_iter().map(move |l| Line::styled(l, style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), below);
        return;
    }
    let table = match picker.kind {
        PickerKind::Eni => eni_table(model, picker),
        PickerKind::Instance(_) => instance_table(model, picker),
    };
    let status = status_line(&table, kind, inner.width as usize, &palette);
    frame.render_widget(Paragraph::new(vec![filter, status]), inner);
    let why = layout::picker_why(model, body);
    let area = layout::picker_table(body, &why);
    draw_table(table, picker, area, frame, &palette);
    let why: Vec<Line> = why.into_iter().map(|l| Line::styled(l, palette.warn)).collect();
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

/// A listing's state as paragraphs and their styles (`kind`: `eni` or `instance`), or None once
/// it is loaded.
fn loading_status(load: &Load<()>, kind: &str, palette: &Palette) -> Option<Vec<(String, Style)>> {
    match load {
        Load::Loaded(_) => None,
        Load::Idle => Some(vec![(tr!("picker-not-listed", kind = kind), palette.muted)]),
        Load::Loading => Some(vec![(tr!("picker-loading", kind = kind), palette.warn)]),
        Load::Failed(e) => {
            let title = e.explanation.title.as_str();
            Some(vec![
                (tr!("picker-failed", kind = kind, title = title, code = e.code.as_str()), palette.bad),
                (e.message.clone(), palette.base),
                (e.explanation.action.clone(), palette.muted),
                (tr!("picker-type-instead"), palette.muted),
            ])
        }
    }
}

/// The rows as text cells, with how each was judged.
struct Listing {
    cols: &'static [Col],
    cells: Vec<Vec<String>>,
    judgements: Vec<Judgement>,
    /// What the good rows are good for: "good to attach for ins-…", "can take eni-…".
    good_for: String,
    /// The same without the IDs, for a window too narrow for them: "good to attach".
    good_for_short: String,
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
            tr!("picker-good-to", verb = verb)
        } else {
            tr!("picker-good-to-for", verb = verb, against = against.as_str())
        },
        good_for_short: tr!("picker-good-to", verb = verb),
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
    let good_for = match (role, &eni) {
        (Role::Source | Role::Eni, Some(eni)) => tr!("picker-hold", eni = eni.as_str()),
        (Role::Source | Role::Eni, None) => tr!("picker-good-from", verb = verb),
        (Role::Destination, Some(eni)) => tr!("picker-can-take", eni = eni.as_str()),
        (Role::Destination, None) => tr!("picker-can-take-any"),
    };
    let good_for_short = match role {
        Role::Source | Role::Eni => tr!("picker-good-from", verb = verb),
        Role::Destination => tr!("picker-can-take-any"),
    };
    Listing {
        cols: &INSTANCE_COLUMNS,
        cells,
        judgements: rows.into_iter().map(|r| r.judgement).collect(),
        good_for,
        good_for_short,
    }
}

/// How many rows are good picks (why the selected one is not goes under the table). A window
/// too narrow for the whole line drops the IDs it names, then the count being checked: an ID
/// is never cut.
fn status_line(listing: &Listing, kind: &str, width: usize, palette: &Palette) -> Line<'static> {
    let good = listing.judgements.iter().filter(|j| j.eligible()).count();
    let checking = listing.judgements.iter().filter(|j| **j == Judgement::Checking).count();
    let checking = if checking > 0 {
        format!(" · {}", tr!("picker-checking", count = checking))
    } else {
        String::new()
    };
    let summary = |good_for: &str| {
        let total = listing.cells.len();
        format!(" {}", tr!("picker-summary", good = good, total = total, kind = kind, good_for = good_for))
    };
    let (full, short) = (summary(&listing.good_for), summary(&listing.good_for_short));
    let line = [format!("{full}{checking}"), format!("{short}{checking}"), short]
        .into_iter()
        .find(|line| line.width() <= width)
        .unwrap_or_else(|| summary(&listing.good_for_short));
    Line::styled(line, palette.muted)
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
        Judgement::Eligible { warnings } if warnings.is_empty() => tr!("picker-yes"),
        Judgement::Eligible { warnings } => {
            let notes: Vec<String> = warnings.iter().map(|v| short_warning(v.rule)).collect();
            tr!("picker-yes-but", notes = notes.join(&tr!("picker-list-separator")))
        }
        Judgement::Checking => tr!("picker-checking-slots"),
        Judgement::AlreadyThere(_) => tr!("picker-already-there"),
        Judgement::Ineligible(failed) => {
            let why: Vec<String> = failed.iter().map(|v| short(v.rule)).collect();
            why.join(&tr!("picker-list-separator"))
        }
    }
}

/// A rule's failure (or warning) in two or three words, for a table cell.
fn short(rule: Rule) -> String {
    match rule {
        Rule::AccountAllowed => tr!("picker-short-account"),
        Rule::EniExists | Rule::InstanceExists => tr!("picker-short-not-found"),
        Rule::EniFree => tr!("picker-short-not-free"),
        Rule::EniOnSource => tr!("picker-short-not-on-source"),
        Rule::EniNotPrimary => tr!("picker-short-primary"),
        Rule::EniAvailable => tr!("picker-short-busy"),
        Rule::SourceState => tr!("picker-short-source-state"),
        Rule::InstanceState => tr!("picker-short-wrong-state"),
        Rule::SameVpc => tr!("picker-short-other-vpc"),
        Rule::SameZone => tr!("picker-short-other-zone"),
        Rule::FreeEniSlot => tr!("picker-short-no-slot"),
        Rule::SecurityGroup => tr!("picker-short-no-security-group"),
        Rule::Runbook => tr!("picker-short-runbook"),
    }
}

/// A warning in a few words: it does not block.
fn short_warning(rule: Rule) -> String {
    match rule {
        Rule::FreeEniSlot => tr!("picker-short-slots-unknown"),
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
