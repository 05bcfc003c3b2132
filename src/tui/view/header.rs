//! Always on screen: where calls go and as whom (header), the panes (tabs), and the keys that
//! work right now plus the last notice (footer). Keys come from the live keymap.

use super::text::fit;
use crate::catalog;
use crate::tr;
use crate::tui::keymap::Focus;
use crate::tui::layout;
use crate::tui::model::Model;
use crate::tui::msg::Shown;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let session = &model.session;
    let region = match &session.region {
        Some(id) => {
            // The region's name goes first when the window is narrow; its ID never does.
            let name = catalog::region(id).map(|r| format!(" · {}", r.local_name())).unwrap_or_default();
            let text = format!("{id}{name}");
            let text = if text.width() + 34 > area.width as usize { id.clone() } else { text };
            Span::styled(text, palette.accent)
        }
        None => Span::styled(tr!("header-no-region"), palette.warn),
    };
    let mut first = vec![
        Span::styled(" tceni ", palette.title),
        Span::styled(format!("{} ", tr!("header-region")), palette.muted),
        region,
    ];
    if session.sandbox {
        first.push(Span::raw("  "));
        first.push(Span::styled(format!(" {} ", tr!("header-sandbox")), palette.badge_sandbox));
    }
    if session.read_only {
        first.push(Span::raw("  "));
        first.push(Span::styled(format!(" {} ", tr!("header-read-only")), palette.badge_read_only));
    }
    let endpoint = session.endpoints.vpc_url(session.region.as_deref().unwrap_or("ap-guangzhou"));
    let credential = match &session.credential {
        Some(c) => Span::styled(c.clone(), palette.base),
        None => Span::styled(tr!("header-no-credential"), palette.bad),
    };
    // A narrow window gets the short labels, so the credential is not the part that is cut.
    let account = super::text::account(&session.account, false, &palette);
    let account_width = account.as_ref().map_or(0, |(text, _)| text.width() + 8);
    let narrow = endpoint.width() + credential.content.width() + account_width + 24 > area.width as usize;
    let (via, as_whom) = if narrow {
        (" ".to_string(), format!("  {} ", tr!("header-as")))
    } else {
        (format!(" {} ", tr!("header-endpoint")), format!("  {} ", tr!("header-credential")))
    };
    let mut second = vec![Span::styled(via, palette.muted), Span::styled(endpoint, palette.base)];
    // Before the credential: on a narrow terminal the account is the part that must show.
    if let Some((account, style)) = account {
        let label = if narrow { tr!("header-acct") } else { tr!("header-account") };
        second.push(Span::styled(format!("  {label} "), palette.muted));
        second.push(Span::styled(account, style));
    }
    second.extend([Span::styled(as_whom, palette.muted), credential]);
    give_way_to_who(&mut second, area.width as usize);
    frame.render_widget(Paragraph::new(vec![Line::from(first), Line::from(second)]), area);
}

