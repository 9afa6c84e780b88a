//! The `?` overlay: what this step is for, in plain words, and every key that works here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::tui::keymap::Binding;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    about: &[&str],
    bindings: &[Binding],
    theme: Theme,
) {
    let [popup] = Layout::horizontal([Constraint::Percentage(80)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Percentage(85)])
        .flex(Flex::Center)
        .areas(popup);
    let mut lines: Vec<Line> = Vec::new();
    for paragraph in about {
        lines.push(Line::from(*paragraph));
        lines.push(Line::default());
    }
    lines.push(Line::styled("Keys", theme.label()));
    for b in bindings {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<10}", b.keys_label()), theme.key()),
            Span::raw(b.help),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Press ? or Esc to close this help.",
        theme.dim(),
    ));
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.focus())
        .title(Span::styled(format!(" Help: {title} "), theme.title()));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
