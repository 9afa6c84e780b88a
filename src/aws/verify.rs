//! The live credential test, as Braze's "Test Credentials" runs it: with the NEW key, not
//! the admin's. The checks, their order and what each expects are `domain::checks`; this file
//! only runs them. New IAM keys answer `InvalidAccessKeyId` for 10–15 s and then
//! `AccessDenied` while permissions propagate, so every check waits those out with capped
//! backoff (see `patience`). The key is one braze-s3 created, so a signature mismatch is never
//! blamed on copy-paste (see [`CloudError::for_own_key`]).

use std::time::Duration;

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;
use futures_util::future::join_all;
use tokio::sync::watch;
use tokio::time::Instant;

use super::clients::{Clients, StaticCredentials};
use super::discover::s3_in;
use super::error::{CloudError, ErrorKind, from_sdk};
use super::patience::{Limits, check, must_deny, patiently};
use crate::domain::checks::{Check, CheckName, Expect, Operation, key_checks};
use crate::domain::integration::Integration;
use crate::domain::names::{BucketName, FolderPath, Region};
use crate::domain::progress::{CheckResult, Progress};

/// What to test: the bucket, where Braze writes, and how.
pub struct KeyTest<'a> {
    pub bucket: &'a BucketName,
    pub region: &'a Region,
    pub folder: Option<&'a FolderPath>,
    pub sse: bool,
    /// The one integration the key serves.
    pub integration: Integration,
    /// How long to wait out IAM propagation in all.
    pub patience: Duration,
    /// The Currents policy limits object access to the folder. Listing is the same either way:
    /// the bucket root, as Braze lists it (the bucket statement is never scoped).
    pub scoped: bool,
    /// The test object's key (unique per test; see `Answers::test_object_key`).
    pub object: String,
    /// Becomes true when the person interrupts: every wait and call ends at once.
    pub stop: watch::Receiver<bool>,
}

pub type Report<'a> = &'a (dyn Fn(Progress) + Send + Sync);

/// Tests `key` as Braze would and always removes the test object (with `admin` if the key
/// may not delete).
pub async fn test_key(
    admin: &Clients,
    key: &StaticCredentials,
    spec: &KeyTest<'_>,
    report: Report<'_>,
) -> Vec<CheckResult> {
    let s3 = s3_in(&admin.with_credentials(key), spec.region.as_str());
    test_with(admin, &s3, spec, report).await
}

/// The checks, with `s3` acting as the key. Each starts once what it waits for has finished,
/// so checks that wait for the same one run alongside; results come back in list order.
async fn test_with(
    admin: &Clients,
    s3: &aws_sdk_s3::Client,
    spec: &KeyTest<'_>,
    report: Report<'_>,
) -> Vec<CheckResult> {
    let key = Key {
        s3,
        spec,
        limits: Limits {
            deadline: Instant::now() + spec.patience,
            stop: spec.stop.clone(),
        },
        body: format!("braze-s3 connection test {}\n", spec.object),
        report,
    };
    let checks = key_checks(spec.integration);
    // Per check: `None` until it finished, then whether it passed (a skipped one did not).
    let finished: Vec<watch::Sender<Option<bool>>> =
        checks.iter().map(|_| watch::channel(None).0).collect();
    let passed = |name: Option<CheckName>| {
        let slot = name.map(|n| checks.iter().position(|c| c.name == n));
        let mut seen = slot.map(|i| i.map(|i| finished[i].subscribe()));
        async move {
            match seen.as_mut() {
                None => true,
                // Waits for a check not in the list: it cannot pass (the domain's tests keep
                // every wait on an earlier check of the same list).
                Some(None) => false,
                Some(Some(rx)) => rx
                    .wait_for(Option::is_some)
                    .await
                    .is_ok_and(|v| *v == Some(true)),
            }
        }
    };
    let runs = checks.iter().zip(&finished).map(|(c, done)| {
        let (needs, after) = (passed(c.needs), passed(c.after));
        let key = &key;
        async move {
            if !needs.await {
                done.send_replace(Some(false));
                return None;
            }
            after.await;
            // Boxed: one call of any of the S3 operations is a large future.
            let result = check(&c.name.to_string(), report, Box::pin(key.run(c))).await;
            done.send_replace(Some(result.ok()));
            Some(result)
        }
    });
    let results: Vec<CheckResult> = join_all(runs).await.into_iter().flatten().collect();
    let deleted = results
        .iter()
        .any(|r| r.name == CheckName::DeleteTestObject.to_string() && r.ok());
    if !deleted {
        cleanup(admin, spec).await;
    }
    results
}