pub fn draw_tabs(model: &Model, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let mut spans = Vec::new();
    let mut at = 0;
    for (pane, label, x, width) in layout::tab_spans(model) {
        spans.push(Span::raw(" ".repeat(usize::from(x.saturating_sub(at)))));
        // Confirm is a step of the form, so the form's tab stays lit.
        let current = pane == model.screen.pane();
        spans.push(Span::styled(label, if current { palette.selected } else { palette.muted }));
        at = x + width;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Line 1: the notice, if any. Line 2 (or both when there is no notice): the keys.
pub fn draw_footer(model: &Model, shown: &Shown, frame: &mut Frame, area: Rect) {
    let palette = model.theme.palette();
    let width = area.width as usize;
    let mut hints: Vec<Span> = Vec::new();
    // The pane keys are on the tab line; an action that does nothing now is not offered.
    let offered = model
        .keymap
        .hints(model.focus())
        .into_iter()
        .filter(|(action, ..)| action.pane().is_none() && model.offers(*action));
    for (_, keys, help) in offered {
        hints.push(Span::styled(format!(" {keys}"), palette.key));
        hints.push(Span::styled(format!(" {help} "), palette.muted));
    }
    let confirm = model.confirm().filter(|_| model.focus() == Focus::Confirm);
    let asked = model.progress.as_ref().and_then(|p| p.run.live()).and_then(|l| l.asking);
    if let Some(asked) = asked.filter(|_| model.focus() == Focus::Progress) {
        let line = Line::styled(super::progress::question_keys(model, asked), palette.warn);
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), area);
        return;
    }
    // A notice is wrapped, never cut: when it needs both lines it has them (the keys are back
    // with the next key, and in the help). Longer than the whole footer (rare), its end is
    // marked rather than silently lost.
    let height = area.height as usize;
    let notice = match &model.notice {
        Some(notice) => super::text::wrap_indented(notice, " ", width),
        None => Vec::new(),
    };
    // On the confirm pane the footer says exactly what the send key will do, not a key list.
    if let Some(c) = confirm {
        let scrolls = shown.confirm_scroll_limit.is_some_and(|limit| limit > 0);
        let lines = super::confirm::footer(model, c, scrolls, notice, width, height, &palette);
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let notice = super::text::truncate_marked(notice, height, width);
    let mut lines: Vec<Line> = notice.into_iter().map(|l| Line::styled(l, palette.warn)).collect();
    // The keys in the lines the notice leaves, each whole with what it does (a key whose help
    // ran off the footer said nothing); the rest are in the help.
    let room = height.saturating_sub(lines.len());
    lines.extend(wrap_spans(hints, width).into_iter().take(room));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// Break a row of key hints over lines without splitting a key from its help: each key and its
/// help are one textwrap fragment, laid out first-fit by display width.
fn wrap_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Line<'static>> {
    #[derive(Debug)]
    struct Hint(Vec<Span<'static>>);
    impl textwrap::core::Fragment for Hint {
        fn width(&self) -> f64 {
            self.0.iter().map(|s| s.content.width()).sum::<usize>() as f64
        }
        // The spaces are inside the spans (` key`, ` help `).
        fn whitespace_width(&self) -> f64 {
            0.0
        }
        fn penalty_width(&self) -> f64 {
            0.0
        }
    }
    let hints: Vec<Hint> = spans.chunks(2).map(|pair| Hint(pair.to_vec())).collect();
    textwrap::wrap_algorithms::wrap_first_fit(&hints, &[width as f64])
        .into_iter()
        .map(|line| Line::from(line.iter().flat_map(|h| h.0.iter().cloned()).collect::<Vec<_>>()))
        .collect()
}

/// Still too wide: the endpoint (whole on the confirm pane) gives way, never the account or the
/// credential. First its scheme and trailing slash, then its end, marked with an ellipsis.
fn give_way_to_who(second: &mut [Span<'static>], width: usize) {
    let total = |spans: &[Span]| spans.iter().map(|s| s.content.width()).sum::<usize>();
    let over = total(second).saturating_sub(width);
    if over == 0 || second.len() < 2 {
        return;
    }
    let endpoint = second[1].content.to_string();
    let bare = endpoint.split_once("://").map_or(endpoint.as_str(), |(_, rest)| rest).trim_end_matches('/');
    let still_over = over.saturating_sub(endpoint.width() - bare.width());
    let shown = if still_over == 0 {
        bare.to_string()
    } else {
        use unicode_truncate::UnicodeTruncateStr;
        let room = bare.width().saturating_sub(still_over + 1);
        format!("{}…", bare.unicode_truncate(room).0)
    };
    second[1].content = shown.into();
    // Still too wide: the credential's longest word (a role's ARN, whose account is shown
    // beside it) gives way from its start, so the role's name and the masked SecretId stay.
    let over = total(second).saturating_sub(width);
    if let Some(credential) = second.last_mut().filter(|_| over > 0) {
        let room = credential.content.width().saturating_sub(over);
        credential.content = cut_longest_word(&credential.content, room).into();
    }
}

/// `text` in `room` columns, its longest word cut from the start (marked `…`) where one of its
/// parts begins (after a `:` or `/`: `…roleName/ops`), else mid-part; cut at its end when even
/// that is too wide.
fn cut_longest_word(text: &str, room: usize) -> String {
    use unicode_truncate::UnicodeTruncateStr;
    let word = text.split(' ').max_by_key(|w| w.width()).unwrap_or(text);
    let at = word.as_ptr() as usize - text.as_ptr() as usize;
    let (head, tail) = (&text[..at], &text[at + word.len()..]);
    let keep = room.saturating_sub(head.width() + tail.width() + 1);
    if keep < 4 {
        return fit(text, room).trim_end().to_string();
    }
    let part = word
        .match_indices([':', '/'])
        .map(|(i, _)| &word[i + 1..])
        .find(|rest| !rest.is_empty() && rest.width() <= keep);
    let kept = part.unwrap_or_else(|| word.unicode_truncate_start(keep).0);
    format!("{head}…{kept}{tail}")
}
