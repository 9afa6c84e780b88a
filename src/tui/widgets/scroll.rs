//! A scrollable list of lines: the rows in view and, when they don't all fit, a last dim row
//! that says where you are.

use ratatui::text::Line;

use super::theme::Theme;
use crate::tui::keymap::Intent;

/// The largest useful offset for `total` lines in `height` rows (one row goes to the note).
pub fn max(total: usize, height: u16) -> usize {
    let height = usize::from(height);
    if total <= height {
        0
    } else {
        total - height.saturating_sub(1).max(1)
    }
}

/// The offset after `intent` (↑/↓ a line, PgUp/PgDn a page); `None` if it does not scroll.
pub fn moved(scroll: usize, intent: Intent, total: usize, height: u16) -> Option<usize> {
    let page = usize::from(height.max(3)) - 2;
    let to = match intent {
        Intent::Up => scroll.saturating_sub(1),
        Intent::Down => scroll + 1,
        Intent::PageUp => scroll.saturating_sub(page),
        Intent::PageDown => scroll + page,
        _ => return None,
    };
    Some(to.min(max(total, height)))
}

/// The rows of `lines` from `scroll` that fit in `height`.
pub fn window(
    lines: Vec<Line<'static>>,
    scroll: usize,
    height: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let total = lines.len();
    let rows = usize::from(height);
    if total <= rows || rows < 2 {
        return lines;
    }
    let scroll = scroll.min(max(total, height));
    let mut out: Vec<Line<'static>> = lines.into_iter().skip(scroll).take(rows - 1).collect();
    let shown = scroll + out.len();
    out.push(Line::styled(
        format!(
            "── lines {}–{shown} of {total}: ↑/↓ PgUp/PgDn to scroll ──",
            scroll + 1
        ),
        theme.dim(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_the_last_line() {
        assert_eq!(max(5, 10), 0);
        assert_eq!(max(30, 10), 21);
        assert_eq!(moved(20, Intent::PageDown, 30, 10), Some(21));
        assert_eq!(moved(0, Intent::Up, 30, 10), Some(0));
        assert_eq!(moved(0, Intent::Next, 30, 10), None);
        let lines: Vec<Line> = (0..30).map(|i| Line::from(i.to_string())).collect();
        let out = window(lines, 99, 10, Theme::PLAIN);
        assert_eq!(out.len(), 10);
        assert_eq!(out[8].to_string(), "29");
        assert!(out[9].to_string().contains("lines 22–30 of 30"));
    }
}
