//! Small text helpers shared by the panes.

use crate::tui::theme::Palette;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};
use unicode_width::UnicodeWidthStr;

/// `text` cut or padded to exactly `width` terminal columns (an ellipsis marks a cut). Widths
/// are display widths (unicode-truncate), so a CJK name (two columns a character) keeps the
/// table aligned and is never split inside a character.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_truncate::{Alignment, UnicodeTruncateStr};
    if text.width() <= width {
        return text.unicode_pad(width, Alignment::Left, false).into_owned();
    }
    if width == 0 {
        return String::new();
    }
    let (kept, _) = text.unicode_truncate(width - 1);
    format!("{kept}…").unicode_pad(width, Alignment::Left, false).into_owned()
}

/// `text` broken into lines of at most `width` columns, each after `indent`: for sentences
/// (advice) that must be read whole at any width. textwrap lays the lines out by display width
/// at the Unicode line-break opportunities (spaces, and between CJK characters, as Chinese has
/// no spaces); it never breaks at a hyphen nor inside a word, so an ID (`vpc-gz0main1`) is
/// never cut.
pub fn wrap_indented(text: &str, indent: &str, width: usize) -> Vec<String> {
    let room = width.saturating_sub(indent.width()).max(10);
    textwrap::wrap(text, wrap_options(room)).into_iter().map(|l| format!("{indent}{l}")).collect()
}

/// At most `room` of `lines`; when some are left out, the last one kept ends in `…` so the cut
/// shows (a notice longer than the footer).
pub fn truncate_marked(mut lines: Vec<String>, room: usize, width: usize) -> Vec<String> {
    if lines.len() > room {
        lines.truncate(room);
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last} …"), width).trim_end().to_string();
        }
    }
    lines
}

/// How every pane wraps prose: whole words (an ID is one), Unicode line breaks, first fit.
pub fn wrap_options(width: usize) -> textwrap::Options<'static> {
    textwrap::Options::new(width)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::UnicodeBreakProperties)
}

/// A table column: its title (a message ID, `msgid!("col-…")`), how much it matters when the
/// window is narrow (0 first), and
/// whether it takes the room left over.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub title: &'static str,
    pub priority: u8,
    /// Grows into spare width and may be cut (names, reasons); the others are never cut.
    pub grow: bool,
}

impl Col {
    /// The title in the run's language (`title` is its message ID; empty: no title).
    pub fn heading(&self) -> String {
        if self.title.is_empty() { String::new() } else { crate::i18n::message(self.title, &[]) }
    }

    pub const fn fixed(title: &'static str, priority: u8) -> Col {
        Col { title, priority, grow: false }
    }

    pub const fn grow(title: &'static str, priority: u8) -> Col {
        Col { title, priority, grow: true }
    }
}

/// Narrowest a growing column gets.
const GROW_MIN: usize = 10;

/// Which columns fit in `width` and how wide each is: fixed columns get their widest cell (so
/// a zone or a state is never cut), growing ones share what is left; when the window is too
/// narrow, the least important columns go first. Returns `(column index, width)` in table order.
pub fn fit_columns(cols: &[Col], cells: &[Vec<String>], width: usize) -> Vec<(usize, u16)> {
    let headings: Vec<String> = cols.iter().map(Col::heading).collect();
    fit_headed_columns(cols, &headings, cells, width)
}

/// [`fit_columns`] under headings of the table's own (one per column).
pub fn fit_headed_columns(
    cols: &[Col],
    headings: &[String],
    cells: &[Vec<String>],
    width: usize,
) -> Vec<(usize, u16)> {
    let titles: Vec<usize> = headings.iter().map(|h| h.width()).collect();
    let widest = |i: usize| cells.iter().map(|row| row[i].width()).chain([titles[i]]).max().unwrap_or(0);
    let need: Vec<usize> = (0..cols.len()).map(|i| if cols[i].grow { GROW_MIN } else { widest(i) }).collect();
    let mut order: Vec<usize> = (0..cols.len()).collect();
    order.sort_by_key(|&i| cols[i].priority);
    let mut kept = Vec::new();
    let mut used = 0;
    for i in order {
        let extra = need[i] + usize::from(!kept.is_empty());
        if used + extra <= width {
            used += extra;
            kept.push(i);
        }
    }
    kept.sort_unstable();
    // Spare width goes to the growing columns in proportion to what each lacks of its widest
    // cell; once all are whole the table simply ends (no column is stretched past its text).
    let mut widths: Vec<usize> = kept.iter().map(|&i| need[i]).collect();
    let lacks: Vec<usize> =
        kept.iter().map(|&i| if cols[i].grow { widest(i).saturating_sub(need[i]) } else { 0 }).collect();
    let total_lack: usize = lacks.iter().sum();
    let share = width.saturating_sub(used).min(total_lack);
    for (slot, lack) in lacks.iter().enumerate() {
        widths[slot] += (lack * share).checked_div(total_lack).unwrap_or(0);
    }
    kept.into_iter().zip(widths).map(|(i, w)| (i, w as u16)).collect()
}

