//! What the engine reports while it works: one stream of events that both faces render.

use std::time::Duration;

use serde::Serialize;

use super::plan::Change;

/// One event of a setup, in the order it happens.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Progress {
    ChangeStarted {
        index: usize,
        change: Change,
    },
    ChangeApplied {
        index: usize,
        change: Change,
        #[serde(with = "millis")]
        elapsed: Duration,
    },
    CheckStarted {
        check: String,
    },
    /// The new credentials are not usable yet; the check retries after `retry_in`.
    CheckWaiting {
        check: String,
        phase: WaitPhase,
        attempt: u32,
        #[serde(with = "millis")]
        retry_in: Duration,
        #[serde(with = "millis")]
        waited: Duration,
    },
    CheckFinished {
        result: CheckResult,
    },
    Saved {
        path: String,
    },
}

impl Progress {
    /// The name of the live-test check the event is about, if it is about one.
    pub fn check(&self) -> Option<&str> {
        match self {
            Progress::CheckStarted { check } | Progress::CheckWaiting { check, .. } => Some(check),
            Progress::CheckFinished { result } => Some(&result.name),
            _ => None,
        }
    }

    /// The event with its check's name prefixed (`currents: list bucket`), so the checks of
    /// two credentials tested one after the other stay apart.
    pub fn labelled(mut self, label: &str) -> Progress {
        match &mut self {
            Progress::CheckStarted { check } | Progress::CheckWaiting { check, .. } => {
                *check = format!("{label}: {check}");
            }
            Progress::CheckFinished { result } => result.name = format!("{label}: {}", result.name),
            _ => {}
        }
        self
    }
}

/// Which half of IAM's propagation delay a retry is waiting out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaitPhase {
    /// `InvalidAccessKeyId` / `InvalidClientTokenId`: AWS does not know the new key yet.
    KeyNotActive,
    /// `AccessDenied` with a known key: its permissions are still propagating.
    PermissionsPropagating,
}

impl WaitPhase {
    pub fn sentence(self) -> &'static str {
        match self {
            WaitPhase::KeyNotActive => "new key not active yet",
            WaitPhase::PermissionsPropagating => "key active, permissions still propagating",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckOutcome {
    Pass,
    Fail,
    /// The endpoint does not offer this check (e.g. policy simulation on an emulator).
    NotAvailable,
    /// The endpoint could not be reached or did not answer: the check did not run. A runtime
    /// problem (network, proxy, endpoint URL), not a verdict on the credentials.
    Unreachable,
}

/// One line of the live credential test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    pub name: String,
    pub outcome: CheckOutcome,
    /// The AWS error code, when AWS answered with one.
    pub code: Option<String>,
    /// A sentence a person can act on.
    pub detail: String,
    #[serde(with = "millis")]
    pub elapsed: Duration,
}

impl CheckResult {
    /// The result with its name prefixed (`currents: list bucket`).
    pub fn labelled(mut self, label: &str) -> CheckResult {
        self.name = format!("{label}: {}", self.name);
        self
    }

    pub fn ok(&self) -> bool {
        matches!(
            self.outcome,
            CheckOutcome::Pass | CheckOutcome::NotAvailable
        )
    }
}

mod millis {
    use std::time::Duration;

    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_events_name_whose_check_they_are_and_leave_others_alone() {
        let started = Progress::CheckStarted {
            check: "list bucket".into(),
        };
        assert_eq!(
            started.labelled("data-export"),
            Progress::CheckStarted {
                check: "data-export: list bucket".into()
            }
        );
        let finished = Progress::CheckFinished {
            result: CheckResult {
                name: "list bucket".into(),
                outcome: CheckOutcome::Pass,
                code: None,
                detail: "ok".into(),
                elapsed: Duration::ZERO,
            },
        };
        match finished.labelled("currents") {
            Progress::CheckFinished { result } => assert_eq!(result.name, "currents: list bucket"),
            other => panic!("{other:?}"),
        }
        let saved = Progress::Saved { path: "p".into() };
        assert_eq!(saved.clone().labelled("x"), saved);
    }
}
