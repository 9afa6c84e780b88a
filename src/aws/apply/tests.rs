//! Every apply step against responses scripted with `aws-smithy-mocks`: transient faults
//! (503, 503, ok) are retried by the SDK and what was created is returned once (for the engine
//! to journal); a non-retryable error becomes a readable `CloudError` and returns nothing;
//! existing things are adopted. No
//! network, and retries 1–5 ms apart (see `aws::mocks`), so the module runs in milliseconds.

use std::fmt;

use aws_sdk_iam::operation::attach_role_policy::AttachRolePolicyOutput;
use aws_sdk_iam::operation::attach_user_policy::AttachUserPolicyOutput;
use aws_sdk_iam::operation::create_access_key::CreateAccessKeyOutput;
use aws_sdk_iam::operation::create_policy::CreatePolicyOutput;
use aws_sdk_iam::operation::create_policy_version::CreatePolicyVersionOutput;
use aws_sdk_iam::operation::create_role::CreateRoleOutput;
use aws_sdk_iam::operation::create_user::CreateUserOutput;
use aws_sdk_iam::operation::delete_policy_version::DeletePolicyVersionOutput;
use aws_sdk_iam::operation::list_access_keys::ListAccessKeysOutput;
use aws_sdk_iam::operation::list_policy_versions::ListPolicyVersionsOutput;
use aws_sdk_iam::primitives::DateTime;
use aws_sdk_iam::types::{AccessKey, AccessKeyMetadata, Policy, PolicyVersion, StatusType};
use aws_sdk_s3::operation::create_bucket::CreateBucketOutput;
use aws_sdk_s3::operation::head_bucket::HeadBucketOutput;
use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_sdk_s3::operation::put_bucket_encryption::PutBucketEncryptionOutput;
use aws_sdk_s3::operation::put_bucket_tagging::PutBucketTaggingOutput;
use aws_sdk_s3::operation::put_public_access_block::PutPublicAccessBlockOutput;
use aws_smithy_mocks::{Rule, RuleBuilder, mock};
use secrecy::ExposeSecret;

use super::*;
use crate::aws::mocks;
use crate::domain::integration::Integration;
use crate::domain::names::{BucketName, Region};

const ACCOUNT: &str = "123456789012";
static ACCOUNT_ID: std::sync::LazyLock<crate::domain::names::AccountId> =
    std::sync::LazyLock::new(|| crate::domain::names::AccountId::parse(ACCOUNT).unwrap());
const POLICY_ARN: &str = "arn:aws:iam::123456789012:policy/braze-currents";

fn bucket() -> BucketName {
    BucketName::parse("acme-braze").unwrap()
}

fn user() -> IamName {
    IamName::parse("braze-user").unwrap()
}

fn role() -> IamName {
    IamName::parse("braze-role").unwrap()
}

fn policy() -> PolicyName {
    PolicyName::parse("braze-currents").unwrap()
}

