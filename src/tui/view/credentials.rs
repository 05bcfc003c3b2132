//! The credentials dialog. The key is never drawn: one `•` per character.

use super::text::{block, fit};
use crate::tui::keymap::{Action, Context};
use crate::tui::layout;
use crate::tui::model::{CredentialField, Model};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let palette = model.theme.palette();
    let dialog = &model.credentials;
    let area = body;
    frame.render_widget(Clear, area);
    frame.render_widget(block(" No credential found ", &palette, true), area);
    let key = |a| model.keymap.key_for(a, Context::Credentials);
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
    let mut lines = vec![
        Line::styled(" tceni looked for a key, first found wins:", palette.base),
        Line::styled("  1. env TENCENTCLOUD_SECRET_ID + TENCENTCLOUD_SECRET_KEY", palette.muted),
        Line::styled("  2. TKE OIDC (TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN…)", palette.muted),
        Line::styled("  3. the OS keyring (tceni credentials set)", palette.muted),
        Line::styled("  4. ~/.tccli/<profile>.credential", palette.muted),
        Line::styled("  5. ~/.tencentcloud/credentials", palette.muted),
        Line::styled("  6. the CVM role (instance metadata)", palette.muted),
        Line::styled(
            format!(" Store a key in the OS keyring for profile '{}':", model.session.profile),
            palette.base,
        ),
        field("SecretId", dialog.secret_id.text.clone(), dialog.focus == CredentialField::SecretId),
        field("SecretKey", masked, dialog.focus == CredentialField::SecretKey),
        Line::styled(
            format!(
                " Enter store · Tab other field · {} open the demo (built-in sandbox) · {} continue without",
                key(Action::Demo),
                key(Action::Back)
            ),
            palette.muted,
        ),
    ];
    if dialog.saving {
        lines.push(Line::styled(" storing…", palette.warn));
    }
    if let Some(error) = &dialog.error {
        lines.push(Line::styled(format!(" ✗ {error}"), palette.bad));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), layout::inner(area));
}
