//! Checks for role-ARN auth. Only Braze can assume the role, so the role can't be tested end
//! to end from here: read back the trust policy and the attached documents, simulate each
//! required action where the endpoint can, and point the person to Braze's Test Credentials.

use aws_sdk_iam::types::{ContextEntry, ContextKeyTypeEnum, PolicyEvaluationDecisionType};
use tokio::time::Instant;

use super::clients::Clients;
use super::discover::{policy_document, role};
use super::error::{CloudError, ErrorKind, from_sdk};
use crate::domain::answers::Answers;
use crate::domain::auth::AuthMethod;
use crate::domain::auth::Principal;
use crate::domain::integration::{BUCKET_ACTIONS, Integration};
use crate::domain::policy::{permission_policy, trust_policy};
use crate::domain::progress::{CheckOutcome, CheckResult, Progress};

pub struct RoleTest<'a> {
    pub answers: &'a Answers,
    /// The role under test, and the one integration it serves.
    pub principal: &'a Principal,
    pub account: &'a str,
}

fn line(
    name: &str,
    started: Instant,
    outcome: CheckOutcome,
    code: Option<String>,
    detail: String,
) -> CheckResult {
    CheckResult {
        name: name.to_string(),
        outcome,
        code,
        detail,
        elapsed: started.elapsed(),
    }
}

fn failed(name: &str, started: Instant, e: &CloudError) -> CheckResult {
    let outcome = match e.kind {
        ErrorKind::Unreachable | ErrorKind::Timeout => CheckOutcome::Unreachable,
        _ => CheckOutcome::Fail,
    };
    line(name, started, outcome, e.code.clone(), e.to_string())
}

pub async fn test_role(
    admin: &Clients,
    spec: &RoleTest<'_>,
    report: &(dyn Fn(Progress) + Send + Sync),
) -> Vec<CheckResult> {
    let a = spec.answers;
    let AuthMethod::RoleArn {
        role: role_name,
        braze_account,
        external_id,
    } = &spec.principal.auth
    else {
        return Vec::new();
    };
    let partition = a.region.partition();
    let mut checks = Vec::new();
    let emit = |r: CheckResult, checks: &mut Vec<CheckResult>| {
        report(Progress::CheckFinished { result: r.clone() });
        checks.push(r);
    };

    let started = Instant::now();
    report(Progress::CheckStarted {
        check: "trust policy".into(),
    });
    let found = role(admin, role_name).await;
    let role_arn = match &found {
        Ok(Some((existing, arn))) => {
            let expected = trust_policy(braze_account, external_id, partition);
            let r = if existing.trust.equivalent(&expected) {
                line(
                    "trust policy",
                    started,
                    CheckOutcome::Pass,
                    None,
                    format!(
                        "only arn:{partition}:iam::{braze_account}:root may assume {role_name}, and only with your external ID"
                    ),
                )
            } else {
                line("trust policy", started, CheckOutcome::Fail, None,
                    "the role's trust policy differs from what Braze needs (principal or external ID): re-run setup or fix it in IAM".into())
            };
            emit(r, &mut checks);
            Some(arn.clone())
        }
        Ok(None) => {
            emit(
                line(
                    "trust policy",
                    started,
                    CheckOutcome::Fail,
                    Some("NoSuchEntity".into()),
                    format!("role {role_name} does not exist: run the setup again"),
                ),
                &mut checks,
            );
            None
        }
        Err(e) => {
            emit(failed("trust policy", started, e), &mut checks);
            None
        }
    };

    for integration in [spec.principal.integration] {
        let name = format!("{} policy", integration.slug());
        let started = Instant::now();
        report(Progress::CheckStarted {
            check: name.clone(),
        });
        let policy = a.policy_name(integration);
        let attached = match &found {
            Ok(Some((existing, _))) => existing.attached.contains(&policy),
            _ => false,
        };
        let r = match (
            permission_policy(
                integration,
                &a.bucket,
                partition,
                a.policy_scope(integration),
            ),
            policy_document(admin, spec.account, partition, &policy).await,
        ) {
            (Ok(expected), Ok(Some(doc))) if doc.equivalent(&expected) && attached => line(
                &name,
                started,
                CheckOutcome::Pass,
                None,
                format!(
                    "{policy} is attached to the role and grants exactly {}",
                    integration.actions().join(", ")
                ),
            ),
            (_, Ok(Some(_))) if !attached => line(
                &name,
                started,
                CheckOutcome::Fail,
                None,
                format!("{policy} is not attached to role {role_name}: re-run the setup"),
            ),
            (_, Ok(Some(_))) => line(
                &name,
                started,
                CheckOutcome::Fail,
                None,
                format!(
                    "{policy} grants something other than the least-privilege document: re-run the setup to update it"
                ),
            ),
            (_, Ok(None)) => line(
                &name,
                started,
                CheckOutcome::Fail,
                Some("NoSuchEntity".into()),
                format!("policy {policy} does not exist: re-run the setup"),
            ),
            (_, Err(e)) => failed(&name, started, &e),
        };
        emit(r, &mut checks);
    }

    if let Some(arn) = role_arn {
        report(Progress::CheckStarted {
            check: "policy simulation".into(),
        });
        let integration = spec.principal.integration;
        emit(
            simulation(admin, &arn, a, integration, partition).await,
            &mut checks,
        );
    }
    emit(line("Braze Test Credentials", Instant::now(), CheckOutcome::NotAvailable, None,
        "only Braze can assume the role: enter the role ARN in Braze and press Test Credentials".into()), &mut checks);
    checks
}

