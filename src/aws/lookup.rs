//! Settles an intent the journal holds without an outcome: did the call create anything?
//! Read-only. IAM resources count only when they carry this connector's tag, so a same-named
//! resource someone else made is never taken for ours.

use super::apply::{TAG_KEY, Target};
use super::discover::{Ownership, ownership, s3_in};
use super::error::{CloudError, ErrorKind, from_sdk};
use crate::domain::created::{Created, Intent};

/// What `intent` created, found by name (and tag): empty when it created nothing.
pub async fn find(t: &Target<'_>, intent: &Intent) -> Result<Vec<Created>, CloudError> {
    let iam = &t.clients.iam;
    let found = match intent {
        Intent::PolicyVersion { arn, previous } => {
            let out = absent_ok(
                iam.list_policy_versions()
                    .policy_arn(arn)
                    .send()
                    .await
                    .map_err(|e| from_sdk("ListPolicyVersions", e)),
            )?;
            out.and_then(|out| {
                out.versions()
                    .iter()
                    .find(|v| v.is_default_version())
                    .and_then(|v| v.version_id())
                    .filter(|v| v != previous)
                    .map(|version| Created::PolicyVersion {
                        arn: arn.clone(),
                        version: version.to_string(),
                        previous: previous.clone(),
                    })
            })
        }
        Intent::AccessKey { user, before } => {
            let out = absent_ok(
                iam.list_access_keys()
                    .user_name(user.as_str())
                    .send()
                    .await
                    .map_err(|e| from_sdk("ListAccessKeys", e)),
            )?;
            let keys = out.map(|o| o.access_key_metadata().to_vec());
            return Ok(keys
                .unwrap_or_default()
                .iter()
                .filter_map(|k| k.access_key_id())
                .filter(|id| !before.iter().any(|b| b == id))
                .map(|id| Created::AccessKey {
                    user: user.clone(),
                    id: id.to_string(),
                })
                .collect());
        }
        Intent::Named(named) => match named {
            // Only a bucket proven the caller's counts: another account's bucket of the same name
            // (a 301 with its region, or a 403) was not made by this run.
            Created::Bucket { bucket, region } => {
                match ownership(t.clients, t.account, bucket).await? {
                    Ownership::Yours(_) => Some(Created::Bucket {
                        bucket: bucket.clone(),
                        region: region.clone(),
                    }),
                    Ownership::Missing | Ownership::Other(_) => None,
                    Ownership::Unproven(_) => {
                        return Err(CloudError::new(
                            "HeadBucket",
                            ErrorKind::AccessDenied,
                            format!(
                                "could not check bucket {bucket}: access denied, so it is either another account's bucket or yours with s3:ListBucket denied to you or a bucket policy blocking you; use an identity allowed s3:ListBucket and s3:ListAllMyBuckets"
                            ),
                        ));
                    }
                }
            }
            Created::Policy { arn } => {
                let tags = absent_ok(
                    iam.list_policy_tags()
                        .policy_arn(arn)
                        .send()
                        .await
                        .map_err(|e| from_sdk("ListPolicyTags", e)),
                )?;
                tags.filter(|out| ours(t, out.tags().iter().map(|g| (g.key(), g.value()))))
                    .map(|_| Created::Policy { arn: arn.clone() })
            }
            Created::User { user } => {
                let tags = absent_ok(
                    iam.list_user_tags()
                        .user_name(user.as_str())
                        .send()
                        .await
                        .map_err(|e| from_sdk("ListUserTags", e)),
                )?;
                tags.filter(|out| ours(t, out.tags().iter().map(|g| (g.key(), g.value()))))
                    .map(|_| Created::User { user: user.clone() })
            }
            Created::UserAttachment { user, arn } => {
                let out = absent_ok(
                    iam.list_attached_user_policies()
                        .user_name(user.as_str())
                        .send()
                        .await
                        .map_err(|e| from_sdk("ListAttachedUserPolicies", e)),
                )?;
                out.filter(|out| {
                    out.attached_policies()
                        .iter()
                        .any(|p| p.policy_arn() == Some(arn))
                })
                .map(|_| Created::UserAttachment {
                    user: user.clone(),
                    arn: arn.clone(),
                })
            }
            Created::Role { role } => {
                let tags = absent_ok(
                    iam.list_role_tags()
                        .role_name(role.as_str())
                        .send()
                        .await
                        .map_err(|e| from_sdk("ListRoleTags", e)),
                )?;
                tags.filter(|out| ours(t, out.tags().iter().map(|g| (g.key(), g.value()))))
                    .map(|_| Created::Role { role: role.clone() })
            }
            Created::RoleAttachment { role, arn } => {
                let out = absent_ok(
                    iam.list_attached_role_policies()
                        .role_name(role.as_str())
                        .send()
                        .await
                        .map_err(|e| from_sdk("ListAttachedRolePolicies", e)),
                )?;
                out.filter(|out| {
                    out.attached_policies()
                        .iter()
                        .any(|p| p.policy_arn() == Some(arn))
                })
                .map(|_| Created::RoleAttachment {
                    role: role.clone(),
                    arn: arn.clone(),
                })
            }
            Created::TestObject {
                bucket,
                region,
                key,
            } => {
                let head = s3_in(t.clients, region.as_str())
                    .head_object()
                    .bucket(bucket.as_str())
                    .key(key)
                    .send()
                    .await
                    .map_err(|e| from_sdk("HeadObject", e));
                absent_ok(head)?.map(|_| Created::TestObject {
                    bucket: bucket.clone(),
                    region: region.clone(),
                    key: key.clone(),
                })
            }
            // Their intents have variants of their own: the name AWS gives is not known ahead.
            Created::PolicyVersion { .. } | Created::AccessKey { .. } => {
                return Err(CloudError::new(
                    "journal",
                    ErrorKind::Other,
                    format!(
                        "the journal names {} as an intent, which braze-s3 never writes: check the journal was not edited, remove that line, and run `braze-s3 resume` again",
                        named.describe()
                    ),
                ));
            }
        },
    };
    Ok(found.into_iter().collect())
}

/// Not found is an answer ("nothing there"); any other error is not.
fn absent_ok<T>(result: Result<T, CloudError>) -> Result<Option<T>, CloudError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// True when the tags include `braze-s3:connector=<this connector>`.
fn ours<'a>(t: &Target<'_>, mut tags: impl Iterator<Item = (&'a str, &'a str)>) -> bool {
    tags.any(|(k, v)| k == TAG_KEY && v == t.connector.as_str())
}
