//! What a finished setup prints: per Braze page, the fields to enter (the secret only when it
//! may be shown), as text or one JSON object.

use crate::exit::Failure;
use std::io::IsTerminal;
use std::path::Path;

use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::domain::answers::Answers;
use crate::domain::update::FieldChange;
use crate::engine::{Applied, FieldValue, Identity, TestReport, braze_fields};

/// Everything a finished setup reports.
pub(super) struct SetupResult<'a> {
    pub identity: &'a Identity,
    pub answers: &'a Answers,
    pub applied: &'a Applied,
    pub changes: usize,
    /// The answers that differ from the saved connector's this setup updated.
    pub changed_answers: &'a [FieldChange],
    pub report: &'a TestReport,
    pub profile: &'a Path,
}

/// Prints the result; a secret only with `show_secret` or (as text) to a terminal.
pub(super) fn print_result(
    r: &SetupResult<'_>,
    json: bool,
    show_secret: bool,
) -> Result<(), Failure> {
    let fields = braze_fields(r.answers, r.applied);
    if json {
        let credentials: Vec<Value> = r
            .applied
            .credentials
            .iter()
            .map(|c| {
                let mut braze = serde_json::Map::new();
                for f in fields.iter().filter(|f| f.integration == c.integration) {
                    let value = match &f.value {
                        FieldValue::Plain(v) => Value::String(v.clone()),
                        FieldValue::Secret(s) if show_secret => {
                            Value::String(s.expose_secret().to_string())
                        }
                        FieldValue::Secret(_) => {
                            Value::String("(hidden: add --show-secret)".into())
                        }
                    };
                    braze.insert(f.label.to_string(), value);
                }
                json!({
                    "integration": c.integration,
                    "braze_page": c.integration.braze_location(),
                    "principal": c.principal,
                    "access_key_id": c.access_key.as_ref().map(|k| k.access_key_id.clone()),
                    "role_arn": c.role_arn,
                    "braze_fields": braze,
                })
            })
            .collect();
        let out = json!({
            "name": r.answers.name,
            "sandbox": r.identity.sandbox,
            "bucket": r.answers.bucket,
            "region": r.answers.region,
            "folder": r.answers.folder,
            "integration": r.answers.integration,
            "auth": r.answers.auth.kind(),
            "credentials": credentials,
            "policy_arns": r.applied.policy_arns,
            "changes": r.changes,
            "changed_answers": r.changed_answers.iter().map(|c| json!({
                "field": c.field, "saved": c.saved, "now": c.now,
            })).collect::<Vec<_>>(),
            "checks": r.report.checks.iter().map(|c| json!({
                "name": c.name, "ok": c.ok(), "outcome": c.outcome, "code": c.code, "detail": c.detail,
            })).collect::<Vec<_>>(),
            "passed": r.report.passed(),
            "profile": r.profile.display().to_string(),
        });
        super::print_json(&out)?;
    } else {
        let show = show_secret || std::io::stdout().is_terminal();
        for c in &r.applied.credentials {
            println!();
            println!(
                "Enter these in Braze ({}: {}):",
                c.integration.title(),
                c.integration.braze_location()
            );
            for f in fields.iter().filter(|f| f.integration == c.integration) {
                match &f.value {
                    FieldValue::Plain(v) => println!("  {:<32} {v}", f.label),
                    // Shown once on a terminal; never into a pipe or a log unless asked.
                    FieldValue::Secret(s) if show => {
                        println!("  {:<32} {}", f.label, s.expose_secret());
                    }
                    FieldValue::Secret(_) => {
                        println!(
                            "  {:<32} (hidden: stdout is not a terminal; add --show-secret, or read the 0600 profile)",
                            f.label
                        );
                    }
                }
            }
        }
        if r.applied.credentials.iter().any(|c| c.access_key.is_some()) {
            println!("Treat the secret like a password: paste it into Braze, not into chat.");
        }
    }
    Ok(())
}
