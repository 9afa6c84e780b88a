//! Before any change: may the caller make them? Asks IAM's policy simulator
//! (`iam:SimulatePrincipalPolicy`) about the actions each planned change needs
//! ([`Change::required_actions`]), on the resource it acts on, so a missing permission stops
//! the setup before anything exists rather than half-way through.
//!
//! The check is advisory: where it cannot be made (an emulator without the simulator, a caller
//! who may not simulate, the root user) the setup goes on as before and says so.

use aws_sdk_iam::config::retry::RetryConfig;
use aws_sdk_iam::types::PolicyEvaluationDecisionType;

use super::clients::Clients;
use super::error::{CloudError, ErrorKind, from_sdk};
use crate::domain::arn::Arn;
use crate::domain::names::{AccountId, IamName};
use crate::domain::plan::Change;

/// What the simulator said about the plan's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every action the plan needs is allowed (or the plan changes nothing).
    Allowed,
    /// These actions are denied, each with the first change that needs it, in plan order.
    Denied(Vec<Missing>),
    /// The check could not be made; why, in a few words.
    NotAvailable(String),
}

/// A permission the caller lacks and the change that needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The IAM action, e.g. `iam:CreateUser`.
    pub action: String,
    /// The change as the plan words it, e.g. `create IAM user braze-user`.
    pub change: String,
}

/// Whom to simulate, from the caller identity ARN `GetCallerIdentity` returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An IAM user or role ARN the simulator accepts.
    Arn(String),
    /// The account's root user: not an IAM principal, so it cannot be simulated.
    Root,
    /// Anything else (a federated user, an unexpected ARN), with why.
    Unsupported(String),
}

/// `arn:P:iam::A:user/…` stays as it is; an STS session `arn:P:sts::A:assumed-role/R/S`
/// becomes its role `arn:P:iam::A:role/R` (the session ARN drops the role's path, so a role
/// under a path is then not found and the check reports it cannot be made).
pub fn principal(caller_arn: &str) -> Principal {
    let parts: Vec<&str> = caller_arn.splitn(6, ':').collect();
    let [arn, partition, service, _region, account, resource] = parts.as_slice() else {
        return Principal::Unsupported(format!("{caller_arn:?} is not an ARN"));
    };
    if *arn != "arn" {
        return Principal::Unsupported(format!("{caller_arn:?} is not an ARN"));
    }
    match (*service, *resource) {
        ("iam", "root") => Principal::Root,
        ("iam", r) if r.starts_with("user/") || r.starts_with("role/") => {
            Principal::Arn(caller_arn.to_string())
        }
        ("sts", r) if r.starts_with("assumed-role/") => {
            match r["assumed-role/".len()..].split('/').next() {
                Some(role) => match (AccountId::parse(account), IamName::parse(role)) {
                    (Ok(account), Ok(role)) => {
                        Principal::Arn(Arn::role(partition, &account, &role).into())
                    }
                    _ => Principal::Unsupported(format!("{caller_arn:?} names no role")),
                },
                _ => Principal::Unsupported(format!("{caller_arn:?} names no role")),
            }
        }
        _ => Principal::Unsupported(format!("IAM cannot simulate {caller_arn}")),
    }
}

/// The actions needed on one resource, and for each the index of the first change needing it.
struct Group {
    resource: String,
    actions: Vec<(&'static str, usize)>,
}

fn groups(changes: &[Change], partition: &str, account: &AccountId) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (index, change) in changes.iter().enumerate() {
        let resource = change.resource_arn(partition, account).into();
        let at = match groups.iter().position(|g| g.resource == resource) {
            Some(i) => i,
            None => {
                groups.push(Group {
                    resource,
                    actions: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[at];
        for action in change.required_actions() {
            if !group.actions.iter().any(|(a, _)| a == action) {
                group.actions.push((action, index));
            }
        }
    }
    groups
}

/// Simulates the caller's policies for every action `changes` need. One call per resource,
/// concurrently, without retries: a failure only means the check is skipped.
pub async fn check(
    c: &Clients,
    caller_arn: &str,
    account: &AccountId,
    partition: &str,
    changes: &[Change],
) -> Outcome {
    if changes.is_empty() {
        return Outcome::Allowed;
    }
    let source = match principal(caller_arn) {
        Principal::Arn(arn) => arn,
        Principal::Root => {
            return Outcome::NotAvailable(
                "you are signed in as the account's root user, which IAM does not simulate".into(),
            );
        }
        Principal::Unsupported(why) => return Outcome::NotAvailable(why),
    };
    let iam = aws_sdk_iam::Client::from_conf(
        c.iam
            .config()
            .to_builder()
            .retry_config(RetryConfig::disabled())
            .build(),
    );
    let groups = groups(changes, partition, account);
    let calls = groups
        .iter()
        .map(|g| simulate(&iam, &source, &g.resource, &g.actions));
    let answers = futures_util::future::join_all(calls).await;
    let mut denied: Vec<(usize, Missing)> = Vec::new();
    let mut failure = None;
    for (group, answer) in groups.iter().zip(answers) {
        match answer {
            Ok(denied_actions) => {
                for action in denied_actions {
                    let Some(&(_, index)) = group.actions.iter().find(|(a, _)| *a == action) else {
                        continue; // not asked about here: an answer for another resource
                    };
                    if !denied.iter().any(|(_, m)| m.action == action) {
                        let change = changes[index].to_string();
                        denied.push((index, Missing { action, change }));
                    }
                }
            }
            Err(e) => {
                tracing::debug!(error = %e, resource = %group.resource, "permission check failed");
                failure.get_or_insert(e);
            }
        }
    }
    if !denied.is_empty() {
        denied.sort_by_key(|(order, _)| *order);
        return Outcome::Denied(denied.into_iter().map(|(_, m)| m).collect());
    }
    match failure {
        Some(e) => Outcome::NotAvailable(not_available(&e)),
        None => Outcome::Allowed,
    }
}

/// The actions the simulator definitely denies. A denial that hinges on context values the
/// simulation lacked (a condition on a request tag, say) is not definite, so it is left out.
async fn simulate(
    iam: &aws_sdk_iam::Client,
    source: &str,
    resource: &str,
    actions: &[(&'static str, usize)],
) -> Result<Vec<String>, CloudError> {
    let out = iam
        .simulate_principal_policy()
        .policy_source_arn(source)
        .set_action_names(Some(actions.iter().map(|(a, _)| a.to_string()).collect()))
        .resource_arns(resource)
        .send()
        .await
        .map_err(|e| from_sdk("SimulatePrincipalPolicy", e))?;
    Ok(out
        .evaluation_results()
        .iter()
        .filter(|r| *r.eval_decision() != PolicyEvaluationDecisionType::Allowed)
        .filter(|r| r.missing_context_values().is_empty())
        .map(|r| r.eval_action_name().to_string())
        .collect())
}

fn not_available(e: &CloudError) -> String {
    match e.kind {
        ErrorKind::AccessDenied => "your identity may not call iam:SimulatePrincipalPolicy".into(),
        ErrorKind::NotImplemented | ErrorKind::ServiceFault => {
            "the endpoint does not answer iam:SimulatePrincipalPolicy".into()
        }
        ErrorKind::NotFound => "IAM could not find your identity to simulate it".into(),
        _ => match &e.code {
            Some(code) => format!("iam:SimulatePrincipalPolicy failed with {code}"),
            None => "iam:SimulatePrincipalPolicy failed".into(),
        },
    }
}

#[cfg(test)]
mod tests;