/// The key under test and what its checks share.
struct Key<'a> {
    s3: &'a aws_sdk_s3::Client,
    spec: &'a KeyTest<'a>,
    limits: Limits,
    body: String,
    report: Report<'a>,
}

impl Key<'_> {
    /// One check, waiting out propagation as its expectation allows.
    async fn run(&self, c: &Check) -> Result<String, CloudError> {
        let name = c.name.to_string();
        let attempt = || self.attempt(c.operation);
        let outcome = patiently(&name, &self.limits, self.report, c.expect, attempt).await;
        match c.expect {
            Expect::Denied { broader } => must_deny(outcome, broader),
            _ => outcome,
        }
    }

    /// One call of `operation` as the key, and what it showed.
    async fn attempt(&self, operation: Operation) -> Result<String, CloudError> {
        let (s3, spec) = (self.s3, self.spec);
        let bucket = spec.bucket.as_str();
        let object = spec.object.as_str();
        match operation {
            Operation::ListObjectsV2 => {
                // The bucket root, with no prefix, as Braze may list it (and as HeadBucket needs).
                let req = s3.list_objects_v2().bucket(bucket).max_keys(1);
                req.send().await.map_err(own("ListObjectsV2"))?;
                let scoped = spec
                    .folder
                    .filter(|_| spec.scoped && spec.integration == Integration::Currents);
                Ok(match scoped {
                    None => format!("s3:ListBucket on {bucket}"),
                    Some(f) => format!(
                        "s3:ListBucket on {bucket} (the bucket root; objects only under {f}/)"
                    ),
                })
            }
            Operation::GetBucketLocation => {
                let req = s3.get_bucket_location().bucket(bucket);
                let out = req.send().await.map_err(own("GetBucketLocation"))?;
                // An empty location constraint is how S3 spells us-east-1.
                let region = out
                    .location_constraint()
                    .map(|l| l.as_str())
                    .filter(|r| !r.is_empty())
                    .unwrap_or("us-east-1");
                Ok(format!("bucket is in {region}"))
            }
            Operation::PutObject => {
                let mut req = s3
                    .put_object()
                    .bucket(bucket)
                    .key(object)
                    .body(ByteStream::from(self.body.clone().into_bytes()));
                if spec.sse {
                    req = req.server_side_encryption(ServerSideEncryption::Aes256);
                }
                let out = req.send().await.map_err(own("PutObject"))?;
                let applied = out
                    .server_side_encryption()
                    .map_or("none reported", |s| s.as_str());
                Ok(format!(
                    "wrote s3://{bucket}/{object} (encryption applied by S3: {applied})"
                ))
            }
            Operation::GetObject => {
                let req = s3.get_object().bucket(bucket).key(object);
                let got = req.send().await.map_err(own("GetObject"))?;
                let bytes = got.body.collect().await.map_err(|e| {
                    CloudError::new(
                        "GetObject",
                        ErrorKind::Unreachable,
                        format!("the test object's content could not be read ({e}); check the network and retry"),
                    )
                })?;
                if bytes.into_bytes() == self.body.as_bytes() {
                    Ok("read back the same bytes".to_string())
                } else {
                    Err(CloudError::new(
                        "GetObject",
                        ErrorKind::Other,
                        "the object read back differs from what was written",
                    ))
                }
            }
            Operation::DeleteObject => {
                let req = s3.delete_object().bucket(bucket).key(object);
                req.send().await.map_err(own("DeleteObject"))?;
                Ok("deleted it (Braze removes export files after about 4 hours)".to_string())
            }
            Operation::ListBuckets => {
                s3.list_buckets().send().await.map_err(own("ListBuckets"))?;
                Ok("listed every bucket in the account".to_string())
            }
            other => Err(CloudError::new(
                "live test",
                ErrorKind::Other,
                format!("{other:?} is a role check, not one an access key can run"),
            )),
        }
    }
}

/// The SDK error of a call the key under test made.
fn own<E>(operation: &'static str) -> impl FnOnce(SdkError<E, HttpResponse>) -> CloudError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    move |e| from_sdk(operation, e).for_own_key()
}

/// Removes the test object with the admin's credentials; already gone is fine.
async fn cleanup(admin: &Clients, spec: &KeyTest<'_>) {
    let s3 = s3_in(admin, spec.region.as_str());
    let object = spec.object.as_str();
    let outcome = s3
        .delete_object()
        .bucket(spec.bucket.as_str())
        .key(object)
        .send()
        .await;
    if let Err(e) = outcome {
        tracing::warn!(object, error = %from_sdk("DeleteObject", e), "test object cleanup failed");
    }
}

#[cfg(test)]
mod propagation_tests;
#[cfg(test)]
mod tests;
