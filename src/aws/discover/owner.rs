//! Whose a bucket is. S3 answers `HeadBucket` for *any* existing bucket name with the
//! `x-amz-bucket-region` header — a 301/400 from the wrong region, a 403 when not allowed —
//! whoever owns it: a region is not ownership. Ownership is proven only by `HeadBucket` sent
//! to the bucket's own region with `ExpectedBucketOwner` set to the caller's account (S3
//! answers 403 when another account owns it), or by the bucket appearing in the caller's
//! `ListBuckets`. A 403 neither of them settles proves nothing either way.

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::SdkError;

use super::bucket::{location, s3_in};
use crate::aws::clients::Clients;
use crate::aws::error::{CloudError, ErrorKind, from_sdk};
use crate::domain::names::{AccountId, BucketName, Region};

/// What S3 says about a bucket name, for the caller's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ownership {
    /// No bucket has this name.
    Missing,
    /// Proven the caller's account's, in this region.
    Yours(Region),
    /// Proven another account's: `ListBuckets` answered and does not list it.
    Other(Option<Region>),
    /// It exists, but S3 would not say whose (403, and `ListBuckets` denied): another
    /// account's bucket, or the caller's with `s3:ListBucket` denied or a bucket policy.
    Unproven(Option<Region>),
}

/// Finds out whose `bucket` is, for `account` (the caller's), and where it is.
pub async fn ownership(
    c: &Clients,
    account: &AccountId,
    bucket: &BucketName,
) -> Result<Ownership, CloudError> {
    let mut asked = c.region().to_string();
    let mut s3 = c.s3.clone();
    // Twice at most: once where the clients are, once in the region S3 names.
    for _ in 0..2 {
        let answer = s3
            .head_bucket()
            .bucket(bucket.as_str())
            .expected_bucket_owner(account.as_str())
            .send()
            .await;
        let err = match answer {
            Ok(out) => {
                let region = match out.bucket_region().map(region) {
                    Some(r) => r?,
                    None => location(c, bucket).await?,
                };
                return Ok(Ownership::Yours(region));
            }
            Err(err) => err,
        };
        let header = header_region(&err);
        let e = from_sdk("HeadBucket", err);
        let elsewhere = header
            .as_deref()
            .filter(|r| *r != asked)
            .map(str::to_string);
        match (e.status, elsewhere) {
            (Some(404), _) => return Ok(Ownership::Missing),
            // The wrong region: ask again where the bucket is, where S3 can check the owner.
            (Some(301 | 307 | 400 | 403), Some(there)) => {
                s3 = s3_in(c, &there);
                asked = there;
            }
            (Some(403), None) => {
                let region = header.as_deref().map(region).transpose()?;
                return listed(c, bucket, region).await;
            }
            _ => return Err(e),
        }
    }
    Err(CloudError::new(
        "HeadBucket",
        ErrorKind::Other,
        format!(
            "S3 sent the request for bucket {bucket} to another region twice: check the endpoint and try again"
        ),
    ))
}

/// Settles a 403 with `ListBuckets`: the caller's own buckets are all listed there.
async fn listed(
    c: &Clients,
    bucket: &BucketName,
    region: Option<Region>,
) -> Result<Ownership, CloudError> {
    let mut token = None;
    loop {
        let out = match c
            .s3
            .list_buckets()
            .prefix(bucket.as_str())
            .set_continuation_token(token)
            .send()
            .await
            .map_err(|e| from_sdk("ListBuckets", e))
        {
            Ok(out) => out,
            Err(e) if e.kind == ErrorKind::AccessDenied => return Ok(Ownership::Unproven(region)),
            Err(e) => return Err(e),
        };
        if let Some(found) = out
            .buckets()
            .iter()
            .find(|b| b.name() == Some(bucket.as_str()))
        {
            let region = match (region, found.bucket_region().map(self::region)) {
                (Some(r), _) => r,
                (None, Some(r)) => r?,
                (None, None) => location(c, bucket).await?,
            };
            return Ok(Ownership::Yours(region));
        }
        token = out.continuation_token().map(str::to_string);
        if token.is_none() {
            return Ok(Ownership::Other(region));
        }
    }
}

fn header_region<E>(err: &SdkError<E, HttpResponse>) -> Option<String> {
    err.raw_response()
        .and_then(|r| r.headers().get("x-amz-bucket-region"))
        .map(str::to_string)
}

fn region(raw: &str) -> Result<Region, CloudError> {
    Region::parse(raw).map_err(|e| {
        CloudError::new(
            "HeadBucket",
            ErrorKind::Other,
            format!("S3 placed the bucket in a region this tool cannot use: {e}"),
        )
    })
}

#[cfg(test)]
mod tests;
