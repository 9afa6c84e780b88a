//! The role check's policy simulation against IAM answers scripted with `aws-smithy-mocks`,
//! shaped as AWS sends them (and as moto does where it lacks the simulator).

use aws_sdk_iam::operation::simulate_principal_policy::{
    SimulatePrincipalPolicyInput, SimulatePrincipalPolicyOutput,
};
use aws_sdk_iam::types::EvaluationResult;
use aws_smithy_mocks::{Rule, mock};

use super::*;
use crate::aws::mocks;
use crate::domain::answers::Draft;
use crate::domain::auth::AuthKind;
use crate::domain::integration::IntegrationChoice;

const ROLE: &str = "arn:aws:iam::123456789012:role/braze-s3-role";

fn answers(integration: IntegrationChoice, sse: bool) -> Answers {
    Draft {
        integration: Some(integration),
        bucket: Some("acme-braze".into()),
        region: Some("us-east-1".into()),
        sse: Some(sse),
        auth: Some(AuthKind::RoleArn),
        braze_account_id: Some("111122223333".into()),
        external_id: Some("braze-ext-42".into()),
        ..Draft::default()
    }
    .build()
    .unwrap()
}

async fn simulated(rule: &Rule, a: &Answers) -> Verdict {
    let c = mocks::clients(&[], &[rule]).await;
    simulation(&c, ROLE, a, a.integrations()[0], "aws").await
}

fn context_value(input: &SimulatePrincipalPolicyInput, key: &str) -> Option<Vec<String>> {
    input
        .context_entries()
        .iter()
        .find(|e| e.context_key_name() == Some(key))
        .map(|e| e.context_key_values().to_vec())
}

/// A simulator holding a role whose statements are conditioned, as AWS evaluates them: the
/// listing needs `s3:prefix` under the folder and writes need the SSE header; a key the
/// request lacks is reported missing and the action implicitly denied.
fn conditioned_simulator() -> Rule {
    mock!(aws_sdk_iam::Client::simulate_principal_policy).then_compute_output(
        |input: &SimulatePrincipalPolicyInput| {
            let results = input
                .action_names()
                .iter()
                .map(|action| {
                    let needs = match action.as_str() {
                        "s3:ListBucket" => Some(("s3:prefix", "currents/")),
                        "s3:PutObject" => Some(("s3:x-amz-server-side-encryption", "AES256")),
                        _ => None,
                    };
                    let mut r = EvaluationResult::builder()
                        .eval_action_name(action)
                        .eval_decision(PolicyEvaluationDecisionType::Allowed);
                    if let Some((key, value)) = needs {
                        match context_value(input, key) {
                            Some(v) if v == [value] => {}
                            Some(_) => {
                                r = r.eval_decision(PolicyEvaluationDecisionType::ImplicitDeny);
                            }
                            None => {
                                r = r
                                    .eval_decision(PolicyEvaluationDecisionType::ImplicitDeny)
                                    .missing_context_values(key);
                            }
                        }
                    }
                    r.build().unwrap()
                })
                .collect();
            SimulatePrincipalPolicyOutput::builder()
                .set_evaluation_results(Some(results))
                .is_truncated(false)
                .build()
        },
    )
}

/// Issue 10, item 5: the simulation carries the condition keys Braze's requests carry, so a
/// conditioned statement is judged as AWS would judge Braze's request.
#[tokio::test]
async fn item5_simulation_sends_the_context_a_conditioned_statement_needs() {
    let rule = conditioned_simulator();
    let r = simulated(&rule, &answers(IntegrationChoice::Currents, true)).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert_eq!(rule.num_calls(), 2, "bucket and objects");

    // Without SSE the write sends no header: the SSE-conditioned write is denied, and said so.
    let rule = conditioned_simulator();
    let r = simulated(&rule, &answers(IntegrationChoice::Currents, false)).await;
    assert_eq!(r.outcome, CheckOutcome::Fail, "{r:?}");
    assert!(
        r.detail
            .contains("s3:PutObject (missing context: s3:x-amz-server-side-encryption)"),
        "{}",
        r.detail
    );
}

