//! Day-2 rules, pure: what `doctor` concludes from what it saw — drift against what was set
//! up, key age, key use, and whether Braze still writes. Times are seconds since the Unix
//! epoch, handed in by the caller (no clock here).

use serde::Serialize;

use super::answers::Answers;
use super::bucket_policy::{BucketPolicy, Certainty, findings, requesters};
use super::existing::{BucketState, Encryption, ExistingRole, ExistingUser};
use super::integration::Integration;
use super::names::{IamName, PolicyName};
use super::policy::PolicyDocument;

mod rules;

pub use rules::{describe_age, setup_command};

/// A key older than this many days is due for rotation.
pub const KEY_AGE_WARN_DAYS: u64 = 90;
/// Once Braze has written, a newest Currents file older than this is a warning: after about
/// five days of failures Braze drops events for good.
pub const STALE_AFTER_HOURS: u64 = 24;

/// One of a user's access keys, with its creation time when AWS said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    pub id: String,
    pub active: bool,
    pub created: Option<u64>,
}

/// What `GetAccessKeyLastUsed` said about a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum KeyUse {
    Used {
        at: u64,
        service: String,
        region: String,
    },
    NeverUsed,
    /// The endpoint does not tell (no `GetAccessKeyLastUsed`, or it does not record use).
    NotAvailable {
        why: String,
    },
}

impl KeyUse {
    /// For people: "last used by s3 in us-east-1 3 hours ago", "never used", …
    pub fn sentence(&self, now: u64) -> String {
        match self {
            KeyUse::Used {
                at,
                service,
                region,
            } => format!(
                "last used by {service} in {region} {}",
                describe_age(now.saturating_sub(*at))
            ),
            KeyUse::NeverUsed => "never used".into(),
            KeyUse::NotAvailable { why } => format!("last use not available here ({why})"),
        }
    }

    pub fn was_used(&self) -> bool {
        matches!(self, KeyUse::Used { .. })
    }
}

/// An object in the bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectInfo {
    pub key: String,
    pub size: i64,
    pub modified: Option<u64>,
}

/// Where Braze writes for `integration`: Currents under `FOLDER/dataexport.`, exports under
/// `segment-export/` and `sent_messages/`.
pub fn braze_prefixes(answers: &Answers, integration: Integration) -> Vec<String> {
    match (integration, &answers.folder) {
        (Integration::Currents, Some(folder)) => vec![format!("{folder}/dataexport.")],
        (Integration::Currents, None) => vec!["dataexport.".into()],
        (Integration::DataExport, _) => vec!["segment-export/".into(), "sent_messages/".into()],
    }
}

/// True when `key` is a file Braze wrote for one of the connector's integrations.
pub fn written_by_braze(answers: &Answers, key: &str) -> bool {
    answers
        .integrations()
        .iter()
        .flat_map(|&i| braze_prefixes(answers, i))
        .any(|p| key.starts_with(&p))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Warn,
    Fail,
}

/// One thing wrong, and the command that fixes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub check: &'static str,
    pub summary: String,
    pub fix: String,
}

/// A connector's overall state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    Healthy,
    Warning,
    Failing,
}

impl Health {
    pub fn of(problems: &[Problem]) -> Health {
        match problems.iter().map(|p| p.severity).max() {
            None => Health::Healthy,
            Some(Severity::Warn) => Health::Warning,
            Some(Severity::Fail) => Health::Failing,
        }
    }

    /// The worst of several.
    pub fn worst(all: impl IntoIterator<Item = Health>) -> Health {
        all.into_iter().fold(Health::Healthy, |a, b| match (a, b) {
            (Health::Failing, _) | (_, Health::Failing) => Health::Failing,
            (Health::Warning, _) | (_, Health::Warning) => Health::Warning,
            _ => Health::Healthy,
        })
    }
}

/// A permission policy the connector uses: what it should say and what AWS holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySeen {
    pub name: PolicyName,
    pub arn: String,
    pub expected: PolicyDocument,
    /// `None`: the policy is gone; `Some(None)`: its document could not be read.
    pub found: Option<Option<PolicyDocument>>,
}

/// The connector's IAM user as found, with its keys and the saved key's last use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSeen {
    pub integration: Integration,
    pub user: IamName,
    pub policy: PolicyName,
    pub found: Option<ExistingUser>,
    pub keys: Vec<KeyInfo>,
    pub saved_key: Option<String>,
    /// The key a rotation replaced, until `rotate --finish` deletes it.
    pub previous_key: Option<String>,
    pub last_used: Option<KeyUse>,
}

