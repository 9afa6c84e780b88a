//! How the Apply step looks: each change with its live status, then what can be done now.

use ratatui::text::{Line, Span};

use super::{ApplyStep, RowState, Status};
use crate::tui::steps::View;
use crate::tui::widgets::spinner;

impl ApplyStep {
    pub(super) fn lines(&self, v: &View) -> Vec<Line<'static>> {
        let t = v.theme;
        let mut out = Vec::new();
        for r in &self.rows {
            let (mark, style, time) = match &r.state {
                RowState::Pending => ("·".to_string(), t.dim(), String::new()),
                RowState::Running { since } => (
                    spinner::frame(v.tick).to_string(),
                    t.focus(),
                    spinner::elapsed(v.now.saturating_duration_since(*since)),
                ),
                RowState::Done { elapsed } => ("✓".to_string(), t.ok(), spinner::elapsed(*elapsed)),
                RowState::Failed => ("✗".to_string(), t.error(), String::new()),
                RowState::RolledBack => ("↶".to_string(), t.dim(), "rolled back".to_string()),
            };
            out.push(Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(r.text.clone()),
                Span::styled(format!("  {time}"), t.dim()),
            ]));
        }
        out.push(Line::default());
        match &self.status {
            Status::Running => out.push(Line::styled("Ctrl-C stops safely after the current AWS call.", t.dim())),
            Status::Stopping => out.push(Line::styled(
                "Stopping: the current AWS call finishes first… (Ctrl-C again quits at once; the journal is kept)",
                t.warn(),
            )),
            Status::Stopped if self.created() => {
                out.push(Line::styled("Stopped. What this run created so far is in the journal.", t.warn()));
                out.push(Line::from("  b  roll back: delete what this run created"));
                out.push(Line::from("  k  keep it and quit (braze-s3 resume goes on later)"));
                out.push(Line::from("  c  continue applying the plan"));
            }
            Status::Stopped => {
                out.push(Line::styled("Stopped before the first change: nothing was created.", t.warn()));
                out.push(Line::from("  k  quit"));
                out.push(Line::from("  c  continue applying the plan"));
            }
            Status::RollingBack { log } => {
                out.push(Line::styled(format!("{} rolling back what this run created…", spinner::frame(v.tick)), t.warn()));
                out.extend(log.iter().map(|l| Line::from(format!("  {l}"))));
            }
            Status::RolledBack(Ok(())) => out.push(Line::styled(
                "Rolled back: what this run created was deleted. r starts again, q quits.",
                t.ok(),
            )),
            Status::RolledBack(Err(e)) => {
                out.push(Line::styled(format!("✗ Roll back failed: {}", e.message), t.error()));
                out.push(Line::from("The journal is kept: braze-s3 resume can try again later."));
            }
            Status::Failed(e) => {
                let code = e.code.as_ref().map(|c| format!("{c}: ")).unwrap_or_default();
                out.push(Line::styled(format!("✗ {code}{}", e.message), t.error()));
                out.push(Line::from("r retry (applies what is still missing) · Esc back to the plan · q quit (journal kept)"));
            }
            Status::Finished => out.push(Line::styled(
                "All changes made. Enter runs the live test, as Braze would.",
                t.ok(),
            )),
        }
        out
    }
}
