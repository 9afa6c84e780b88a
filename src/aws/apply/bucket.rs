//! The bucket's changes: create it (or adopt it), block public access, default encryption.

use aws_sdk_s3::types::{
    BucketLocationConstraint, CreateBucketConfiguration, PublicAccessBlockConfiguration,
    ServerSideEncryption, ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration,
    ServerSideEncryptionRule, Tag as S3Tag, Tagging,
};

use super::{ApplyError, TAG_KEY, Target};
use crate::aws::discover::{Ownership, ownership, s3_in};
use crate::aws::error::{CloudError, ErrorKind, from_sdk};
use crate::domain::created::Created;
use crate::domain::names::{BucketName, Region};

fn build_err(op: &'static str) -> impl FnOnce(aws_sdk_s3::error::BuildError) -> CloudError {
    move |e| CloudError::new(op, ErrorKind::Other, e.to_string())
}

/// Creates the bucket and tags it; adopts a bucket the caller already has (returns `None`).
pub(super) async fn create_bucket(
    t: &Target<'_>,
    bucket: &BucketName,
    region: &Region,
) -> Result<Option<Created>, ApplyError> {
    // In us-east-1 creating a bucket you already own "succeeds": look first. Only a bucket
    // proven yours is adopted; a region alone proves nothing.
    match ownership(t.clients, t.account, bucket).await? {
        Ownership::Yours(_) => return Ok(None),
        Ownership::Other(_) => {
            return Err(ApplyError::Conflict(format!(
                "bucket {bucket} was just taken by another AWS account: choose another name"
            )));
        }
        Ownership::Unproven(_) => {
            return Err(ApplyError::Conflict(format!(
                "bucket {bucket} appeared since the plan and S3 refuses to say whose it is: if it is another account's, choose another name; if it is yours, allow yourself s3:ListBucket on it and run setup again"
            )));
        }
        Ownership::Missing => {}
    }
    let s3 = s3_in(t.clients, region.as_str());
    let mut request = s3.create_bucket().bucket(bucket.as_str());
    if region.needs_location_constraint() {
        request = request.create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(region.as_str()))
                .build(),
        );
    }
    match request
        .send()
        .await
        .map_err(|e| from_sdk("CreateBucket", e))
    {
        Ok(_) => {}
        Err(e) if e.is("BucketAlreadyOwnedByYou") => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    let tag = S3Tag::builder()
        .key(TAG_KEY)
        .value(t.connector.as_str())
        .build()
        .map_err(build_err("PutBucketTagging"))?;
    let tagging = Tagging::builder()
        .tag_set(tag)
        .build()
        .map_err(build_err("PutBucketTagging"))?;
    s3.put_bucket_tagging()
        .bucket(bucket.as_str())
        .tagging(tagging)
        .send()
        .await
        .map_err(|e| from_sdk("PutBucketTagging", e))?;
    Ok(Some(Created::Bucket {
        bucket: bucket.clone(),
        region: region.clone(),
    }))
}

pub(super) async fn block_public_access(
    t: &Target<'_>,
    bucket: &BucketName,
) -> Result<(), CloudError> {
    let config = PublicAccessBlockConfiguration::builder()
        .block_public_acls(true)
        .ignore_public_acls(true)
        .block_public_policy(true)
        .restrict_public_buckets(true)
        .build();
    bucket_client(t, bucket)
        .await?
        .put_public_access_block()
        .bucket(bucket.as_str())
        .public_access_block_configuration(config)
        .send()
        .await
        .map_err(|e| from_sdk("PutPublicAccessBlock", e))?;
    Ok(())
}

pub(super) async fn default_encryption(
    t: &Target<'_>,
    bucket: &BucketName,
) -> Result<(), CloudError> {
    let by_default = ServerSideEncryptionByDefault::builder()
        .sse_algorithm(ServerSideEncryption::Aes256)
        .build()
        .map_err(build_err("PutBucketEncryption"))?;
    let rule = ServerSideEncryptionRule::builder()
        .apply_server_side_encryption_by_default(by_default)
        .build();
    let config = ServerSideEncryptionConfiguration::builder()
        .rules(rule)
        .build()
        .map_err(build_err("PutBucketEncryption"))?;
    bucket_client(t, bucket)
        .await?
        .put_bucket_encryption()
        .bucket(bucket.as_str())
        .server_side_encryption_configuration(config)
        .send()
        .await
        .map_err(|e| from_sdk("PutBucketEncryption", e))?;
    Ok(())
}

/// An S3 client in the bucket's own region, for a bucket proven the caller's: the tool never
/// changes a bucket it cannot show is its account's.
pub async fn bucket_client(
    t: &Target<'_>,
    bucket: &BucketName,
) -> Result<aws_sdk_s3::Client, CloudError> {
    match ownership(t.clients, t.account, bucket).await? {
        Ownership::Yours(region) => Ok(s3_in(t.clients, region.as_str())),
        Ownership::Missing => Err(CloudError::new(
            "HeadBucket",
            ErrorKind::NotFound,
            format!("bucket {bucket} does not exist"),
        )),
        Ownership::Other(_) => Err(CloudError::new(
            "HeadBucket",
            ErrorKind::AccessDenied,
            format!(
                "bucket {bucket} belongs to another AWS account now: the tool leaves it alone; check the bucket name"
            ),
        )),
        // 403: not allowed to look, or not ours. Either way it is not known to be gone.
        Ownership::Unproven(_) => Err(CloudError::new(
            "HeadBucket",
            ErrorKind::AccessDenied,
            format!(
                "could not check bucket {bucket}: access denied, so it is either another account's bucket or yours with s3:ListBucket denied to you or a bucket policy blocking you; use an identity allowed s3:ListBucket on it, or check the bucket policy"
            ),
        )),
    }
}
