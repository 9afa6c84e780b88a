//! The notice shown instead of a screen when the terminal is smaller than the screen needs.
//! While it is up, the screen behind it takes no keys but Ctrl-C.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;

/// Draws the notice for `screen` ("the wizard") over `area`, needing `min` (columns, rows);
/// `hint` says what still works.
pub fn render(frame: &mut Frame, area: Rect, t: Theme, screen: &str, min: (u16, u16), hint: &str) {
    let lines = vec![
        Line::styled(
            format!("The terminal is too small for {screen}."),
            t.label(),
        ),
        Line::default(),
        Line::from(format!(
            "It is {}×{}: make it at least {}×{}.",
            area.width, area.height, min.0, min.1
        )),
        Line::default(),
        Line::styled(hint.to_string(), t.dim()),
    ];
    let [middle] = Layout::vertical([Constraint::Length(lines.len() as u16)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(lines).centered().wrap(Wrap { trim: true }),
        middle,
    );
}
