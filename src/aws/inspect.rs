//! Read-only look-ups for life after setup: a user's keys with their age, when a key was last
//! used, and the objects Braze wrote. Nothing here changes anything.

use super::clients::Clients;
use super::discover::s3_in;
use super::error::{CloudError, ErrorKind, from_sdk};
use crate::domain::drift::{KeyInfo, KeyUse, ObjectInfo};
use crate::domain::names::{BucketName, IamName, Region};

/// At most this many objects are listed per look (1,000 a page).
pub const LIST_CAP: usize = 20_000;

fn secs(d: &aws_sdk_s3::primitives::DateTime) -> Option<u64> {
    u64::try_from(d.secs()).ok()
}

/// The user's access keys with status and creation time.
pub async fn keys(c: &Clients, user: &IamName) -> Result<Vec<KeyInfo>, CloudError> {
    let out = c
        .iam
        .list_access_keys()
        .user_name(user.as_str())
        .send()
        .await
        .map_err(|e| from_sdk("ListAccessKeys", e))?;
    Ok(out
        .access_key_metadata()
        .iter()
        .filter_map(|k| {
            Some(KeyInfo {
                id: k.access_key_id()?.to_string(),
                active: k.status() != Some(&aws_sdk_iam::types::StatusType::Inactive),
                created: k.create_date().and_then(secs),
            })
        })
        .collect())
}

/// When `key` was last used. `records_use`: false for an endpoint known not to record use
/// (moto answers "N/A" for every key), so its "never" is "not available here", never a pass.
pub async fn last_used(c: &Clients, key: &str, records_use: bool) -> KeyUse {
    let out = match c
        .iam
        .get_access_key_last_used()
        .access_key_id(key)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) => {
            let e = from_sdk("GetAccessKeyLastUsed", e);
            return KeyUse::NotAvailable {
                why: match e.kind {
                    ErrorKind::AccessDenied => {
                        format!("iam:GetAccessKeyLastUsed was denied: {}", e.sentence)
                    }
                    _ => format!("this endpoint could not say: {}", e.sentence),
                },
            };
        }
    };
    let used = out.access_key_last_used();
    let at = used.and_then(|u| u.last_used_date()).and_then(secs);
    let service = used.map(|u| u.service_name()).unwrap_or("N/A");
    match at {
        Some(at) if service != "N/A" => KeyUse::Used {
            at,
            service: service.to_string(),
            region: used.map(|u| u.region()).unwrap_or_default().to_string(),
        },
        _ if !records_use => KeyUse::NotAvailable {
            why: "this endpoint does not record key use".into(),
        },
        _ => KeyUse::NeverUsed,
    }
}

/// Objects of `bucket` whose key starts with one of `prefixes`, up to [`LIST_CAP`] looked at
/// (the second value says whether the listing stopped there).
///
/// S3 is asked for the part of each prefix before its first `/` and the rest is filtered
/// here: the answer is the same on AWS, and emulators that mis-sign `/` in a query value
/// (moto) can list it too.
pub async fn objects(
    c: &Clients,
    region: &Region,
    bucket: &BucketName,
    prefixes: &[String],
) -> Result<(Vec<ObjectInfo>, bool), CloudError> {
    let s3 = s3_in(c, region.as_str());
    let mut asked: Vec<&str> = prefixes
        .iter()
        .map(|p| p.split('/').next().unwrap_or_default())
        .collect();
    asked.sort_unstable();
    asked.dedup();
    let mut found = Vec::new();
    let mut capped = false;
    for prefix in asked {
        let mut token: Option<String> = None;
        let mut seen = 0usize;
        loop {
            let out = s3
                .list_objects_v2()
                .bucket(bucket.as_str())
                .prefix(prefix)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| from_sdk("ListObjectsV2", e))?;
            for o in out.contents() {
                seen += 1;
                let Some(key) = o.key() else { continue };
                if prefixes.iter().any(|p| key.starts_with(p.as_str())) {
                    found.push(ObjectInfo {
                        key: key.to_string(),
                        size: o.size().unwrap_or_default(),
                        modified: o.last_modified().and_then(secs),
                    });
                }
            }
            token = out.next_continuation_token().map(str::to_string);
            if token.is_none() {
                break;
            }
            if seen >= LIST_CAP {
                capped = true;
                break;
            }
        }
    }
    Ok((found, capped))
}
