//! Why the bucket step refuses an existing bucket (Object Lock, SSE-KMS, its policy), and its
//! view of the bucket's policy: its `Deny` statements that would, or
//! may, block Braze for the chosen integrations (who Braze acts as and whether it sends the
//! SSE header are not known yet: the plan checks again with every answer in).

use ratatui::text::Line;

use crate::domain::bucket_policy::{BucketPolicy, Certainty, Finding, Requester, findings};
use crate::domain::existing::Encryption;
use crate::domain::integration::{Integration, IntegrationChoice};
use crate::domain::names::BucketName;
use crate::engine::BucketInfo;
use crate::tui::steps::{View, form};

/// Why Braze can't use a bucket.
enum Unusable {
    ObjectLock,
    Kms,
    /// A statement of its policy blocks Braze: the sentence that says which.
    Policy(String),
}

fn why_unusable(b: &BucketInfo, choice: IntegrationChoice) -> Option<Unusable> {
    if b.object_lock && choice.includes(Integration::Currents) {
        return Some(Unusable::ObjectLock);
    }
    if b.encryption == Encryption::Kms {
        return Some(Unusable::Kms);
    }
    let found = early_findings(&b.policy, &b.account, &b.name, choice);
    blocking(&found, &b.name).map(Unusable::Policy)
}

/// Why Braze can't use this bucket for `choice`, if it can't.
pub fn refusal(b: &BucketInfo, choice: IntegrationChoice) -> Option<String> {
    Some(match why_unusable(b, choice)? {
        Unusable::ObjectLock => format!(
            "{} has Object Lock enabled, which Braze Currents does not support: pick another bucket",
            b.name
        ),
        Unusable::Kms => format!(
            "{} encrypts with SSE-KMS by default, which Braze does not support: switch it to SSE-S3 (AES256) or pick another bucket",
            b.name
        ),
        Unusable::Policy(why) => why,
    })
}

/// [`refusal`] in a few words, for the bucket's row in the list.
pub fn unusable(b: &BucketInfo, choice: IntegrationChoice) -> Option<&'static str> {
    Some(match why_unusable(b, choice)? {
        Unusable::ObjectLock => "Object Lock (not for Currents)",
        Unusable::Kms => "SSE-KMS (Braze can't write)",
        Unusable::Policy(_) => "its policy blocks Braze",
    })
}

/// What the policy says about Braze, before the auth and options steps.
pub fn early_findings(
    policy: &BucketPolicy,
    account: &str,
    bucket: &BucketName,
    choice: IntegrationChoice,
) -> Vec<Finding> {
    let requesters: Vec<Requester<'_>> = choice
        .integrations()
        .iter()
        .map(|&integration| Requester {
            integration,
            principal_arn: None,
            account,
            sse: None,
            folder: None,
        })
        .collect();
    findings(policy, bucket, &requesters)
}

/// Why the bucket can't be used, when a statement certainly blocks Braze.
pub fn blocking(found: &[Finding], bucket: &BucketName) -> Option<String> {
    found
        .iter()
        .find(|f| f.certainty == Certainty::Blocks)
        .map(|f| {
            format!(
                "the bucket policy of {bucket} would block Braze: {f}; change that statement or pick another bucket"
            )
        })
}

/// One line per statement, for under the bucket.
pub fn lines(policy: &BucketPolicy, found: &[Finding], v: &View) -> Vec<Line<'static>> {
    if let BucketPolicy::Unreadable(why) = policy {
        return vec![form::note(
            &format!("    bucket policy not readable ({why}): the plan will warn"),
            v,
        )];
    }
    found
        .iter()
        .map(|f| match f.certainty {
            Certainty::Blocks => form::problem(&format!("bucket policy: {f}"), v),
            Certainty::MayBlock => {
                form::note(&format!("    ⚠ bucket policy may block Braze: {f}"), v)
            }
        })
        .collect()
}
