//! Carries out one planned change and returns what it created (the engine journals it),
//! adopting what turns out to exist already.

use aws_sdk_iam::types::Tag as IamTag;

use super::clients::{Clients, StaticCredentials};
use super::error::{CloudError, ErrorKind, from_sdk};
use super::iam_names::policy_arn;
use super::inspect::keys;
use crate::domain::created::Created;
use crate::domain::names::{AccountId, ConnectorName, IamName, PolicyName};
use crate::domain::plan::Change;
use crate::domain::policy::PolicyDocument;

mod bucket;

pub use bucket::bucket_client;
use bucket::{block_public_access, create_bucket, default_encryption};

/// The tag that marks what braze-s3 made, so re-runs and teardown can tell. (No IAM
/// descriptions: a space in a form-encoded field breaks request signing on moto.)
pub const TAG_KEY: &str = "braze-s3:connector";

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Cloud(#[from] CloudError),
    #[error("{0}")]
    Conflict(String),
}

/// Where changes are applied: the admin's clients, the account and the connector.
pub struct Target<'a> {
    pub clients: &'a Clients,
    pub account: &'a AccountId,
    pub partition: &'a str,
    pub connector: &'a ConnectorName,
}

impl Target<'_> {
    pub fn policy_arn(&self, name: &PolicyName) -> String {
        policy_arn(self.partition, self.account, name)
    }

    fn iam_tag(&self) -> Result<IamTag, CloudError> {
        IamTag::builder()
            .key(TAG_KEY)
            .value(self.connector.as_str())
            .build()
            .map_err(|e| CloudError::new("Tag", ErrorKind::Other, e.to_string()))
    }
}

/// A document as IAM receives it; one that cannot be written stops the change (IAM must never
/// get an empty document).
fn document_json(document: &PolicyDocument) -> Result<String, CloudError> {
    document
        .to_compact_json()
        .map_err(|e| CloudError::new("CreatePolicy", ErrorKind::Other, e.to_string()))
}

/// What one change made: the resource to journal, and the new key when it made one.
#[derive(Debug, Default)]
pub struct Outcome {
    pub created: Option<Created>,
    pub key: Option<StaticCredentials>,
}

impl From<Option<Created>> for Outcome {
    fn from(created: Option<Created>) -> Outcome {
        Outcome { created, key: None }
    }
}

/// Applies `change` and returns what it created.
pub async fn apply(t: &Target<'_>, change: &Change) -> Result<Outcome, ApplyError> {
    let iam = &t.clients.iam;
    let created = match change {
        Change::CreateBucket { bucket, region } => create_bucket(t, bucket, region).await?,
        Change::BlockPublicAccess { bucket } => {
            block_public_access(t, bucket).await?;
            None
        }
        Change::EnableDefaultEncryption { bucket } => {
            default_encryption(t, bucket).await?;
            None
        }
        Change::CreatePolicy { name, document, .. } => {
            let out = iam
                .create_policy()
                .policy_name(name.as_str())
                .policy_document(document_json(document)?)
                .tags(t.iam_tag()?)
                .send()
                .await
                .map_err(|e| from_sdk("CreatePolicy", e))?;
            let arn = out
                .policy()
                .and_then(|p| p.arn())
                .map(str::to_string)
                .unwrap_or_else(|| t.policy_arn(name));
            Some(Created::Policy { arn })
        }
        Change::UpdatePolicy { name, document, .. } => {
            Some(update_policy(t, &t.policy_arn(name), document).await?)
        }
        Change::CreateUser { user } => {
            iam.create_user()
                .user_name(user.as_str())
                .tags(t.iam_tag()?)
                .send()
                .await
                .map_err(|e| from_sdk("CreateUser", e))?;
            Some(Created::User { user: user.clone() })
        }
        Change::AttachUserPolicy { user, policy } => {
            let arn = t.policy_arn(policy);
            iam.attach_user_policy()
                .user_name(user.as_str())
                .policy_arn(&arn)
                .send()
                .await
                .map_err(|e| from_sdk("AttachUserPolicy", e))?;
            Some(Created::UserAttachment {
                user: user.clone(),
                arn,
            })
        }
        Change::CreateAccessKey { user } => return access_key(t, user).await,
        Change::CreateRole { role, trust } => {
            iam.create_role()
                .role_name(role.as_str())
                .assume_role_policy_document(document_json(trust)?)
                .tags(t.iam_tag()?)
                .send()
                .await
                .map_err(|e| from_sdk("CreateRole", e))?;
            Some(Created::Role { role: role.clone() })
        }
        Change::AttachRolePolicy { role, policy } => {
            let arn = t.policy_arn(policy);
            iam.attach_role_policy()
                .role_name(role.as_str())
                .policy_arn(&arn)
                .send()
                .await
                .map_err(|e| from_sdk("AttachRolePolicy", e))?;
            Some(Created::RoleAttachment {
                role: role.clone(),
                arn,
            })
        }
    };
    Ok(created.into())
}

