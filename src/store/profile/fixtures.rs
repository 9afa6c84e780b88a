//! Saved connectors for unit tests: one credential per principal, as a finished setup saves
//! them (a key with or without its secret, or a role).

use secrecy::SecretString;

use super::{ConnectorProfile, SavedCredential};
use crate::domain::answers::Answers;
use crate::domain::auth::AuthKind;

/// `answers` saved on `created_at`; `secret`: the key's secret the profile keeps.
pub(crate) fn saved(
    answers: Answers,
    secret: Option<&str>,
    created_at: &str,
    sandbox: bool,
) -> ConnectorProfile {
    let role = answers.auth.kind() == AuthKind::RoleArn;
    let credentials = answers
        .principals()
        .into_iter()
        .map(|p| SavedCredential {
            integration: p.integration,
            principal: p.name().clone(),
            access_key_id: (!role).then(|| "AKIAOLDKEY0000000001".into()),
            secret_access_key: secret
                .filter(|_| !role)
                .map(|s| SecretString::from(s.to_string())),
            role_arn: role.then(|| format!("arn:aws:iam::123456789012:role/{}", p.name())),
            previous_access_key_id: None,
        })
        .collect();
    ConnectorProfile::new(
        answers.name.clone(),
        sandbox,
        None,
        answers,
        "123456789012".into(),
        credentials,
        Vec::new(),
        created_at.into(),
        None,
    )
}
