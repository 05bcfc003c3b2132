//! The region list.

use super::text::{Col, ListTable, block};
use crate::tr;
use crate::tui::layout;
use crate::tui::model::Model;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// The check mark, the ID, both names in one column (see [`Names`]), and the finance marker
/// when it costs no name its room.
const COLUMNS: [Col; 4] = [
    Col::fixed("", 0),
    Col::fixed(crate::msgid!("col-id"), 0),
    Col::grow(crate::msgid!("region-col-name"), 1),
    Col::fixed("", 2),
];

/// A region's two names share one column: the run's language first, padded to `lead` so the
/// other language's names line up after it. A name wider than `lead` (Hong Kong's English one)
/// runs on into the other's place on its row alone rather than being cut; the other name takes
/// what is left of the row and is the one cut, marked with `…`. Too little left for it, it is
/// left out (the filter still matches it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Names {
    lead: usize,
    room: usize,
}

/// The least room worth giving the other language's name.
const OTHER_MIN: usize = 8;

/// At most this many rows' first name may run past the lead.
const PAST_LEAD: usize = 2;

impl Names {
    /// The `lead` for these names in `room` columns: one of the widest first names (so at most
    /// [`PAST_LEAD`] rows run past it), with the fewest rows cut, then the fewest running past.
    fn lay_out(names: &[(&str, &str)], room: usize) -> Names {
        let mut widths: Vec<usize> = names.iter().map(|(first, _)| first.width().min(room)).collect();
        widths.sort_unstable_by(|a, b| b.cmp(a));
        widths.dedup();
        let past = |lead: usize| names.iter().filter(|(first, _)| first.width() > lead).count();
        widths
            .into_iter()
            .take(PAST_LEAD + 1)
            .map(|lead| Names { lead, room })
            .filter(|names| names.shows_other())
            .min_by_key(|layout| (layout.cut(names), past(layout.lead)))
            .unwrap_or(Names { lead: room, room })
    }

    fn shows_other(&self) -> bool {
        self.room.saturating_sub(self.lead + 1) >= OTHER_MIN
    }

    /// Rows whose first name is cut, then rows whose other name is not shown whole (cut or
    /// left out): the first matters more.
    fn cut(&self, names: &[(&str, &str)]) -> (usize, usize) {
        let first_cut = names.iter().filter(|(first, _)| first.width() > self.room).count();
        let other_cut = match self.shows_other() {
            true => names
                .iter()
                .filter(|(first, other)| self.lead.max(first.width()) + 1 + other.width() > self.room)
                .count(),
            false => names.len(),
        };
        (first_cut, other_cut)
    }

    fn cell(&self, first: &str, other: &str) -> String {
        if !self.shows_other() {
            return first.to_string();
        }
        let pad = self.lead.saturating_sub(first.width());
        format!("{first}{} {other}", " ".repeat(pad))
    }
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let pane = &model.regions;
    frame.render_widget(block(format!(" {} ", tr!("region-title")), &palette, true), area);
    let inner = layout::inner(area);
    let regions = model.visible_regions();
    let filter = if pane.filtering || !pane.filter.text.is_empty() {
        Line::from(vec![
            Span::styled(format!(" {} ", tr!("region-filter")), palette.muted),
            Span::styled(format!("{}▏", pane.filter.text), palette.accent),
            Span::styled(
                format!(
                    "  {}",
                    tr!(
                        "region-filter-count",
                        shown = regions.len(),
                        total = crate::catalog::regions().len()
                    )
                ),
                palette.muted,
            ),
        ])
    } else {
        // The filter's example goes when the line is too narrow for it: the line is never cut.
        let full = format!(" {}", tr!("region-prompt", count = regions.len()));
        let prompt = if full.width() <= inner.width as usize {
            full
        } else {
            format!(" {}", tr!("region-prompt-short", count = regions.len()))
        };
        Line::styled(prompt, palette.muted)
    };
    frame.render_widget(Paragraph::new(filter), inner);

    let current = model.session.region.as_deref();
    // The run's language first, the other beside it: either can be searched.
    let names: Vec<(&str, &str)> = regions.iter().map(|r| (r.local_name(), r.other_name())).collect();
    let id_width = regions.iter().map(|r| r.id.width()).chain([tr!("col-id").width()]).max().unwrap_or(0);
    // What the table leaves the names: the scrollbar, the selection mark and the fixed columns
    // with a space after each (as `ListTable` lays them out).
    let room = usize::from(layout::region_table(area).width).saturating_sub(3 + 1 + 1 + id_width + 1);
    let finance = tr!("region-finance");
    let finance_room = room.saturating_sub(finance.width() + 1);
    // The finance marker only when it costs no name its room: a finance region's names and ID
    // say it too (`… Finance`, `…金融`, `-fsi`).
    let any_finance = regions.iter().any(|r| r.finance);
    let with_finance = Names::lay_out(&names, finance_room);
    let without = Names::lay_out(&names, room);
    let show_finance = any_finance && with_finance.cut(&names) <= without.cut(&names);
    let laid = if show_finance { with_finance } else { without };
    let cells: Vec<Vec<String>> = regions
        .iter()
        .zip(&names)
        .map(|(r, (first, other))| {
            let mark = if Some(r.id.as_str()) == current { "✓" } else { " " };
            let mut row = vec![mark.into(), r.id.clone(), laid.cell(first, other)];
            if show_finance {
                row.push(if r.finance { finance.clone() } else { String::new() });
            }
            row
        })
        .collect();
    let headings = vec![
        String::new(),
        tr!("col-id"),
        laid.cell(&tr!("region-col-name"), &tr!("region-col-other-name")),
        String::new(),
    ];
    let cols = if show_finance { &COLUMNS[..] } else { &COLUMNS[..3] };
    let styles = vec![palette.base; cells.len()];
    let table = ListTable { cols, cells: &cells, styles: &styles, list: pane.list };
    table.draw_headed(headings, layout::region_table(area), frame, &palette);
}