/// A list drawn as a ratatui `Table` (header, the selected row lit) with a `Scrollbar` when
/// the rows do not all fit; the columns are chosen and sized by [`fit_columns`].
pub struct ListTable<'a> {
    pub cols: &'a [Col],
    pub cells: &'a [Vec<String>],
    pub styles: &'a [Style],
    pub list: crate::tui::model::ListPos,
}

impl ListTable<'_> {
    pub fn draw(&self, area: Rect, frame: &mut ratatui::Frame, palette: &Palette) {
        let headings = self.cols.iter().map(Col::heading).collect();
        self.draw_headed(headings, area, frame, palette);
    }

    /// [`draw`](Self::draw) with headings of the table's own (one per column) rather than its
    /// columns' titles.
    pub fn draw_headed(
        &self,
        headings: Vec<String>,
        area: Rect,
        frame: &mut ratatui::Frame,
        palette: &Palette,
    ) {
        use ratatui::layout::Constraint;
        use ratatui::widgets::{
            Cell, Row, Scrollbar, ScrollbarOrientation, ScrollbarState, Table, TableState,
        };
        // One column is kept for the scrollbar, two for the selection mark.
        let width = area.width.saturating_sub(1);
        let kept = fit_headed_columns(self.cols, &headings, self.cells, width.saturating_sub(2) as usize);
        let header =
            Row::new(kept.iter().map(|(i, _)| Cell::from(headings[*i].clone()))).style(palette.muted);
        // A growing column narrower than its text ends it with an ellipsis, so a cut shows.
        let cell = |text: &str, width: u16| match text.width() <= usize::from(width) {
            true => text.to_string(),
            false => fit(text, usize::from(width)),
        };
        let rows = self.cells.iter().zip(self.styles).map(|(cells, style)| {
            Row::new(kept.iter().map(|(i, w)| Cell::from(cell(&cells[*i], *w)))).style(*style)
        });
        let widths: Vec<Constraint> = kept.iter().map(|(_, w)| Constraint::Length(*w)).collect();
        let table = Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(palette.selected)
            .highlight_symbol("▶ ")
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
        let mut state =
            TableState::default().with_offset(self.list.offset).with_selected(Some(self.list.selected));
        frame.render_stateful_widget(table, Rect { width, ..area }, &mut state);
        // The bar only when the rows do not all fit (the header takes the first line).
        let height = area.height.saturating_sub(1) as usize;
        if self.cells.len() > height {
            let mut scroll = ScrollbarState::new(self.cells.len())
                .viewport_content_length(height)
                .position(self.list.selected);
            let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight).begin_symbol(None).end_symbol(None);
            let bar_area = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
            frame.render_stateful_widget(bar, bar_area, &mut scroll);
        }
    }
}

pub fn block<'a>(title: impl Into<Line<'a>>, palette: &Palette, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(if focused { palette.border_focused } else { palette.border })
        .title(title.into().style(palette.title))
}

/// `label` padded to `width`, muted, then the value.
pub fn field<'a>(
    label: &str,
    width: usize,
    value: impl Into<String>,
    palette: &Palette,
    style: Style,
) -> Line<'a> {
    Line::from(vec![Span::styled(fit(label, width), palette.muted), Span::styled(value.into(), style)])
}

/// A [`field`] line (label span, then value spans) as one line when it fits in `width`, else
/// its value wrapped (textwrap, by display width) under itself, `indent` columns in, so nothing
/// is cut. Words longer than a line (a URL) are broken; an ID is shorter than any line.
pub fn wrap_field(line: Line<'static>, indent: usize, width: usize) -> Vec<Line<'static>> {
    if line.width() <= width || line.spans.len() < 2 || width <= indent + 8 {
        return vec![line];
    }
    let label = line.spans[0].clone();
    let style = line.spans[1].style;
    let value: String = line.spans[1..].iter().map(|s| s.content.as_ref()).collect();
    // Never at a hyphen: an ID (`ins-web00002`, `ap-guangzhou`) is one word.
    let options = textwrap::Options::new(width - indent)
        .break_words(true)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(&value, options)
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let head = if i == 0 { label.clone() } else { Span::raw(" ".repeat(indent)) };
            Line::from(vec![head, Span::styled(chunk.into_owned(), style)])
        })
        .collect()
}

