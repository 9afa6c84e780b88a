//! The `?` overlay: what this step is for, in plain words, and every key that works here.
//! It scrolls (↑/↓, PgUp/PgDn) when it doesn't fit; any other key closes it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph};

use super::theme::Theme;
use super::{scroll, wrap};

const KEY_COLUMN: usize = 12;

/// Columns between the border and the text, each side: text never touches the border.
const PAD: u16 = 1;

/// The columns the text may use in a popup `width` wide: all but the borders and padding.
fn text_width(width: u16) -> u16 {
    width.saturating_sub(2 + 2 * PAD)
}

/// The overlay's place in the `body` area (everything between header and footer): all of
/// its width up to 100 columns, centred, so nothing half-hidden peeks out beside it; as high
/// as its `lines` (plus borders) need, at most all of it.
pub fn popup(body: Rect, lines: usize) -> Rect {
    let height = u16::try_from(lines + 2).unwrap_or(u16::MAX);
    let [popup] = Layout::horizontal([Constraint::Max(100)])
        .flex(Flex::Center)
        .areas(body);
    let [popup] = Layout::vertical([Constraint::Max(height)])
        .flex(Flex::Center)
        .areas(popup);
    popup
}

/// The body area of a terminal of `size`: all but the header and footer rows.
pub fn body(size: (u16, u16)) -> Rect {
    Rect::new(0, 1, size.0, size.1.saturating_sub(2))
}

/// The help's lines, wrapped to `width`.
pub fn lines(
    about: &[&str],
    keys: &[(String, &str)],
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for paragraph in about {
        lines.extend(wrap::hanging(Line::from(paragraph.to_string()), width));
        lines.push(Line::default());
    }
    lines.push(Line::styled("Keys", theme.label()));
    for (label, what) in keys {
        let line = Line::from(vec![
            Span::styled(format!("  {label:<10}"), theme.key()),
            Span::raw(what.to_string()),
        ]);
        lines.extend(wrap::hanging_at(line, width, KEY_COLUMN));
    }
    lines
}

/// Lines and rows of the help in a terminal of `size`.
pub fn extent(size: (u16, u16), about: &[&str], keys: &[(String, &str)]) -> (usize, u16) {
    let body = body(size);
    let width = text_width(popup(body, 0).width);
    let total = lines(about, keys, width, Theme::PLAIN).len();
    (total, body.height.saturating_sub(2))
}

pub struct Help<'a> {
    pub title: &'a str,
    pub about: &'a [&'a str],
    /// Each key and what it does.
    pub keys: &'a [(String, &'a str)],
    pub scroll: usize,
}

pub fn render(frame: &mut Frame, body: Rect, help: &Help, theme: Theme) {
    let width = text_width(popup(body, 0).width);
    let lines = lines(help.about, help.keys, width, theme);
    let popup = popup(body, lines.len());
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.focus())
        .title(Span::styled(
            format!(" Help: {} ", help.title),
            theme.title(),
        ))
        .title_bottom(Span::styled(" any key closes ", theme.dim()))
        .padding(Padding::horizontal(PAD));
    let lines = scroll::window(lines, help.scroll, block.inner(popup).height, theme);
    frame.render_widget(Clear, body);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
