//! The offline commands: `policy`, `trust-policy` and `plan` without AWS access.

use std::path::Path;

use serde_json::json;

use super::Failure;

use crate::cli::{GlobalArgs, PolicyArgs, SetupArgs, TrustArgs};
use crate::domain::answers::{Answers, Draft};
use crate::domain::existing::Existing;
use crate::domain::names::{AccountId, BucketName, ExternalId, FolderPath, NameError, Region};
use crate::domain::plan::Plan;
use crate::domain::policy::{PolicyDocument, permission_policy, trust_policy};

/// Collects every invalid value instead of stopping at the first.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn take<T>(&mut self, parsed: Result<T, NameError>) -> Option<T> {
        parsed.map_err(|e| self.0.push(e.to_string())).ok()
    }
}

fn region_or_default(global: &GlobalArgs) -> Result<Region, NameError> {
    Region::parse(global.region.as_deref().unwrap_or("us-east-1"))
}

fn print_document(doc: &PolicyDocument) -> Result<(), Failure> {
    let json = doc
        .to_pretty_json()
        .map_err(|e| Failure::runtime(e.to_string()))?;
    println!("{json}");
    Ok(())
}

/// `braze-s3 policy`
pub fn policy(global: &GlobalArgs, args: &PolicyArgs) -> Result<(), Failure> {
    let mut p = Problems::default();
    let parsed = (
        p.take(BucketName::parse(args.bucket.trim())),
        p.take(region_or_default(global)),
        p.take(FolderPath::normalize(&args.folder)),
    );
    let (Some(bucket), Some(region), Some(folder)) = parsed else {
        return Err(Failure::usage(p.0));
    };
    let scope = args.scope_to_folder.then_some(&folder);
    let doc = permission_policy(args.integration.into(), &bucket, region.partition(), scope)
        .map_err(|e| Failure::usage(vec![e.to_string()]))?;
    print_document(&doc)
}

/// `braze-s3 trust-policy`
pub fn trust(global: &GlobalArgs, args: &TrustArgs) -> Result<(), Failure> {
    let mut p = Problems::default();
    let parsed = (
        p.take(AccountId::parse(args.braze_account_id.trim())),
        p.take(ExternalId::parse(args.external_id.trim())),
        p.take(region_or_default(global)),
    );
    let (Some(account), Some(external), Some(region)) = parsed else {
        return Err(Failure::usage(p.0));
    };
    print_document(&trust_policy(&account, &external, region.partition()))
}

/// Reads `--answers FILE` (if given) and lays the flags over it, unvalidated: the wizard
/// starts from this and validates field by field.
pub fn draft(global: &GlobalArgs, args: &SetupArgs) -> Result<Draft, Failure> {
    let base = match &args.answers {
        Some(path) => read_answers_file(path)?,
        None => Draft::default(),
    };
    Ok(args.over(base, global.region.as_deref()))
}

/// The draft, validated as a whole.
pub fn answers(global: &GlobalArgs, args: &SetupArgs) -> Result<Answers, Failure> {
    draft(global, args)?
        .build()
        .map_err(|errors| Failure::usage(errors.0.iter().map(ToString::to_string).collect()))
}

fn read_answers_file(path: &Path) -> Result<Draft, Failure> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(vec![format!("answers file {shown}: cannot read it: {e}")]))?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::usage(vec![format!(
            "answers file {shown}: not valid answers JSON ({e}); see `braze-s3 plan --help` for the fields"
        )])
    })
}

/// `braze-s3 plan` without AWS access: plans as if nothing exists yet, and says so.
pub fn plan_offline(global: &GlobalArgs, args: &SetupArgs) -> Result<(), Failure> {
    let answers = answers(global, args)?;
    let plan = Plan::from(&answers, &Existing::default())
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
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
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
