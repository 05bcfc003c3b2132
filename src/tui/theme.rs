//! Colours: dark, light, and the terminal's own palette (modifiers only, no fixed colours).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Dark,
    Light,
    /// The terminal's own colours: only bold, dim and reverse.
    Terminal,
}

/// The styles every pane draws with, so a pane never picks a colour itself.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub base: Style,
    pub muted: Style,
    pub accent: Style,
    pub title: Style,
    pub ok: Style,
    pub bad: Style,
    pub warn: Style,
    pub selected: Style,
    pub key: Style,
    pub badge_sandbox: Style,
    pub badge_read_only: Style,
    pub border: Style,
    pub border_focused: Style,
}

impl Theme {
    pub fn palette(self) -> Palette {
        match self {
            Theme::Dark => coloured(Color::Gray, Color::DarkGray, Color::Cyan, Color::Blue),
            Theme::Light => coloured(Color::Black, Color::Gray, Color::Blue, Color::LightBlue),
            Theme::Terminal => terminal(),
        }
    }
}

fn coloured(text: Color, muted: Color, accent: Color, selection: Color) -> Palette {
    let bold = Modifier::BOLD;
    Palette {
        base: Style::new().fg(text),
        muted: Style::new().fg(muted),
        accent: Style::new().fg(accent),
        title: Style::new().fg(accent).add_modifier(bold),
        ok: Style::new().fg(Color::Green).add_modifier(bold),
        bad: Style::new().fg(Color::Red).add_modifier(bold),
        warn: Style::new().fg(Color::Yellow),
        selected: Style::new().bg(selection).fg(Color::White).add_modifier(bold),
        key: Style::new().fg(accent).add_modifier(bold),
        badge_sandbox: Style::new().bg(Color::Magenta).fg(Color::White).add_modifier(bold),
        badge_read_only: Style::new().bg(Color::Yellow).fg(Color::Black).add_modifier(bold),
        border: Style::new().fg(muted),
        border_focused: Style::new().fg(accent),
    }
}

fn terminal() -> Palette {
    let plain = Style::new();
    Palette {
        base: plain,
        muted: plain.add_modifier(Modifier::DIM),
        accent: plain.add_modifier(Modifier::BOLD),
        title: plain.add_modifier(Modifier::BOLD),
        ok: plain.add_modifier(Modifier::BOLD),
        bad: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        warn: plain.add_modifier(Modifier::ITALIC),
        selected: plain.add_modifier(Modifier::REVERSED),
        key: plain.add_modifier(Modifier::BOLD),
        badge_sandbox: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        badge_read_only: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        border: plain.add_modifier(Modifier::DIM),
        border_focused: plain.add_modifier(Modifier::BOLD),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_theme_sets_no_colour() {
        let p = Theme::Terminal.palette();
        for style in [p.base, p.muted, p.accent, p.ok, p.bad, p.selected, p.badge_sandbox] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
    }

    #[test]
    fn dark_and_light_differ() {
        assert_ne!(Theme::Dark.palette().base, Theme::Light.palette().base);
    }
}
