//! The region list.

use super::text::{block, columns};
use crate::tui::layout;
use crate::tui::model::Model;
use crate::tui::update::visible_regions;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let pane = &model.regions;
    frame.render_widget(block(" Region ", &palette, true), area);
    let inner = layout::inner(area);
    let regions = visible_regions(model);
    let filter = if pane.filtering || !pane.filter.text.is_empty() {
        Line::from(vec![
            Span::styled(" filter: ", palette.muted),
            Span::styled(format!("{}▏", pane.filter.text), palette.accent),
            Span::styled(
                format!("  {} of {} regions", regions.len(), crate::catalog::regions().len()),
                palette.muted,
            ),
        ])
    } else {
        Line::styled(format!(" {} regions · / filter · Enter choose", regions.len()), palette.muted)
    };
    let titles = Line::styled(format!("   {}", columns(&[("ID", 18), ("Name", 42), ("", 8)])), palette.muted);
    frame.render_widget(Paragraph::new(vec![filter, titles]), inner);

    let list = layout::region_list(area);
    let current = model.session.region.as_deref();
    let rows: Vec<Line> = regions
        .iter()
        .enumerate()
        .skip(pane.list.offset)
        .take(list.height as usize)
        .map(|(i, region)| {
            let mark = if Some(region.id.as_str()) == current { "✓" } else { " " };
            let finance = if region.finance { "FINANCE" } else { "" };
            let pointer = if i == pane.list.selected { "▶" } else { " " };
            let text =
                format!("{pointer}{mark} {}", columns(&[(&region.id, 18), (&region.name, 42), (finance, 8)]));
            let style = if i == pane.list.selected { palette.selected } else { palette.base };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), list);
}
