//! Exactly what to type into Braze, field by field.

use std::fmt;

use secrecy::SecretString;

use super::run::Applied;
use crate::domain::answers::Answers;

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
    pub label: &'static str,
    pub value: FieldValue,
}

fn plain(label: &'static str, value: impl Into<String>) -> BrazeField {
    BrazeField {
        label,
        value: FieldValue::Plain(value.into()),
    }
}

/// The fields of Braze's Amazon S3 form, in the order the form shows them.
pub fn braze_fields(answers: &Answers, applied: &Applied) -> Vec<BrazeField> {
    let mut fields = Vec::new();
    if let Some(key) = &applied.access_key {
        fields.push(plain("AWS Access ID", key.access_key_id.clone()));
        fields.push(BrazeField {
            label: "AWS Secret Access Key",
            value: FieldValue::Secret(key.secret_access_key.clone()),
        });
    }
    if let Some(arn) = &applied.role_arn {
        fields.push(plain("Role ARN", arn.clone()));
    }
    fields.push(plain("AWS S3 Bucket Name", answers.bucket.as_str()));
    if let Some(folder) = &answers.folder {
        fields.push(plain("Folder Path (Currents)", folder.as_str()));
    }
    fields.push(plain(
        "Server-Side AES-256 Encryption",
        if answers.sse { "on" } else { "off" },
    ));
    fields
}
