//! Help, generated from the live keymap: it lists exactly the keys the dispatch uses.

use super::text::{block, fit, wrap_indented};
use crate::tr;
use crate::tui::keymap::Focus;
use crate::tui::layout;
use crate::tui::model::{Model, Overlay};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn lines(model: &Model) -> Vec<Line<'static>> {
    let palette = model.theme.palette();
    let width = layout::inner(layout::areas(layout::screen_rect(model)).body).width as usize;
    // One line (the sections are found by counting lines): the short form when the long is too wide.
    let intro = format!(" {}", tr!("help-intro"));
    let intro = if intro.width() <= width { intro } else { format!(" {}", tr!("help-intro-short")) };
    let mut lines = vec![Line::styled(intro, palette.muted)];
    // The keys' column is as wide as the widest keys, so a narrow window keeps each help whole
    // on its line (one line per key: the help opens at its pane's section by counting them).
    let hints: Vec<_> = Focus::ALL.into_iter().map(|focus| (focus, model.keymap.hints(focus))).collect();
    let keys_width =
        hints.iter().flat_map(|(_, h)| h.iter().map(|(_, keys, _)| keys.width())).max().unwrap_or(0);
    for (focus, hints) in hints {
        lines.push(Line::styled(format!(" {}", focus.title()), palette.title));
        for (_, keys, help) in hints {
            lines.push(Line::from(vec![
                Span::styled(format!("   {}", fit(&keys, keys_width + 2)), palette.key),
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
        // Prose after every section: wrapped, never cut.
        let wrapped = text.lines().flat_map(|l| wrap_indented(l, "   ", width.saturating_sub(1)));
        lines.extend(wrapped.map(|l| Line::styled(l, palette.base)));
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
