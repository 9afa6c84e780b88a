//! What ends a setup, the same for every face: the live test's verdict and its exit code.
//! The flow itself is the engine's four steps — `prepare` (read-only), `apply` under the
//! connector's [`RunLock`](super::RunLock), `verify`, `save` — which the wizard runs one task
//! at a time (a person approves the plan and starts the test) and the headless faces back to
//! back (`headless::setup::run`); the answers both start from are resolved once (`config`).

use super::TestReport;
use crate::domain::progress::CheckOutcome;
use crate::exit;

/// What a live test says about the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every check passed: Braze's "Test Credentials" will too.
    Passed,
    /// A check failed: the credentials or their permissions are wrong.
    Failed,
    /// The endpoint could not be reached, which says nothing about the credentials; why.
    Unreachable(String),
}

impl TestReport {
    pub fn verdict(&self) -> Verdict {
        if self.passed() {
            return Verdict::Passed;
        }
        match self
            .checks
            .iter()
            .find(|c| c.outcome == CheckOutcome::Unreachable)
        {
            Some(c) => Verdict::Unreachable(c.detail.clone()),
            None => Verdict::Failed,
        }
    }
}

impl Verdict {
    /// 0 passed, 3 a check failed, 1 the test could not run.
    pub fn exit_code(&self) -> u8 {
        match self {
            Verdict::Passed => exit::OK,
            Verdict::Failed => exit::CHECK_FAILED,
            Verdict::Unreachable(_) => exit::RUNTIME,
        }
    }
}

#[cfg(test)]
mod tests;
