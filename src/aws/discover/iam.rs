//! The IAM side of discovery: a policy's document and tag, and what a user or role has — its
//! tag, managed and inline policies, and (for a user) access keys and groups. One page of each
//! list is enough: IAM allows at most 20 managed policies, 50 tags and 10 groups per identity,
//! and a single inline policy is already something the setup refuses.

use std::collections::BTreeSet;

use aws_sdk_iam::types::{AttachedPolicy, Tag};

use super::super::apply::TAG_KEY;
use super::super::clients::Clients;
use super::super::error::{CloudError, ErrorKind, from_sdk};
use super::super::iam_names::{decode_document, policy_arn, policy_name_of};
use crate::domain::existing::{ExistingKey, ExistingRole, ExistingUser, Grants};
use crate::domain::names::{AccountId, IamName, PolicyName};
use crate::domain::policy::PolicyDocument;

/// A customer-managed policy that exists under a name the plan uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPolicy {
    /// The default version's document; `None` when it could not be read as a policy.
    pub document: Option<PolicyDocument>,
    /// The value of its `braze-s3:connector` tag.
    pub owner: Option<String>,
}

/// `Ok(None)` for NotFound, the error otherwise.
fn not_found<T>(e: CloudError) -> Result<Option<T>, CloudError> {
    if e.kind == ErrorKind::NotFound {
        Ok(None)
    } else {
        Err(e)
    }
}

fn owner(tags: &[Tag]) -> Option<String> {
    tags.iter()
        .find(|t| t.key() == TAG_KEY)
        .map(|t| t.value().to_string())
}

/// The policy of this account with this name, its default document and its tag.
pub async fn policy(
    c: &Clients,
    account: &AccountId,
    partition: &str,
    name: &PolicyName,
) -> Result<Option<FoundPolicy>, CloudError> {
    let arn = policy_arn(partition, account, name);
    let Some(document) = lookup(c, &arn).await? else {
        return Ok(None);
    };
    let tags = c
        .iam
        .list_policy_tags()
        .policy_arn(&arn)
        .send()
        .await
        .map_err(|e| from_sdk("ListPolicyTags", e))?;
    Ok(Some(FoundPolicy {
        document,
        owner: owner(tags.tags()),
    }))
}

/// The default version's document of a customer-managed policy, if the policy exists.
pub async fn policy_document(
    c: &Clients,
    account: &AccountId,
    partition: &str,
    name: &PolicyName,
) -> Result<Option<PolicyDocument>, CloudError> {
    let arn = policy_arn(partition, account, name);
    match lookup(c, &arn).await? {
        None => Ok(None),
        Some(Some(document)) => Ok(Some(document)),
        // It exists: calling it missing would send the person to re-create it.
        Some(None) => Err(CloudError::new(
            "GetPolicyVersion",
            ErrorKind::Other,
            format!(
                "policy {arn} exists but its default version could not be read as a policy document: compare it in the IAM console with what `braze-s3 policy` prints, or re-run the setup to replace it"
            ),
        )),
    }
}

/// `None` when the policy does not exist; `Some(None)` when its document can't be read.
async fn lookup(c: &Clients, arn: &str) -> Result<Option<Option<PolicyDocument>>, CloudError> {
    let policy = match c.iam.get_policy().policy_arn(arn).send().await {
        Ok(out) => out.policy,
        Err(e) => return not_found(from_sdk("GetPolicy", e)),
    };
    let Some(policy) = policy else {
        return Ok(None);
    };
    let Some(version) = policy.default_version_id() else {
        return Ok(Some(None));
    };
    let out = c
        .iam
        .get_policy_version()
        .policy_arn(arn)
        .version_id(version)
        .send()
        .await
        .map_err(|e| from_sdk("GetPolicyVersion", e))?;
    let text = out
        .policy_version()
        .and_then(|v| v.document())
        .unwrap_or_default();
    Ok(Some(PolicyDocument::from_json(&decode_document(text)).ok()))
}

pub async fn user(c: &Clients, name: &IamName) -> Result<Option<ExistingUser>, CloudError> {
    // Boxed: five concurrent look-ups make a large future.
    Box::pin(look_up_user(c, name)).await
}

