//! The caller-ARN mapping (pure) and the check against simulator answers scripted with
//! `aws-smithy-mocks`.

use aws_sdk_iam::operation::simulate_principal_policy::{
    SimulatePrincipalPolicyInput, SimulatePrincipalPolicyOutput,
};
use aws_sdk_iam::types::EvaluationResult;
use aws_smithy_mocks::{Rule, mock};

use super::*;
use crate::aws::mocks;
use crate::domain::integration::Integration;
use crate::domain::names::{BucketName, IamName, PolicyName, Region};
use crate::domain::policy::PolicyDocument;

const ACCOUNT: &str = "123456789012";

fn account() -> crate::domain::names::AccountId {
    crate::domain::names::AccountId::parse(ACCOUNT).unwrap()
}
const CALLER: &str = "arn:aws:iam::123456789012:user/admin";

#[test]
fn users_and_roles_are_simulated_as_they_are() {
    for arn in [
        "arn:aws:iam::123456789012:user/admin",
        "arn:aws:iam::123456789012:user/ops/admin",
        "arn:aws-cn:iam::123456789012:role/deployer",
    ] {
        assert_eq!(principal(arn), Principal::Arn(arn.to_string()));
    }
}

#[test]
fn an_assumed_role_session_becomes_its_role() {
    assert_eq!(
        principal("arn:aws:sts::123456789012:assumed-role/AdminAccess/jane@example.com"),
        Principal::Arn("arn:aws:iam::123456789012:role/AdminAccess".into())
    );
    assert_eq!(
        principal("arn:aws-us-gov:sts::123456789012:assumed-role/R/s"),
        Principal::Arn("arn:aws-us-gov:iam::123456789012:role/R".into())
    );
}

#[test]
fn root_federated_and_garbage_are_not_simulated() {
    assert_eq!(principal("arn:aws:iam::123456789012:root"), Principal::Root);
    for arn in [
        "arn:aws:sts::123456789012:federated-user/bob",
        "arn:aws:sts::123456789012:assumed-role/",
        "not an arn",
        "",
        "arn:aws:s3:::bucket",
    ] {
        assert!(
            matches!(principal(arn), Principal::Unsupported(_)),
            "{arn}: {:?}",
            principal(arn)
        );
    }
}

fn changes() -> Vec<Change> {
    let bucket = BucketName::parse("acme-braze").unwrap();
    let user = IamName::parse("braze-user").unwrap();
    let policy = PolicyName::parse("braze-currents").unwrap();
    vec![
        Change::CreateBucket {
            bucket: bucket.clone(),
            region: Region::parse("us-east-1").unwrap(),
        },
        Change::BlockPublicAccess { bucket },
        Change::CreatePolicy {
            name: policy.clone(),
            integration: Integration::Currents,
            document: PolicyDocument::from_json(r#"{"Version":"2012-10-17","Statement":[]}"#)
                .unwrap(),
        },
        Change::CreateUser { user: user.clone() },
        Change::AttachUserPolicy {
            user: user.clone(),
            policy,
        },
        Change::CreateAccessKey { user },
    ]
}

/// A simulator that denies `denied` (implicitly) and allows every other action asked about.
fn simulator(denied: &'static [&'static str]) -> Rule {
    mock!(aws_sdk_iam::Client::simulate_principal_policy).then_compute_output(
        move |input: &SimulatePrincipalPolicyInput| {
            let results = input
                .action_names()
                .iter()
                .map(|action| {
                    let decision = if denied.contains(&action.as_str()) {
                        PolicyEvaluationDecisionType::ImplicitDeny
                    } else {
                        PolicyEvaluationDecisionType::Allowed
                    };
                    EvaluationResult::builder()
                        .eval_action_name(action)
                        .set_eval_resource_name(input.resource_arns().first().cloned())
                        .eval_decision(decision)
                        .build()
                        .unwrap()
                })
                .collect();
            SimulatePrincipalPolicyOutput::builder()
                .set_evaluation_results(Some(results))
                .is_truncated(false)
                .build()
        },
    )
}

async fn check_with(rule: &Rule, caller: &str) -> Outcome {
    let c = mocks::clients(&[], &[rule]).await;
    check(&c, caller, &account(), "aws", &changes()).await
}

#[tokio::test]
async fn everything_allowed_is_allowed_with_one_call_per_resource() {
    let rule = simulator(&[]);
    assert_eq!(check_with(&rule, CALLER).await, Outcome::Allowed);
    assert_eq!(rule.num_calls(), 3, "bucket, policy, user");
}