/// The simulator's verdict as a check. Only an endpoint that does not implement the simulator
/// makes it "not available"; a fault, a throttle, a refusal or an unknown error is a failed
/// check, since nothing was verified.
async fn simulation(
    admin: &Clients,
    role_arn: &str,
    a: &Answers,
    integration: Integration,
    partition: &str,
) -> CheckResult {
    const NAME: &str = "policy simulation";
    let started = Instant::now();
    match simulate(admin, role_arn, a, integration, partition).await {
        Ok(denied) if denied.is_empty() => line(
            NAME,
            started,
            CheckOutcome::Pass,
            None,
            "IAM's simulator allows every action Braze needs".into(),
        ),
        Ok(denied) => line(
            NAME,
            started,
            CheckOutcome::Fail,
            None,
            format!(
                "IAM's simulator denies {}: fix the role's policies (or re-run the setup) before entering the role in Braze",
                denied.join(", ")
            ),
        ),
        Err(e) if e.kind == ErrorKind::NotImplemented => line(
            NAME,
            started,
            CheckOutcome::NotAvailable,
            e.code.clone(),
            "not available here: this endpoint does not implement iam:SimulatePrincipalPolicy"
                .into(),
        ),
        Err(e) => failed(NAME, started, &e),
    }
}

/// The condition keys Braze's requests carry, so a conditioned statement is evaluated as AWS
/// would evaluate Braze's request: the folder Currents lists under, and the encryption header
/// its writes send when SSE is on.
fn context(a: &Answers, integration: Integration) -> Vec<ContextEntry> {
    let entry = |key: &str, value: String| {
        ContextEntry::builder()
            .context_key_name(key)
            .context_key_values(value)
            .context_key_type(ContextKeyTypeEnum::String)
            .build()
    };
    let mut entries = Vec::new();
    if let (Integration::Currents, Some(folder)) = (integration, &a.folder) {
        entries.push(entry("s3:prefix", format!("{folder}/")));
    }
    if a.sse {
        entries.push(entry("s3:x-amz-server-side-encryption", "AES256".into()));
    }
    entries
}

/// Every action `integration` requires that the simulator does not allow the role (which holds
/// only that integration's policy), with the context keys it missed.
async fn simulate(
    admin: &Clients,
    role_arn: &str,
    a: &Answers,
    integration: Integration,
    partition: &str,
) -> Result<Vec<String>, CloudError> {
    let mut denied = Vec::new();
    {
        let bucket_arn = format!("arn:{partition}:s3:::{}", a.bucket);
        let object_arn = match a.policy_scope(integration) {
            Some(f) => format!("{bucket_arn}/{f}/braze-test"),
            None => format!("{bucket_arn}/braze-test"),
        };
        for (actions, resource) in [
            (BUCKET_ACTIONS, &bucket_arn),
            (integration.object_actions(), &object_arn),
        ] {
            let out = admin
                .iam
                .simulate_principal_policy()
                .policy_source_arn(role_arn)
                .set_action_names(Some(actions.iter().map(|s| s.to_string()).collect()))
                .resource_arns(resource.as_str())
                .set_context_entries(Some(context(a, integration)))
                .send()
                .await
                .map_err(|e| from_sdk("SimulatePrincipalPolicy", e))?;
            for result in out.evaluation_results() {
                if *result.eval_decision() == PolicyEvaluationDecisionType::Allowed {
                    continue;
                }
                let action = result.eval_action_name();
                denied.push(match result.missing_context_values() {
                    [] => action.to_string(),
                    missing => format!("{action} (missing context: {})", missing.join(", ")),
                });
            }
        }
    }
    Ok(denied)
}

#[cfg(test)]
mod tests;