async fn look_up_user(c: &Clients, name: &IamName) -> Result<Option<ExistingUser>, CloudError> {
    if let Err(e) = c.iam.get_user().user_name(name.as_str()).send().await {
        return not_found(from_sdk("GetUser", e));
    }
    let n = name.as_str();
    let iam = &c.iam;
    let (attached, keys, tags, inline, groups) = tokio::try_join!(
        async {
            let r = iam.list_attached_user_policies().user_name(n).send().await;
            r.map_err(|e| from_sdk("ListAttachedUserPolicies", e))
        },
        async {
            let r = iam.list_access_keys().user_name(n).send().await;
            r.map_err(|e| from_sdk("ListAccessKeys", e))
        },
        async {
            let r = iam.list_user_tags().user_name(n).send().await;
            r.map_err(|e| from_sdk("ListUserTags", e))
        },
        async {
            let r = iam.list_user_policies().user_name(n).send().await;
            r.map_err(|e| from_sdk("ListUserPolicies", e))
        },
        async {
            let r = iam.list_groups_for_user().user_name(n).send().await;
            r.map_err(|e| from_sdk("ListGroupsForUser", e))
        },
    )?;
    let (attached, other_managed) = split(attached.attached_policies());
    Ok(Some(ExistingUser {
        attached,
        keys: keys
            .access_key_metadata()
            .iter()
            .filter_map(|k| {
                Some(ExistingKey {
                    id: k.access_key_id()?.to_string(),
                    active: k.status() != Some(&aws_sdk_iam::types::StatusType::Inactive),
                })
            })
            .collect(),
        grants: Grants {
            owner: owner(tags.tags()),
            other_managed,
            inline: inline.policy_names().iter().cloned().collect(),
        },
        groups: groups
            .groups()
            .iter()
            .map(|g| g.group_name().to_string())
            .collect(),
    }))
}

/// The role's trust policy, what is attached to it, its tag and ARN, if the role exists.
pub async fn role(
    c: &Clients,
    name: &IamName,
) -> Result<Option<(ExistingRole, String)>, CloudError> {
    let role = match c.iam.get_role().role_name(name.as_str()).send().await {
        Ok(out) => out.role,
        Err(e) => return not_found(from_sdk("GetRole", e)),
    };
    let Some(role) = role else { return Ok(None) };
    let trust_text = decode_document(role.assume_role_policy_document().unwrap_or_default());
    let trust = PolicyDocument::from_json(&trust_text).map_err(|e| {
        CloudError::new(
            "GetRole",
            ErrorKind::Other,
            format!("the role's trust policy could not be read: {e}"),
        )
    })?;
    let n = name.as_str();
    let iam = &c.iam;
    let (attached, tags, inline) = tokio::try_join!(
        async {
            let r = iam.list_attached_role_policies().role_name(n).send().await;
            r.map_err(|e| from_sdk("ListAttachedRolePolicies", e))
        },
        async {
            let r = iam.list_role_tags().role_name(n).send().await;
            r.map_err(|e| from_sdk("ListRoleTags", e))
        },
        async {
            let r = iam.list_role_policies().role_name(n).send().await;
            r.map_err(|e| from_sdk("ListRolePolicies", e))
        },
    )?;
    let (attached, other_managed) = split(attached.attached_policies());
    Ok(Some((
        ExistingRole {
            trust,
            attached,
            grants: Grants {
                owner: owner(tags.tags()),
                other_managed,
                inline: inline.policy_names().iter().cloned().collect(),
            },
        },
        role.arn,
    )))
}

/// Customer-managed policies by name; any other (AWS managed: `arn:aws:iam::aws:policy/…`)
/// by ARN.
fn split(policies: &[AttachedPolicy]) -> (BTreeSet<PolicyName>, BTreeSet<String>) {
    let mut customer = BTreeSet::new();
    let mut other = BTreeSet::new();
    for arn in policies.iter().filter_map(AttachedPolicy::policy_arn) {
        match policy_name_of(arn) {
            Some(name) if arn.split(':').nth(4) != Some("aws") => {
                customer.insert(name);
            }
            _ => {
                other.insert(arn.to_string());
            }
        }
    }
    (customer, other)
}
