//! Connector profiles as setup saves them, written straight into a config directory: for tests
//! of what the binary does with saved connectors, without AWS.

use std::path::Path;

use braze_s3::domain::answers::Draft;
use braze_s3::store::profile::{ConnectorProfile, ProfileStore, SavedCredential};
use secrecy::SecretString;

/// The access key ID every saved connector holds.
pub const ACCESS_KEY_ID: &str = "AKIAEXAMPLEEXAMPLE";

/// A Currents connector for bucket `bucket` in us-east-1 whose user has a key with `secret`;
/// made in the sandbox against `endpoint` when one is given.
pub fn connector(bucket: &str, endpoint: Option<&str>, secret: &str) -> ConnectorProfile {
    let answers = Draft {
        bucket: Some(bucket.into()),
        region: Some("us-east-1".into()),
        ..Draft::default()
    }
    .build()
    .unwrap_or_else(|e| panic!("{e}"));
    ConnectorProfile::new(
        answers.name.clone(),
        endpoint.is_some(),
        endpoint.map(str::to_string),
        answers.clone(),
        "123456789012".into(),
        vec![SavedCredential {
            integration: answers.integrations()[0],
            principal: answers.auth.principal_name().clone(),
            access_key_id: Some(ACCESS_KEY_ID.into()),
            secret_access_key: Some(SecretString::from(secret.to_string())),
            role_arn: None,
            previous_access_key_id: None,
        }],
        vec!["arn:aws:iam::123456789012:policy/p".into()],
        "2026-11-27T00:00:00Z".into(),
        None,
    )
}

/// Saves `profile` in the config directory `config` (its sandbox store for a sandbox one).
pub fn save(config: &Path, profile: &ConnectorProfile) {
    ProfileStore::open(Some(config), profile.sandbox)
        .and_then(|store| store.save(profile))
        .unwrap_or_else(|e| panic!("saving {}: {e}", profile.name));
}
