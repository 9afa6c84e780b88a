//! The step rail: every wizard step with a done / current / pending mark.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use crate::tui::steps::StepId;

pub const WIDTH: u16 = 18;

/// Marks: `✓` done, `▸` current, `·` pending; `–` for steps plan-only mode skips.
pub fn render(frame: &mut Frame, area: Rect, current: StepId, plan_only: bool, theme: Theme) {
    let lines: Vec<Line> = StepId::ALL
        .iter()
        .map(|&step| {
            let skipped = plan_only && step > StepId::Plan;
            let (mark, style) = if step == current {
                ("▸", theme.focus())
            } else if skipped {
                ("–", theme.dim())
            } else if step < current {
                ("✓", theme.ok())
            } else {
                ("·", theme.dim())
            };
            let name_style = if step == current {
                theme.focus()
            } else if step < current {
                theme.text()
            } else {
                theme.dim()
            };
            Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::styled(step.title(), name_style),
            ])
        })
        .collect();
    let block = Block::new()
        .borders(Borders::RIGHT)
        .border_style(theme.border());
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
