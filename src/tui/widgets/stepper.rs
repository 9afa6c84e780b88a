//! The step rail: every wizard step with a done / current / pending mark.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;

pub const WIDTH: u16 = 18;

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Done,
    Current,
    Pending,
    /// Plan-only mode does not reach it.
    Skipped,
}

/// One row per step, its title with a mark: `✓` done, `▸` current, `·` pending, `–` skipped.
pub fn render(frame: &mut Frame, area: Rect, steps: &[(&str, Mark)], theme: Theme) {
    let lines: Vec<Line> = steps
        .iter()
        .map(|&(title, mark)| {
            let (sign, style, name_style) = match mark {
                Mark::Current => ("▸", theme.focus(), theme.focus()),
                Mark::Skipped => ("–", theme.dim(), theme.dim()),
                Mark::Done => ("✓", theme.ok(), theme.text()),
                Mark::Pending => ("·", theme.dim(), theme.dim()),
            };
            Line::from(vec![
                Span::styled(format!(" {sign} "), style),
                Span::styled(title.to_string(), name_style),
            ])
        })
        .collect();
    let block = Block::new()
        .borders(Borders::RIGHT)
        .border_style(theme.border());
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
