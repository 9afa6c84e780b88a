//! The live credential test, as Braze's "Test Credentials" runs it: with the NEW key, not
//! the admin's. New IAM keys answer `InvalidAccessKeyId` for 10–15 s and then `AccessDenied`
//! while permissions propagate, so every check waits those out with capped backoff — the
//! checks that must be refused wait out only `InvalidAccessKeyId` (their `AccessDenied` is
//! the pass). The key is one braze-s3 created, so a signature mismatch is never blamed on
//! copy-paste (see [`CloudError::for_own_key`]).

use std::time::Duration;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;
use tokio::sync::watch;
use tokio::time::Instant;

use super::clients::{Clients, StaticCredentials};
use super::discover::s3_in;
use super::error::{CloudError, ErrorKind, from_sdk};
use super::patience::{Limits, check, must_deny, once_known, patiently};
use crate::domain::integration::Integration;
use crate::domain::names::{BucketName, FolderPath, Region};
use crate::domain::progress::{CheckResult, Progress};

/// What to test: the bucket, where Braze writes, and how.
pub struct KeyTest<'a> {
    pub bucket: &'a BucketName,
    pub region: &'a Region,
    pub folder: Option<&'a FolderPath>,
    pub sse: bool,
    pub integrations: &'a [Integration],
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

/// The checks, with `s3` acting as the key.
async fn test_with(
    admin: &Clients,
    s3: &aws_sdk_s3::Client,
    spec: &KeyTest<'_>,
    report: Report<'_>,
) -> Vec<CheckResult> {
    let limits = Limits {
        deadline: Instant::now() + spec.patience,
        stop: spec.stop.clone(),
    };
    let bucket = spec.bucket.as_str();
    let can_delete = spec.integrations.contains(&Integration::DataExport);
    let folder = spec
        .folder
        .filter(|_| spec.integrations.contains(&Integration::Currents));
    let object = spec.object.clone();
    let body = format!("braze-s3 connection test {object}\n");
    let mut checks = Vec::new();

    let list = check("list bucket", report, async {
        patiently("list bucket", &limits, report, || async {
            // The bucket root, with no prefix, as Braze may list it (and as HeadBucket needs).
            s3.list_objects_v2()
                .bucket(bucket)
                .max_keys(1)
                .send()
                .await
                .map_err(|e| from_sdk("ListObjectsV2", e).for_own_key())
        })
        .await
        .map(|_| match folder.filter(|_| spec.scoped) {
            None => format!("s3:ListBucket on {bucket}"),
            Some(f) => {
                format!("s3:ListBucket on {bucket} (the bucket root; objects only under {f}/)")
            }
        })
    })
    .await;
    let key_works = list.ok();
    checks.push(list);
    if !key_works {
        cleanup(admin, spec, &object).await;
        return checks;
    }

    let location = check("bucket location", report, async {
        patiently("bucket location", &limits, report, || async {
            s3.get_bucket_location()
                .bucket(bucket)
                .send()
                .await
                .map_err(|e| from_sdk("GetBucketLocation", e).for_own_key())
        })
        .await
        .map(|out| {
            let raw = out.location_constraint().map(|l| l.as_str().to_string());
            format!(
                "bucket is in {}",
                raw.filter(|r| !r.is_empty()).unwrap_or("us-east-1".into())
            )
        })
    });
    let delete = || async {
        s3.delete_object()
            .bucket(bucket)
            .key(&object)
            .send()
            .await
            .map_err(|e| from_sdk("DeleteObject", e).for_own_key())
    };
    // Boxed: these futures are large, and the test runs on its caller's stack.
    let written = Box::pin(async {
        let mut out = Vec::new();
        let put = check("write test object", report, async {
            patiently("write test object", &limits, report, || async {
                let mut req = s3
                    .put_object()
                    .bucket(bucket)
                    .key(&object)
                    .body(ByteStream::from(body.clone().into_bytes()));
                if spec.sse {
                    req = req.server_side_encryption(ServerSideEncryption::Aes256);
                }
                req.send()
                    .await
                    .map_err(|e| from_sdk("PutObject", e).for_own_key())
            })
            .await
            .map(|o| {
                let applied = o
                    .server_side_encryption()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "none reported".into());
                format!("wrote s3://{bucket}/{object} (encryption applied by S3: {applied})")
            })
        })
        .await;
        let wrote = put.ok();
        out.push(put);
        if !wrote {
            return out;
        }
        out.push(
            check("read test object", report, async {
                let got = patiently("read test object", &limits, report, || async {
                    s3.get_object()
                        .bucket(bucket)
                        .key(&object)
                        .send()
                        .await
                        .map_err(|e| from_sdk("GetObject", e).for_own_key())
                })
                .await?;
                let bytes = got
                    .body
                    .collect()
                    .await
                    .map(|b| b.into_bytes().to_vec())
                    .map_err(|e| {
                        CloudError::new(
                            "GetObject",
                            ErrorKind::Unreachable,
                            format!("the test object's content could not be read ({e}); check the network and retry"),
                        )
                    })?;
                if bytes == body.as_bytes() {
                    Ok("read back the same bytes".to_string())
                } else {
                    Err(CloudError::new(
                        "GetObject",
                        ErrorKind::Other,
                        "the object read back differs from what was written",
                    ))
                }
            })
            .await,
        );
        out
    });
    let objects = async {
        if can_delete {
            let mut out = written.await;
            if out.first().is_some_and(CheckResult::ok) {
                out.push(
                    check("delete test object", report, async {
                        patiently("delete test object", &limits, report, delete)
                            .await
                            .map(|_| {
                                "deleted it (Braze removes export files after about 4 hours)"
                                    .to_string()
                            })
                    })
                    .await,
                );
            }
            out
        } else {
            // Whether the key may delete does not depend on the object: check it alongside.
            let refused = check("cannot delete (Currents)", report, async {
                must_deny(
                    once_known("cannot delete (Currents)", &limits, report, delete).await,
                    "the Currents key can delete objects",
                )
            });
            let (mut out, refused) = tokio::join!(written, refused);
            out.push(refused);
            out
        }
    };
    let denied = check("cannot list other buckets", report, async {
        must_deny(
            once_known("cannot list other buckets", &limits, report, || async {
                s3.list_buckets()
                    .send()
                    .await
                    .map_err(|e| from_sdk("ListBuckets", e).for_own_key())
            })
            .await,
            "the key can list every bucket in the account",
        )
    });
    let (location, objects, denied) = tokio::join!(location, objects, denied);
    let deleted = objects
        .iter()
        .any(|c| c.name == "delete test object" && c.ok());
    checks.push(location);
    checks.extend(objects);
    checks.push(denied);
    if !deleted {
        cleanup(admin, spec, &object).await;
    }
    checks
}

/// Removes the test object with the admin's credentials; already gone is fine.
async fn cleanup(admin: &Clients, spec: &KeyTest<'_>, object: &str) {
    let s3 = s3_in(admin, spec.region.as_str());
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
mod tests;
