//! The offline commands: `policy`, `trust-policy` and `plan` without AWS access.

use serde_json::json;

use super::Failure;
use crate::config::{Global, PolicyConfig, TrustConfig};
use crate::domain::answers::Answers;
use crate::domain::existing::Existing;
use crate::domain::plan::Plan;
use crate::domain::policy::{PolicyDocument, permission_policy, trust_policy};

fn print_document(doc: &PolicyDocument) -> Result<(), Failure> {
    let json = doc
        .to_pretty_json()
        .map_err(|e| Failure::runtime(e.to_string()))?;
    println!("{json}");
    Ok(())
}

/// `braze-s3 policy`
pub fn policy(cfg: &PolicyConfig) -> Result<(), Failure> {
    let doc = permission_policy(
        cfg.integration,
        &cfg.bucket,
        cfg.region.partition(),
        cfg.scope.as_ref(),
    )
    .map_err(|e| Failure::usage(vec![e.to_string()]))?;
    print_document(&doc)
}

/// `braze-s3 trust-policy`
pub fn trust(cfg: &TrustConfig) -> Result<(), Failure> {
    print_document(&trust_policy(
        &cfg.braze_account,
        &cfg.external_id,
        cfg.region.partition(),
    ))
}

/// `braze-s3 plan` without AWS access: plans as if nothing exists yet, and says so.
pub fn plan_offline(global: &Global, answers: &Answers) -> Result<(), Failure> {
    let plan = Plan::from(answers, &Existing::default())
        .map_err(|errors| Failure::usage(errors.iter().map(ToString::to_string).collect()))?;
    if global.json {
        let out = json!({
            "name": answers.name,
            "answers": answers,
            "assumed_nothing_exists": true,
            "changes": plan.changes,
            "adopted": plan.adopted,
            "warnings": plan.warnings,
        });
        super::print_json(&out)?;
        return Ok(());
    }
    println!(
        "Plan for connector {} ({}, {} auth, bucket {} in {})",
        answers.name,
        answers.integration.title(),
        answers.auth.kind(),
        answers.bucket,
        answers.region
    );
    println!("Planned offline, as if nothing exists yet: no AWS access was used.");
    print_plan(&plan);
    Ok(())
}

pub(super) fn print_plan(plan: &Plan) {
    for line in plan.lines() {
        println!("{line}");
    }
    for adopted in &plan.adopted {
        println!("  = reuse {adopted}");
    }
    for warning in &plan.warnings {
        println!("  ! {warning}");
    }
}
