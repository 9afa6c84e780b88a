//! Step 9: the live test, as Braze would do it, with a visible countdown while IAM propagates.
//! The screen is in `view.rs`.

mod view;

use std::time::Instant;

use ratatui::text::Line;

use super::{Flow, Handled, Page, Shared, Step, View};
use crate::domain::progress::{CheckResult, Progress, WaitPhase};
use crate::engine::Verdict;
use crate::tui::action::{Action, Effect, Failure, Reply, TaskId};
use crate::tui::app::Config;
use crate::tui::keymap::{Binding, CTRL_C, HELP, Intent, Key as K, KeyCtx, When as W, b};

#[rustfmt::skip]
const KEYS: &[Binding] = &[
    b(&[K::Enter], Intent::Next, W::Ready, Some("continue"), "show what to enter in Braze"),
    b(&[K::Char('r')], Intent::Retry, W::Failed, Some("retry"), "run the live test again"),
    b(&[K::Enter], Intent::Next, W::Failed, Some("continue anyway"), "show what to enter in Braze even though a check failed"),
    b(&[K::Char('q')], Intent::Quit, W::NotTyping, Some("quit"), "quit; the connector stays as it is (after a passed test: shows the Braze fields first; before the test ends: asks first)"),
    HELP,
    CTRL_C,
];

const PAGE: Page = Page {
    title: "Test",
    heading: "Testing the connection as Braze would",
    keys: KEYS,
    changes_aws: true,
    about: &[
        "With the new key, the wizard does what Braze does: list and locate the bucket, put a test object under the folder (with AES-256 when chosen) and read it back. An export key then deletes it, as Braze does. A Currents key must be refused the delete, so the wizard deletes the test object with the credentials it runs with (yours); if even that fails, the object is recorded and teardown removes it.",
        "A new access key answers InvalidAccessKeyId for about 10–15 seconds, then AccessDenied while its permissions propagate: the wizard waits that out with backoff and shows the countdown.",
        "For a role, only Braze can assume it: the wizard checks the trust policy and simulates the actions where the endpoint can. Use Braze's Test Credentials button too.",
    ],
};

#[derive(Debug, Clone, PartialEq)]
pub enum CheckState {
    Running {
        since: Instant,
    },
    Waiting {
        since: Instant,
        phase: WaitPhase,
        attempt: u32,
        until: Instant,
    },
    Finished(CheckResult),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub name: String,
    pub state: CheckState,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Running,
    /// The checks are done; `saved` is where the profile went (once known).
    Finished {
        verdict: Verdict,
        saved: Option<Result<String, Failure>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct TestStep {
    pub checks: Vec<Check>,
    pub status: Status,
    pub task: Option<TaskId>,
    pub save_task: Option<TaskId>,
}

impl Default for TestStep {
    fn default() -> Self {
        TestStep {
            checks: Vec::new(),
            status: Status::Running,
            task: None,
            save_task: None,
        }
    }
}

impl TestStep {
    /// Runs the live test of what was applied (again, on retry).
    fn start(&mut self, shared: &mut Shared) -> Vec<Effect> {
        let (Some(answers), Some(applied)) = (shared.answers.clone(), shared.applied.clone())
        else {
            return Vec::new();
        };
        let task = shared.tasks.issue();
        *self = TestStep {
            task: Some(task),
            ..TestStep::default()
        };
        vec![Effect::Verify {
            task,
            answers,
            applied,
        }]
    }

    fn slot(&mut self, name: &str, at: Instant) -> &mut Check {
        let i = match self.checks.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                self.checks.push(Check {
                    name: name.to_string(),
                    state: CheckState::Running { since: at },
                });
                self.checks.len() - 1
            }
        };
        &mut self.checks[i]
    }

    fn progress(&mut self, event: &Progress, at: Instant) {
        let Some(check) = event.check() else {
            return;
        };
        let state = match event {
            Progress::CheckWaiting {
                phase,
                attempt,
                retry_in,
                waited,
                ..
            } => CheckState::Waiting {
                since: at.checked_sub(*waited).unwrap_or(at),
                phase: *phase,
                attempt: *attempt,
                until: at + *retry_in,
            },
            Progress::CheckFinished { result } => CheckState::Finished(result.clone()),
            _ => CheckState::Running { since: at },
        };
        self.slot(check, at).state = state;
    }

    /// The report came back: every check gets its final result.
    fn finished(
        &mut self,
        checks: &[CheckResult],
        verdict: Verdict,
        save_task: TaskId,
        now: Instant,
    ) {
        self.task = None;
        for result in checks {
            let slot = self.slot(&result.name, now);
            slot.state = CheckState::Finished(result.clone());
        }
        self.status = Status::Finished {
            verdict,
            saved: None,
        };
        self.save_task = Some(save_task);
    }
}

impl Step for TestStep {
    fn new(_config: &Config) -> TestStep {
        TestStep::default()
    }

    fn page(&self) -> &'static Page {
        &PAGE
    }

    fn key_ctx(&self) -> KeyCtx {
        let (busy, failed) = match &self.status {
            Status::Running => (true, false),
            Status::Finished { saved: None, .. } => (true, false),
            Status::Finished { verdict, .. } => (false, *verdict != Verdict::Passed),
        };
        KeyCtx {
            busy,
            failed,
            ..KeyCtx::default()
        }
    }

    fn view(&self, _shared: &Shared, v: &View) -> Vec<Line<'static>> {
        self.lines(v)
    }

    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        self.start(shared)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared, _v: &View) -> Flow {
        match intent {
            Intent::Retry => Flow::Run(self.start(shared)),
            Intent::Next => Flow::Next,
            _ => Flow::Stay,
        }
    }

    fn on_result(&mut self, action: Action, shared: &mut Shared, v: &View) -> Handled {
        match action {
            Action::Progress { task, event, at } if self.task == Some(task) => {
                self.progress(&event, at);
            }
            Action::Verified { task, report } if self.task == Some(task) => {
                let (Some(answers), Some(applied)) =
                    (shared.answers.clone(), shared.applied.clone())
                else {
                    return Handled::Took(Flow::Stay);
                };
                let account = shared.identity.as_ref().map(|id| id.account.clone());
                let save = shared.tasks.issue();
                self.finished(&report.checks, report.verdict(), save, v.now);
                return Handled::Took(Flow::Run(vec![Effect::Save {
                    task: save,
                    answers,
                    applied,
                    report,
                    account: account.unwrap_or_default(),
                }]));
            }
            Action::Saved(Reply { task, result }) if self.save_task == Some(task) => {
                self.save_task = None;
                if let Status::Finished { saved, .. } = &mut self.status {
                    *saved = Some(result.map(|p| p.display().to_string()));
                }
            }
            other => return Handled::Left(other),
        }
        Handled::Took(Flow::Stay)
    }

    /// Hands how the test ended to the Done step.
    fn leave(&mut self, shared: &mut Shared) -> bool {
        if let Status::Finished { verdict, saved } = &self.status {
            shared.tested = Some((verdict.clone(), saved.clone()));
        }
        true
    }
}
