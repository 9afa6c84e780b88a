//! A one-line text field. The editing is `tui-input`'s, so the readline keys work in every
//! field: Ctrl-A/E (start, end), Alt-b/Alt-f (a word back, forward), Ctrl-W (delete the word
//! before), Ctrl-U/K (delete to the start, to the end), Ctrl-Y (put back what was deleted),
//! ←/→, Home/End, Backspace/Delete. A paste is one edit: trimmed, without line breaks.

#[cfg(test)]
mod tests;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};
use tui_input::{Input, InputRequest};

use super::theme::Theme;

/// A change to a text field: a key, or a bracketed paste.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Key(KeyEvent),
    Paste(String),
}

#[derive(Debug, Clone, Default)]
pub struct TextInput {
    input: Input,
}

impl PartialEq for TextInput {
    fn eq(&self, other: &TextInput) -> bool {
        self.value() == other.value() && self.input.cursor() == other.input.cursor()
    }
}

impl Eq for TextInput {}

/// What `key` asks of a text field, if anything. Alt and Meta both count (terminals send
/// Alt-b as Esc b, which crossterm reports as Alt).
fn request(key: KeyEvent) -> Option<InputRequest> {
    use InputRequest as R;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key
        .modifiers
        .intersects(KeyModifiers::ALT | KeyModifiers::META);
    Some(match key.code {
        KeyCode::Char('a') if ctrl => R::GoToStart,
        KeyCode::Char('e') if ctrl => R::GoToEnd,
        KeyCode::Char('b') if ctrl => R::GoToPrevChar,
        KeyCode::Char('f') if ctrl => R::GoToNextChar,
        KeyCode::Char('w') if ctrl => R::DeletePrevWord,
        KeyCode::Char('u') if ctrl => R::DeleteFromStart,
        KeyCode::Char('k') if ctrl => R::DeleteTillEnd,
        KeyCode::Char('y') if ctrl => R::Yank,
        KeyCode::Char('h') if ctrl => R::DeletePrevChar,
        KeyCode::Char('b') if alt => R::GoToPrevWord,
        KeyCode::Char('f') if alt => R::GoToNextWord,
        KeyCode::Char('d') if alt => R::DeleteNextWord,
        KeyCode::Backspace if alt || ctrl => R::DeletePrevWord,
        KeyCode::Left if alt || ctrl => R::GoToPrevWord,
        KeyCode::Right if alt || ctrl => R::GoToNextWord,
        KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => R::InsertChar(c),
        KeyCode::Backspace => R::DeletePrevChar,
        KeyCode::Delete => R::DeleteNextChar,
        KeyCode::Left => R::GoToPrevChar,
        KeyCode::Right => R::GoToNextChar,
        KeyCode::Home => R::GoToStart,
        KeyCode::End => R::GoToEnd,
        _ => return None,
    })
}

impl TextInput {
    pub fn new(value: &str) -> TextInput {
        TextInput {
            input: Input::new(value.to_string()),
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn set(&mut self, value: &str) {
        *self = TextInput::new(value);
    }

    /// Applies one edit; `true` when the value changed.
    pub fn edit(&mut self, edit: &Edit) -> bool {
        match edit {
            Edit::Key(key) => request(*key)
                .and_then(|r| self.input.handle(r))
                .is_some_and(|changed| changed.value),
            Edit::Paste(text) => {
                // A paste is a value, never a key: line breaks (which would be Enter) and
                // the spaces around it are dropped.
                let text: String = text.chars().filter(|c| !c.is_control()).collect();
                let mut changed = false;
                for c in text.trim().chars() {
                    changed |= self.input.handle(InputRequest::InsertChar(c)).is_some();
                }
                changed
            }
        }
    }

    /// The value as spans, with a block cursor when focused.
    pub fn line(&self, focused: bool, theme: Theme) -> Line<'static> {
        let value = self.value();
        if !focused {
            return Line::from(value.to_string());
        }
        let at = value
            .char_indices()
            .nth(self.input.cursor())
            .map_or(value.len(), |(i, _)| i);
        let (head, rest) = value.split_at(at);
        let mut chars = rest.chars();
        let under = chars.next().map_or(" ".to_string(), String::from);
        Line::from(vec![
            Span::raw(head.to_string()),
            Span::styled(under, theme.cursor()),
            Span::raw(chars.as_str().to_string()),
        ])
    }
}
