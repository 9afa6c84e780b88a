//! The per-resource drift rules behind [`super::problems`], each problem with its fix.

use super::{ObjectInfo, PolicySeen, Problem, RoleSeen, STALE_AFTER_HOURS, Severity};
use crate::domain::answers::Answers;
use crate::domain::auth::AuthMethod;
use crate::domain::policy::{OneOrMany, PolicyDocument};

mod user_rules;

use user_rules::attachment;
pub(super) use user_rules::user;

const DAY: u64 = 86_400;

/// "5 minutes ago", "3 hours ago", "12 days ago".
pub fn describe_age(secs: u64) -> String {
    match secs {
        0..60 => "just now".into(),
        60..3600 => format!("{} minute(s) ago", secs / 60),
        3600..172_800 => format!("{} hour(s) ago", secs / 3600),
        _ => format!("{} day(s) ago", secs / DAY),
    }
}

/// The setup command that recreates what is missing with the connector's own settings (a
/// re-run adopts what exists, attaches what was detached and restores a changed policy).
pub fn setup_command(a: &Answers) -> String {
    let mut cmd = format!(
        "braze-s3 --region {} setup --non-interactive --name {} --integration {} --auth {} --bucket {}",
        a.region,
        a.name,
        a.integration.slug(),
        a.auth.kind().slug(),
        a.bucket
    );
    if let Some(folder) = &a.folder {
        cmd.push_str(&format!(" --folder {folder}"));
    }
    if a.sse {
        cmd.push_str(" --sse");
    }
    if a.scope_to_folder {
        cmd.push_str(" --scope-to-folder");
    }
    match &a.auth {
        AuthMethod::SecretKey { user } => cmd.push_str(&format!(" --user-name {user}")),
        AuthMethod::RoleArn {
            role,
            braze_account,
            external_id,
        } => {
            cmd.push_str(&format!(
                " --role-name {role} --braze-account-id {braze_account} --external-id {external_id}"
            ));
            if let Some(export) = &a.export_external_id {
                cmd.push_str(&format!(" --export-external-id {export}"));
            }
        }
    }
    cmd
}

fn problem(severity: Severity, check: &'static str, summary: String, fix: String) -> Problem {
    Problem {
        severity,
        check,
        summary,
        fix,
    }
}

pub(super) fn policy(a: &Answers, p: &PolicySeen, out: &mut Vec<Problem>) {
    let name = &p.name;
    match &p.found {
        None => out.push(problem(
            Severity::Fail,
            "policy",
            format!("policy {name} is gone: Braze's credential has no permissions"),
            format!("create it again: `{}`", setup_command(a)),
        )),
        Some(None) => out.push(problem(
            Severity::Warn,
            "policy",
            format!("the document of policy {name} could not be read"),
            format!("`aws iam get-policy --policy-arn {}` shows it", p.arn),
        )),
        Some(Some(doc)) if !doc.equivalent(&p.expected) => out.push(problem(
            Severity::Fail,
            "policy",
            format!(
                "policy {name} was changed: its default version is no longer the least-privilege document braze-s3 made"
            ),
            format!(
                "restore it (a new default version; the old one is kept): `{}`",
                setup_command(a)
            ),
        )),
        Some(Some(_)) => {}
    }
}

/// Braze's account and the external ID(s) a trust policy names, for people.
fn trust_says(doc: &PolicyDocument) -> String {
    let mut principals = Vec::new();
    let mut ids = Vec::new();
    for s in &doc.statement {
        let aws = s.principal.as_ref().and_then(|p| p.get("AWS"));
        principals.extend(aws.into_iter().flat_map(OneOrMany::values));
        let id = s.condition.as_ref().and_then(|c| c.get("StringEquals"));
        let id = id.and_then(|m| m.get("sts:ExternalId"));
        ids.extend(id.into_iter().flat_map(OneOrMany::values));
    }
    let or_none = |v: Vec<&str>| match v.is_empty() {
        true => "none".to_string(),
        false => v.join(", "),
    };
    format!(
        "principal {}, external ID {}",
        or_none(principals),
        or_none(ids)
    )
}

pub(super) fn role(a: &Answers, r: &RoleSeen, out: &mut Vec<Problem>) {
    let role = &r.role;
    let Some(found) = &r.found else {
        return out.push(problem(
            Severity::Fail,
            "role",
            format!("IAM role {role} is gone: Braze can't assume it"),
            format!("create it again: `{}`", setup_command(a)),
        ));
    };
    if !found.trust.equivalent(&r.expected_trust) {
        let principal = a
            .principals()
            .into_iter()
            .find(|p| p.integration == r.integration);
        let fix = match principal.map(|p| p.auth) {
            Some(AuthMethod::RoleArn {
                braze_account,
                external_id,
                ..
            }) => format!(
                "`braze-s3 trust-policy --braze-account-id {braze_account} --external-id {external_id} > trust.json && aws iam update-assume-role-policy --role-name {role} --policy-document file://trust.json`"
            ),
            _ => format!("`{}`", setup_command(a)),
        };
        out.push(problem(
            Severity::Fail,
            "trust policy",
            format!(
                "the trust policy of role {role} was changed: it now says {}, not {}",
                trust_says(&found.trust),
                trust_says(&r.expected_trust)
            ),
            fix,
        ));
    }
    attachment(
        a,
        "role",
        role.as_str(),
        &r.policy,
        &found.attached,
        &found.grants,
        out,
    );
}

pub(super) fn freshness(
    a: &Answers,
    newest: Option<&ObjectInfo>,
    now: u64,
    out: &mut Vec<Problem>,
) {
    let Some(obj) = newest else { return };
    let Some(at) = obj.modified else { return };
    let age = now.saturating_sub(at);
    if age > STALE_AFTER_HOURS * 3600 {
        out.push(problem(
            Severity::Warn,
            "freshness",
            format!(
                "Braze's newest Currents file was written {} ({}): after about five days of failures Braze drops events for good",
                describe_age(age),
                obj.key
            ),
            format!(
                "check the connector's status on Braze's Currents page, then `braze-s3 test {0}`; `braze-s3 watch {0}` shows when files land again",
                a.name
            ),
        ));
    }
}
