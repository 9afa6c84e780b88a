//! Trust against moto with IAM enforcement on: generated names never collide, a same-named
//! user, role or policy is adopted only when it carries this connector's tag or was named on
//! purpose, a named identity with other permissions is refused, and the write-ahead journal
//! (`journal`) leaves nothing behind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod journal;
mod powerful;
#[path = "../support/mod.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use aws_sdk_s3::error::ProvideErrorMetadata;
use braze_s3::aws::clients::Clients;
use braze_s3::domain::answers::{Answers, Draft};
use braze_s3::domain::auth::AuthKind;
use braze_s3::domain::integration::{Integration, IntegrationChoice};
use braze_s3::domain::plan::{Change, Plan, PlanError};
use braze_s3::engine::{Applied, Engine};
use braze_s3::sandbox::Sandbox;

struct World {
    sb: Sandbox,
    admin: Clients,
    engine: Engine,
    dir: tempfile::TempDir,
}

async fn world() -> World {
    let sb = support::sandbox().await;
    let admin = support::admin_clients(&sb).await;
    let dir = tempfile::tempdir().unwrap();
    let engine = support::engine(
        &sb.endpoint,
        &sb.region,
        &sb.admin,
        &dir.path().join("config"),
    )
    .await;
    World {
        sb,
        admin,
        engine,
        dir,
    }
}

fn draft(name: &str, bucket: &str) -> Draft {
    Draft {
        name: Some(name.into()),
        bucket: Some(bucket.into()),
        region: Some("us-east-1".into()),
        integration: Some(IntegrationChoice::Currents),
        auth: Some(AuthKind::SecretKey),
        ..Draft::default()
    }
}

async fn prepare(engine: &Engine, a: &Answers) -> Result<Plan, Vec<PlanError>> {
    engine.prepare(a).await.unwrap().plan
}

async fn setup(engine: &Engine, a: &Answers) -> (Plan, Applied) {
    let plan = prepare(engine, a)
        .await
        .unwrap_or_else(|e| panic!("no plan: {e:?}"));
    let tx = tokio::sync::mpsc::unbounded_channel().0;
    let stop = Arc::new(AtomicBool::new(false));
    let lock = engine.lock(&a.name).unwrap();
    let applied = engine
        .apply(lock, a, &plan, tx.clone(), stop)
        .await
        .unwrap();
    let report = engine.verify(a, &applied, tx).await;
    assert!(report.passed(), "{:#?}", report.checks);
    (plan, applied)
}

async fn user_policies(admin: &Clients, user: &str) -> Vec<String> {
    let out = admin
        .iam
        .list_attached_user_policies()
        .user_name(user)
        .send()
        .await
        .unwrap();
    out.attached_policies()
        .iter()
        .filter_map(|p| p.policy_name().map(str::to_string))
        .collect()
}

fn messages(errors: &[PlanError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Item 1: generated names never collide

/// Two connectors whose names share their first 60 characters: B gets its own user (before,
/// both defaults were cut to the same 64 characters and B adopted A's user), and B's key
/// cannot write A's bucket.
#[tokio::test(flavor = "multi_thread")]
async fn generated_names_never_collide() {
    let w = world().await;
    let shared = format!("acme-braze-{}", "n".repeat(49));
    assert_eq!(shared.len(), 60);
    let a = draft(&format!("{shared}-one"), "trust-one")
        .build()
        .unwrap();
    let b = draft(&format!("{shared}-two"), "trust-two")
        .build()
        .unwrap();
    let (user_a, user_b) = (a.auth.principal_name(), b.auth.principal_name());
    assert_ne!(user_a, user_b);

    setup(&w.engine, &a).await;
    let (plan_b, applied_b) = setup(&w.engine, &b).await;
    assert!(
        plan_b.changes.contains(&Change::CreateUser {
            user: user_b.clone()
        }),
        "{plan_b:?}"
    );
    let policy_a = a.policy_name(Integration::Currents).to_string();
    let policy_b = b.policy_name(Integration::Currents).to_string();
    assert_eq!(user_policies(&w.admin, user_a.as_str()).await, [policy_a]);
    assert_eq!(user_policies(&w.admin, user_b.as_str()).await, [policy_b]);

    let key_b = applied_b.credentials[0].access_key.clone().unwrap();
    let as_b = support::clients_as(&w.sb, &key_b).await;
    let err = as_b
        .s3
        .put_object()
        .bucket("trust-one")
        .key("currents/x.txt")
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"x"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AccessDenied"), "{err:?}");
}

/// A user that merely has the default name — untagged, or tagged for another connector — is
/// refused before any change; named on purpose (`--user-name`), a bare user is adopted. A
/// same-named policy that is not this connector's is refused as well, never rewritten.
#[tokio::test(flavor = "multi_thread")]
async fn a_same_named_user_or_policy_is_adopted_only_when_tagged_or_named() {
    let w = world().await;
    let a = draft("acme-untagged", "acme-untagged").build().unwrap();
    let user = a.auth.principal_name().as_str();
    w.admin
        .iam
        .create_user()
        .user_name(user)
        .send()
        .await
        .unwrap();

    let errors = prepare(&w.engine, &a).await.unwrap_err();
    let text = messages(&errors);
    eprintln!("untagged user: {text}");
    assert!(
        text.contains(&format!("IAM user {user} already exists")),
        "{text}"
    );
    assert!(text.contains("no braze-s3:connector tag"), "{text}");
    assert!(text.contains(&format!("--user-name {user}")), "{text}");

    // Named on purpose, the bare user is adopted: no CreateUser.
    let named = Draft {
        user_name: Some(user.into()),
        ..draft("acme-untagged", "acme-untagged")
    }
    .build()
    .unwrap();
    let plan = prepare(&w.engine, &named).await.unwrap();
    assert!(
        !plan
            .changes
            .iter()
            .any(|c| matches!(c, Change::CreateUser { .. })),
        "{plan:?}"
    );

    // Tagged for another connector: refused even when named, and the tag is named.
    let other = draft("acme-other", "acme-other").build().unwrap();
    let other_user = other.auth.principal_name().as_str();
    let tag = aws_sdk_iam::types::Tag::builder()
        .key("braze-s3:connector")
        .value("acme-someone")
        .build()
        .unwrap();
    w.admin
        .iam
        .create_user()
        .user_name(other_user)
        .tags(tag.clone())
        .send()
        .await
        .unwrap();
    let text = messages(&prepare(&w.engine, &other).await.unwrap_err());
    eprintln!("other connector's user: {text}");
    assert!(
        text.contains("tagged braze-s3:connector=acme-someone"),
        "{text}"
    );

    // A policy with this connector's default policy name, not made by braze-s3.
    let c = draft("acme-policy", "acme-policy").build().unwrap();
    let policy = c.policy_name(Integration::Currents);
    w.admin
        .iam
        .create_policy()
        .policy_name(policy.as_str())
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    let text = messages(&prepare(&w.engine, &c).await.unwrap_err());
    eprintln!("untagged policy: {text}");
    assert!(
        text.contains(&format!("IAM policy {policy} already exists")),
        "{text}"
    );
}