#[tokio::test]
async fn a_denied_action_is_named_with_the_change_that_needs_it() {
    let rule = simulator(&["iam:CreateUser", "s3:PutBucketPublicAccessBlock"]);
    let outcome = check_with(&rule, CALLER).await;
    assert_eq!(
        outcome,
        Outcome::Denied(vec![
            Missing {
                action: "s3:PutBucketPublicAccessBlock".into(),
                change: "block all public access to bucket acme-braze".into(),
            },
            Missing {
                action: "iam:CreateUser".into(),
                change: "create IAM user braze-user".into(),
            },
        ])
    );
}

#[tokio::test]
async fn the_simulated_principal_is_the_role_behind_a_session() {
    let rule = mock!(aws_sdk_iam::Client::simulate_principal_policy)
        .match_requests(|i| {
            i.policy_source_arn() == Some("arn:aws:iam::123456789012:role/Admin")
                && i.resource_arns().len() == 1
        })
        .then_output(|| SimulatePrincipalPolicyOutput::builder().build());
    let session = "arn:aws:sts::123456789012:assumed-role/Admin/me";
    assert_eq!(check_with(&rule, session).await, Outcome::Allowed);
    assert_eq!(rule.num_calls(), 3);
}

/// An answer for an action the call did not ask about (a proxy answering every call alike)
/// is ignored; one whose denial depends on missing context values is not definite.
#[tokio::test]
async fn answers_not_asked_for_or_not_definite_are_ignored() {
    let rule = mock!(aws_sdk_iam::Client::simulate_principal_policy).then_compute_output(
        |input: &SimulatePrincipalPolicyInput| {
            let on_user = input
                .resource_arns()
                .iter()
                .any(|a| a.ends_with(":user/braze-user"));
            let deny = |action: &str, missing: Option<&str>| {
                EvaluationResult::builder()
                    .eval_action_name(action)
                    .eval_decision(PolicyEvaluationDecisionType::ImplicitDeny)
                    .set_missing_context_values(missing.map(|m| vec![m.to_string()]))
                    .build()
                    .unwrap()
            };
            let mut results = vec![deny("iam:CreateUser", None)];
            if on_user {
                results.push(deny(
                    "iam:TagUser",
                    Some("aws:RequestTag/braze-s3:connector"),
                ));
            }
            SimulatePrincipalPolicyOutput::builder()
                .set_evaluation_results(Some(results))
                .build()
        },
    );
    let outcome = check_with(&rule, CALLER).await;
    assert_eq!(
        outcome,
        Outcome::Denied(vec![Missing {
            action: "iam:CreateUser".into(),
            change: "create IAM user braze-user".into(),
        }])
    );
}

/// moto answers operations it lacks with an HTML 500 page: not retried, just skipped.
#[tokio::test]
async fn an_endpoint_without_the_simulator_is_not_available_after_one_try() {
    let html = "<!DOCTYPE html><html><title>500 Internal Server Error</title></html>";
    let rule = mock!(aws_sdk_iam::Client::simulate_principal_policy)
        .sequence()
        .http_status(500, Some(html.into()))
        .repeatedly()
        .build();
    assert_eq!(
        check_with(&rule, CALLER).await,
        Outcome::NotAvailable("the endpoint does not answer iam:SimulatePrincipalPolicy".into())
    );
    assert_eq!(rule.num_calls(), 3, "one call per resource, no retries");
}

#[tokio::test]
async fn a_caller_who_may_not_simulate_is_not_available() {
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                <Message>not authorized to perform: iam:SimulatePrincipalPolicy</Message>\
                </Error></ErrorResponse>";
    let rule = mock!(aws_sdk_iam::Client::simulate_principal_policy)
        .sequence()
        .http_status(403, Some(body.into()))
        .repeatedly()
        .build();
    assert_eq!(
        check_with(&rule, CALLER).await,
        Outcome::NotAvailable("your identity may not call iam:SimulatePrincipalPolicy".into())
    );
}

#[tokio::test]
async fn root_and_empty_plans_make_no_call() {
    let rule = simulator(&["iam:CreateUser"]);
    let outcome = check_with(&rule, "arn:aws:iam::123456789012:root").await;
    assert!(matches!(outcome, Outcome::NotAvailable(ref why) if why.contains("root user")));
    let c = mocks::clients(&[], &[&rule]).await;
    assert_eq!(
        check(&c, CALLER, &account(), "aws", &[]).await,
        Outcome::Allowed
    );
    assert_eq!(rule.num_calls(), 0);
}
