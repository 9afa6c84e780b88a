//! Read-only look-ups: who am I, does the bucket exist and whose is it, what do the user,
//! role and policies look like. Nothing here changes anything.

mod bucket;
mod iam;
mod owner;

pub use bucket::{bucket_names, bucket_state, encryption, object_lock, s3_in};
pub use iam::{FoundPolicy, policy, policy_document, role, user};
pub use owner::{Ownership, ownership};

use super::clients::Clients;
use super::error::from_sdk;
use super::error::{CloudError, ErrorKind};
use crate::domain::names::AccountId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account: AccountId,
    pub arn: String,
}

pub async fn identity(c: &Clients) -> Result<Identity, CloudError> {
    let out = c
        .sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| from_sdk("GetCallerIdentity", e))?;
    // An identity without an account would make every ARN and ownership check wrong.
    match (out.account(), out.arn()) {
        (Some(account), Some(arn)) => match AccountId::parse(account) {
            Ok(account) => Ok(Identity {
                account,
                arn: arn.to_string(),
            }),
            Err(e) => Err(CloudError::new(
                "GetCallerIdentity",
                ErrorKind::Other,
                format!(
                    "the endpoint named your account {account:?}, which is not an AWS account ID ({}); check --endpoint-url points at AWS (or a service that implements STS)",
                    e.reason
                ),
            )),
        },
        _ => Err(CloudError::new(
            "GetCallerIdentity",
            ErrorKind::Other,
            "the endpoint said who you are without naming your account and ARN; check --endpoint-url points at AWS (or an S3/IAM-compatible service that implements STS)",
        )),
    }
}
