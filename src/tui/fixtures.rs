//! Made-up engine answers and key presses shared by the wizard's tests (`tui/tests`) and the
//! render benchmark (`benches/render.rs`), so both reach every step the same way. Built for
//! tests and with the `bench-fixtures` feature only, never into a release binary.
#![allow(clippy::unwrap_used, clippy::panic)] // constant, valid values; a fixture fails loudly

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Effect, TaskId};
use super::app::App;
use crate::domain::existing::Encryption;
use crate::domain::integration::Integration;
use crate::domain::names::{BucketName, IamName, Region};
use crate::domain::progress::{CheckOutcome, CheckResult, Progress, WaitPhase};
use crate::engine::{Applied, BucketInfo, Credential, Identity, NewAccessKey};

pub fn identity() -> Identity {
    Identity {
        account: "123456789012".into(),
        arn: "arn:aws:iam::123456789012:user/admin".into(),
        region: "eu-west-1".into(),
        sandbox: true,
        endpoint: Some("http://127.0.0.1:5000".into()),
    }
}

pub fn bucket_info(name: &str, object_lock: bool, encryption: Encryption) -> BucketInfo {
    BucketInfo {
        name: BucketName::parse(name).unwrap(),
        region: Some(Region::parse("eu-west-1").unwrap()),
        object_lock,
        encryption,
        policy: crate::domain::bucket_policy::BucketPolicy::None,
        account: "123456789012".into(),
    }
}

/// The account's buckets as the Bucket step lists them: one fit for Braze, one with Object
/// Lock, one encrypted with KMS.
pub fn listed_buckets() -> Vec<BucketInfo> {
    vec![
        bucket_info("analytics-lake", false, Encryption::SseS3),
        bucket_info("compliance-archive", true, Encryption::SseS3),
        bucket_info("kms-only", false, Encryption::Kms),
    ]
}

/// What apply made: one user with a new access key (Currents).
pub fn applied() -> Applied {
    Applied {
        credentials: vec![Credential {
            integration: Integration::Currents,
            principal: IamName::parse("braze-s3-braze-export-abc123")
                .unwrap_or_else(|e| panic!("{e}")),
            access_key: Some(NewAccessKey::new(
                "AKIAEXAMPLEKEY123456",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            )),
            role_arn: None,
        }],
        ..Applied::default()
    }
}

pub fn check(name: &str, outcome: CheckOutcome) -> CheckResult {
    CheckResult {
        name: name.into(),
        outcome,
        code: (outcome == CheckOutcome::Fail).then(|| "AccessDenied".into()),
        detail: if outcome == CheckOutcome::Fail {
            "the key may not put objects: check the policy is attached".into()
        } else {
            "ok".into()
        },
        elapsed: Duration::from_millis(340),
    }
}

pub fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub fn enter(app: &mut App) -> Vec<Effect> {
    key(app, KeyCode::Enter)
}

/// The live test `task` at `at`: the first check passed, the second waits for the new key to
/// propagate (attempt 2, 3 s waited); then a tick 300 ms later.
pub fn wait_for_propagation(app: &mut App, task: TaskId, at: Instant) {
    let events = [
        Progress::CheckStarted {
            check: "list bucket".into(),
        },
        Progress::CheckFinished {
            result: check("list bucket", CheckOutcome::Pass),
        },
        Progress::CheckStarted {
            check: "put object with AES256".into(),
        },
        Progress::CheckWaiting {
            check: "put object with AES256".into(),
            phase: WaitPhase::KeyNotActive,
            attempt: 2,
            retry_in: Duration::from_secs(2),
            waited: Duration::from_secs(3),
        },
    ];
    for event in events {
        app.update(Action::Progress { task, event, at });
    }
    app.update(Action::Tick(at + Duration::from_millis(300)));
}
