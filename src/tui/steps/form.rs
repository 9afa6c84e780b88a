//! Pieces shared by the form steps: focus order, list selection and how fields look.

pub mod select;

use ratatui::text::{Line, Span};

use super::View;
use crate::tui::widgets::text_input::TextInput;

/// Moves focus `delta` places through `order`, wrapping around.
pub fn cycle<F: Copy + PartialEq>(order: &[F], current: F, delta: isize) -> F {
    let Some(i) = order.iter().position(|f| *f == current) else {
        return order.first().copied().unwrap_or(current);
    };
    let n = order.len() as isize;
    let j = (i as isize + delta).rem_euclid(n);
    order.get(j as usize).copied().unwrap_or(current)
}

/// A selection in a list of `len` items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pick {
    pub selected: usize,
}

impl Pick {
    pub fn at(selected: usize) -> Pick {
        Pick { selected }
    }

    /// Moves up; `false` at the top (focus then moves to the previous field).
    pub fn up(&mut self) -> bool {
        if self.selected == 0 {
            return false;
        }
        self.selected -= 1;
        true
    }

    /// Moves down; `false` at the bottom (focus then moves to the next field).
    pub fn down(&mut self, len: usize) -> bool {
        if self.selected + 1 >= len {
            return false;
        }
        self.selected += 1;
        true
    }
}

/// A field's label: `▸ Label` when focused.
pub fn label(text: &str, focused: bool, v: &View) -> Line<'static> {
    if focused {
        Line::from(Span::styled(format!("▸ {text}"), v.theme.focus()))
    } else {
        Line::from(Span::styled(format!("  {text}"), v.theme.label()))
    }
}

/// A text field: label, value (or a dim placeholder) and the message under it.
pub fn text(
    out: &mut Vec<Line<'static>>,
    name: &str,
    input: &TextInput,
    focused: bool,
    placeholder: &str,
    message: Option<Result<String, String>>,
    v: &View,
) {
    out.push(label(name, focused, v));
    let mut value = input.line(focused, v.theme);
    if input.value().is_empty() && !placeholder.is_empty() {
        value
            .spans
            .push(Span::styled(placeholder.to_string(), v.theme.dim()));
    }
    let mut spans = vec![Span::raw("    ")];
    spans.extend(value.spans);
    out.push(Line::from(spans));
    match message {
        Some(Ok(note)) => out.push(Line::styled(format!("    {note}"), v.theme.ok())),
        Some(Err(problem)) => out.push(Line::styled(format!("    ✗ {problem}"), v.theme.error())),
        None => {}
    }
    out.push(Line::default());
}

/// One row of a list: `● text  detail`, highlighted when selected (and the list focused).
pub fn row(text: &str, detail: &str, selected: bool, focused: bool, v: &View) -> Line<'static> {
    let mark = if selected { "●" } else { "○" };
    let style = if selected && focused {
        v.theme.selected()
    } else if selected {
        v.theme.label()
    } else {
        v.theme.text()
    };
    let mut spans = vec![
        Span::raw("    "),
        Span::styled(format!("{mark} {text}"), style),
    ];
    if !detail.is_empty() {
        spans.push(Span::styled(format!("  {detail}"), v.theme.dim()));
    }
    Line::from(spans)
}

/// A row that can't be chosen for use: greyed out, `why` in place of its details.
pub fn row_unusable(
    text: &str,
    why: &str,
    selected: bool,
    focused: bool,
    v: &View,
) -> Line<'static> {
    let mark = if selected { "●" } else { "○" };
    let style = if selected && focused {
        v.theme.selected()
    } else {
        v.theme.dim()
    };
    Line::from(vec![
        Span::raw("    "),
        Span::styled(format!("{mark} {text}"), style),
        Span::styled(format!("  ✗ {why}"), v.theme.dim()),
    ])
}

/// The rows of a list `window` items high that keep the selection in view.
pub fn window(len: usize, selected: usize, window: usize) -> std::ops::Range<usize> {
    if len <= window {
        return 0..len;
    }
    let start = selected.saturating_sub(window / 2).min(len - window);
    start..start + window
}

/// `[x] text` for an on/off option.
pub fn toggle(text: &str, on: bool, focused: bool, detail: &str, v: &View) -> Vec<Line<'static>> {
    let mark = if on { "[x]" } else { "[ ]" };
    let style = if focused {
        v.theme.focus()
    } else {
        v.theme.label()
    };
    let pointer = if focused { "▸" } else { " " };
    let mut out = vec![Line::from(Span::styled(
        format!("{pointer} {mark} {text}"),
        style,
    ))];
    if !detail.is_empty() {
        out.push(Line::styled(format!("      {detail}"), v.theme.dim()));
    }
    out.push(Line::default());
    out
}

/// A problem shown under the form (e.g. what blocked Enter).
pub fn problem(text: &str, v: &View) -> Line<'static> {
    Line::styled(format!("✗ {text}"), v.theme.error())
}

/// Plain explanatory text.
pub fn note(text: &str, v: &View) -> Line<'static> {
    Line::styled(text.to_string(), v.theme.dim())
}
