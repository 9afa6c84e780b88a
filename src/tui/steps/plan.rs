//! Step 7: every AWS change, what is reused, and warnings — or the conflicts and what to do.
//! Nothing is created before the person confirms here.

use ratatui::text::{Line, Span};

use super::{Flow, View};
use crate::domain::plan::{Plan, PlanError};
use crate::tui::action::{Failure, TaskId};
use crate::tui::keymap::{Intent, KeyCtx};
use crate::tui::widgets::{scroll, spinner, wrap};

pub const ABOUT: &[&str] = &[
    "The wizard looked at what already exists (bucket, policies, user or role, saved connectors) and lists every change it would make, in order. Things that exist and match are reused, not recreated.",
    "Nothing has been changed yet. Enter confirms and starts making the changes; every created resource is written to a journal as it is made, so an interrupted setup can be resumed (braze-s3 resume) or undone (braze-s3 teardown NAME).",
    "If the plan can't go ahead (a bucket owned by someone else, Object Lock, SSE-KMS, a folder another connector uses…), each problem says what to change: go back with Esc.",
];

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Discovering,
    Ready(Plan),
    Conflicts(Vec<PlanError>),
    Failed(Failure),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanStep {
    pub status: Status,
    pub task: Option<TaskId>,
    pub scroll: usize,
    /// Go straight on to Apply once the plan is ready (retry after a failed apply).
    pub apply_when_ready: bool,
}

impl Default for PlanStep {
    fn default() -> Self {
        PlanStep {
            status: Status::Discovering,
            task: None,
            scroll: 0,
            apply_when_ready: false,
        }
    }
}

impl PlanStep {
    pub fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            busy: self.status == Status::Discovering,
            failed: matches!(self.status, Status::Failed(_) | Status::Conflicts(_)),
            ..KeyCtx::default()
        }
    }

    pub fn planned(&mut self, plan: Result<Plan, Vec<PlanError>>) {
        self.task = None;
        self.scroll = 0;
        self.status = match plan {
            Ok(p) => Status::Ready(p),
            Err(e) => Status::Conflicts(e),
        };
    }

    pub fn plan(&self) -> Option<&Plan> {
        match &self.status {
            Status::Ready(p) => Some(p),
            _ => None,
        }
    }

    pub fn on_intent(&mut self, intent: Intent, v: &View) -> Flow {
        let total = wrap::lines(self.lines(v), v.width).len();
        if let Some(scroll) = scroll::moved(self.scroll, intent, total, v.height) {
            self.scroll = scroll;
        }
        match intent {
            Intent::Next if self.plan().is_some() => Flow::Next,
            Intent::Back => Flow::Back,
            _ => Flow::Stay,
        }
    }

    pub fn lines(&self, v: &View) -> Vec<Line<'static>> {
        let t = v.theme;
        let mut out = Vec::new();
        let heading = |s: &str| Line::from(Span::styled(s.to_string(), t.label()));
        match &self.status {
            Status::Discovering => out.push(Line::from(format!(
                "{} looking at what already exists in the account…",
                spinner::frame(v.tick)
            ))),
            Status::Failed(e) => {
                let code = e
                    .code
                    .as_ref()
                    .map(|c| format!("{c}: "))
                    .unwrap_or_default();
                out.push(Line::styled(format!("✗ {code}{}", e.message), t.error()));
                out.push(Line::default());
                out.push(Line::from(
                    "r looks again · Esc goes back · q quits (nothing was changed)",
                ));
            }
            Status::Conflicts(errors) => {
                out.push(heading("The plan can't go ahead:"));
                for e in errors {
                    out.push(Line::styled(format!("  ✗ {e}"), t.error()));
                }
                out.push(Line::default());
                out.push(Line::from("Nothing was changed. Press Esc to go back and change the answers, or r to look again."));
            }
            Status::Ready(plan) => {
                if plan.changes.is_empty() {
                    out.push(heading("Everything already exists: no change needed."));
                } else {
                    out.push(heading(&format!(
                        "{} changes, in this order:",
                        plan.changes.len()
                    )));
                    out.extend(
                        plan.lines()
                            .into_iter()
                            .map(|l| Line::from(format!("  {l}"))),
                    );
                }
                if !plan.adopted.is_empty() {
                    out.push(Line::default());
                    out.push(heading("Already there, reused as it is:"));
                    out.extend(
                        plan.adopted
                            .iter()
                            .map(|a| Line::styled(format!("  = {a}"), t.ok())),
                    );
                }
                if !plan.warnings.is_empty() {
                    out.push(Line::default());
                    out.push(heading("Worth knowing:"));
                    out.extend(
                        plan.warnings
                            .iter()
                            .map(|w| Line::styled(format!("  ! {w}"), t.warn())),
                    );
                }
                out.push(Line::default());
                if v.plan_only {
                    out.push(Line::styled(
                        "Plan-only mode: Enter finishes and prints this plan; nothing is changed.",
                        t.focus(),
                    ));
                } else {
                    out.push(Line::styled(
                        "Nothing has been changed yet. Enter makes these changes; Esc goes back.",
                        t.focus(),
                    ));
                }
            }
        }
        out
    }

    pub fn view(&self, v: &View) -> Vec<Line<'static>> {
        let lines = wrap::lines(self.lines(v), v.width);
        scroll::window(lines, self.scroll, v.height, v.theme)
    }
}
