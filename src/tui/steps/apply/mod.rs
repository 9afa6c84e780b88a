//! Step 8: each change with a live status. Ctrl-C stops after the current AWS call and offers
//! roll back / keep / continue. The screen is in `view.rs`.

mod view;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::text::Line;

use super::{Flow, Handled, Page, Shared, Step, StepId, View};
use crate::domain::plan::Change;
use crate::domain::progress::Progress;
use crate::tui::action::{Action, Effect, Failure, Reply, TaskId};
use crate::tui::app::Config;
use crate::tui::keymap::{Binding, Intent, Key as K, KeyCtx, When as W, b};

#[rustfmt::skip]
const KEYS: &[Binding] = &[
    b(&[K::Enter], Intent::Next, W::Ready, Some("run the test"), "run the live test, as Braze would"),
    b(&[K::Ctrl('c')], Intent::Interrupt, W::Busy, Some("stop safely"), "stop after the current AWS call; then roll back, keep or continue"),
    b(&[K::Char('r')], Intent::Retry, W::Failed, Some("retry"), "look again and apply what is still missing"),
    b(&[K::Esc], Intent::Back, W::Failed, Some("back"), "back to the plan"),
    b(&[K::Char('b')], Intent::Rollback, W::Undoable, Some("roll back"), "undo what this run created"),
    b(&[K::Char('k')], Intent::Keep, W::StoppedClean, Some("quit"), "quit: nothing was created"),
    b(&[K::Char('k')], Intent::Keep, W::Undoable, Some("keep & quit"), "keep what was created and quit (braze-s3 resume goes on later)"),
    b(&[K::Char('c')], Intent::Continue, W::Stopped, Some("continue"), "go on applying the plan"),
    b(&[K::Char('q')], Intent::Quit, W::Ready, Some("quit"), "quit (asks first): what was created is kept and listed in the journal"),
    b(&[K::Char('q')], Intent::Quit, W::Failed, Some("quit"), "quit (asks first): what was created is kept and listed in the journal"),
    b(&[K::Char('?')], Intent::Help, W::Always, Some("help"), "show or hide this help"),
    b(&[K::Ctrl('c')], Intent::Interrupt, W::Always, None, "a second Ctrl-C quits at once"),
];

const PAGE: Page = Page {
    title: "Apply",
    heading: "Making the changes",
    keys: KEYS,
    changes_aws: true,
    about: &[
        "The wizard is making the changes of the plan, one AWS call at a time. Each created resource is written to a journal the moment it exists.",
        "Ctrl-C stops safely: the AWS call under way finishes, then you choose to roll back (delete what this run created), keep it (braze-s3 resume goes on later) or continue. A second Ctrl-C quits at once; the journal is kept.",
        "If a change fails, the AWS error code and what to do are shown: r looks again and applies what is still missing, Esc goes back to the plan, q quits.",
    ],
};

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
    fn start(&mut self, changes: &[Change], task: TaskId) {
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
    fn rolled_back(&mut self, result: Result<(), Failure>) {
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

    fn progress(&mut self, event: &Progress, at: Instant) {
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
    fn finished(&mut self, now: Instant) {
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
    fn failed(&mut self, failure: Failure) {
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
}

impl Step for ApplyStep {
    fn new(_config: &Config) -> ApplyStep {
        ApplyStep::default()
    }

    fn page(&self) -> &'static Page {
        &PAGE
    }

    fn key_ctx(&self) -> KeyCtx {
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

    fn view(&self, _shared: &Shared, v: &View) -> Vec<Line<'static>> {
        self.lines(v)
    }

    /// Starts applying the confirmed plan.
    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        let (Some(answers), Some(plan)) = (shared.answers.clone(), shared.plan.clone()) else {
            return Vec::new();
        };
        let task = shared.tasks.issue();
        self.start(&plan.changes, task);
        vec![Effect::Apply {
            task,
            answers,
            plan,
        }]
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared, _v: &View) -> Flow {
        match (intent, &self.status) {
            (Intent::Next, Status::Finished) => Flow::Next,
            (Intent::Retry | Intent::Continue, _) => {
                shared.reapply = true;
                Flow::To(StepId::Plan)
            }
            (Intent::Back, _) => Flow::To(StepId::Plan),
            (Intent::Rollback, Status::Stopped) if self.created() => {
                let Some(name) = shared.answers.as_ref().map(|a| a.name.clone()) else {
                    return Flow::Stay;
                };
                let task = shared.tasks.issue();
                self.task = Some(task);
                self.status = Status::RollingBack { log: Vec::new() };
                Flow::Run(vec![Effect::Rollback { task, name }])
            }
            (Intent::Keep, _) => Flow::End,
            _ => Flow::Stay,
        }
    }

    fn on_result(&mut self, action: Action, shared: &mut Shared, v: &View) -> Handled {
        match action {
            Action::Progress { task, event, at } if self.task == Some(task) => {
                self.progress(&event, at);
            }
            Action::Applied(Reply { task, result }) if self.task == Some(task) => match result {
                Ok(applied) => {
                    shared.applied = Some(Arc::new(applied));
                    self.finished(v.now);
                }
                Err(e) => self.failed(e),
            },
            Action::RollbackLine { task, line } if self.task == Some(task) => {
                if let Status::RollingBack { log } = &mut self.status {
                    log.push(line);
                }
            }
            Action::RolledBack(Reply { task, result }) if self.task == Some(task) => {
                self.rolled_back(result);
            }
            other => return Handled::Left(other),
        }
        Handled::Took(Flow::Stay)
    }
}