/// A styled line broken to `width` display columns, each continuation under the text: after
/// the first span when the line has several (a mark, a label), else one column in. Breaks fall
/// at spaces and between CJK characters, as in [`wrap_indented`], so an ID (`eni-…`) is never
/// cut; only a word longer than a whole line (a URL) is broken. Styles stay with their text.
pub fn wrap_line(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    if line.width() <= width || width < 8 {
        return vec![line];
    }
    let (head, body) = match line.spans.split_first() {
        Some((first, rest)) if !rest.is_empty() => (Some(first.clone()), rest),
        _ => (None, &line.spans[..]),
    };
    let head_width = head.as_ref().map_or(0, |h| h.width());
    let indent = head.as_ref().map_or(1, |_| head_width).min(width / 2);
    let mut text = String::new();
    let mut ends = Vec::new();
    for span in body {
        text.push_str(&span.content);
        ends.push((text.len(), span.style));
    }
    let later = width - indent;
    let words =
        textwrap::core::break_words(textwrap::WordSeparator::UnicodeBreakProperties.find_words(&text), later);
    let rooms = [width.saturating_sub(head_width).max(1) as f64, later as f64];
    let rows = textwrap::wrap_algorithms::wrap_first_fit(&words, &rooms);
    let offset = |word: &str| word.as_ptr() as usize - text.as_ptr() as usize;
    let mut lines = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        let (Some(first), Some(last)) = (row.first(), row.last()) else { continue };
        // The first row keeps its leading spaces; later rows start at their first word.
        let from = if n == 0 { 0 } else { offset(first.word) };
        let to = offset(last.word) + last.word.len();
        let mut spans = match (n, &head) {
            (0, Some(head)) => vec![head.clone()],
            (0, None) => Vec::new(),
            _ => vec![Span::raw(" ".repeat(indent))],
        };
        let mut start = 0;
        for &(end, style) in &ends {
            let (a, b) = (start.max(from), end.min(to));
            if a < b {
                spans.push(Span::styled(text[a..b].to_string(), style));
            }
            start = end;
        }
        lines.push(Line::from(spans));
    }
    if lines.is_empty() {
        return vec![line];
    }
    lines
}

/// A buffer as plain text, one line per row, trailing blanks trimmed: what snapshots and the
/// README captures show.
pub fn buffer_text(buffer: &Buffer) -> String {
    let area: Rect = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            // A wide character covers the next cell too; its cell holds nothing to print.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            // Display width (unicode-width, as ratatui lays the cells out): a CJK character
            // or a full-width `（` takes two.
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Milliseconds since the epoch as `YYYY-MM-DD HH:MM:SS` UTC (UTC keeps screens reproducible
/// and matches the times the service logs).
pub fn utc(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| ms.to_string())
}

/// The account as the header (`with_arn` false: the ID) or the confirm pane (the ID and ARN)
/// shows it, with its style; None when there is no credential to have one.
pub fn account(
    state: &crate::tui::model::AccountState,
    with_arn: bool,
    palette: &Palette,
) -> Option<(String, Style)> {
    use crate::tui::model::AccountState;
    match state {
        AccountState::NoCredential => None,
        AccountState::Checking { .. } => Some((crate::tr!("account-checking"), palette.warn)),
        AccountState::Known(account) if with_arn => Some((account.to_string(), palette.accent)),
        AccountState::Known(account) => Some((account.id.clone(), palette.accent)),
        AccountState::Unknown(reason) => {
            Some((crate::tr!("account-unknown", reason = reason.as_str()), palette.bad))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_pads_and_cuts() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(utc(0), "1970-01-01 00:00:00");
    }

    #[test]
    fn fit_counts_display_columns_for_wide_characters() {
        assert_eq!(fit("未命名", 8), "未命名  ");
        assert_eq!(fit("未命名", 8).width(), 8);
        // Cutting never splits a wide character: 未命 is 4 columns, then … and a pad to 6.
        assert_eq!(fit("未命名实例", 6), "未命… ");
        assert_eq!(fit("未命名实例", 6).width(), 6);
    }
}
