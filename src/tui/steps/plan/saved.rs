//! What the plan says about saved connectors: the diff against the saved profile this setup
//! updates (chosen on the Options step), and the other connectors on the same bucket.

use ratatui::text::{Line, Span};

use super::super::Shared;
use crate::domain::update::changes;
use crate::tui::widgets::theme::Theme;

/// Above the changes: what the update rewrites in the saved profile, answer by answer.
pub fn update_lines(shared: &Shared, t: Theme) -> Vec<Line<'static>> {
    let (Some(saved), Some(now)) = (&shared.saved.same_name, &shared.answers) else {
        return Vec::new();
    };
    let mut out = vec![Line::from(Span::styled(
        format!("Updates saved connector {}; its profile changes:", now.name),
        t.label(),
    ))];
    let changed = changes(saved, now);
    if changed.is_empty() {
        out.push(Line::styled("  = no answer changed", t.ok()));
    }
    out.extend(
        changed
            .iter()
            .map(|c| Line::styled(format!("  ~ {}", c.line()), t.warn())),
    );
    out.push(Line::default());
    out
}

/// Among the warnings: the other saved connectors on the bucket.
pub fn neighbour_warnings(shared: &Shared) -> Vec<String> {
    shared
        .saved
        .on_bucket
        .iter()
        .map(|n| n.sentence())
        .collect()
}
