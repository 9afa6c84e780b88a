//! Create the admin user of a fresh moto server that enforces IAM.
//!
//! moto started with `INITIAL_NO_AUTH_ACTION_COUNT=3` lets its first three requests through
//! unchecked; after that every request must be signed by a key it knows. We spend exactly those
//! three requests on CreateUser, PutUserPolicy and CreateAccessKey, so nothing else (no retry,
//! no probe) may reach the server before this runs.

use aws_sdk_iam::config::retry::RetryConfig;
use aws_sdk_iam::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_iam::error::DisplayErrorContext;
use secrecy::SecretString;

use super::clients::{StaticCredentials, timeouts};

/// The user the sandbox admin key belongs to.
pub const ADMIN_USER: &str = "admin";
const ADMIN_POLICY: &str = "admin-all";

/// A bootstrap request failed; the sandbox cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("could not {step} in the local AWS sandbox at {endpoint}: {detail}")]
pub struct BootstrapError {
    step: &'static str,
    endpoint: String,
    detail: String,
}

/// Creates user `admin` with an Allow-everything inline policy and returns its new access key.
pub async fn bootstrap_sandbox_admin(
    endpoint: &str,
    region: &str,
) -> Result<StaticCredentials, BootstrapError> {
    let fail = |step: &'static str| {
        move |detail: String| BootstrapError {
            step,
            endpoint: endpoint.to_owned(),
            detail,
        }
    };
    let iam = unauthenticated_iam(endpoint, region);

    iam.create_user()
        .user_name(ADMIN_USER)
        .send()
        .await
        .map_err(|e| fail("create the admin user")(DisplayErrorContext(e).to_string()))?;

    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
    });
    iam.put_user_policy()
        .user_name(ADMIN_USER)
        .policy_name(ADMIN_POLICY)
        .policy_document(policy.to_string())
        .send()
        .await
        .map_err(|e| fail("give the admin user full access")(DisplayErrorContext(e).to_string()))?;

    let created = iam
        .create_access_key()
        .user_name(ADMIN_USER)
        .send()
        .await
        .map_err(|e| fail("create the admin access key")(DisplayErrorContext(e).to_string()))?;
    let key = created.access_key().ok_or_else(|| {
        fail("create the admin access key")("the response carried no key".to_owned())
    })?;
    Ok(StaticCredentials {
        access_key_id: key.access_key_id().to_owned(),
        secret_access_key: SecretString::from(key.secret_access_key().to_owned()),
    })
}

/// An IAM client that signs with a made-up key (moto ignores it for the first requests) and never
/// retries: a retry would spend one of the three unauthenticated requests.
fn unauthenticated_iam(endpoint: &str, region: &str) -> aws_sdk_iam::Client {
    let dummy = Credentials::new("bootstrap", "bootstrap", None, None, "braze-s3-bootstrap");
    let config = aws_sdk_iam::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(endpoint)
        .credentials_provider(dummy)
        .retry_config(RetryConfig::disabled())
        .timeout_config(timeouts())
        .build();
    aws_sdk_iam::Client::from_conf(config)
}
