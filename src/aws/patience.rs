//! Waiting out IAM propagation for the live test: retries of the two propagation errors with
//! short capped backoff until a deadline, and the person's stop, which ends a call or a wait
//! at once.

use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::error::{CloudError, ErrorKind};
use super::verify::Report;
use crate::domain::progress::{Progress, WaitPhase};

/// Backoff between propagation retries: short, and capped at half a second so a key that
/// becomes usable is noticed within a second.
const FIRST_WAIT: Duration = Duration::from_millis(250);
const MAX_WAIT: Duration = Duration::from_millis(500);

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

/// Runs `op` until it succeeds, retrying the two propagation errors until the deadline; the
/// stop ends the call or the wait in progress.
pub(super) async fn patiently<T, F, Fut>(
    name: &str,
    limits: &Limits,
    report: Report<'_>,
    mut op: F,
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
        let phase = match e.kind {
            ErrorKind::UnknownKey => WaitPhase::KeyNotActive,
            ErrorKind::AccessDenied => WaitPhase::PermissionsPropagating,
            _ => return Err(e),
        };
        let now = Instant::now();
        if now >= deadline {
            return Err(still_denied(e));
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
        wait = (wait * 2).min(MAX_WAIT);
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
#[path = "patience_denied_tests.rs"]
mod denied_tests;
