//! Setting up a connector that is already saved: what the new answers change, field by field,
//! so that the person updates it knowing exactly what differs, or picks another name.

use super::answers::Answers;
use super::auth::AuthMethod;
use super::names::FolderPath;

/// One answer that differs from the saved connector's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field as the wizard and the plan name it, e.g. "Region".
    pub field: &'static str,
    pub saved: String,
    pub now: String,
}

impl FieldChange {
    /// `Region: us-east-1 → eu-west-1`.
    pub fn line(&self) -> String {
        format!("{}: {} → {}", self.field, self.saved, self.now)
    }
}

/// Every answer of `now` that differs from `saved`, in the wizard's order. Empty when the
/// re-run changes nothing (an idempotent re-run).
pub fn changes(saved: &Answers, now: &Answers) -> Vec<FieldChange> {
    let a = fields(saved);
    let b = fields(now);
    a.into_iter()
        .zip(b)
        .filter(|((_, x), (_, y))| x != y)
        .map(|((field, saved), (_, now))| FieldChange { field, saved, now })
        .collect()
}

/// The answers a person chooses, each as shown; the same fields in the same order for any
/// answers, so two lists zip field by field.
fn fields(a: &Answers) -> Vec<(&'static str, String)> {
    let (role, account, external) = match &a.auth {
        AuthMethod::SecretKey { .. } => (None, None, None),
        AuthMethod::RoleArn {
            braze_account,
            external_id,
            ..
        } => (
            Some(a.auth.principal_name().to_string()),
            Some(braze_account.to_string()),
            Some(external_id.to_string()),
        ),
    };
    let user = match &a.auth {
        AuthMethod::SecretKey { user } => Some(user.to_string()),
        AuthMethod::RoleArn { .. } => None,
    };
    vec![
        ("Integration", a.integration.title().to_string()),
        ("Bucket", a.bucket.to_string()),
        ("Region", a.region.to_string()),
        (
            "Folder path",
            shown(a.folder.as_ref().map(FolderPath::to_string)),
        ),
        ("AES-256 encryption", on_off(a.sse)),
        ("Scoped to the folder", on_off(a.scope_to_folder)),
        ("Auth method", a.auth.kind().title().to_string()),
        ("IAM user", shown(user)),
        ("IAM role", shown(role)),
        ("Braze account ID", shown(account)),
        ("External ID", shown(external)),
        (
            "Data export external ID",
            shown(a.export_external_id.as_ref().map(ToString::to_string)),
        ),
        (
            "Shares credentials with",
            shown(a.share_with.as_ref().map(ToString::to_string)),
        ),
    ]
}

fn shown(value: Option<String>) -> String {
    value.unwrap_or_else(|| "none".to_string())
}

fn on_off(on: bool) -> String {
    if on { "on" } else { "off" }.to_string()
}

#[cfg(test)]
mod tests;
