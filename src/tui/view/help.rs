//! Help, generated from the live keymap: it lists exactly the keys the dispatch uses.

use super::text::{block, fit};
use crate::tr;
use crate::tui::keymap::Focus;
use crate::tui::layout;
use crate::tui::model::{Model, Overlay};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn lines(model: &Model) -> Vec<Line<'static>> {
    let palette = model.theme.palette();
    let mut lines = vec![Line::styled(format!(" {}", tr!("help-intro")), palette.muted)];
    for focus in Focus::ALL {
        lines.push(Line::styled(format!(" {}", focus.title()), palette.title));
        for (_, keys, help) in model.keymap.hints(focus) {
            lines.push(Line::from(vec![
                Span::styled(format!("   {}", fit(&keys, 14)), palette.key),
                Span::styled(help, palette.base),
            ]));
        }
    }
    // What the key table cannot say: editing in text fields, and the history search language.
    let notes = [
        (tr!("help-text-fields"), tr!("help-text-fields-body")),
        (tr!("help-history-search"), tr!("help-history-search-body")),
    ];
    for (title, text) in notes {
        lines.push(Line::styled(format!(" {title}"), palette.title));
        lines.extend(text.lines().map(|l| Line::styled(format!("   {l}"), palette.base)));
    }
    lines
}

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let palette = model.theme.palette();
    let area = body;
    frame.render_widget(Clear, area);
    frame.render_widget(block(format!(" {} ", tr!("help-title")), &palette, true), area);
    let all = lines(model);
    let inner = layout::inner(area);
    let max_offset = all.len().saturating_sub(inner.height as usize);
    let offset = match model.overlay {
        Some(Overlay::Help { offset }) => offset,
        _ => 0,
    };
    let visible: Vec<Line> = all.into_iter().skip(offset.min(max_offset)).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
