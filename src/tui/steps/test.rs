//! Step 9: the live test, as Braze would do it, with a visible countdown while IAM propagates.

use std::time::Instant;

use ratatui::text::{Line, Span};

use super::View;
use crate::domain::progress::{CheckOutcome, CheckResult, Progress, WaitPhase};
use crate::tui::action::{Failure, TaskId};
use crate::tui::keymap::KeyCtx;
use crate::tui::widgets::spinner;

pub const ABOUT: &[&str] = &[
    "With the new key, the wizard does what Braze does: list and locate the bucket, put a test object under the folder (with AES-256 when chosen), read it back, delete it (exports), then cleans up.",
    "A new access key answers InvalidAccessKeyId for about 10–15 seconds, then AccessDenied while its permissions propagate: the wizard waits that out with backoff and shows the countdown.",
    "For a role, only Braze can assume it: the wizard checks the trust policy and simulates the actions where the endpoint can. Use Braze's Test Credentials button too.",
];

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
        passed: bool,
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
    pub fn start(&mut self, task: TaskId) {
        *self = TestStep {
            task: Some(task),
            ..TestStep::default()
        };
    }

    pub fn key_ctx(&self) -> KeyCtx {
        let (busy, failed) = match &self.status {
            Status::Running => (true, false),
            Status::Finished { saved: None, .. } => (true, false),
            Status::Finished { passed, .. } => (false, !passed),
        };
        KeyCtx {
            busy,
            failed,
            ..KeyCtx::default()
        }
    }

    pub fn animating(&self) -> bool {
        self.key_ctx().busy
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

    pub fn progress(&mut self, event: &Progress, at: Instant) {
        match event {
            Progress::CheckStarted { check } => {
                self.slot(check, at).state = CheckState::Running { since: at };
            }
            Progress::CheckWaiting {
                check,
                phase,
                attempt,
                retry_in,
                waited,
            } => {
                let since = at.checked_sub(*waited).unwrap_or(at);
                self.slot(check, at).state = CheckState::Waiting {
                    since,
                    phase: *phase,
                    attempt: *attempt,
                    until: at + *retry_in,
                };
            }
            Progress::CheckFinished { result } => {
                self.slot(&result.name, at).state = CheckState::Finished(result.clone());
            }
            _ => {}
        }
    }

    /// The report came back: every check gets its final result.
    pub fn finished(
        &mut self,
        checks: &[CheckResult],
        passed: bool,
        save_task: TaskId,
        now: Instant,
    ) {
        self.task = None;
        for result in checks {
            let slot = self.slot(&result.name, now);
            slot.state = CheckState::Finished(result.clone());
        }
        self.status = Status::Finished {
            passed,
            saved: None,
        };
        self.save_task = Some(save_task);
    }

    pub fn view(&self, v: &View) -> Vec<Line<'static>> {
        let t = v.theme;
        let mut out = Vec::new();
        for c in &self.checks {
            let (mark, style, tail) = match &c.state {
                CheckState::Running { since } => (
                    spinner::frame(v.tick).to_string(),
                    t.focus(),
                    spinner::elapsed(v.now.saturating_duration_since(*since)),
                ),
                CheckState::Waiting {
                    phase,
                    attempt,
                    until,
                    ..
                } => {
                    let left = until.saturating_duration_since(v.now);
                    let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                    (
                        spinner::frame(v.tick).to_string(),
                        t.warn(),
                        format!(
                            "{}, retrying in {secs}s (attempt {attempt})",
                            phase.sentence()
                        ),
                    )
                }
                CheckState::Finished(r) => match r.outcome {
                    CheckOutcome::Pass => ("✓".into(), t.ok(), spinner::elapsed(r.elapsed)),
                    CheckOutcome::NotAvailable => {
                        ("–".into(), t.dim(), "not available at this endpoint".into())
                    }
                    CheckOutcome::Fail | CheckOutcome::Unreachable => {
                        ("✗".into(), t.error(), spinner::elapsed(r.elapsed))
                    }
                },
            };
            out.push(Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(c.name.clone()),
                Span::styled(
                    format!("  {tail}"),
                    if matches!(c.state, CheckState::Waiting { .. }) {
                        t.warn()
                    } else {
                        t.dim()
                    },
                ),
            ]));
            if let CheckState::Finished(r) = &c.state {
                out.extend(detail(r, v));
            }
        }
        if self.checks.is_empty() {
            out.push(Line::from(format!(
                "{} starting the live test…",
                spinner::frame(v.tick)
            )));
        }
        out.push(Line::default());
        match &self.status {
            Status::Running => {}
            Status::Finished { saved: None, .. } => {
                out.push(Line::from("Saving the connector profile…"))
            }
            Status::Finished {
                passed,
                saved: Some(saved),
            } => {
                match saved {
                    Ok(path) => {
                        out.push(Line::styled(format!("Connector saved to {path}"), t.ok()))
                    }
                    Err(e) => out.push(Line::styled(
                        format!("✗ could not save the connector profile: {}", e.message),
                        t.error(),
                    )),
                }
                if *passed {
                    out.push(Line::styled(
                        "All checks passed. Enter shows what to enter in Braze.",
                        t.ok(),
                    ));
                } else {
                    out.push(Line::styled(
                        "A check failed: r runs the test again · Enter shows the Braze fields anyway · q quits",
                        t.error(),
                    ));
                }
            }
        }
        out
    }
}

/// What a finished check found, under its name: dim when it passed, the AWS error code and
/// what to do when it failed.
fn detail(r: &CheckResult, v: &View) -> Option<Line<'static>> {
    let t = v.theme;
    match r.outcome {
        CheckOutcome::Fail | CheckOutcome::Unreachable => {
            let code = r
                .code
                .as_ref()
                .map(|c| format!("{c}: "))
                .unwrap_or_default();
            Some(Line::styled(format!("   {code}{}", r.detail), t.error()))
        }
        _ if r.detail.is_empty() => None,
        _ => Some(Line::styled(format!("   {}", r.detail), t.dim())),
    }
}
