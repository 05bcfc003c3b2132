//! Help, generated from the live keymap: it lists exactly the keys the dispatch uses.

use super::text::{block, fit};
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::model::{Model, Overlay};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn lines(model: &Model) -> Vec<Line<'static>> {
    let palette = model.theme.palette();
    let mut lines = vec![Line::styled(
        " Keys per pane (from the live keymap; rebind in the config file's [keys] table).",
        palette.muted,
    )];
    for context in Context::ALL {
        lines.push(Line::styled(format!(" {}", context.title()), palette.title));
        for (_, keys, help) in model.keymap.hints(context) {
            lines.push(Line::from(vec![
                Span::styled(format!("   {}", fit(&keys, 14)), palette.key),
                Span::styled(help.to_string(), palette.base),
            ]));
        }
    }
    for (title, text) in NOTES {
        lines.push(Line::styled(format!(" {title}"), palette.title));
        lines.extend(text.iter().map(|l| Line::styled(format!("   {l}"), palette.base)));
    }
    lines
}

/// What the key table cannot say: editing in text fields, and the history search language.
const NOTES: [(&str, &[&str]); 2] = [
    (
        "Text fields and lists",
        &[
            "Printable keys type (the region list is its own filter; in History `/` opens the search).",
            "Ctrl-U clears, Ctrl-W deletes a word,",
            "Ctrl-K deletes to the end, Ctrl-A/Ctrl-E or Home/End jump, Alt-←/→ move by word.",
            "Paste `eni-… ins-…` (a move: `eni-… ins-from ins-to`) to fill the fields at once.",
            "Names match fuzzily (`wb1` finds web-1); IDs match exactly or by prefix.",
        ],
    ),
    (
        "History search",
        &[
            "Words are ANDed; each is found in any column shown: ENI, instances, region, action,",
            "outcome, error code, RequestId, ClientToken (`detach`, `ins-web`, `Zone`).",
            "field:value narrows a word: outcome: (status:), region:, code: (error:), eni:,",
            "instance: (ins:), request: (req:), token:, action:, profile:, account:.",
            "Examples: `outcome:failed region:ap-guangzhou`, `action:move`, `code:\"Zone\"`.",
        ],
    ),
];

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let palette = model.theme.palette();
    let area = body;
    frame.render_widget(Clear, area);
    frame.render_widget(block(" Help · Esc or ? closes ", &palette, true), area);
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
