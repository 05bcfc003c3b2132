//! The real terminal: raw mode, alternate screen, mouse capture and bracketed paste, undone on
//! every way out (normal exit, error, panic). Plus the OSC 52 clipboard write.

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout, Write};
use std::sync::Once;

pub type RealTerminal = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the app runs; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: RealTerminal,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        enable_raw_mode()?;
        // Any failure from here on must still give the terminal back.
        let entered = execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste,
            Clear(ClearType::All)
        )
        .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        // Not `Terminal::clear`: it asks the terminal for the cursor position, and a terminal
        // that never answers (a bare pty, some multiplexers) would stall the start for seconds.
        match entered {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Put the terminal back as the shell expects it. Safe to call twice; errors are ignored
/// because there is nothing better to do on the way out.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restore the terminal before the previous hook (color-eyre's report) prints, so the report
/// lands on a normal screen instead of a raw alternate one that is about to vanish.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// The OSC 52 sequence that asks the terminal to put `text` on the system clipboard
/// (crossterm's `CopyToClipboard`).
pub fn osc52(text: &str) -> String {
    let mut sequence = String::new();
    let copy = crossterm::clipboard::CopyToClipboard::to_clipboard_from(text);
    // Writing into a String cannot fail.
    let _ = crossterm::Command::write_ansi(&copy, &mut sequence);
    sequence
}

/// Write the clipboard sequence between frames (the loop calls this, never a worker task, so
/// it cannot land in the middle of a frame's escape sequences).
pub fn copy_to_clipboard(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_encodes_base64() {
        assert_eq!(osc52("ab"), "\x1b]52;c;YWI=\x1b\\");
    }
}
