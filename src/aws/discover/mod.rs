//! Read-only look-ups: who am I, does the bucket exist and whose is it, what do the user,
//! role and policies look like. Nothing here changes anything.

mod bucket;
mod iam;
mod owner;

pub use bucket::{bucket_names, bucket_state, encryption, object_lock, s3_in};
pub use iam::{FoundPolicy, policy, policy_document, role, user};
pub use owner::{Ownership, ownership};

use super::clients::Clients;
use super::error::CloudError;
use super::error::from_sdk;

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
