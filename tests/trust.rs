//! Trust (issue 9, second pass) against moto with IAM enforcement on: generated names never
//! collide, a same-named user, role or policy is adopted only when it carries this connector's
//! tag or was named on purpose, and a named identity with other permissions is refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use std::process::Stdio;
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
    let applied = engine.apply(a, &plan, tx.clone(), stop).await.unwrap();
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

    let key_b = applied_b.access_key.unwrap();
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
    drop(w.dir);
}

// ---------------------------------------------------------------------------------------------
// Item 6: no adopting a powerful identity — the real binary

async fn run(w: &World, args: &[&str]) -> std::process::Output {
    let mut c = support::binary(
        w.dir.path(),
        &w.dir.path().join("config"),
        &w.sb.endpoint,
        &w.sb.admin,
    );
    c.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    c.output().await.unwrap()
}

fn setup_as(user: &str, bucket: &str) -> Vec<String> {
    [
        "setup",
        "--non-interactive",
        "--integration",
        "currents",
        "--auth",
        "secret-key",
        "--user-name",
        user,
        "--bucket",
        bucket,
        "--wait",
        "20",
    ]
    .map(String::from)
    .to_vec()
}

async fn access_key_ids(admin: &Clients, user: &str) -> Vec<String> {
    let out = admin
        .iam
        .list_access_keys()
        .user_name(user)
        .send()
        .await
        .unwrap();
    let mut ids: Vec<String> = out
        .access_key_metadata()
        .iter()
        .filter_map(|k| k.access_key_id().map(str::to_string))
        .collect();
    ids.sort();
    ids
}

/// What exists that a setup could have made: buckets and customer-managed policies.
async fn made(admin: &Clients) -> (usize, Vec<String>) {
    let buckets = admin
        .s3
        .list_buckets()
        .send()
        .await
        .unwrap()
        .buckets()
        .len();
    let out = admin
        .iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .send()
        .await
        .unwrap();
    let policies = out
        .policies()
        .iter()
        .filter_map(|p| p.policy_name().map(str::to_string))
        .collect();
    (buckets, policies)
}

/// `--user-name admin` (the sandbox admin, with an inline Allow *:*), a user with another
/// managed policy and a user in a group are each refused with exit 2, naming what is attached,
/// before any change; a bare user named on purpose is adopted and works.
#[tokio::test(flavor = "multi_thread")]
async fn no_adopting_a_powerful_identity() {
    let w = world().await;
    let iam = &w.admin.iam;
    let admin_keys = access_key_ids(&w.admin, "admin").await;
    let before = made(&w.admin).await;

    let out = run(
        &w,
        &setup_as("admin", "x-powerful")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    eprintln!("admin: {stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("inline policy admin-all"), "{stderr}");
    assert!(stderr.contains("omit --user-name"), "{stderr}");
    assert_eq!(made(&w.admin).await, before, "nothing was created");
    assert_eq!(access_key_ids(&w.admin, "admin").await, admin_keys);

    // Another managed policy, and a group.
    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    let policy = iam
        .create_policy()
        .policy_name("someone-elses")
        .policy_document(doc)
        .send()
        .await
        .unwrap();
    let arn = policy.policy().unwrap().arn().unwrap().to_string();
    iam.create_user().user_name("managed").send().await.unwrap();
    iam.attach_user_policy()
        .user_name("managed")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    iam.create_user().user_name("grouped").send().await.unwrap();
    iam.create_group().group_name("ops").send().await.unwrap();
    iam.add_user_to_group()
        .user_name("grouped")
        .group_name("ops")
        .send()
        .await
        .unwrap();
    let before = made(&w.admin).await;
    for (user, what) in [
        ("managed", "managed policy someone-elses"),
        ("grouped", "group ops"),
    ] {
        let args = setup_as(user, "x-powerful");
        let out = run(&w, &args.iter().map(String::as_str).collect::<Vec<_>>()).await;
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        eprintln!("{user}: {stderr}");
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(what), "{stderr}");
        assert_eq!(made(&w.admin).await, before, "nothing was created");
        assert!(access_key_ids(&w.admin, user).await.is_empty());
    }

    // A bare user named on purpose is adopted and gets the connector's policy only.
    iam.create_user().user_name("bare").send().await.unwrap();
    let args = setup_as("bare", "x-bare");
    let out = run(&w, &args.iter().map(String::as_str).collect::<Vec<_>>()).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        user_policies(&w.admin, "bare").await,
        ["braze-s3-x-bare-currents"]
    );
}