/// The policy's default version ID: what an update replaces and an undo restores.
pub async fn default_version(t: &Target<'_>, arn: &str) -> Result<String, CloudError> {
    let out = list_versions(t, arn).await?;
    default_of(out.versions(), arn)
}

async fn list_versions(
    t: &Target<'_>,
    arn: &str,
) -> Result<aws_sdk_iam::operation::list_policy_versions::ListPolicyVersionsOutput, CloudError> {
    t.clients
        .iam
        .list_policy_versions()
        .policy_arn(arn)
        .send()
        .await
        .map_err(|e| from_sdk("ListPolicyVersions", e))
}

fn default_of(
    versions: &[aws_sdk_iam::types::PolicyVersion],
    arn: &str,
) -> Result<String, CloudError> {
    versions
        .iter()
        .find(|v| v.is_default_version())
        .and_then(|v| v.version_id())
        .map(str::to_string)
        .ok_or_else(|| {
            CloudError::new(
                "ListPolicyVersions",
                ErrorKind::Other,
                format!("policy {arn} has no default version"),
            )
        })
}

/// A new default version; IAM keeps at most five, so the oldest spare one goes first.
async fn update_policy(
    t: &Target<'_>,
    arn: &str,
    document: &PolicyDocument,
) -> Result<Created, ApplyError> {
    let iam = &t.clients.iam;
    let versions = list_versions(t, arn).await?;
    let versions = versions.versions();
    let previous = default_of(versions, arn)?;
    if versions.len() >= 5 {
        let oldest = versions
            .iter()
            .filter(|v| !v.is_default_version())
            .min_by_key(|v| v.create_date().map(|d| d.secs()));
        if let Some(id) = oldest.and_then(|v| v.version_id()) {
            iam.delete_policy_version()
                .policy_arn(arn)
                .version_id(id)
                .send()
                .await
                .map_err(|e| from_sdk("DeletePolicyVersion", e))?;
        }
    }
    let out = iam
        .create_policy_version()
        .policy_arn(arn)
        .policy_document(document_json(document)?)
        .set_as_default(true)
        .send()
        .await
        .map_err(|e| from_sdk("CreatePolicyVersion", e))?;
    let version = out
        .policy_version()
        .and_then(|v| v.version_id())
        .map(str::to_string)
        .ok_or_else(|| {
            CloudError::new(
                "CreatePolicyVersion",
                ErrorKind::Other,
                "AWS returned no version ID for the new policy version",
            )
        })?;
    Ok(Created::PolicyVersion {
        arn: arn.to_string(),
        version,
        previous,
    })
}

/// The user's access key IDs before a new key is made (journaled with the intent), or a
/// conflict when the user already has two: AWS's limit, which would fail half-way through.
pub async fn keys_before_new_key(
    t: &Target<'_>,
    user: &IamName,
) -> Result<Vec<String>, ApplyError> {
    let ids: Vec<String> = keys(t.clients, user)
        .await?
        .into_iter()
        .map(|k| k.id)
        .collect();
    if ids.len() >= 2 {
        return Err(ApplyError::Conflict(format!(
            "user {user} already has two access keys, the most AWS allows: delete an unused one (aws iam delete-access-key) and retry"
        )));
    }
    Ok(ids)
}

/// Creates a key. The engine has listed the user's keys first (see [`keys_before_new_key`]).
async fn access_key(t: &Target<'_>, user: &IamName) -> Result<Outcome, ApplyError> {
    let out = t
        .clients
        .iam
        .create_access_key()
        .user_name(user.as_str())
        .send()
        .await
        .map_err(|e| from_sdk("CreateAccessKey", e))?;
    let key = out.access_key().ok_or_else(|| {
        CloudError::new(
            "CreateAccessKey",
            ErrorKind::Other,
            "AWS returned no access key",
        )
    })?;
    Ok(Outcome {
        created: Some(Created::AccessKey {
            user: user.clone(),
            id: key.access_key_id().to_string(),
        }),
        key: Some(StaticCredentials::new(
            key.access_key_id(),
            key.secret_access_key(),
        )),
    })
}

#[cfg(test)]
mod tests;
