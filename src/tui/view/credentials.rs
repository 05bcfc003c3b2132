//! The credentials dialog. The key is never drawn: one `•` per character.

use super::text::{block, fit, wrap_line};
use crate::tr;
use crate::tui::keymap::{Action, Focus};
use crate::tui::layout;
use crate::tui::model::{CredentialField, Model};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let palette = model.theme.palette();
    let dialog = &model.credentials;
    let area = body;
    frame.render_widget(Clear, area);
    frame.render_widget(block(format!(" {} ", tr!("credentials-title")), &palette, true), area);
    let key = |a| model.keymap.key_for(a, Focus::Credentials);
    // The field box shrinks with a narrow window rather than push its end off the screen.
    let box_width = 42.min((layout::inner(area).width as usize).saturating_sub(16));
    let field = |label: &str, value: String, focused: bool| {
        let marker = if focused { "▶ " } else { "  " };
        Line::from(vec![
            Span::styled(
                format!(" {marker}{}", fit(label, 10)),
                if focused { palette.title } else { palette.base },
            ),
            Span::styled(
                format!("[{}]", fit(&value, box_width)),
                if focused { palette.accent } else { palette.base },
            ),
        ])
    };
    let masked: String = "•".repeat(dialog.secret_key.expose().chars().count());
    // `1. env …`: a source's number, then its text, which wraps under itself.
    let source = |text: String| match text.split_once(' ') {
        Some((number, rest)) => Line::from(vec![
            Span::styled(format!("  {number} "), palette.muted),
            Span::styled(rest.to_string(), palette.muted),
        ]),
        None => Line::styled(format!("  {text}"), palette.muted),
    };
    let mut lines = vec![
        Line::styled(format!(" {}", tr!("credentials-looked")), palette.base),
        source(tr!("credentials-source-env")),
        source(tr!("credentials-source-oidc")),
        source(tr!("credentials-source-keyring")),
        source(tr!("credentials-source-tccli")),
        source(tr!("credentials-source-sdk")),
        source(tr!("credentials-source-cvm-role")),
        Line::styled(
            format!(" {}", tr!("credentials-store", profile = model.session.profile.as_str())),
            palette.base,
        ),
        field("SecretId", dialog.secret_id.text.clone(), dialog.focus == CredentialField::SecretId),
        field("SecretKey", masked, dialog.focus == CredentialField::SecretKey),
        Line::styled(
            format!(" {}", tr!("credentials-keys", demo = key(Action::Demo), back = key(Action::Back))),
            palette.muted,
        ),
    ];
    if dialog.saving {
        lines.push(Line::styled(format!(" {}", tr!("credentials-storing")), palette.warn));
    }
    if let Some(error) = &dialog.error {
        lines.push(Line::from(vec![
            Span::styled(" ✗ ", palette.bad),
            Span::styled(error.to_string(), palette.bad),
        ]));
    }
    // Each line wraps under its own text, never back at the border.
    let inner = layout::inner(area);
    let lines: Vec<Line> = lines.into_iter().flat_map(|l| wrap_line(l, inner.width as usize)).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
