//! The account's activity (CloudAudit) as the terminal app shows it: the confirm pane's
//! warning verdict about others' recent changes.

use super::text::wrap_indented;
use crate::tr;
use crate::tui::model::ActivityCheck;
use crate::tui::theme::Palette;
use ratatui::text::Line;

/// The confirm pane's activity block: a title, then what arrived (or that it is on its way).
pub fn confirm_lines(check: &ActivityCheck, width: usize, palette: &Palette) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(format!(" {}", tr!("activity-title")), palette.title)];
    let wrapped = |text: String, mark: &str, style| -> Vec<Line<'static>> {
        let text = format!("{mark} {text}");
        wrap_indented(&text, "     ", width)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), style))
            .collect()
    };
    match check {
        ActivityCheck::Off => return Vec::new(),
        ActivityCheck::Checking => {
            lines.push(Line::styled(format!(" … {}", tr!("activity-checking")), palette.muted))
        }
        ActivityCheck::Unavailable(why) => {
            lines.extend(wrapped(crate::activity::unavailable(why), "!", palette.warn))
        }
        ActivityCheck::Checked { others, at, window, skipped } => {
            if others.is_empty() {
                let window = crate::activity::window_text(*window);
                lines.extend(wrapped(tr!("activity-quiet", window = window), "✓", palette.muted));
            }
            for change in others {
                lines.extend(wrapped(crate::activity::warning(change, *at), "!", palette.warn));
            }
            if *skipped > 0 {
                lines.extend(wrapped(tr!("activity-skipped", count = *skipped), "!", palette.muted));
            }
            lines.extend(wrapped(tr!("activity-late-note"), " ", palette.muted));
        }
    }
    lines
}
