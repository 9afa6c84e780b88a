//! Read-only look-ups: who am I, does the bucket exist and whose is it, what do the user,
//! role and policies look like. Nothing here changes anything.

mod bucket;

use std::collections::BTreeSet;

pub use bucket::{
    BucketOwner, bucket_names, bucket_region, bucket_state, encryption, object_lock, s3_in,
};

use super::clients::Clients;
use super::error::{CloudError, ErrorKind, from_sdk};
use super::iam_names::{decode_document, policy_arn, policy_name_of};
use crate::domain::existing::{ExistingKey, ExistingRole, ExistingUser};
use crate::domain::names::{IamName, PolicyName};
use crate::domain::policy::PolicyDocument;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account: String,
    pub arn: String,
}

pub async fn identity(c: &Clients) -> Result<Identity, CloudError> {
    let out = c
        .sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| from_sdk("GetCallerIdentity", e))?;
    Ok(Identity {
        account: out.account().unwrap_or_default().to_string(),
        arn: out.arn().unwrap_or_default().to_string(),
    })
}

/// The default version's document of a customer-managed policy, if the policy exists.
pub async fn policy_document(
    c: &Clients,
    account: &str,
    partition: &str,
    name: &PolicyName,
) -> Result<Option<PolicyDocument>, CloudError> {
    let arn = policy_arn(partition, account, name);
    let policy = match c.iam.get_policy().policy_arn(&arn).send().await {
        Ok(out) => out.policy,
        Err(e) => {
            let e = from_sdk("GetPolicy", e);
            return if e.kind == ErrorKind::NotFound {
                Ok(None)
            } else {
                Err(e)
            };
        }
    };
    let Some(version) = policy.and_then(|p| p.default_version_id) else {
        return Ok(None);
    };
    let out = c
        .iam
        .get_policy_version()
        .policy_arn(&arn)
        .version_id(version)
        .send()
        .await
        .map_err(|e| from_sdk("GetPolicyVersion", e))?;
    let text = out
        .policy_version()
        .and_then(|v| v.document())
        .unwrap_or_default();
    Ok(PolicyDocument::from_json(&decode_document(text)).ok())
}

pub async fn user(c: &Clients, name: &IamName) -> Result<Option<ExistingUser>, CloudError> {
    if let Err(e) = c.iam.get_user().user_name(name.as_str()).send().await {
        let e = from_sdk("GetUser", e);
        return if e.kind == ErrorKind::NotFound {
            Ok(None)
        } else {
            Err(e)
        };
    }
    let (attached, keys) = tokio::try_join!(
        async {
            c.iam
                .list_attached_user_policies()
                .user_name(name.as_str())
                .send()
                .await
                .map_err(|e| from_sdk("ListAttachedUserPolicies", e))
        },
        async {
            c.iam
                .list_access_keys()
                .user_name(name.as_str())
                .send()
                .await
                .map_err(|e| from_sdk("ListAccessKeys", e))
        }
    )?;
    Ok(Some(ExistingUser {
        attached: attached_names(attached.attached_policies()),
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
    }))
}

/// The role's trust policy, attached policies and ARN, if the role exists.
pub async fn role(
    c: &Clients,
    name: &IamName,
) -> Result<Option<(ExistingRole, String)>, CloudError> {
    let role = match c.iam.get_role().role_name(name.as_str()).send().await {
        Ok(out) => out.role,
        Err(e) => {
            let e = from_sdk("GetRole", e);
            return if e.kind == ErrorKind::NotFound {
                Ok(None)
            } else {
                Err(e)
            };
        }
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
    let attached = c
        .iam
        .list_attached_role_policies()
        .role_name(name.as_str())
        .send()
        .await
        .map_err(|e| from_sdk("ListAttachedRolePolicies", e))?;
    Ok(Some((
        ExistingRole {
            trust,
            attached: attached_names(attached.attached_policies()),
        },
        role.arn,
    )))
}

fn attached_names(policies: &[aws_sdk_iam::types::AttachedPolicy]) -> BTreeSet<PolicyName> {
    policies
        .iter()
        .filter_map(|p| p.policy_arn().and_then(policy_name_of))
        .collect()
}
