//! Bucket look-ups: whether a bucket exists and whose it is (see `owner`), its region, Object
//! Lock, default encryption and public access block, and the caller's bucket names.

use aws_sdk_s3::config::Region as SdkRegion;

use super::owner::{Ownership, ownership};
use crate::aws::clients::Clients;
use crate::aws::error::{CloudError, ErrorKind, from_sdk};
use crate::domain::bucket_policy::BucketPolicy;
use crate::domain::existing::{BucketState, Encryption, ExistingBucket};
use crate::domain::names::{AccountId, BucketName, Region};

/// An S3 client for `region`: the Rust SDK does not follow S3's region redirects.
pub fn s3_in(c: &Clients, region: &str) -> aws_sdk_s3::Client {
    let conf =
        c.s3.config()
            .to_builder()
            .region(SdkRegion::new(region.to_string()))
            .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// The full state of a bucket: whose it is (for the caller's `account`), its region, Object
/// Lock, encryption, public access. Every read after ownership goes to the bucket's region.
pub async fn bucket_state(
    c: &Clients,
    account: &AccountId,
    bucket: &BucketName,
) -> Result<BucketState, CloudError> {
    // Boxed: the concurrent look-ups make a large future, and callers hold it across awaits.
    Box::pin(look_up_state(c, account, bucket)).await
}

async fn look_up_state(
    c: &Clients,
    account: &AccountId,
    bucket: &BucketName,
) -> Result<BucketState, CloudError> {
    let region = match ownership(c, account, bucket).await? {
        Ownership::Missing => return Ok(BucketState::Missing),
        Ownership::Other(_) => return Ok(BucketState::OwnedByOther),
        Ownership::Unproven(region) => return Ok(BucketState::Unverified { region }),
        Ownership::Yours(region) => region,
    };
    let s3 = s3_in(c, region.as_str());
    let (object_lock, encryption, public_access_blocked, policy) = tokio::try_join!(
        object_lock(&s3, bucket),
        encryption(&s3, bucket),
        public_access_blocked(&s3, bucket),
        bucket_policy(&s3, bucket)
    )?;
    Ok(BucketState::Owned(ExistingBucket {
        region,
        object_lock,
        encryption,
        public_access_blocked,
        policy,
        account: account.to_string(),
    }))
}

/// The bucket's region from `GetBucketLocation`, which answers from any region. Its legacy
/// answers: nothing means us-east-1, `EU` means eu-west-1.
pub(super) async fn location(c: &Clients, bucket: &BucketName) -> Result<Region, CloudError> {
    let out =
        c.s3.get_bucket_location()
            .bucket(bucket.as_str())
            .send()
            .await
            .map_err(|e| from_sdk("GetBucketLocation", e))?;
    let raw = out
        .location_constraint()
        .map(|l| l.as_str())
        .unwrap_or_default();
    let raw = match raw {
        "" => "us-east-1",
        "EU" => "eu-west-1",
        other => other,
    };
    Region::parse(raw).map_err(|e| {
        CloudError::new(
            "GetBucketLocation",
            ErrorKind::Other,
            format!("bucket {bucket} is in a region this tool cannot use: {e}"),
        )
    })
}

/// The bucket's policy: none (`NoSuchBucketPolicy`), its document, or why it could not be
/// read (denied, or not JSON) — which the plan turns into a warning, not a failure.
async fn bucket_policy(
    s3: &aws_sdk_s3::Client,
    bucket: &BucketName,
) -> Result<BucketPolicy, CloudError> {
    match s3.get_bucket_policy().bucket(bucket.as_str()).send().await {
        Ok(out) => Ok(match out.policy() {
            None | Some("") => BucketPolicy::None,
            Some(json) => BucketPolicy::parse(json).unwrap_or_else(BucketPolicy::Unreadable),
        }),
        Err(e) => {
            let e = from_sdk("GetBucketPolicy", e);
            if e.is("NoSuchBucketPolicy") || e.kind == ErrorKind::NotFound {
                Ok(BucketPolicy::None)
            } else if e.kind == ErrorKind::AccessDenied {
                Ok(BucketPolicy::Unreadable(format!(
                    "s3:GetBucketPolicy was denied: {}",
                    e.sentence
                )))
            } else {
                Err(e)
            }
        }
    }
}

pub async fn object_lock(s3: &aws_sdk_s3::Client, bucket: &BucketName) -> Result<bool, CloudError> {
    match s3
        .get_object_lock_configuration()
        .bucket(bucket.as_str())
        .send()
        .await
    {
        Ok(out) => Ok(out
            .object_lock_configuration()
            .and_then(|c| c.object_lock_enabled())
            .is_some_and(|e| e.as_str() == "Enabled")),
        Err(e) => {
            let e = from_sdk("GetObjectLockConfiguration", e);
            if e.is("ObjectLockConfigurationNotFoundError") || e.kind == ErrorKind::NotFound {
                Ok(false)
            } else {
                Err(e)
            }
        }
    }
}

pub async fn encryption(
    s3: &aws_sdk_s3::Client,
    bucket: &BucketName,
) -> Result<Encryption, CloudError> {
    match s3
        .get_bucket_encryption()
        .bucket(bucket.as_str())
        .send()
        .await
    {
        Ok(out) => {
            let algorithms: Vec<String> = out
                .server_side_encryption_configuration()
                .map(|c| c.rules())
                .unwrap_or_default()
                .iter()
                .filter_map(|r| r.apply_server_side_encryption_by_default())
                .map(|d| d.sse_algorithm().as_str().to_string())
                .collect();
            Ok(if algorithms.iter().any(|a| a.starts_with("aws:kms")) {
                Encryption::Kms
            } else if algorithms.iter().any(|a| a == "AES256") {
                Encryption::SseS3
            } else {
                Encryption::None
            })
        }
        Err(e) => {
            let e = from_sdk("GetBucketEncryption", e);
            // "Not found" means no explicit default: AWS applies SSE-S3 anyway. Never an error.
            if e.is("ServerSideEncryptionConfigurationNotFoundError")
                || e.kind == ErrorKind::NotFound
            {
                Ok(Encryption::None)
            } else {
                Err(e)
            }
        }
    }
}

async fn public_access_blocked(
    s3: &aws_sdk_s3::Client,
    bucket: &BucketName,
) -> Result<bool, CloudError> {
    match s3
        .get_public_access_block()
        .bucket(bucket.as_str())
        .send()
        .await
    {
        Ok(out) => Ok(out.public_access_block_configuration().is_some_and(|c| {
            [
                c.block_public_acls(),
                c.ignore_public_acls(),
                c.block_public_policy(),
                c.restrict_public_buckets(),
            ]
            .iter()
            .all(|v| *v == Some(true))
        })),
        Err(e) => {
            let e = from_sdk("GetPublicAccessBlock", e);
            if e.is("NoSuchPublicAccessBlockConfiguration") || e.kind == ErrorKind::NotFound {
                Ok(false)
            } else {
                Err(e)
            }
        }
    }
}

/// The names of every bucket the caller owns.
pub async fn bucket_names(c: &Clients) -> Result<Vec<BucketName>, CloudError> {
    let out =
        c.s3.list_buckets()
            .send()
            .await
            .map_err(|e| from_sdk("ListBuckets", e))?;
    Ok(out
        .buckets()
        .iter()
        .filter_map(|b| b.name())
        .filter_map(|n| BucketName::parse(n).ok())
        .collect())
}
