//! Small pieces every pane uses: a text field and a scrolling list position.

/// A one-line text field; the cursor counts characters, not bytes.
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

    pub fn insert(&mut self, c: char) {
        let at = self.byte_index();
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Pasted text: line breaks and surrounding blanks are dropped (IDs are copied from consoles
    /// and chat with a trailing newline more often than not).
    pub fn paste(&mut self, text: &str) {
        for c in text.trim().chars().filter(|c| !c.is_control()) {
            self.insert(c);
        }
    }

    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        self.cursor -= 1;
        let at = self.byte_index();
        self.text.remove(at);
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte_index();
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    pub fn clear(&mut self) {
        *self = TextInput::default();
    }

    fn byte_index(&self) -> usize {
        self.text.char_indices().nth(self.cursor).map(|(i, _)| i).unwrap_or(self.text.len())
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
