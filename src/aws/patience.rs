//! Waiting out IAM propagation for the live test: retries of the two propagation errors with
//! short capped backoff until a deadline, and the person's stop, which ends a call or a wait
//! at once. Also the live test's check wrapper and its must-be-refused verdict.

use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::error::{CloudError, ErrorKind};
use super::verify::Report;
use crate::domain::checks::{DENIED_AS_IT_SHOULD_BE, Expect};
use crate::domain::progress::{CheckOutcome, CheckResult, Progress, WaitPhase};

/// Backoff between propagation retries: short, and capped at half a second while AWS does not
/// know the key yet, so a key that becomes usable is noticed within a second.
const FIRST_WAIT: Duration = Duration::from_millis(250);
const MAX_WAIT: Duration = Duration::from_millis(500);
/// Once the key answers `AccessDenied` it exists and only its permissions are propagating,
/// which takes seconds at most: the cap drops so the end of the wait is noticed at once.
const MAX_WAIT_NEAR_THE_END: Duration = Duration::from_millis(100);

/// How long the checks may wait, and the person's stop.
pub(super) struct Limits {
    pub deadline: Instant,
    pub stop: watch::Receiver<bool>,
}

/// Resolves once the stop is set; never if it can no longer be.
async fn stopped(mut stop: watch::Receiver<bool>) {
    if stop.wait_for(|s| *s).await.is_err() {
        std::future::pending::<()>().await;
    }
}

fn interrupted() -> CloudError {
    CloudError::new(
        "live test",
        ErrorKind::Other,
        "stopped on request before this check finished",
    )
}

/// Runs `op` until it succeeds, retrying the propagation errors until the deadline; the
/// stop ends the call or the wait in progress. A check that must be refused retries only
/// `InvalidAccessKeyId`, so it gets its `AccessDenied` (the pass) at once, and a late key
/// never fails it.
pub(super) async fn patiently<T, F, Fut>(
    name: &str,
    limits: &Limits,
    report: Report<'_>,
    expect: Expect,
    op: F,
) -> Result<T, CloudError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CloudError>>,
{
    let denied_passes = matches!(expect, Expect::Denied { .. });
    retrying(name, limits, report, op, |kind| match kind {
        ErrorKind::UnknownKey => Some(WaitPhase::KeyNotActive),
        ErrorKind::AccessDenied if !denied_passes => Some(WaitPhase::PermissionsPropagating),
        _ => None,
    })
    .await
}

async fn retrying<T, F, Fut>(
    name: &str,
    limits: &Limits,
    report: Report<'_>,
    mut op: F,
    waits_on: impl Fn(ErrorKind) -> Option<WaitPhase>,
) -> Result<T, CloudError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CloudError>>,
{
    let deadline = limits.deadline;
    let started = Instant::now();
    let mut wait = FIRST_WAIT;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let outcome = tokio::select! {
            outcome = op() => outcome,
            () = stopped(limits.stop.clone()) => return Err(interrupted()),
        };
        let e = match outcome {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let Some(phase) = waits_on(e.kind) else {
            return Err(e);
        };
        let now = Instant::now();
        if now >= deadline {
            return Err(still_denied(e));
        }
        if phase == WaitPhase::PermissionsPropagating {
            wait = wait.min(MAX_WAIT_NEAR_THE_END);
        }
        let retry_in = wait.min(deadline - now);
        report(Progress::CheckWaiting {
            check: name.to_string(),
            phase,
            attempt,
            retry_in,
            waited: started.elapsed(),
        });
        tokio::select! {
            () = tokio::time::sleep(retry_in) => {}
            () = stopped(limits.stop.clone()) => return Err(interrupted()),
        }
        let cap = match phase {
            WaitPhase::KeyNotActive => MAX_WAIT,
            WaitPhase::PermissionsPropagating => MAX_WAIT_NEAR_THE_END,
        };
        wait = (wait * 2).min(cap);
    }
}

fn result(name: &str, started: Instant, outcome: Result<String, CloudError>) -> CheckResult {
    match outcome {
        Ok(detail) => CheckResult {
            name: name.to_string(),
            outcome: CheckOutcome::Pass,
            code: None,
            detail,
            elapsed: started.elapsed(),
        },
        Err(e) => CheckResult {
            name: name.to_string(),
            outcome: match e.kind {
                ErrorKind::Unreachable | ErrorKind::Timeout => CheckOutcome::Unreachable,
                _ => CheckOutcome::Fail,
            },
            code: e.code.clone(),
            detail: e.sentence.clone(),
            elapsed: started.elapsed(),
        },
    }
}

/// One check: reports its start and result and returns the result.
pub(super) async fn check<F>(name: &str, report: Report<'_>, body: F) -> CheckResult
where
    F: Future<Output = Result<String, CloudError>>,
{
    report(Progress::CheckStarted {
        check: name.to_string(),
    });
    let started = Instant::now();
    let r = result(name, started, body.await);
    report(Progress::CheckFinished { result: r.clone() });
    r
}

/// A check that must be refused: AccessDenied is the pass.
pub(super) fn must_deny<T>(
    outcome: Result<T, CloudError>,
    broader: &str,
) -> Result<String, CloudError> {
    match outcome {
        Err(e) if e.kind == ErrorKind::AccessDenied => Ok(DENIED_AS_IT_SHOULD_BE.to_string()),
        Err(e) => Err(e),
        Ok(_) => Err(CloudError {
            operation: "least-privilege check",
            kind: ErrorKind::Other,
            code: None,
            status: None,
            sentence: format!("{broader}: its policy grants more than Braze needs"),
        }),
    }
}

/// Denied after the whole propagation wait: IAM has had its time, so name the bucket policy,
/// whose Deny beats any Allow, as a possible cause.
fn still_denied(mut e: CloudError) -> CloudError {
    if e.kind == ErrorKind::AccessDenied {
        e.sentence = format!(
            "the key is still denied {} after the wait for IAM to propagate: check that the connector's policy is attached, and check the bucket policy, whose Deny statements (e.g. requiring aws:kms, a VPC endpoint or certain source IPs) block Braze whatever IAM allows",
            e.operation
        );
    }
    e
}

#[cfg(test)]
mod denied_tests;