fn document() -> PolicyDocument {
    PolicyDocument::from_json(r#"{"Version":"2012-10-17","Statement":[]}"#).unwrap()
}

/// Two 503s, then `ok`: within the SDK's three attempts.
fn flaky<I, O, E>(rule: RuleBuilder<I, O, E>, ok: impl Fn() -> O + Send + Sync + 'static) -> Rule
where
    I: fmt::Debug + Send + Sync + 'static,
    O: fmt::Debug + Send + Sync + 'static,
    E: fmt::Debug + Send + Sync + std::error::Error + 'static,
{
    rule.sequence()
        .http_status(503, None)
        .times(2)
        .output(ok)
        .build()
}

/// Always this HTTP status and body.
fn failing<I, O, E>(rule: RuleBuilder<I, O, E>, status: u16, body: &str) -> Rule
where
    I: fmt::Debug + Send + Sync + 'static,
    O: fmt::Debug + Send + Sync + 'static,
    E: fmt::Debug + Send + Sync + std::error::Error + 'static,
{
    rule.sequence()
        .http_status(status, Some(body.to_string()))
        .repeatedly()
        .build()
}

fn iam_error(code: &str) -> String {
    format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>\
         <Message>scripted {code}</Message></Error></ErrorResponse>"
    )
}

fn s3_error(code: &str) -> String {
    format!("<Error><Code>{code}</Code><Message>scripted {code}</Message></Error>")
}

/// HeadBucket: the bucket is not there.
fn no_bucket() -> Rule {
    mock!(aws_sdk_s3::Client::head_bucket)
        .sequence()
        .http_status(404, None)
        .repeatedly()
        .build()
}

/// HeadBucket: the bucket is ours, in us-east-1.
fn our_bucket() -> Rule {
    mock!(aws_sdk_s3::Client::head_bucket).then_output(|| {
        HeadBucketOutput::builder()
            .bucket_region("us-east-1")
            .build()
    })
}

fn acme() -> ConnectorName {
    ConnectorName::parse("acme").unwrap()
}

fn target<'a>(clients: &'a Clients, connector: &'a ConnectorName) -> Target<'a> {
    Target {
        clients,
        account: &ACCOUNT_ID,
        partition: "aws",
        connector,
    }
}

/// The result of applying one change, and what it reported as created (what the engine
/// journals).
struct Applied {
    result: Result<Option<StaticCredentials>, ApplyError>,
    journaled: Vec<Created>,
}

async fn apply_with(change: Change, s3: &[&Rule], iam: &[&Rule]) -> Applied {
    let clients = mocks::clients(s3, iam).await;
    match apply(&target(&clients, &acme()), &change).await {
        Ok(outcome) => Applied {
            result: Ok(outcome.key),
            journaled: outcome.created.into_iter().collect(),
        },
        Err(e) => Applied {
            result: Err(e),
            journaled: Vec::new(),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// 503, 503, ok: retried, then journaled once

#[tokio::test]
async fn create_bucket_is_retried_and_journaled_once() {
    let create = flaky(mock!(aws_sdk_s3::Client::create_bucket), || {
        CreateBucketOutput::builder().build()
    });
    let tag = flaky(
        mock!(aws_sdk_s3::Client::put_bucket_tagging).match_requests(|r| {
            r.tagging().is_some_and(|t| {
                t.tag_set()
                    .iter()
                    .any(|t| t.key() == TAG_KEY && t.value() == "acme")
            })
        }),
        || PutBucketTaggingOutput::builder().build(),
    );
    let region = Region::parse("us-east-1").unwrap();
    let change = Change::CreateBucket {
        bucket: bucket(),
        region: region.clone(),
    };
    let out = apply_with(change, &[&no_bucket(), &create, &tag], &[]).await;
    assert!(matches!(out.result, Ok(None)), "{:?}", out.result.err());
    assert_eq!((create.num_calls(), tag.num_calls()), (3, 3));
    assert_eq!(
        out.journaled,
        [Created::Bucket {
            bucket: bucket(),
            region
        }]
    );
}

#[tokio::test]
async fn a_bucket_outside_us_east_1_is_created_with_its_location_constraint() {
    let create = mock!(aws_sdk_s3::Client::create_bucket)
        .match_requests(|r| {
            r.create_bucket_configuration()
                .and_then(|c| c.location_constraint())
                .is_some_and(|l| l.as_str() == "eu-west-1")
        })
        .then_output(|| CreateBucketOutput::builder().build());
    let tag = mock!(aws_sdk_s3::Client::put_bucket_tagging)
        .then_output(|| PutBucketTaggingOutput::builder().build());
    let change = Change::CreateBucket {
        bucket: bucket(),
        region: Region::parse("eu-west-1").unwrap(),
    };
    let out = apply_with(change, &[&no_bucket(), &create, &tag], &[]).await;
    assert!(out.result.is_ok(), "{:?}", out.result.err());
    assert_eq!(create.num_calls(), 1);
    assert_eq!(out.journaled.len(), 1);
}

#[tokio::test]
async fn block_public_access_is_retried_and_journals_nothing() {
    let put = flaky(
        mock!(aws_sdk_s3::Client::put_public_access_block).match_requests(|r| {
            r.public_access_block_configuration().is_some_and(|c| {
                c.block_public_acls() == Some(true)
                    && c.ignore_public_acls() == Some(true)
                    && c.block_public_policy() == Some(true)
                    && c.restrict_public_buckets() == Some(true)
            })
        }),
        || PutPublicAccessBlockOutput::builder().build(),
    );
    let change = Change::BlockPublicAccess { bucket: bucket() };
    let out = apply_with(change, &[&our_bucket(), &put], &[]).await;
    assert!(out.result.is_ok(), "{:?}", out.result.err());
    assert_eq!(put.num_calls(), 3);
    assert!(out.journaled.is_empty(), "a setting, not a resource");
}

#[tokio::test]
async fn default_encryption_is_retried_and_journals_nothing() {
    let put = flaky(mock!(aws_sdk_s3::Client::put_bucket_encryption), || {
        PutBucketEncryptionOutput::builder().build()
    });
    let change = Change::EnableDefaultEncryption { bucket: bucket() };
    let out = apply_with(change, &[&our_bucket(), &put], &[]).await;
    assert!(out.result.is_ok(), "{:?}", out.result.err());
    assert_eq!(put.num_calls(), 3);
    assert!(out.journaled.is_empty());
}

#[tokio::test]
async fn create_policy_is_retried_and_journaled_once() {
    let create = flaky(mock!(aws_sdk_iam::Client::create_policy), || {
        CreatePolicyOutput::builder()
            .policy(Policy::builder().arn(POLICY_ARN).build())
            .build()
    });
    let change = Change::CreatePolicy {
        name: policy(),
        integration: Integration::Currents,
        document: document(),
    };
    let out = apply_with(change, &[], &[&create]).await;
    assert!(out.result.is_ok(), "{:?}", out.result.err());
    assert_eq!(create.num_calls(), 3);
    assert_eq!(
        out.journaled,
        [Created::Policy {
            arn: POLICY_ARN.into()
        }]
    );
}

/// Five versions (IAM's most): the oldest non-default one is deleted first, then the new
/// default version is created and journaled with the one it replaced.
#[tokio::test]
async fn update_policy_makes_room_is_retried_and_journaled_once() {
    let list = flaky(mock!(aws_sdk_iam::Client::list_policy_versions), || {
        let version = |id: &str, default: bool, secs: i64| {
            PolicyVersion::builder()
                .version_id(id)
                .is_default_version(default)
                .create_date(DateTime::from_secs(secs))
                .build()
        };
        ListPolicyVersionsOutput::builder()
            .versions(version("v5", true, 50))
            .versions(version("v2", false, 20))
            .versions(version("v1", false, 10))
            .versions(version("v3", false, 30))
            .versions(version("v4", false, 40))
            .build()
    });
    let delete = flaky(
        mock!(aws_sdk_iam::Client::delete_policy_version)
            .match_requests(|r| r.version_id() == Some("v1") && r.policy_arn() == Some(POLICY_ARN)),
        || DeletePolicyVersionOutput::builder().build(),
    );
    let create = flaky(
        mock!(aws_sdk_iam::Client::create_policy_version)
            .match_requests(|r| r.set_as_default() == Some(true)),
        || {
            CreatePolicyVersionOutput::builder()
                .policy_version(PolicyVersion::builder().version_id("v6").build())
                .build()
        },
    );
    let change = Change::UpdatePolicy {
        name: policy(),
        integration: Integration::Currents,
        document: document(),
    };
    let out = apply_with(change, &[], &[&list, &delete, &create]).await;
    assert!(out.result.is_ok(), "{:?}", out.result.err());
    assert_eq!(
        (list.num_calls(), delete.num_calls(), create.num_calls()),
        (3, 3, 3)
    );
    assert_eq!(
        out.journaled,
        [Created::PolicyVersion {
            arn: POLICY_ARN.into(),
            version: "v6".into(),
            previous: "v5".into(),
        }]
    );
}

#[tokio::test]
async fn create_user_is_retried_through_throttling_and_journaled_once() {
    // IAM throttles with HTTP 400 `Throttling`: retried like a 503.
    let create = mock!(aws_sdk_iam::Client::create_user)
        .sequence()
        .http_status(400, Some(iam_error("Throttling")))
        .http_status(503, None)
        .output(|| CreateUserOutput::builder().build())
        .build();
    let out = apply_with(Change::CreateUser { user: user() }, &[], &[&create]).await;
    assert!(out.result.is_ok(), "{:?}", out.result.err());
    assert_eq!(create.num_calls(), 3);
    assert_eq!(out.journaled, [Created::User { user: user() }]);
}

#[tokio::test]
async fn attach_user_policy_is_retried_and_journaled_once() {
    let attach = flaky(
        mock!(aws_sdk_iam::Client::attach_user_policy)
            .match_requests(|r| r.policy_arn() == Some(POLICY_ARN)),
        || AttachUserPolicyOutput::builder().build(),
    );
    let change = Change::AttachUserPolicy {
        user: user(),
        policy: policy(),
    };
    let out = apply_with(change, &[], &[&attach]).await;
    assert!(out.result.is_ok(), "{:?}", out.result.err());
    assert_eq!(attach.num_calls(), 3);
    assert_eq!(
        out.journaled,
        [Created::UserAttachment {
            user: user(),
            arn: POLICY_ARN.into()
        }]
    );
}

fn keys(ids: &'static [&'static str]) -> Rule {
    flaky(mock!(aws_sdk_iam::Client::list_access_keys), move || {
        let mut out = ListAccessKeysOutput::builder();
        for id in ids {
            out = out.access_key_metadata(AccessKeyMetadata::builder().access_key_id(*id).build());
        }
        out.build().unwrap()
    })
}

#[tokio::test]
async fn create_access_key_is_retried_journaled_once_and_returned() {
    let create = flaky(mock!(aws_sdk_iam::Client::create_access_key), || {
        let key = AccessKey::builder()
            .user_name("braze-user")
            .access_key_id("AKIANEW")
            .secret_access_key("new-secret")
            .status(StatusType::Active)
            .build()
            .unwrap();
        CreateAccessKeyOutput::builder().access_key(key).build()
    });
    let out = apply_with(Change::CreateAccessKey { user: user() }, &[], &[&create]).await;
    let key = out.result.unwrap().expect("the new key is returned");
    assert_eq!(key.access_key_id, "AKIANEW");
    assert_eq!(key.secret_access_key.expose_secret(), "new-secret");
    assert_eq!(create.num_calls(), 3);
    assert_eq!(
        out.journaled,
        [Created::AccessKey {
            user: user(),
            id: "AKIANEW".into()
        }]
    );
}

#[tokio::test]
async fn create_role_is_retried_and_journaled_once() {
    let create = flaky(
        mock!(aws_sdk_iam::Client::create_role).match_requests(|r| {
            r.assume_role_policy_document() == Some(document().to_compact_json().unwrap().as_str())
        }),
        || CreateRoleOutput::builder().build(),
    );
    let change = Change::CreateRole {
        role: role(),
        trust: document(),
    };
    let out = apply_with(change, &[], &[&create]).await;
    assert!(out.result.is_ok(), "{:?}", out.result.err());
    assert_eq!(create.num_calls(), 3);
    assert_eq!(out.journaled, [Created::Role { role: role() }]);
}

#[tokio::test]
async fn attach_role_policy_is_retried_and_journaled_once() {
    let attach = flaky(mock!(aws_sdk_iam::Client::attach_role_policy), || {
        AttachRolePolicyOutput::builder().build()
    });
    let change = Change::AttachRolePolicy {
        role: role(),
        policy: policy(),
    };
    let out = apply_with(change, &[], &[&attach]).await;
    assert!(out.result.is_ok(), "{:?}", out.result.err());
    assert_eq!(attach.num_calls(), 3);
    assert_eq!(
        out.journaled,
        [Created::RoleAttachment {
            role: role(),
            arn: POLICY_ARN.into()
        }]
    );
}

// ---------------------------------------------------------------------------------------------
// Errors that retrying can't fix: one call, a readable sentence, nothing journaled

fn cloud_error(out: Applied) -> CloudError {
    assert!(out.journaled.is_empty(), "{:?}", out.journaled);
    match out.result {
        Err(ApplyError::Cloud(e)) => e,
        other => panic!("expected a CloudError, got {:?}", other.map(|_| ()).err()),
    }
}

#[tokio::test]
async fn access_denied_is_one_call_and_names_the_permission() {
    let create = failing(
        mock!(aws_sdk_iam::Client::create_user),
        403,
        &iam_error("AccessDenied"),
    );
    let e = cloud_error(apply_with(Change::CreateUser { user: user() }, &[], &[&create]).await);
    assert_eq!(create.num_calls(), 1, "not retried");
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert!(
        e.to_string().starts_with(
            "CreateUser failed (AccessDenied): your credentials are not allowed to call CreateUser"
        ),
        "{e}"
    );
}

#[tokio::test]
async fn every_step_maps_a_non_retryable_error_to_a_sentence() {
    // (change, the failing call's rule, whether S3 serves it, how the message starts, a part)
    let cases: Vec<(Change, Rule, bool, &str, &str)> = vec![
        (
            Change::BlockPublicAccess { bucket: bucket() },
            failing(
                mock!(aws_sdk_s3::Client::put_public_access_block),
                403,
                &s3_error("AccessDenied"),
            ),
            true,
            "PutPublicAccessBlock failed (AccessDenied): your credentials are not allowed",
            "",
        ),
        (
            Change::EnableDefaultEncryption { bucket: bucket() },
            failing(
                mock!(aws_sdk_s3::Client::put_bucket_encryption),
                400,
                &s3_error("InvalidRequest"),
            ),
            true,
            "PutBucketEncryption failed (InvalidRequest): ",
            "scripted InvalidRequest",
        ),
        (
            Change::CreatePolicy {
                name: policy(),
                integration: Integration::Currents,
                document: document(),
            },
            failing(
                mock!(aws_sdk_iam::Client::create_policy),
                400,
                &iam_error("MalformedPolicyDocument"),
            ),
            false,
            "CreatePolicy failed (MalformedPolicyDocument): IAM refused the policy document.",
            "scripted MalformedPolicyDocument",
        ),
        (
            Change::AttachUserPolicy {
                user: user(),
                policy: policy(),
            },
            failing(
                mock!(aws_sdk_iam::Client::attach_user_policy),
                404,
                &iam_error("NoSuchEntity"),
            ),
            false,
            "AttachUserPolicy failed (NoSuchEntity): it does not exist.",
            "",
        ),
        (
            Change::CreateRole {
                role: role(),
                trust: document(),
            },
            failing(
                mock!(aws_sdk_iam::Client::create_role),
                409,
                &iam_error("EntityAlreadyExists"),
            ),
            false,
            "CreateRole failed (EntityAlreadyExists): it already exists; re-run the setup to adopt it.",
            "",
        ),
        (
            Change::AttachRolePolicy {
                role: role(),
                policy: policy(),
            },
            failing(
                mock!(aws_sdk_iam::Client::attach_role_policy),
                409,
                &iam_error("LimitExceeded"),
            ),
            false,
            "AttachRolePolicy failed (LimitExceeded): an IAM limit was reached",
            "",
        ),
    ];
    for (change, rule, s3, starts, contains) in cases {
        let out = if s3 {
            apply_with(change, &[&our_bucket(), &rule], &[]).await
        } else {
            apply_with(change, &[], &[&rule]).await
        };
        let e = cloud_error(out);
        assert_eq!(rule.num_calls(), 1, "not retried: {e}");
        let message = e.to_string();
        assert!(message.starts_with(starts), "{message}");
        assert!(message.contains(contains), "{message}");
        assert!(!e.is_transient(), "{message}");
        assert!(
            !message.contains("SdkError") && !message.contains('<'),
            "{message}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Limits and adoption

#[tokio::test]
async fn a_third_access_key_is_refused_before_create_access_key_is_called() {
    let list = keys(&["AKIAONE", "AKIATWO"]);
    let clients = mocks::clients(&[], &[&list]).await;
    match keys_before_new_key(&target(&clients, &acme()), &user()).await {
        Err(ApplyError::Conflict(m)) => assert!(
            m.starts_with("user braze-user already has two access keys, the most AWS allows"),
            "{m}"
        ),
        other => panic!("expected a conflict, got {:?}", other.map(|_| ()).err()),
    }
    assert_eq!(list.num_calls(), 3, "retried through two 503s");
}

#[tokio::test]
async fn the_keys_before_a_new_key_are_listed_for_the_intent() {
    let list = keys(&["AKIAOLD"]);
    let clients = mocks::clients(&[], &[&list]).await;
    let before = keys_before_new_key(&target(&clients, &acme()), &user())
        .await
        .unwrap();
    assert_eq!(before, ["AKIAOLD"]);
}

#[tokio::test]
async fn a_bucket_head_bucket_finds_is_adopted_without_creating_it() {
    let create = mock!(aws_sdk_s3::Client::create_bucket)
        .then_output(|| CreateBucketOutput::builder().build());
    let change = Change::CreateBucket {
        bucket: bucket(),
        region: Region::parse("us-east-1").unwrap(),
    };
    let out = apply_with(change, &[&our_bucket(), &create], &[]).await;
    assert!(matches!(out.result, Ok(None)), "{:?}", out.result.err());
    assert_eq!(create.num_calls(), 0);
    assert!(
        out.journaled.is_empty(),
        "adopted, not created: never undone"
    );
}

#[tokio::test]
async fn bucket_already_owned_by_you_is_adopted_without_tagging() {
    let create = failing(
        mock!(aws_sdk_s3::Client::create_bucket),
        409,
        &s3_error("BucketAlreadyOwnedByYou"),
    );
    let tag = mock!(aws_sdk_s3::Client::put_bucket_tagging)
        .then_output(|| PutBucketTaggingOutput::builder().build());
    let change = Change::CreateBucket {
        bucket: bucket(),
        region: Region::parse("eu-west-1").unwrap(),
    };
    let out = apply_with(change, &[&no_bucket(), &create, &tag], &[]).await;
    assert!(matches!(out.result, Ok(None)), "{:?}", out.result.err());
    assert_eq!((create.num_calls(), tag.num_calls()), (1, 0));
    assert!(out.journaled.is_empty());
}

#[tokio::test]
async fn a_bucket_another_account_took_meanwhile_is_a_conflict() {
    let forbidden = mock!(aws_sdk_s3::Client::head_bucket)
        .sequence()
        .http_status(403, None)
        .build();
    // Our ListBuckets does not list it: proven another account's.
    let ours = mock!(aws_sdk_s3::Client::list_buckets)
        .then_output(|| ListBucketsOutput::builder().build());
    let create = mock!(aws_sdk_s3::Client::create_bucket)
        .then_output(|| CreateBucketOutput::builder().build());
    let change = Change::CreateBucket {
        bucket: bucket(),
        region: Region::parse("us-east-1").unwrap(),
    };
    let out = apply_with(change, &[&forbidden, &ours, &create], &[]).await;
    match out.result {
        Err(ApplyError::Conflict(m)) => {
            assert!(m.contains("taken by another AWS account"), "{m}")
        }
        other => panic!("expected a conflict, got {:?}", other.map(|_| ()).err()),
    }
    assert_eq!(create.num_calls(), 0);
    assert!(out.journaled.is_empty());
}