/// The connector's role as found, and the trust policy it should have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSeen {
    pub integration: Integration,
    pub role: IamName,
    pub policy: PolicyName,
    pub found: Option<ExistingRole>,
    pub expected_trust: PolicyDocument,
}

/// Everything `doctor` looked at for one connector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub now: u64,
    pub account: String,
    pub bucket: BucketState,
    pub policies: Vec<PolicySeen>,
    pub users: Vec<UserSeen>,
    pub roles: Vec<RoleSeen>,
    /// The newest file Braze wrote (Currents), if any; `None` when not looked at.
    pub newest_braze_object: Option<Option<ObjectInfo>>,
}

/// Every problem found, failures first.
pub fn problems(answers: &Answers, seen: &Seen) -> Vec<Problem> {
    let mut out = Vec::new();
    bucket(answers, seen, &mut out);
    for p in &seen.policies {
        rules::policy(answers, p, &mut out);
    }
    for u in &seen.users {
        rules::user(answers, u, seen.now, &mut out);
    }
    for r in &seen.roles {
        rules::role(answers, r, &mut out);
    }
    if let Some(newest) = &seen.newest_braze_object {
        rules::freshness(answers, newest.as_ref(), seen.now, &mut out);
    }
    out.sort_by_key(|p| std::cmp::Reverse(p.severity));
    out
}

fn bucket(answers: &Answers, seen: &Seen, out: &mut Vec<Problem>) {
    let b = &answers.bucket;
    let again = setup_command(answers);
    let fail = |summary: String, fix: String| Problem {
        severity: Severity::Fail,
        check: "bucket",
        summary,
        fix,
    };
    let existing = match &seen.bucket {
        BucketState::Owned(existing) => existing,
        BucketState::Missing => {
            return out.push(fail(
                format!("bucket {b} is gone: Braze has nowhere to write"),
                format!("create it again with the connector's settings: `{again}`"),
            ));
        }
        BucketState::OwnedByOther => {
            return out.push(fail(
                format!("bucket {b} now belongs to another AWS account"),
                format!(
                    "set the connector up on a bucket of yours: `braze-s3 setup --non-interactive --name {} --bucket NEW-BUCKET`",
                    answers.name
                ),
            ));
        }
        BucketState::Unverified { .. } => {
            return out.push(fail(
                format!("bucket {b} exists but S3 refused to say whose it is (403)"),
                "check that your credentials may call s3:ListBucket and that no bucket policy denies you, then run `braze-s3 doctor` again".into(),
            ));
        }
    };
    if existing.object_lock && answers.integrations().contains(&Integration::Currents) {
        out.push(fail(
            format!("Object Lock is on for bucket {b}: Currents does not support it"),
            format!(
                "Object Lock can't be turned off: move Currents to a new bucket with `braze-s3 setup --non-interactive --name {} --bucket NEW-BUCKET`",
                answers.name
            ),
        ));
    }
    if existing.encryption == Encryption::Kms {
        out.push(fail(
            format!("bucket {b}'s default encryption is SSE-KMS, which Braze does not support"),
            format!(
                "switch it to SSE-S3: `aws s3api put-bucket-encryption --bucket {b} --server-side-encryption-configuration '{{\"Rules\":[{{\"ApplyServerSideEncryptionByDefault\":{{\"SSEAlgorithm\":\"AES256\"}}}}]}}'`"
            ),
        ));
    }
    if let BucketPolicy::Unreadable(why) = &existing.policy {
        out.push(Problem {
            severity: Severity::Warn,
            check: "bucket policy",
            summary: format!("the bucket policy of {b} could not be read ({why})"),
            fix: format!(
                "allow yourself s3:GetBucketPolicy on {b}, then run `braze-s3 doctor` again"
            ),
        });
    }
    let who = requesters(answers, &seen.account);
    for f in findings(&existing.policy, b, &who) {
        out.push(Problem {
            severity: match f.certainty {
                Certainty::Blocks => Severity::Fail,
                Certainty::MayBlock => Severity::Warn,
            },
            check: "bucket policy",
            summary: format!("the bucket policy of {b} {} Braze: {f}", match f.certainty {
                Certainty::Blocks => "blocks",
                Certainty::MayBlock => "may block",
            }),
            fix: format!(
                "remove or narrow that statement: `aws s3api get-bucket-policy --bucket {b}`, edit it, then `aws s3api put-bucket-policy --bucket {b} --policy file://policy.json`"
            ),
        });
    }
}

#[cfg(test)]
mod tests;
