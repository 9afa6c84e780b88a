//! A list to choose from that may be longer than its window: ↑/↓, PgUp/PgDn, Home/End, a `/`
//! filter (typing narrows it; Enter keeps the choice, Esc goes back to the earlier one) and a
//! marker saying where the window is.

use ratatui::text::{Line, Span};

use crate::tui::keymap::Intent;
use crate::tui::steps::View;
use crate::tui::widgets::text_input::{Edit, TextInput};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Select {
    /// The chosen item: its index in the whole list.
    pub selected: usize,
    /// `/` was pressed: what narrows the list (typed keys go here).
    filter: Option<TextInput>,
    /// The choice when the filter opened.
    before: usize,
}

impl Select {
    pub fn at(selected: usize) -> Select {
        Select {
            selected,
            ..Select::default()
        }
    }

    /// Closes the filter, keeping the choice.
    pub fn close_filter(&mut self) {
        self.filter = None;
    }

    pub fn filtering(&self) -> bool {
        self.filter.is_some()
    }

    /// The indices of the items shown: those whose text holds the filter (any case).
    pub fn shown(&self, texts: &[String]) -> Vec<usize> {
        let needle = self
            .filter
            .as_ref()
            .map(|f| f.value().trim().to_lowercase())
            .unwrap_or_default();
        (0..texts.len())
            .filter(|&i| texts[i].to_lowercase().contains(&needle))
            .collect()
    }

    /// A key typed into the open filter; the choice moves to the first match when the
    /// chosen item no longer matches.
    pub fn type_filter(&mut self, edit: &Edit, texts: &[String]) {
        if let Some(filter) = &mut self.filter
            && filter.edit(edit)
        {
            let shown = self.shown(texts);
            if !shown.contains(&self.selected)
                && let Some(&first) = shown.first()
            {
                self.selected = first;
            }
        }
    }

    /// Moves the choice for `intent` among the shown items (`rows` a page); `false` for ↑ on
    /// the first item while no filter is open (the focus then moves up).
    pub fn on_intent(&mut self, intent: Intent, texts: &[String], rows: usize) -> bool {
        let shown = self.shown(texts);
        let at = shown.iter().position(|&i| i == self.selected).unwrap_or(0);
        let last = shown.len().saturating_sub(1);
        let page = rows.max(1);
        let to = match intent {
            Intent::Up if at == 0 => return self.filtering(),
            Intent::Up => at - 1,
            Intent::Down => (at + 1).min(last),
            Intent::PageUp => at.saturating_sub(page),
            Intent::PageDown => (at + page).min(last),
            Intent::Home => 0,
            Intent::End => last,
            Intent::Filter => {
                self.before = self.selected;
                self.filter = Some(TextInput::default());
                at
            }
            Intent::Choose => {
                self.close_filter();
                return true;
            }
            Intent::ClearFilter => {
                self.filter = None;
                self.selected = self.before;
                return true;
            }
            _ => at,
        };
        if let Some(&i) = shown.get(to) {
            self.selected = i;
        }
        true
    }

    /// The list's lines: the filter while it is open, the rows in a window of `rows` that
    /// keeps the choice in view (`row(i)` draws item `i`), and a marker when there are more.
    pub fn lines(
        &self,
        texts: &[String],
        rows: usize,
        v: &View,
        row: impl Fn(usize) -> Line<'static>,
    ) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        if let Some(filter) = &self.filter {
            let mut spans = vec![Span::styled("    / ", v.theme.key())];
            spans.extend(filter.line(true, v.theme).spans);
            out.push(Line::from(spans));
        }
        let shown = self.shown(texts);
        if shown.is_empty() {
            out.push(Line::styled(
                "    nothing matches: Esc clears the filter",
                v.theme.dim(),
            ));
            return out;
        }
        let at = shown.iter().position(|&i| i == self.selected).unwrap_or(0);
        let range = super::window(shown.len(), at, rows);
        let (first, last) = (range.start + 1, range.end);
        out.extend(shown[range].iter().map(|&i| row(i)));
        if shown.len() > rows {
            let hint = if self.filtering() {
                ""
            } else {
                " · / filters"
            };
            out.push(Line::styled(
                format!("    ── {first}–{last} of {}{hint} ──", shown.len()),
                v.theme.dim(),
            ));
        }
        out
    }
}
