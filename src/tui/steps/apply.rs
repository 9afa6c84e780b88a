//! Step 8: each change with a live status. Ctrl-C stops after the current AWS call and offers
//! roll back / keep / continue.

use std::time::{Duration, Instant};

use ratatui::text::{Line, Span};

use super::View;
use crate::domain::plan::Change;
use crate::domain::progress::Progress;
use crate::tui::action::{Failure, TaskId};
use crate::tui::keymap::KeyCtx;
use crate::tui::widgets::spinner;

pub const ABOUT: &[&str] = &[
    "The wizard is making the changes of the plan, one AWS call at a time. Each created resource is written to a journal the moment it exists.",
    "Ctrl-C stops safely: the AWS call under way finishes, then you choose to roll back (delete what this run created), keep it (braze-s3 resume goes on later) or continue. A second Ctrl-C quits at once; the journal is kept.",
    "If a change fails, the AWS error code and what to do are shown: r looks again and applies what is still missing, Esc goes back to the plan, q quits.",
];

#[derive(Debug, Clone, PartialEq)]
pub enum RowState {
    Pending,
    Running {
        since: Instant,
    },
    Done {
        elapsed: Duration,
    },
    Failed,
    /// Created, then deleted by a roll back.
    RolledBack,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub text: String,
    pub state: RowState,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Running,
    /// Ctrl-C pressed: the current call finishes, then the engine stops.
    Stopping,
    /// Stopped on request: roll back, keep or continue.
    Stopped,
    RollingBack {
        log: Vec<String>,
    },
    RolledBack(Result<(), Failure>),
    Failed(Failure),
    Finished,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApplyStep {
    pub rows: Vec<Row>,
    pub status: Status,
    pub task: Option<TaskId>,
    /// An earlier apply of this run (before a retry) may have created something.
    pub earlier: bool,
}

impl Default for ApplyStep {
    fn default() -> Self {
        ApplyStep {
            rows: Vec::new(),
            status: Status::Finished,
            task: None,
            earlier: false,
        }
    }
}

impl ApplyStep {
    pub fn start(&mut self, changes: &[Change], task: TaskId) {
        self.earlier = self.created();
        self.rows = changes
            .iter()
            .map(|c| Row {
                text: c.to_string(),
                state: RowState::Pending,
            })
            .collect();
        self.status = Status::Running;
        self.task = Some(task);
    }

    pub fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            busy: matches!(
                self.status,
                Status::Running | Status::Stopping | Status::RollingBack { .. }
            ),
            failed: matches!(self.status, Status::Failed(_) | Status::RolledBack(_)),
            stopped: self.status == Status::Stopped,
            undoable: self.created(),
            ..KeyCtx::default()
        }
    }

    /// This run may have created something: a change was made, failed or is under way.
    pub fn created(&self) -> bool {
        self.earlier
            || matches!(self.status, Status::Running | Status::Stopping)
            || self
                .rows
                .iter()
                .any(|r| !matches!(r.state, RowState::Pending | RowState::RolledBack))
    }

    /// The roll back ended; when it succeeded, nothing this run made is left.
    pub fn rolled_back(&mut self, result: Result<(), Failure>) {
        self.task = None;
        if result.is_ok() {
            // The roll back undoes the whole run, earlier attempts included.
            self.earlier = false;
            for r in &mut self.rows {
                if r.state != RowState::Pending {
                    r.state = RowState::RolledBack;
                }
            }
        }
        self.status = Status::RolledBack(result);
    }

    pub fn animating(&self) -> bool {
        self.key_ctx().busy
    }

    pub fn progress(&mut self, event: &Progress, at: Instant) {
        match event {
            // A start that arrives after the end must not put a spinner back.
            Progress::ChangeStarted { index, .. } if self.task.is_some() => {
                if let Some(r) = self.rows.get_mut(*index) {
                    r.state = RowState::Running { since: at };
                }
            }
            Progress::ChangeApplied { index, elapsed, .. } => {
                if let Some(r) = self.rows.get_mut(*index) {
                    r.state = RowState::Done { elapsed: *elapsed };
                }
            }
            _ => {}
        }
    }

    /// The engine's apply succeeded: a row still marked running (its last event was lost or
    /// late) is settled as done, timed up to `now`.
    pub fn finished(&mut self, now: Instant) {
        self.task = None;
        for r in &mut self.rows {
            if let RowState::Running { since } = r.state {
                r.state = RowState::Done {
                    elapsed: now.saturating_duration_since(since),
                };
            }
        }
        self.status = Status::Finished;
    }

    /// The engine's apply ended with an error (or was stopped on request).
    pub fn failed(&mut self, failure: Failure) {
        self.task = None;
        for r in &mut self.rows {
            if matches!(r.state, RowState::Running { .. }) {
                r.state = if failure.interrupted {
                    RowState::Pending
                } else {
                    RowState::Failed
                };
            }
        }
        self.status = if failure.interrupted {
            Status::Stopped
        } else {
            Status::Failed(failure)
        };
    }

    pub fn view(&self, v: &View) -> Vec<Line<'static>> {
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
