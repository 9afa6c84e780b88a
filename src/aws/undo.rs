//! Deletes what the journal says the tool created. Only "not found" counts as already gone
//! (a refusal is an error: the resource may still be there); a bucket with objects in it is
//! kept unless the person forces it.

use aws_sdk_s3::types::{Delete, ObjectIdentifier};

use super::apply::{Target, bucket_client, default_version};
use super::discover::s3_in;
use super::error::{CloudError, ErrorKind, from_sdk};
use crate::domain::created::{BucketDisposal, Created, Undone};
use crate::domain::names::BucketName;

fn gone_ok(result: Result<(), CloudError>) -> Result<Undone, CloudError> {
    match result {
        Ok(()) => Ok(Undone::Deleted),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(Undone::AlreadyGone),
        Err(e) => Err(e),
    }
}

pub async fn undo(
    t: &Target<'_>,
    created: &Created,
    bucket_disposal: BucketDisposal,
) -> Result<Undone, CloudError> {
    let iam = &t.clients.iam;
    let result = match created {
        Created::Bucket { bucket, .. } => return undo_bucket(t, bucket, bucket_disposal).await,
        Created::Policy { arn } => {
            // Non-default versions must go before the policy itself.
            let versions = iam.list_policy_versions().policy_arn(arn).send().await;
            if let Ok(out) = versions {
                for v in out.versions().iter().filter(|v| !v.is_default_version()) {
                    if let Some(id) = v.version_id() {
                        let _ = iam
                            .delete_policy_version()
                            .policy_arn(arn)
                            .version_id(id)
                            .send()
                            .await;
                    }
                }
            }
            iam.delete_policy()
                .policy_arn(arn)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| from_sdk("DeletePolicy", e))
        }
        Created::PolicyVersion {
            arn,
            version,
            previous,
        } => {
            // Roll back only while this version is still in effect: a newer default (another
            // connector's, or a person's) is not undone, and only this version goes.
            let current = match default_version(t, arn).await {
                Ok(current) => current,
                Err(e) if e.kind == ErrorKind::NotFound => return Ok(Undone::AlreadyGone),
                Err(e) => return Err(e),
            };
            if current == *version {
                iam.set_default_policy_version()
                    .policy_arn(arn)
                    .version_id(previous)
                    .send()
                    .await
                    .map_err(|e| from_sdk("SetDefaultPolicyVersion", e))?;
            }
            iam.delete_policy_version()
                .policy_arn(arn)
                .version_id(version)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| from_sdk("DeletePolicyVersion", e))
        }
        Created::User { user } => iam
            .delete_user()
            .user_name(user.as_str())
            .send()
            .await
            .map(|_| ())
            .map_err(|e| from_sdk("DeleteUser", e)),
        Created::UserAttachment { user, arn } => iam
            .detach_user_policy()
            .user_name(user.as_str())
            .policy_arn(arn)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| from_sdk("DetachUserPolicy", e)),
        Created::AccessKey { user, id } => iam
            .delete_access_key()
            .user_name(user.as_str())
            .access_key_id(id)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| from_sdk("DeleteAccessKey", e)),
        Created::Role { role } => iam
            .delete_role()
            .role_name(role.as_str())
            .send()
            .await
            .map(|_| ())
            .map_err(|e| from_sdk("DeleteRole", e)),
        Created::RoleAttachment { role, arn } => iam
            .detach_role_policy()
            .role_name(role.as_str())
            .policy_arn(arn)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| from_sdk("DetachRolePolicy", e)),
        Created::TestObject {
            bucket,
            region,
            key,
        } => s3_in(t.clients, region.as_str())
            .delete_object()
            .bucket(bucket.as_str())
            .key(key)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| from_sdk("DeleteObject", e)),
    };
    gone_ok(result)
}

async fn undo_bucket(
    t: &Target<'_>,
    bucket: &BucketName,
    disposal: BucketDisposal,
) -> Result<Undone, CloudError> {
    if disposal == BucketDisposal::Keep {
        return Ok(Undone::KeptOnRequest);
    }
    let s3 = match bucket_client(t, bucket).await {
        Ok(s3) => s3,
        Err(e) if e.kind == ErrorKind::NotFound => return Ok(Undone::AlreadyGone),
        Err(e) => return Err(e),
    };
    loop {
        let listed = s3
            .list_objects_v2()
            .bucket(bucket.as_str())
            .max_keys(1000)
            .send()
            .await
            .map_err(|e| from_sdk("ListObjectsV2", e))?;
        let keys: Vec<ObjectIdentifier> = listed
            .contents()
            .iter()
            .filter_map(|o| o.key())
            .filter_map(|k| ObjectIdentifier::builder().key(k).build().ok())
            .collect();
        if keys.is_empty() {
            break;
        }
        if disposal != BucketDisposal::Force {
            return Ok(Undone::KeptNotEmpty);
        }
        let delete = Delete::builder()
            .set_objects(Some(keys))
            .quiet(true)
            .build()
            .map_err(|e| CloudError::new("DeleteObjects", ErrorKind::Other, e.to_string()))?;
        s3.delete_objects()
            .bucket(bucket.as_str())
            .delete(delete)
            .send()
            .await
            .map_err(|e| from_sdk("DeleteObjects", e))?;
    }
    gone_ok(
        s3.delete_bucket()
            .bucket(bucket.as_str())
            .send()
            .await
            .map(|_| ())
            .map_err(|e| from_sdk("DeleteBucket", e)),
    )
}
