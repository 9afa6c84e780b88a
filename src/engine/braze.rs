//! Exactly what to type into Braze, field by field.

use std::fmt;

use secrecy::SecretString;

use super::run::Applied;
use crate::domain::answers::Answers;
use crate::domain::integration::Integration;

pub enum FieldValue {
    Plain(String),
    /// Shown only on request (masked on screen, left out of JSON without --show-secret).
    Secret(SecretString),
}

impl fmt::Debug for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Plain(v) => write!(f, "{v:?}"),
            FieldValue::Secret(_) => f.write_str("[REDACTED]"),
        }
    }
}

#[derive(Debug)]
pub struct BrazeField {
    /// The Braze page the field is on (each integration has its own).
    pub integration: Integration,
    pub label: &'static str,
    pub value: FieldValue,
}

/// The fields of Braze's Amazon S3 form, in the order the form shows them: one group per
/// integration, each with its own credential.
pub fn braze_fields(answers: &Answers, applied: &Applied) -> Vec<BrazeField> {
    let mut fields = Vec::new();
    for c in &applied.credentials {
        let integration = c.integration;
        let plain = |label, value: &str| BrazeField {
            integration,
            label,
            value: FieldValue::Plain(value.to_string()),
        };
        if let Some(key) = &c.access_key {
            fields.push(plain("AWS Access ID", &key.access_key_id));
            fields.push(BrazeField {
                integration,
                label: "AWS Secret Access Key",
                value: FieldValue::Secret(key.secret_access_key.clone()),
            });
        }
        if let Some(arn) = &c.role_arn {
            fields.push(plain("AWS Role ARN", arn));
        }
        fields.push(plain("AWS S3 Bucket Name", answers.bucket.as_str()));
        if let Some(folder) = answers
            .folder
            .as_ref()
            .filter(|_| integration == Integration::Currents)
        {
            fields.push(plain("Folder Path", folder.as_str()));
        }
        fields.push(plain(
            "Server-Side AES-256 Encryption",
            if answers.sse { "on" } else { "off" },
        ));
    }
    fields
}
