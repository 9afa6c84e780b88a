//! A one-line text input. Our own (≈80 lines) rather than `tui-input`: this crate's dependency
//! set is fixed for the wizard, and we need little — insert, delete, move, clear.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};

use super::theme::Theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl TextInput {
    pub fn new(value: &str) -> TextInput {
        TextInput {
            value: value.to_string(),
            cursor: value.chars().count(),
        }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn set(&mut self, value: &str) {
        *self = TextInput::new(value);
    }

    fn byte(&self, char_index: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_index)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// Edits for one key; `true` when the value changed.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let len = self.value.chars().count();
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let changed = !self.value.is_empty();
                self.set("");
                return changed;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = len,
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                let at = self.byte(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
                return true;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte(self.cursor);
                self.value.remove(at);
                return true;
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.value.remove(at);
                return true;
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            _ => {}
        }
        false
    }

    /// The value as spans, with a block cursor when focused.
    pub fn line(&self, focused: bool, theme: Theme) -> Line<'static> {
        if !focused {
            return Line::from(self.value.clone());
        }
        let at = self.byte(self.cursor);
        let (head, rest) = self.value.split_at(at);
        let mut chars = rest.chars();
        let under = chars.next().map_or(" ".to_string(), String::from);
        Line::from(vec![
            Span::raw(head.to_string()),
            Span::styled(under, theme.cursor()),
            Span::raw(chars.as_str().to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn edits_in_the_middle_and_clears() {
        let mut t = TextInput::new("abc");
        t.handle(key(KeyCode::Left));
        assert!(t.handle(key(KeyCode::Char('é'))));
        assert_eq!(t.value(), "abéc");
        assert!(t.handle(key(KeyCode::Backspace)));
        assert!(t.handle(key(KeyCode::Delete)));
        assert_eq!(t.value(), "ab");
        assert!(!t.handle(key(KeyCode::Delete)));
        assert!(t.handle(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        assert_eq!(t.value(), "");
    }
}
