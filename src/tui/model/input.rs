//! Small pieces every pane uses: a text field and a scrolling list position.

use crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

/// A one-line text field. The editing itself is `tui-input`'s (word moves, Ctrl-U/Ctrl-W/
/// Ctrl-K, a cursor that knows display widths); the text stays a plain field, as every pane
/// reads it. The cursor counts characters, not bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    pub cursor: usize,
}

impl TextInput {
    pub fn with_text(text: impl Into<String>) -> Self {
        let text = text.into();
        TextInput { cursor: text.chars().count(), text }
    }

    pub fn set(&mut self, text: impl Into<String>) {
        *self = TextInput::with_text(text);
    }

    /// Carry out one editing request; true when the text changed (not just the cursor).
    fn apply(&mut self, request: InputRequest) -> bool {
        let mut input = Input::new(std::mem::take(&mut self.text)).with_cursor(self.cursor);
        let changed = input.handle(request);
        self.cursor = input.cursor();
        self.text = input.value_and_reset();
        changed.is_some_and(|c| c.value)
    }

    /// An editing key (characters, Backspace, arrows, Home/End, Ctrl-U, Ctrl-W, Alt-B/F…): None
    /// when the key is not one, else whether the text changed.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<bool> {
        let ctrl = key.modifiers.contains(crossterm::event::KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, crossterm::event::KeyCode::Char('w' | 'W')) {
            return Some(self.delete_blank_word());
        }
        let request = to_input_request(&Event::Key(*key))?;
        Some(self.apply(request))
    }

    /// Ctrl-W as a shell does it: back to the previous blank, so `ins-gzrun001` goes whole
    /// (tui-input's word stops at the dash and would leave `ins-`).
    fn delete_blank_word(&mut self) -> bool {
        let chars: Vec<char> = self.text.chars().collect();
        let end = self.cursor.min(chars.len());
        let mut start = end;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        if start == end {
            return false;
        }
        self.text = chars[..start].iter().chain(&chars[end..]).collect();
        self.cursor = start;
        true
    }

    pub fn insert(&mut self, c: char) {
        self.apply(InputRequest::InsertChar(c));
    }

    /// Pasted text: line breaks and surrounding blanks are dropped (IDs are copied from consoles
    /// and chat with a trailing newline more often than not).
    pub fn paste(&mut self, text: &str) {
        for c in text.trim().chars().filter(|c| !c.is_control()) {
            self.insert(c);
        }
    }

    #[cfg(test)]
    pub fn backspace(&mut self) {
        self.apply(InputRequest::DeletePrevChar);
    }

    pub fn delete(&mut self) {
        self.apply(InputRequest::DeleteNextChar);
    }

    pub fn left(&mut self) {
        self.apply(InputRequest::GoToPrevChar);
    }

    pub fn right(&mut self) {
        self.apply(InputRequest::GoToNextChar);
    }

    pub fn home(&mut self) {
        self.apply(InputRequest::GoToStart);
    }

    pub fn end(&mut self) {
        self.apply(InputRequest::GoToEnd);
    }

    pub fn clear(&mut self) {
        *self = TextInput::default();
    }

    /// Columns from the start of the text to the cursor (a CJK character takes two).
    pub fn visual_cursor(&self) -> usize {
        Input::new(self.text.clone()).with_cursor(self.cursor).visual_cursor()
    }
}

/// The selected row of a list and the first row shown, kept so the selection stays visible.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListPos {
    pub selected: usize,
    pub offset: usize,
}

impl ListPos {
    /// Move by `delta` rows within `len` rows, scrolling a window of `height` rows.
    pub fn step(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            *self = ListPos::default();
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
        self.follow(len, height);
    }

    /// Keep the selection in range and on screen.
    pub fn follow(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(1));
    }

    /// Select the row on screen line `line` of the list, if it exists.
    pub fn click(&mut self, line: usize, len: usize) -> bool {
        let row = self.offset + line;
        if row < len {
            self.selected = row;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_counts_characters() {
        let mut input = TextInput::with_text("eni-é");
        input.backspace();
        input.insert('x');
        input.left();
        input.left();
        input.delete();
        assert_eq!(input.text, "enix");
        input.paste("  ab\n");
        assert_eq!(input.text, "eniabx");
    }

    #[test]
    fn list_scrolls_to_keep_the_selection_visible() {
        let mut pos = ListPos::default();
        pos.step(5, 10, 3);
        assert_eq!(pos, ListPos { selected: 5, offset: 3 });
        pos.step(-100, 10, 3);
        assert_eq!(pos, ListPos { selected: 0, offset: 0 });
        pos.step(100, 10, 3);
        assert_eq!(pos, ListPos { selected: 9, offset: 7 });
        assert!(pos.click(1, 10));
        assert_eq!(pos.selected, 8);
        assert!(!pos.click(5, 10));
    }
}
