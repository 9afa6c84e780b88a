//! The propagation wait under paused tokio time, with answers shaped as AWS sends them while
//! a new key propagates: `InvalidAccessKeyId`, then `AccessDenied`, then success. The clock
//! only moves when every task sleeps, so the waits are measured exactly.

use std::sync::Mutex;

use aws_sdk_s3::operation::delete_object::DeleteObjectOutput;
use aws_smithy_mocks::{Rule, mock};

use super::tests::{allowed, s3_error, spec};
use super::*;
use crate::aws::mocks;
use crate::domain::progress::{CheckOutcome, WaitPhase};

/// Runs the test for `integration`, recording every event.
async fn recorded(
    rules: &[Rule],
    integration: Integration,
    patience: Duration,
) -> (Vec<CheckResult>, Vec<Progress>) {
    let refs: Vec<&Rule> = rules.iter().collect();
    let admin = mocks::clients(&refs, &[]).await;
    let bucket = BucketName::parse("acme-braze").unwrap();
    let region = Region::parse("us-east-1").unwrap();
    let (_stop, stop) = watch::channel(false);
    let mut spec = spec(&bucket, &region, integration, stop);
    spec.patience = patience;
    let events = Mutex::new(Vec::new());
    let report = |p: Progress| events.lock().unwrap().push(p);
    let checks = test_with(&admin, &admin.s3, &spec, &report).await;
    (checks, events.into_inner().unwrap())
}

fn waits(events: &[Progress], name: &str) -> Vec<(WaitPhase, u32, u128)> {
    events
        .iter()
        .filter_map(|p| match p {
            Progress::CheckWaiting {
                check,
                phase,
                attempt,
                retry_in,
                ..
            } if check == name => Some((*phase, *attempt, retry_in.as_millis())),
            _ => None,
        })
        .collect()
}

fn started(events: &[Progress]) -> Vec<&str> {
    events
        .iter()
        .filter_map(|p| match p {
            Progress::CheckStarted { check } => Some(check.as_str()),
            _ => None,
        })
        .collect()
}

fn denials() -> [Rule; 2] {
    [
        mock!(aws_sdk_s3::Client::delete_object)
            .sequence()
            .http_status(403, s3_error("AccessDenied"))
            .repeatedly()
            .build(),
        mock!(aws_sdk_s3::Client::list_buckets)
            .sequence()
            .http_status(403, s3_error("AccessDenied"))
            .repeatedly()
            .build(),
    ]
}

/// An unknown key is retried 250 ms, then 500 ms apart; once AWS knows it (`AccessDenied`),
/// 100 ms apart, so its end is noticed at once; then the check passes.
#[tokio::test(start_paused = true)]
async fn the_wait_backs_off_while_the_key_is_unknown_and_tightens_once_it_is_known() {
    let mut rules = vec![
        mock!(aws_sdk_s3::Client::list_objects_v2)
            .sequence()
            .http_status(403, s3_error("InvalidAccessKeyId"))
            .times(3)
            .http_status(403, s3_error("AccessDenied"))
            .times(2)
            .output(|| {
                aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder().build()
            })
            .build(),
    ];
    rules.extend(allowed());
    rules.extend(denials());
    let begun = Instant::now();
    let (checks, events) = recorded(&rules, Integration::Currents, Duration::from_secs(60)).await;
    assert!(checks.iter().all(CheckResult::ok), "{checks:#?}");
    use WaitPhase::{KeyNotActive as Unknown, PermissionsPropagating as Known};
    assert_eq!(
        waits(&events, "list bucket"),
        [
            (Unknown, 1, 250),
            (Unknown, 2, 500),
            (Unknown, 3, 500),
            (Known, 4, 100),
            (Known, 5, 100)
        ]
    );
    assert_eq!(rules[0].num_calls(), 6);
    assert_eq!(begun.elapsed(), Duration::from_millis(1450));
}

/// A key still refused at the deadline fails its check with the bucket-policy sentence, after
/// exactly the patience it was given, and the checks that need a listing do not run.
#[tokio::test(start_paused = true)]
async fn a_key_still_denied_at_the_deadline_fails_after_the_patience_it_was_given() {
    let rules = vec![
        mock!(aws_sdk_s3::Client::list_objects_v2)
            .sequence()
            .http_status(403, s3_error("AccessDenied"))
            .repeatedly()
            .build(),
        // The admin's cleanup.
        mock!(aws_sdk_s3::Client::delete_object)
            .then_output(|| DeleteObjectOutput::builder().build()),
    ];
    let begun = Instant::now();
    let (checks, events) = recorded(&rules, Integration::Currents, Duration::from_secs(3)).await;
    assert_eq!(begun.elapsed(), Duration::from_secs(3));
    assert_eq!(checks.len(), 1, "{checks:#?}");
    assert_eq!(checks[0].outcome, CheckOutcome::Fail);
    assert!(
        checks[0].detail.contains("bucket policy"),
        "{}",
        checks[0].detail
    );
    assert!(waits(&events, "list bucket").iter().all(|w| w.2 <= 100));
    assert_eq!(rules[1].num_calls(), 1, "the admin removes the test object");
}

/// The checks start and report as before they were data: the listing first, then the rest
/// alongside, each as soon as what it waits for has finished (here every answer is at once,
/// so reading starts right after writing), and deleting after reading.
#[tokio::test(start_paused = true)]
async fn checks_start_alongside_once_the_listing_passed_and_report_in_list_order() {
    let mut rules = allowed();
    rules.extend(denials());
    let (checks, events) = recorded(&rules, Integration::Currents, Duration::from_secs(60)).await;
    let names: Vec<&str> = checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "list bucket",
            "bucket location",
            "write test object",
            "read test object",
            "cannot delete (Currents)",
            "cannot list other buckets"
        ]
    );
    assert_eq!(
        started(&events),
        [
            "list bucket",
            "bucket location",
            "write test object",
            "read test object",
            "cannot delete (Currents)",
            "cannot list other buckets"
        ]
    );

    let mut rules = allowed();
    rules.push(
        mock!(aws_sdk_s3::Client::delete_object)
            .then_output(|| DeleteObjectOutput::builder().build()),
    );
    rules.extend(denials());
    let (checks, events) = recorded(&rules, Integration::DataExport, Duration::from_secs(60)).await;
    assert!(checks.iter().all(CheckResult::ok), "{checks:#?}");
    assert_eq!(
        started(&events),
        [
            "list bucket",
            "bucket location",
            "write test object",
            "read test object",
            "delete test object",
            "cannot list other buckets"
        ]
    );
    assert_eq!(
        rules[4].num_calls(),
        1,
        "deleted by the key, no cleanup after"
    );
}
