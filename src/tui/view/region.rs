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

const COLUMNS: [Col; 5] = [
    Col::fixed("", 0),
    Col::fixed(crate::msgid!("col-id"), 0),
    Col::grow(crate::msgid!("region-col-name"), 1),
    Col::grow(crate::msgid!("region-col-other-name"), 2),
    Col::fixed("", 3),
];

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
    let cells: Vec<Vec<String>> = regions
        .iter()
        .map(|r| {
            let mark = if Some(r.id.as_str()) == current { "✓" } else { " " };
            let finance = if r.finance { tr!("region-finance") } else { String::new() };
            // The run's language first, the other beside it: either can be searched.
            vec![mark.into(), r.id.clone(), r.local_name().into(), r.other_name().into(), finance]
        })
        .collect();
    let styles = vec![palette.base; cells.len()];
    let table = ListTable { cols: &COLUMNS, cells: &cells, styles: &styles, list: pane.list };
    table.draw(layout::region_table(area), frame, &palette);
}
