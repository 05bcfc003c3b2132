//! The region list.

use super::text::{Col, ListTable, block};
use crate::tui::layout;
use crate::tui::model::Model;
use crate::tui::update::visible_regions;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const COLUMNS: [Col; 5] =
    [Col::fixed("", 0), Col::fixed("ID", 0), Col::grow("Name", 1), Col::grow("中文名", 2), Col::fixed("", 3)];

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
        let text = format!(
            " Pick a region · {} regions · type to filter (ID, name, 中文, alias like gz)",
            regions.len()
        );
        Line::styled(text, palette.muted)
    };
    frame.render_widget(Paragraph::new(filter), inner);

    let current = model.session.region.as_deref();
    let cells: Vec<Vec<String>> = regions
        .iter()
        .map(|r| {
            let mark = if Some(r.id.as_str()) == current { "✓" } else { " " };
            let finance = if r.finance { "FINANCE" } else { "" };
            vec![mark.into(), r.id.clone(), r.name.clone(), r.name_zh.clone(), finance.into()]
        })
        .collect();
    let styles = vec![palette.base; cells.len()];
    let table = ListTable { cols: &COLUMNS, cells: &cells, styles: &styles, list: pane.list };
    table.draw(layout::region_table(area), frame, &palette);
}
