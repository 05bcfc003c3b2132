//! Always on screen: where calls go and as whom (header), the panes (tabs), and the keys that
//! work right now plus the last notice (footer). Keys come from the live keymap.

use super::confirm::prompt;
use super::text::fit;
use crate::catalog;
use crate::tr;
use crate::tui::keymap::Focus;
use crate::tui::layout;
use crate::tui::model::Model;
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
pub fn draw_footer(model: &Model, frame: &mut Frame, area: Rect) {
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
    // On the confirm pane the footer says exactly what the send key will do, not a key list.
    let confirm = model.confirm().filter(|_| model.focus() == Focus::Confirm);
    let asked = model.progress.as_ref().and_then(|p| p.run.live()).and_then(|l| l.asking);
    if let Some(asked) = asked.filter(|_| model.focus() == Focus::Progress) {
        let line = Line::styled(super::progress::question_keys(model, asked), palette.warn);
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), area);
        return;
    }
    let lines = match (&model.notice, confirm) {
        (Some(notice), Some(c)) => {
            vec![
                Line::styled(fit(&format!(" {}", notice.text), width), palette.warn),
                prompt(model, c, &palette),
            ]
        }
        (None, Some(c)) => vec![prompt(model, c, &palette)],
        (Some(notice), None) => {
            vec![Line::styled(fit(&format!(" {}", notice.text), width), palette.warn), Line::from(hints)]
        }
        (None, None) => wrap_spans(hints, width),
    };
    // Only the confirm prompt can be wider than the window: it wraps rather than lose its end.
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// Break a row of key hints over lines without splitting a key from its help.
fn wrap_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Vec::new()];
    let mut used = 0;
    for pair in spans.chunks(2) {
        let len: usize = pair.iter().map(|s| s.content.width()).sum();
        if used + len > width && used > 0 {
            lines.push(Vec::new());
            used = 0;
        }
        used += len;
        lines.last_mut().expect("one line at least").extend(pair.iter().cloned());
    }
    lines.into_iter().map(Line::from).collect()
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
}
