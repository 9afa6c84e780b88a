//! Checks for role-ARN auth. Only Braze can assume the role, so the role can't be tested end
//! to end from here: read back the trust policy and the attached documents, simulate each
//! required action where the endpoint can, and point the person to Braze's Test Credentials.

use aws_sdk_iam::types::{ContextEntry, ContextKeyTypeEnum, PolicyEvaluationDecisionType};
use tokio::time::Instant;

use super::clients::Clients;
use super::discover::{policy_document, role as read_role};
use super::error::{CloudError, ErrorKind, from_sdk};
use crate::domain::answers::Answers;
use crate::domain::arn::Arn;
use crate::domain::auth::{AuthMethod, Principal};
use crate::domain::checks::{Expect, Operation, role_checks};
use crate::domain::existing::ExistingRole;
use crate::domain::integration::{BUCKET_ACTIONS, Integration};
use crate::domain::names::AccountId;
use crate::domain::policy::{permission_policy, trust_policy};
use crate::domain::progress::{CheckOutcome, CheckResult, Progress};

pub struct RoleTest<'a> {
    pub answers: &'a Answers,
    /// The role under test, and the one integration it serves.
    pub principal: &'a Principal,
    pub account: &'a AccountId,
}

/// A role check's result before it is named and timed.
#[derive(Debug)]
struct Verdict {
    outcome: CheckOutcome,
    code: Option<String>,
    detail: String,
}

impl Verdict {
    fn new(outcome: CheckOutcome, detail: impl Into<String>) -> Verdict {
        let detail = detail.into();
        Verdict {
            outcome,
            code: None,
            detail,
        }
    }

    fn fail(detail: impl Into<String>) -> Verdict {
        Verdict::new(CheckOutcome::Fail, detail)
    }

    /// What should exist does not: IAM's `NoSuchEntity`.
    fn missing(detail: String) -> Verdict {
        let code = Some("NoSuchEntity".into());
        Verdict {
            code,
            ..Verdict::fail(detail)
        }
    }

    fn failed(e: &CloudError) -> Verdict {
        let outcome = match e.kind {
            ErrorKind::Unreachable | ErrorKind::Timeout => CheckOutcome::Unreachable,
            _ => CheckOutcome::Fail,
        };
        let code = e.code.clone();
        Verdict {
            code,
            ..Verdict::new(outcome, e.to_string())
        }
    }

    fn named(self, name: String, started: Instant) -> CheckResult {
        CheckResult {
            name,
            outcome: self.outcome,
            code: self.code,
            detail: self.detail,
            elapsed: started.elapsed(),
        }
    }
}

/// The role's checks (`domain::checks::role_checks`), in order.
pub async fn test_role(
    admin: &Clients,
    spec: &RoleTest<'_>,
    report: &(dyn Fn(Progress) + Send + Sync),
) -> Vec<CheckResult> {
    let AuthMethod::RoleArn {
        role: name,
        braze_account,
        external_id,
    } = &spec.principal.auth
    else {
        return Vec::new();
    };
    let (a, integration) = (spec.answers, spec.principal.integration);
    let partition = a.region.partition();
    let mut checks = Vec::new();
    // The role as the trust-policy check read it back; the other checks look at it too.
    let mut found = None;
    for c in role_checks(integration) {
        let role = match &found {
            Some(Ok(Some((role, arn)))) => Some((role, arn)),
            _ => None,
        };
        if c.operation == Operation::SimulatePrincipalPolicy && role.is_none() {
            continue;
        }
        let label = c.name.to_string();
        if c.expect != Expect::InBraze {
            report(Progress::CheckStarted {
                check: label.clone(),
            });
        }
        let started = Instant::now();
        let verdict = match (c.operation, role) {
            (Operation::GetRole, _) => {
                let read = read_role(admin, name).await;
                let expected = trust_policy(braze_account, external_id, partition);
                let v = match &read {
                    Ok(Some((role, _))) if role.trust.equivalent(&expected) => Verdict::new(
                        CheckOutcome::Pass,
                        format!(
                            "only arn:{partition}:iam::{braze_account}:root may assume {name}, and only with your external ID"
                        ),
                    ),
                    Ok(Some(_)) => Verdict::fail(
                        "the role's trust policy differs from what Braze needs (principal or external ID): re-run setup or fix it in IAM",
                    ),
                    Ok(None) => {
                        Verdict::missing(format!("role {name} does not exist: run the setup again"))
                    }
                    Err(e) => Verdict::failed(e),
                };
                found = Some(read);
                v
            }
            (Operation::GetPolicyVersion, role) => {
                policy_check(admin, spec, role.map(|(r, _)| r)).await
            }
            (Operation::SimulatePrincipalPolicy, Some((_, arn))) => {
                simulation(admin, arn, a, integration, partition).await
            }
            _ => Verdict::new(
                CheckOutcome::NotAvailable,
                "only Braze can assume the role: enter the role ARN in Braze and press Test Credentials",
            ),
        };
        let r = verdict.named(label, started);
        report(Progress::CheckFinished { result: r.clone() });
        checks.push(r);
    }
    checks
}

/// The integration's policy as read back: attached to the role, granting exactly what the
/// setup wrote.
async fn policy_check(
    admin: &Clients,
    spec: &RoleTest<'_>,
    role: Option<&ExistingRole>,
) -> Verdict {
    let (a, integration) = (spec.answers, spec.principal.integration);
    let partition = a.region.partition();
    let policy = a.policy_name(integration);
    let attached = role.is_some_and(|r| r.attached.contains(&policy));
    let role_name = spec.principal.name();
    let scope = a.policy_scope(integration);
    match (
        permission_policy(integration, &a.bucket, partition, scope),
        policy_document(admin, spec.account, partition, &policy).await,
    ) {
        (Ok(expected), Ok(Some(doc))) if doc.equivalent(&expected) && attached => Verdict::new(
            CheckOutcome::Pass,
            format!(
                "{policy} is attached to the role and grants exactly {}",
                integration.actions().join(", ")
            ),
        ),
        (_, Ok(Some(_))) if !attached => Verdict::fail(format!(
            "{policy} is not attached to role {role_name}: re-run the setup"
        )),
        (_, Ok(Some(_))) => Verdict::fail(format!(
            "{policy} grants something other than the least-privilege document: re-run the setup to update it"
        )),
        (_, Ok(None)) => {
            Verdict::missing(format!("policy {policy} does not exist: re-run the setup"))
        }
        (_, Err(e)) => Verdict::failed(&e),
    }
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
) -> Verdict {
    match simulate(admin, role_arn, a, integration, partition).await {
        Ok(denied) if denied.is_empty() => Verdict::new(
            CheckOutcome::Pass,
            "IAM's simulator allows every action Braze needs",
        ),
        Ok(denied) => Verdict::fail(format!(
            "IAM's simulator denies {}: fix the role's policies (or re-run the setup) before entering the role in Braze",
            denied.join(", ")
        )),
        Err(e) if e.kind == ErrorKind::NotImplemented => Verdict {
            code: e.code.clone(),
            ..Verdict::new(
                CheckOutcome::NotAvailable,
                "not available here: this endpoint does not implement iam:SimulatePrincipalPolicy",
            )
        },
        Err(e) => Verdict::failed(&e),
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
        let bucket_arn = Arn::bucket(partition, &a.bucket);
        let object_arn = match a.policy_scope(integration) {
            Some(f) => bucket_arn.objects(&format!("{f}/braze-test")),
            None => bucket_arn.objects("braze-test"),
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
