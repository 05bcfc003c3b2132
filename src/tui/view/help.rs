//! Help, generated from the live keymap: it lists exactly the keys the dispatch uses.

use super::text::{block, fit, wrap_indented, wrap_line};
use crate::tr;
use crate::tui::keymap::Focus;
use crate::tui::layout;
use crate::tui::model::Model;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;
use unicode_width::UnicodeWidthStr;

/// The help laid out for the pane's width: every line wrapped (never cut), and the line on
/// which each focus's section starts.
pub struct Laid {
    pub lines: Vec<Line<'static>>,
    pub starts: Vec<(Focus, usize)>,
}

impl Laid {
    /// The line where `focus`'s title is (the first line when it has no section).
    pub fn start(&self, focus: Focus) -> usize {
        self.starts.iter().find(|(f, _)| *f == focus).map_or(0, |(_, at)| *at)
    }
}

pub fn lay_out(model: &Model, width: usize) -> Laid {
    let palette = model.theme.palette();
    let intro = format!(" {}", tr!("help-intro"));
    let intro = if intro.width() <= width { intro } else { format!(" {}", tr!("help-intro-short")) };
    let mut lines: Vec<Line<'static>> = wrap_line(Line::styled(intro, palette.muted), width);
    let mut starts = Vec::new();
    // The keys' column is as wide as the widest keys, so each help starts in one column; a
    // help too long for what is left wraps under itself.
    let hints: Vec<_> = Focus::ALL.into_iter().map(|focus| (focus, model.keymap.hints(focus))).collect();
    let keys_width =
        hints.iter().flat_map(|(_, h)| h.iter().map(|(_, keys, _)| keys.width())).max().unwrap_or(0);
    for (focus, hints) in hints {
        starts.push((focus, lines.len()));
        lines.extend(wrap_line(Line::styled(format!(" {}", focus.title()), palette.title), width));
        for (_, keys, help) in hints {
            let line = Line::from(vec![
                Span::styled(format!("   {}", fit(&keys, keys_width + 2)), palette.key),
                Span::styled(help, palette.base),
            ]);
            lines.extend(wrap_line(line, width));
        }
    }
    // What the key table cannot say: editing in text fields, and the history search language.
    let notes = [
        (tr!("help-text-fields"), tr!("help-text-fields-body")),
        (tr!("help-history-search"), tr!("help-history-search-body")),
    ];
    for (title, text) in notes {
        lines.extend(wrap_line(Line::styled(format!(" {title}"), palette.title), width));
        let wrapped = text.lines().flat_map(|l| wrap_indented(l, "   ", width));
        lines.extend(wrapped.map(|l| Line::styled(l, palette.base)));
    }
    Laid { lines, starts }
}

/// Draws the help from `scroll` lines past the start of `from`'s keys; returns that scroll
/// clamped to what the help can show at this size (the model keeps it).
pub fn draw(model: &Model, from: Focus, scroll: i32, frame: &mut Frame, area: Rect) -> i32 {
    let palette = model.theme.palette();
    frame.render_widget(Clear, area);
    frame.render_widget(block(format!(" {} ", tr!("help-title")), &palette, true), area);
    let inner = layout::inner(area);
    let laid = lay_out(model, inner.width.saturating_sub(1) as usize);
    let start = laid.start(from) as i64;
    let last = laid.lines.len().saturating_sub(inner.height as usize) as i64;
    let top = (start + i64::from(scroll)).clamp(0, last);
    super::confirm::scrolled(laid.lines, top as u16, inner, frame);
    (top - start) as i32
}
