//! What a setup creates in AWS, as the journal records it: first the intent (written and
//! fsynced before the call that creates), then what was created. An intent without an outcome
//! means "may exist": the engine looks it up before it resumes or undoes.

use serde::{Deserialize, Serialize};

use super::names::{BucketName, IamName, Region};

/// A resource the tool created (or a setting it changed), with what undoing it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "resource", rename_all = "kebab-case")]
pub enum Created {
    Bucket {
        bucket: BucketName,
        region: Region,
    },
    Policy {
        arn: String,
    },
    /// A new default version of a policy that existed; undo restores `previous`.
    PolicyVersion {
        arn: String,
        version: String,
        previous: String,
    },
    User {
        user: IamName,
    },
    UserAttachment {
        user: IamName,
        arn: String,
    },
    AccessKey {
        user: IamName,
        id: String,
    },
    Role {
        role: IamName,
    },
    RoleAttachment {
        role: IamName,
        arn: String,
    },
    /// An object the live test wrote (deleted again by the test; undo removes a leftover).
    TestObject {
        bucket: BucketName,
        region: Region,
        key: String,
    },
}

/// What the next AWS call is about to create: enough to find it again if the process dies
/// before the outcome is journaled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "resource", rename_all = "kebab-case")]
pub enum Intent {
    /// `previous` is the default version before the new one; it is restored on undo.
    PolicyVersion { arn: String, previous: String },
    /// `before`: the user's key IDs just before the call. Any other key whose secret was not
    /// saved came from this call (or from nobody who can use it).
    AccessKey { user: IamName, before: Vec<String> },
    /// A bucket, policy, user, role, attachment or test object: named before the call, so the
    /// intent is exactly what the call creates. Journaled as that `Created` (same JSON as before).
    #[serde(untagged)]
    Named(Created),
}

impl Intent {
    /// True when `created` is the outcome of this intent.
    pub fn fulfilled_by(&self, created: &Created) -> bool {
        use Created as C;
        use Intent as I;
        match (self, created) {
            (I::PolicyVersion { arn, .. }, C::PolicyVersion { arn: a, .. }) => arn == a,
            (I::AccessKey { user, before }, C::AccessKey { user: u, id }) => {
                user == u && !before.contains(id)
            }
            (I::Named(named), created) => named == created,
            _ => false,
        }
    }
}

impl Created {
    /// The order real AWS needs for deleting: keys and attachments before their user or
    /// role, policy versions and attachments before the policy, objects before the bucket.
    pub fn undo_rank(&self) -> u8 {
        match self {
            Created::AccessKey { .. } | Created::TestObject { .. } => 0,
            Created::UserAttachment { .. } | Created::RoleAttachment { .. } => 1,
            Created::PolicyVersion { .. } => 2,
            Created::User { .. } | Created::Role { .. } => 3,
            Created::Policy { .. } => 4,
            Created::Bucket { .. } => 5,
        }
    }

    /// The resource in words, for undo and teardown reports.
    pub fn describe(&self) -> String {
        match self {
            Created::Bucket { bucket, .. } => format!("bucket {bucket}"),
            Created::Policy { arn } => format!("policy {arn}"),
            Created::PolicyVersion { arn, version, .. } => {
                format!("policy version {version} of {arn}")
            }
            Created::User { user } => format!("IAM user {user}"),
            Created::UserAttachment { user, arn } => format!("attachment of {arn} to user {user}"),
            Created::AccessKey { user, id } => format!("access key {id} of user {user}"),
            Created::Role { role } => format!("IAM role {role}"),
            Created::RoleAttachment { role, arn } => format!("attachment of {arn} to role {role}"),
            Created::TestObject { bucket, key, .. } => format!("test object s3://{bucket}/{key}"),
        }
    }
}

impl Intent {
    pub fn describe(&self) -> String {
        match self {
            Intent::PolicyVersion { arn, .. } => format!("a new version of policy {arn}"),
            Intent::AccessKey { user, .. } => format!("an access key of user {user}"),
            Intent::Named(created) => created.describe(),
        }
    }
}

/// What to do with a bucket the tool created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketDisposal {
    Keep,
    /// Delete it when it is empty (of anything but the tool's own test objects).
    DeleteIfEmpty,
    /// Delete every object, then the bucket.
    Force,
}

/// What became of one created resource on undo or teardown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undone {
    Deleted,
    AlreadyGone,
    /// A bucket kept because the person asked to keep buckets.
    KeptOnRequest,
    /// A bucket kept because it holds objects someone else put there.
    KeptNotEmpty,
    /// It may still exist: deleting (or checking) failed, for the reason given.
    Failed(String),
}

impl Undone {
    /// True when the resource may still exist although the person asked for it to go.
    pub fn remains(&self) -> bool {
        matches!(self, Undone::KeptNotEmpty | Undone::Failed(_))
    }

    /// True when the journal can forget the resource.
    pub fn is_gone(&self) -> bool {
        matches!(self, Undone::Deleted | Undone::AlreadyGone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(n: &str) -> IamName {
        IamName::parse(n).unwrap()
    }

    #[test]
    fn an_access_key_intent_is_fulfilled_only_by_a_key_that_was_not_there_before() {
        let intent = Intent::AccessKey {
            user: user("u"),
            before: vec!["AKIAOLD".into()],
        };
        let new = Created::AccessKey {
            user: user("u"),
            id: "AKIANEW".into(),
        };
        let old = Created::AccessKey {
            user: user("u"),
            id: "AKIAOLD".into(),
        };
        assert!(intent.fulfilled_by(&new));
        assert!(!intent.fulfilled_by(&old));
        assert!(!Intent::Named(Created::User { user: user("u") }).fulfilled_by(&new));
    }

    /// Journals written before intents held a `Created` read the same, and new ones are
    /// written as before.
    #[test]
    fn a_named_intent_is_journaled_as_it_always_was() {
        let intent = Intent::Named(Created::UserAttachment {
            user: user("u"),
            arn: "arn:aws:iam::123456789012:policy/p".into(),
        });
        let json = r#"{"resource":"user-attachment","user":"u","arn":"arn:aws:iam::123456789012:policy/p"}"#;
        assert_eq!(serde_json::to_string(&intent).unwrap(), json);
        assert_eq!(serde_json::from_str::<Intent>(json).unwrap(), intent);
        let bucket: Intent =
            serde_json::from_str(r#"{"resource":"bucket","bucket":"acme-b","region":"eu-west-1"}"#)
                .unwrap();
        assert!(
            matches!(bucket, Intent::Named(Created::Bucket { .. })),
            "{bucket:?}"
        );
    }

    #[test]
    fn keys_and_attachments_go_before_users_and_policies_before_buckets() {
        let key = Created::AccessKey {
            user: user("u"),
            id: "K".into(),
        };
        let attach = Created::UserAttachment {
            user: user("u"),
            arn: "arn".into(),
        };
        let u = Created::User { user: user("u") };
        let policy = Created::Policy { arn: "arn".into() };
        let ranks: Vec<u8> = [&key, &attach, &u, &policy]
            .iter()
            .map(|c| c.undo_rank())
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
    }
}