fn iam_error(status: u16, code: &str) -> Rule {
    let body = format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>\
         <Message>scripted {code}</Message></Error></ErrorResponse>"
    );
    mock!(aws_sdk_iam::Client::simulate_principal_policy)
        .sequence()
        .http_status(status, Some(body))
        .repeatedly()
        .build()
}

/// Issue 10, item 5: only "not implemented at this endpoint" is "not available"; a fault, a
/// throttle, a refusal or an unknown error means nothing was verified: a failed check.
#[tokio::test]
async fn item5_a_simulator_fault_throttle_or_unknown_error_is_a_failed_check() {
    let a = answers(IntegrationChoice::Currents, false);
    for (status, code) in [
        (500, "InternalFailure"),
        (503, "ServiceUnavailable"),
        (400, "Throttling"),
        (400, "SomethingNew"),
        (403, "AccessDenied"),
    ] {
        let r = simulated(&iam_error(status, code), &a).await;
        assert_eq!(r.outcome, CheckOutcome::Fail, "{code}: {r:?}");
        assert_eq!(r.code.as_deref(), Some(code));
        assert!(!r.detail.contains("not available"), "{code}: {}", r.detail);
    }
    // A bare 500 without a body is a fault too, not a missing simulator.
    let bare = mock!(aws_sdk_iam::Client::simulate_principal_policy)
        .sequence()
        .http_status(500, None)
        .repeatedly()
        .build();
    assert_eq!(simulated(&bare, &a).await.outcome, CheckOutcome::Fail);
}

/// moto answers operations it lacks with HTTP 500 and an HTML page; AWS's own word for it is
/// `NotImplemented` (501). Both are "not available here".
#[tokio::test]
async fn an_endpoint_without_the_simulator_is_not_available() {
    let a = answers(IntegrationChoice::Currents, false);
    let html = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n\
                <h1>Internal Server Error</h1>";
    let moto = mock!(aws_sdk_iam::Client::simulate_principal_policy)
        .sequence()
        .http_status(500, Some(html.into()))
        .repeatedly()
        .build();
    let r = simulated(&moto, &a).await;
    assert_eq!(r.outcome, CheckOutcome::NotAvailable, "{r:?}");
    assert!(r.detail.contains("does not implement"), "{}", r.detail);
    let r = simulated(&iam_error(501, "NotImplemented"), &a).await;
    assert_eq!(r.outcome, CheckOutcome::NotAvailable, "{r:?}");
}

/// Issue 11, item 5: a policy that exists but whose document cannot be read is an error that
/// says so, never "does not exist" (which would send the person to re-create it).
#[tokio::test]
async fn an_unreadable_policy_document_is_not_called_missing() {
    use aws_sdk_iam::operation::get_policy::GetPolicyOutput;
    use aws_sdk_iam::operation::get_policy_version::GetPolicyVersionOutput;
    use aws_sdk_iam::types::{Policy, PolicyVersion};

    let a = answers(IntegrationChoice::Currents, false);
    let get_policy = mock!(aws_sdk_iam::Client::get_policy).then_output(|| {
        let policy = Policy::builder().default_version_id("v1").build();
        GetPolicyOutput::builder().policy(policy).build()
    });
    let version = mock!(aws_sdk_iam::Client::get_policy_version).then_output(|| {
        let doc = PolicyVersion::builder()
            .document("not%20a%20policy")
            .build();
        GetPolicyVersionOutput::builder()
            .policy_version(doc)
            .build()
    });
    let c = mocks::clients(&[], &[&get_policy, &version]).await;
    let principal = &a.principals()[0];
    let spec = RoleTest {
        answers: &a,
        principal,
        account: &crate::domain::names::AccountId::parse("123456789012").unwrap(),
    };
    let v = policy_check(&c, &spec, None).await;
    assert_eq!(v.outcome, CheckOutcome::Fail, "{v:?}");
    assert!(!v.detail.contains("does not exist"), "{}", v.detail);
    assert!(v.detail.contains("could not be read"), "{}", v.detail);
    assert_eq!(version.num_calls(), 1);
}
