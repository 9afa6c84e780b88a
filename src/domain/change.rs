//! `Change`: one AWS change of a plan, how it reads to people, and the IAM actions it needs —
//! pure data, so the permission check can be tested without AWS.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::arn::Arn;
use super::integration::Integration;
use super::names::{AccountId, BucketName, IamName, PolicyName, Region};
use super::policy::PolicyDocument;

/// One AWS change. Serialized for `plan --json` and for the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    CreateBucket {
        bucket: BucketName,
        region: Region,
    },
    BlockPublicAccess {
        bucket: BucketName,
    },
    EnableDefaultEncryption {
        bucket: BucketName,
    },
    CreatePolicy {
        name: PolicyName,
        integration: Integration,
        document: PolicyDocument,
    },
    /// The policy exists with another document: add a new default version.
    UpdatePolicy {
        name: PolicyName,
        integration: Integration,
        document: PolicyDocument,
    },
    CreateUser {
        user: IamName,
    },
    AttachUserPolicy {
        user: IamName,
        policy: PolicyName,
    },
    CreateAccessKey {
        user: IamName,
    },
    CreateRole {
        role: IamName,
        trust: PolicyDocument,
    },
    AttachRolePolicy {
        role: IamName,
        policy: PolicyName,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::CreateBucket { bucket, region } => {
                write!(f, "create bucket {bucket} in {region}")
            }
            Change::BlockPublicAccess { bucket } => {
                write!(f, "block all public access to bucket {bucket}")
            }
            Change::EnableDefaultEncryption { bucket } => {
                write!(
                    f,
                    "turn on default encryption SSE-S3 (AES256) for bucket {bucket}"
                )
            }
            Change::CreatePolicy {
                name, integration, ..
            } => write!(f, "create IAM policy {name} ({})", integration.title()),
            Change::UpdatePolicy {
                name, integration, ..
            } => write!(
                f,
                "update IAM policy {name} ({}) with a new default version",
                integration.title()
            ),
            Change::CreateUser { user } => write!(f, "create IAM user {user}"),
            Change::AttachUserPolicy { user, policy } => {
                write!(f, "attach policy {policy} to user {user}")
            }
            Change::CreateAccessKey { user } => write!(f, "create an access key for user {user}"),
            Change::CreateRole { role, .. } => {
                write!(f, "create IAM role {role} trusted by Braze's AWS account")
            }
            Change::AttachRolePolicy { role, policy } => {
                write!(f, "attach policy {policy} to role {role}")
            }
        }
    }
}

impl Change {
    /// The IAM actions applying this change calls (see `aws::apply`), all on
    /// [`Change::resource_arn`].
    pub fn required_actions(&self) -> &'static [&'static str] {
        match self {
            Change::CreateBucket { .. } => &["s3:CreateBucket", "s3:PutBucketTagging"],
            Change::BlockPublicAccess { .. } => &["s3:PutBucketPublicAccessBlock"],
            Change::EnableDefaultEncryption { .. } => &["s3:PutEncryptionConfiguration"],
            Change::CreatePolicy { .. } => &["iam:CreatePolicy", "iam:TagPolicy"],
            Change::UpdatePolicy { .. } => &[
                "iam:CreatePolicyVersion",
                "iam:ListPolicyVersions",
                "iam:DeletePolicyVersion",
            ],
            Change::CreateUser { .. } => &["iam:CreateUser", "iam:TagUser"],
            Change::AttachUserPolicy { .. } => &["iam:AttachUserPolicy"],
            Change::CreateAccessKey { .. } => &["iam:CreateAccessKey", "iam:ListAccessKeys"],
            Change::CreateRole { .. } => &["iam:CreateRole", "iam:TagRole"],
            Change::AttachRolePolicy { .. } => &["iam:AttachRolePolicy"],
        }
    }

    /// The ARN the change's actions act on: the bucket, the policy, the user or the role.
    pub fn resource_arn(&self, partition: &str, account: &AccountId) -> Arn {
        match self {
            Change::CreateBucket { bucket, .. }
            | Change::BlockPublicAccess { bucket }
            | Change::EnableDefaultEncryption { bucket } => Arn::bucket(partition, bucket),
            Change::CreatePolicy { name, .. } | Change::UpdatePolicy { name, .. } => {
                Arn::policy(partition, account, name)
            }
            Change::CreateUser { user }
            | Change::AttachUserPolicy { user, .. }
            | Change::CreateAccessKey { user } => Arn::user(partition, account, user),
            Change::CreateRole { role, .. } | Change::AttachRolePolicy { role, .. } => {
                Arn::role(partition, account, role)
            }
        }
    }
}

#[cfg(test)]
mod tests;
