//! The engine end to end against moto with IAM enforcement on: prepare → apply → verify →
//! save, re-runs, teardown, the journal and the folder rule. Each test starts its own server,
//! so tests run in parallel and never see each other's users or buckets.
// Test helpers fail their test by panicking, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use braze_s3::aws::clients::Clients;
use braze_s3::domain::answers::{Answers, Draft};
use braze_s3::domain::auth::{AuthKind, AuthMethod};
use braze_s3::domain::existing::BucketState;
use braze_s3::domain::integration::{Integration, IntegrationChoice};
use braze_s3::domain::names::{BucketName, ConnectorName};
use braze_s3::domain::plan::{Change, Plan, PlanError};
use braze_s3::domain::policy::{PolicyDocument, permission_policy, trust_policy};
use braze_s3::domain::progress::CheckOutcome;
use braze_s3::engine::{Applied, Engine, EngineError, TeardownOptions, TestReport, UndoLine};
use braze_s3::engine::{BucketDisposal, Undone};
use braze_s3::sandbox::Sandbox;
use braze_s3::store::files::StoreError;
use braze_s3::store::journal::{Created, Journal, JournalState};
use secrecy::ExposeSecret;
use support::cli::access_keys;

const BRAZE_ACCOUNT: &str = "111122223333";
const EXTERNAL_ID: &str = "braze-ext-42";

/// A moto server, its admin, and an engine working against it with its own config dir.
struct World {
    sb: Sandbox,
    admin: Clients,
    engine: Engine,
    _dir: tempfile::TempDir,
}

async fn world(region: &str) -> World {
    let sb = support::sandbox().await;
    let admin = support::admin_clients(&sb).await;
    let dir = tempfile::tempdir().unwrap();
    let engine = support::engine(&sb.endpoint, region, &sb.admin, &dir.path().join("config")).await;
    World {
        sb,
        admin,
        engine,
        _dir: dir,
    }
}

fn draft(bucket: &str, region: &str, integration: IntegrationChoice, auth: AuthKind) -> Draft {
    let role = auth == AuthKind::RoleArn;
    Draft {
        integration: Some(integration),
        bucket: Some(bucket.into()),
        region: Some(region.into()),
        auth: Some(auth),
        braze_account_id: role.then(|| BRAZE_ACCOUNT.into()),
        external_id: role.then(|| EXTERNAL_ID.into()),
        ..Draft::default()
    }
}

fn answers(bucket: &str, region: &str, integration: IntegrationChoice, auth: AuthKind) -> Answers {
    draft(bucket, region, integration, auth).build().unwrap()
}

fn channel() -> braze_s3::engine::ProgressTx {
    // The receiver is dropped: the engine ignores send errors.
    tokio::sync::mpsc::unbounded_channel().0
}

fn no_stop() -> braze_s3::engine::StopFlag {
    Arc::new(AtomicBool::new(false))
}

/// What one setup run produced.
struct Run {
    plan: Plan,
    applied: Applied,
    report: TestReport,
    profile: PathBuf,
}

async fn plan(engine: &Engine, a: &Answers) -> Plan {
    let prepared = engine.prepare(a).await.unwrap();
    prepared.plan.unwrap_or_else(|e| panic!("no plan: {e:?}"))
}

/// prepare → apply → verify → save, as both faces drive it.
async fn setup(engine: &Engine, a: &Answers) -> Run {
    let plan = plan(engine, a).await;
    let lock = engine.lock(&a.name).unwrap();
    let applied = engine
        .apply(lock, a, &plan, channel(), no_stop())
        .await
        .unwrap();
    let report = engine.verify(a, &applied, channel()).await;
    let account = engine.identity().await.unwrap().account;
    let profile = engine.save(a, &applied, &report, &account).await.unwrap();
    Run {
        plan,
        applied,
        report,
        profile,
    }
}

fn assert_passed(report: &TestReport) {
    assert!(report.passed(), "checks failed: {:#?}", report.checks);
}

fn bucket(name: &str) -> BucketName {
    BucketName::parse(name).unwrap()
}

async fn local_policy_names(admin: &Clients) -> Vec<String> {
    let out = admin
        .iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .send()
        .await
        .unwrap();
    let mut names: Vec<String> = out
        .policies()
        .iter()
        .filter_map(|p| p.policy_name().map(str::to_string))
        .collect();
    names.sort();
    names
}

async fn user_policies(admin: &Clients, user: &str) -> Vec<String> {
    let out = admin
        .iam
        .list_attached_user_policies()
        .user_name(user)
        .send()
        .await
        .unwrap();
    let mut names: Vec<String> = out
        .attached_policies()
        .iter()
        .filter_map(|p| p.policy_name().map(str::to_string))
        .collect();
    names.sort();
    names
}

async fn user_names(admin: &Clients) -> Vec<String> {
    let out = admin.iam.list_users().send().await.unwrap();
    let mut names: Vec<String> = out
        .users()
        .iter()
        .map(|u| u.user_name().to_string())
        .collect();
    names.sort();
    names
}

async fn bucket_names(admin: &Clients) -> Vec<String> {
    let out = admin.s3.list_buckets().send().await.unwrap();
    out.buckets()
        .iter()
        .filter_map(|b| b.name().map(str::to_string))
        .collect()
}

async fn object_keys(admin: &Clients, bucket: &str) -> Vec<String> {
    let out = admin
        .s3
        .list_objects_v2()
        .bucket(bucket)
        .send()
        .await
        .unwrap();
    out.contents()
        .iter()
        .filter_map(|o| o.key().map(str::to_string))
        .collect()
}

async fn admin_create_bucket(admin: &Clients, name: &str, region: &str) {
    let mut req = admin.s3.create_bucket().bucket(name);
    if region != "us-east-1" {
        req = req.create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(region))
                .build(),
        );
    }
    req.send().await.unwrap();
}

fn user_of(a: &Answers) -> String {
    a.auth.principal_name().to_string()
}

fn check<'a>(report: &'a TestReport, name: &str) -> &'a braze_s3::domain::progress::CheckResult {
    report
        .checks
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no check {name:?} in {:#?}", report.checks))
}

async fn currents_secret_key_in(region: &str) {
    let w = world(region).await;
    let name = format!("acme-braze-{region}");
    let a = answers(
        &name,
        region,
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
    );
    let run = setup(&w.engine, &a).await;
    assert_passed(&run.report);
    assert!(matches!(run.plan.changes[0], Change::CreateBucket { .. }));

    // The bucket is in the chosen region: GetBucketLocation and HeadBucket's header agree.
    let location = w
        .admin
        .s3
        .get_bucket_location()
        .bucket(&name)
        .send()
        .await
        .unwrap();
    let constraint = location
        .location_constraint()
        .map(|l| l.as_str().to_string())
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "us-east-1".into());
    assert_eq!(constraint, region);
    let head = w.admin.s3.head_bucket().bucket(&name).send().await.unwrap();
    assert_eq!(head.bucket_region(), Some(region));

    // The policy is exactly the least-privilege document, attached to the user.
    let expected = permission_policy(Integration::Currents, &a.bucket, "aws", None).unwrap();
    assert_eq!(run.applied.policy_arns.len(), 1);
    let doc = support::iam::policy_document(&w.admin, &run.applied.policy_arns[0]).await;
    assert!(doc.equivalent(&expected), "{doc:#?}");
    let policy = a.policy_name(Integration::Currents).to_string();
    assert_eq!(user_policies(&w.admin, &user_of(&a)).await, [policy]);

    // The profile: 0600 in a 0700 dir, the secret in the file but never in Debug.
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&run.profile), 0o600);
    assert_eq!(mode(run.profile.parent().unwrap()), 0o700);
    let key = run.applied.credentials[0].access_key.as_ref().unwrap();
    let secret = key.secret_access_key.expose_secret().to_string();
    let saved = w.engine.store().unwrap().load(&a.name).unwrap();
    assert_eq!(
        saved.credentials[0].access_key_id.as_deref(),
        Some(key.access_key_id.as_str())
    );
    assert!(saved.sandbox);
    assert!(saved.last_test.as_ref().is_some_and(|t| t.passed));
    assert!(!format!("{saved:?}").contains(&secret));
    assert!(!format!("{:?}", run.applied).contains(&secret));
    assert!(
        std::fs::read_to_string(&run.profile)
            .unwrap()
            .contains(&secret)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn currents_secret_key_eu_west_1() {
    currents_secret_key_in("eu-west-1").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn currents_secret_key_us_east_1() {
    currents_secret_key_in("us-east-1").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn data_export_secret_key_deletes_its_test_object() {
    let w = world("eu-west-1").await;
    let a = answers(
        "acme-exports",
        "eu-west-1",
        IntegrationChoice::DataExport,
        AuthKind::SecretKey,
    );
    let run = setup(&w.engine, &a).await;
    assert_passed(&run.report);
    assert_eq!(
        check(&run.report, "delete test object").outcome,
        CheckOutcome::Pass
    );
    assert_eq!(
        object_keys(&w.admin, "acme-exports").await,
        Vec::<String>::new()
    );
}

/// Issue 10, item 3: "both" gets one user and key per integration, each with only its own
/// policy — the key entered in Currents cannot delete — and a profile with two credentials.
#[tokio::test(flavor = "multi_thread")]
async fn both_gets_one_principal_per_integration_each_with_only_its_policy() {
    let w = world("us-east-1").await;
    let a = answers(
        "acme-both",
        "us-east-1",
        IntegrationChoice::Both,
        AuthKind::SecretKey,
    );
    let run = setup(&w.engine, &a).await;
    assert_passed(&run.report);
    let currents = a.policy_name(Integration::Currents).to_string();
    let export = a.policy_name(Integration::DataExport).to_string();
    let mut both = vec![currents.clone(), export.clone()];
    both.sort();
    assert_eq!(local_policy_names(&w.admin).await, both);
    let principals = a.principals();
    assert_eq!(principals.len(), 2);
    let (cu, eu) = (principals[0].name().as_str(), principals[1].name().as_str());
    assert_eq!(
        (cu, eu),
        (
            "braze-s3-acme-both-currents",
            "braze-s3-acme-both-data-export"
        )
    );
    assert_eq!(user_policies(&w.admin, cu).await, [currents]);
    assert_eq!(user_policies(&w.admin, eu).await, [export]);
    assert_eq!(run.applied.policy_arns.len(), 2);
    // Currents' policy can't delete; data export's can.
    let doc = support::iam::policy_document(&w.admin, &run.applied.policy_arns[0]).await;
    assert!(
        doc.equivalent(&permission_policy(Integration::Currents, &a.bucket, "aws", None).unwrap())
    );
    let doc = support::iam::policy_document(&w.admin, &run.applied.policy_arns[1]).await;
    assert!(
        doc.equivalent(
            &permission_policy(Integration::DataExport, &a.bucket, "aws", None).unwrap()
        )
    );

    // Two credentials, each tested on its own, and the Currents key may not delete.
    let creds = &run.applied.credentials;
    assert_eq!(
        creds.iter().map(|c| c.integration).collect::<Vec<_>>(),
        [Integration::Currents, Integration::DataExport]
    );
    let currents_key = creds[0].access_key.clone().unwrap();
    let export_key = creds[1].access_key.clone().unwrap();
    assert_ne!(currents_key.access_key_id, export_key.access_key_id);
    for name in [
        "currents: cannot delete (Currents)",
        "data-export: delete test object",
    ] {
        assert!(
            run.report.checks.iter().any(|c| c.name == name && c.ok()),
            "{name}: {:#?}",
            run.report.checks
        );
    }
    let s3 = support::clients_as(&w.sb, &currents_key).await.s3;
    let put = s3
        .put_object()
        .bucket(a.bucket.as_str())
        .key("currents/x.txt")
        .body(Vec::from(&b"x"[..]).into())
        .send()
        .await;
    assert!(put.is_ok(), "{put:?}");
    let delete = s3
        .delete_object()
        .bucket(a.bucket.as_str())
        .key("currents/x.txt")
        .send()
        .await;
    assert!(delete.is_err(), "the Currents key must not delete");
    let saved = w.engine.store().unwrap().load(&a.name).unwrap();
    assert_eq!(saved.credentials.len(), 2);
    assert_eq!(saved.credentials[0].principal.as_str(), cu);
    assert_eq!(
        saved.credentials[1].access_key_id.as_deref(),
        Some(export_key.access_key_id.as_str())
    );

    // Teardown removes both principals.
    teardown(&w.engine, &a.name, BucketDisposal::DeleteIfEmpty).await;
    assert_eq!(user_names(&w.admin).await, ["admin"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn role_arn_trust_and_attachments_read_back() {
    let w = world("eu-west-1").await;
    let a = answers(
        "acme-role",
        "eu-west-1",
        IntegrationChoice::Currents,
        AuthKind::RoleArn,
    );
    let run = setup(&w.engine, &a).await;
    let AuthMethod::RoleArn {
        role,
        braze_account,
        external_id,
    } = &a.auth
    else {
        unreachable!()
    };
    assert!(run.applied.credentials[0].access_key.is_none());
    let role_arn = run.applied.credentials[0].role_arn.clone().unwrap();
    let got = w
        .admin
        .iam
        .get_role()
        .role_name(role.as_str())
        .send()
        .await
        .unwrap();
    let got = got.role().unwrap();
    assert_eq!(got.arn(), role_arn);
    let trust = support::iam::parse_document(got.assume_role_policy_document().unwrap());
    assert!(
        trust.equivalent(&trust_policy(braze_account, external_id, "aws")),
        "{trust:#?}"
    );
    let attached = w
        .admin
        .iam
        .list_attached_role_policies()
        .role_name(role.as_str())
        .send()
        .await
        .unwrap();
    let attached: Vec<&str> = attached
        .attached_policies()
        .iter()
        .filter_map(|p| p.policy_arn())
        .collect();
    assert_eq!(attached, [run.applied.policy_arns[0].as_str()]);

    // moto has no policy simulator: "not available", never a pass; the rest passes.
    assert_eq!(
        check(&run.report, "trust policy").outcome,
        CheckOutcome::Pass
    );
    assert_eq!(
        check(&run.report, "currents policy").outcome,
        CheckOutcome::Pass
    );
    assert_eq!(
        check(&run.report, "policy simulation").outcome,
        CheckOutcome::NotAvailable
    );
    assert!(run.report.passed(), "{:#?}", run.report.checks);
    let saved = w.engine.store().unwrap().load(&a.name).unwrap();
    assert_eq!(
        saved.credentials[0].role_arn.as_deref(),
        Some(role_arn.as_str())
    );
    assert!(saved.credentials[0].secret_access_key.is_none());
}

/// Item 5 of the trust issue: a re-run whose saved key works changes nothing (three times),
/// and one whose secret is missing rotates: new key, tested, saved, then the old one deleted.
#[tokio::test(flavor = "multi_thread")]
async fn idempotent_rerun_makes_no_change_and_a_missing_secret_rotates_the_key() {
    let w = world("eu-west-1").await;
    let a = answers(
        "acme-again",
        "eu-west-1",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
    );
    let first = setup(&w.engine, &a).await;
    let user = a.auth.principal_name().clone();
    let store = w.engine.store().unwrap();
    let saved = store.load(&a.name).unwrap();
    let key = first.applied.credentials[0]
        .access_key
        .as_ref()
        .unwrap()
        .access_key_id
        .clone();

    for _ in 0..3 {
        let again = plan(&w.engine, &a).await;
        assert_eq!(again.changes, [], "{again:?}");
        assert!(again.retire.is_empty());
        assert!(again.adopted.iter().any(|l| l.contains(&key)), "{again:?}");
        let run = setup(&w.engine, &a).await;
        assert_passed(&run.report);
        assert_eq!(access_keys(&w.admin, user.as_str()).await, [key.as_str()]);
        let now = store.load(&a.name).unwrap();
        assert_eq!(
            now.credentials[0].access_key_id,
            saved.credentials[0].access_key_id
        );
        assert_eq!(
            now.credentials[0]
                .secret_access_key
                .as_ref()
                .map(|s| s.expose_secret().to_string()),
            saved.credentials[0]
                .secret_access_key
                .as_ref()
                .map(|s| s.expose_secret().to_string())
        );
        assert_eq!(now.created_at, saved.created_at);
    }

    // The secret is lost from the profile: the plan says so and rotates explicitly.
    let mut lost = store.load(&a.name).unwrap();
    lost.credentials[0].secret_access_key = None;
    store.save(&lost).unwrap();
    let rotate = plan(&w.engine, &a).await;
    assert_eq!(
        rotate.changes,
        [Change::CreateAccessKey { user: user.clone() }]
    );
    let retire = rotate.retire[0].clone();
    assert_eq!(
        (retire.user.clone(), retire.id.clone()),
        (user.clone(), key.clone())
    );
    assert!(
        rotate
            .lines()
            .last()
            .unwrap()
            .contains("delete the old access key"),
        "{:?}",
        rotate.lines()
    );
    let run = setup(&w.engine, &a).await;
    assert_passed(&run.report);
    let new_key = run.applied.credentials[0]
        .access_key
        .as_ref()
        .unwrap()
        .access_key_id
        .clone();
    assert_ne!(new_key, key);
    assert_eq!(
        access_keys(&w.admin, user.as_str()).await,
        [new_key.as_str()]
    );
    let now = store.load(&a.name).unwrap();
    assert_eq!(
        now.credentials[0].access_key_id.as_deref(),
        Some(new_key.as_str())
    );
    assert!(now.credentials[0].secret_access_key.is_some());
    let journal = JournalState::read(store.dir(), &a.name).unwrap().unwrap();
    assert!(
        !journal.live().contains(&Created::AccessKey {
            user: user.clone(),
            id: key
        }),
        "the old key is journaled as removed"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rerun_of_a_role_setup_changes_nothing() {
    let w = world("us-east-1").await;
    let a = answers(
        "acme-role-again",
        "us-east-1",
        IntegrationChoice::Both,
        AuthKind::RoleArn,
    );
    setup(&w.engine, &a).await;
    let again = plan(&w.engine, &a).await;
    assert_eq!(again.changes, []);
    let lock = w.engine.lock(&a.name).unwrap();
    let applied = w
        .engine
        .apply(lock, &a, &again, channel(), no_stop())
        .await
        .unwrap();
    assert!(applied.credentials[0].role_arn.is_some());
    // A role with a different trust is refused, never rewritten.
    let mut other = draft(
        "acme-role-again",
        "us-east-1",
        IntegrationChoice::Both,
        AuthKind::RoleArn,
    );
    other.external_id = Some("someone-elses-id".into());
    let errors = w
        .engine
        .prepare(&other.build().unwrap())
        .await
        .unwrap()
        .plan
        .unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, PlanError::RoleTrustDiffers(_))),
        "{errors:?}"
    );
}

/// A 403 on `HeadBucket` is not proof of another account: here the bucket is the account's
/// own, and the Currents key may neither look at it nor list buckets, so whose it is stays
/// unverified (and the plan says both possibilities).
#[tokio::test(flavor = "multi_thread")]
async fn bucket_that_answers_403_without_proof_is_unverified() {
    let w = world("us-east-1").await;
    let a = answers(
        "acme-mine",
        "us-east-1",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
    );
    let run = setup(&w.engine, &a).await;
    admin_create_bucket(&w.admin, "someone-elses", "us-east-1").await;
    // The Currents key may not even look at the other bucket: 403, as for a stranger's bucket.
    // Nor may it call ListBuckets, so nothing proves whose the bucket is.
    let dir = tempfile::tempdir().unwrap();
    let key = run.applied.credentials[0].access_key.clone().unwrap();
    let outsider = support::engine(&w.sb.endpoint, "us-east-1", &key, dir.path()).await;
    let state = outsider
        .bucket_state(&bucket("someone-elses"))
        .await
        .unwrap();
    assert!(matches!(state, BucketState::Unverified { .. }), "{state:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn teardown_deletes_everything_it_created() {
    let w = world("eu-west-1").await;
    let a = answers(
        "acme-gone",
        "eu-west-1",
        IntegrationChoice::Both,
        AuthKind::SecretKey,
    );
    setup(&w.engine, &a).await;
    let lines = teardown(&w.engine, &a.name, BucketDisposal::DeleteIfEmpty).await;
    assert!(
        lines.iter().all(|l| l.outcome == Undone::Deleted),
        "{lines:#?}"
    );
    assert_eq!(user_names(&w.admin).await, ["admin"]);
    assert_eq!(local_policy_names(&w.admin).await, Vec::<String>::new());
    assert_eq!(bucket_names(&w.admin).await, Vec::<String>::new());
    // Nothing left to undo: a second teardown is a no-op.
    let again = teardown(&w.engine, &a.name, BucketDisposal::DeleteIfEmpty).await;
    assert_eq!(again, []);
}

#[tokio::test(flavor = "multi_thread")]
async fn teardown_keeps_the_bucket_when_asked_and_never_deletes_an_adopted_one() {
    let w = world("us-east-1").await;
    // Kept on request.
    let kept = answers(
        "acme-kept",
        "us-east-1",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
    );
    setup(&w.engine, &kept).await;
    let lines = teardown(&w.engine, &kept.name, BucketDisposal::Keep).await;
    assert!(
        lines
            .iter()
            .any(|l| matches!(l.outcome, Undone::KeptOnRequest) && l.what.contains("acme-kept")),
        "{lines:#?}"
    );
    assert_eq!(bucket_names(&w.admin).await, ["acme-kept"]);
    assert_eq!(user_names(&w.admin).await, ["admin"]);
    assert_eq!(local_policy_names(&w.admin).await, Vec::<String>::new());

    // A bucket that existed before the setup is adopted, and teardown leaves it alone.
    admin_create_bucket(&w.admin, "acme-theirs", "us-east-1").await;
    let adopted = answers(
        "acme-theirs",
        "us-east-1",
        IntegrationChoice::DataExport,
        AuthKind::SecretKey,
    );
    let run = setup(&w.engine, &adopted).await;
    assert!(
        !run.plan
            .changes
            .iter()
            .any(|c| matches!(c, Change::CreateBucket { .. })),
        "{:?}",
        run.plan
    );
    teardown(&w.engine, &adopted.name, BucketDisposal::Force).await;
    let mut buckets = bucket_names(&w.admin).await;
    buckets.sort();
    assert_eq!(buckets, ["acme-kept", "acme-theirs"]);
    assert_eq!(user_names(&w.admin).await, ["admin"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn new_key_is_denied_on_another_bucket() {
    let w = world("eu-west-1").await;
    let a = answers(
        "acme-scoped",
        "eu-west-1",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
    );
    let run = setup(&w.engine, &a).await;
    admin_create_bucket(&w.admin, "acme-other", "eu-west-1").await;
    let key = run.applied.credentials[0].access_key.clone().unwrap();
    let as_key = support::clients_as(&w.sb, &key).await;
    let err = as_key
        .s3
        .list_objects_v2()
        .bucket("acme-other")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AccessDenied"), "{err:?}");
    // …while its own bucket works.
    as_key
        .s3
        .list_objects_v2()
        .bucket("acme-scoped")
        .send()
        .await
        .unwrap();
    let err = as_key
        .s3
        .put_object()
        .bucket("acme-other")
        .key("x.txt")
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"x"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AccessDenied"), "{err:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn journal_lists_created_resources_in_order_and_is_locked_while_held() {
    let w = world("us-east-1").await;
    let a = answers(
        "acme-journal",
        "us-east-1",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
    );
    let run = setup(&w.engine, &a).await;
    let store = w.engine.store().unwrap();
    let state = JournalState::read(store.dir(), &a.name).unwrap().unwrap();
    let user = a.auth.principal_name().clone();
    let arn = run.applied.policy_arns[0].clone();
    let key_id = run.applied.credentials[0]
        .access_key
        .as_ref()
        .unwrap()
        .access_key_id
        .clone();
    assert_eq!(
        state.live(),
        [
            Created::Bucket {
                bucket: a.bucket.clone(),
                region: a.region.clone()
            },
            Created::Policy { arn: arn.clone() },
            Created::User { user: user.clone() },
            Created::UserAttachment {
                user: user.clone(),
                arn
            },
            Created::AccessKey { user, id: key_id },
        ]
    );
    assert!(state.unfinished().is_none(), "save closes the run");

    let held = Journal::open(store.dir(), &a.name).unwrap();
    let second = Journal::open(store.dir(), &a.name);
    assert!(
        matches!(second, Err(StoreError::Locked { .. })),
        "{:?}",
        second.err()
    );
    // A run while the journal is held refuses instead of interleaving.
    let err = w.engine.lock(&a.name).unwrap_err();
    assert!(matches!(err, EngineError::Busy { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("another braze-s3 run is working on connector"),
        "{err}"
    );
    drop(held);
    Journal::open(store.dir(), &a.name).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn two_currents_connectors_may_not_share_a_folder() {
    let w = world("eu-west-1").await;
    let mut first = draft(
        "acme-shared",
        "eu-west-1",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
    );
    first.name = Some("shared-one".into());
    setup(&w.engine, &first.build().unwrap()).await;

    let mut clash = first.clone();
    clash.name = Some("shared-two".into());
    let errors = w
        .engine
        .prepare(&clash.build().unwrap())
        .await
        .unwrap()
        .plan
        .unwrap_err();
    assert!(
        errors.iter().any(|e| matches!(
            e,
            PlanError::FolderInUse { other, .. } if other.as_str() == "shared-one"
        )),
        "{errors:?}"
    );

    let mut elsewhere = clash.clone();
    elsewhere.folder = Some("currents-two".into());
    elsewhere.user_name = Some("braze-s3-shared-two".into());
    // Limited to its folder: listing works only under it, and the live test still passes.
    elsewhere.scope_to_folder = true;
    let a = elsewhere.build().unwrap();
    let run = setup(&w.engine, &a).await;
    assert_passed(&run.report);
}

/// Issue 10, item 4: a folder-scoped Currents key keeps the bucket statement Braze documents
/// (no `s3:prefix` condition, which on AWS would refuse `HeadBucket` and a root listing —
/// moto ignores `StringLike`, so the document itself is checked), lists the bucket root in the
/// live test, and may write only under its folder.
#[tokio::test(flavor = "multi_thread")]
async fn item4_scoped_currents_key_lists_the_bucket_root_and_writes_only_in_its_folder() {
    let w = world("eu-west-1").await;
    let mut d = draft(
        "acme-scoped-root",
        "eu-west-1",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
    );
    d.scope_to_folder = true;
    let a = d.build().unwrap();
    let run = setup(&w.engine, &a).await;
    assert_passed(&run.report);
    let listed = check(&run.report, "list bucket");
    assert!(listed.detail.contains("bucket root"), "{}", listed.detail);

    let expected = PolicyDocument::from_json(
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
             "Resource": "arn:aws:s3:::acme-scoped-root"},
            {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"],
             "Resource": "arn:aws:s3:::acme-scoped-root/currents/*"}]}"#,
    )
    .unwrap();
    let doc = support::iam::policy_document(&w.admin, &run.applied.policy_arns[0]).await;
    assert!(
        doc.equivalent(&expected),
        "{}",
        doc.to_pretty_json().unwrap()
    );
    assert!(doc.statement.iter().all(|s| s.condition.is_none()));

    let key = run.applied.credentials[0].access_key.clone().unwrap();
    let as_key = support::clients_as(&w.sb, &key).await;
    let s3 = &as_key.s3;
    // The root listing, with no prefix. (HeadBucket needs the same s3:ListBucket on AWS, but
    // moto checks a made-up `s3:HeadBucket` action for it, so it can't be shown here.)
    s3.list_objects_v2()
        .bucket("acme-scoped-root")
        .send()
        .await
        .unwrap();
    let put = |key: &'static str| {
        s3.put_object()
            .bucket("acme-scoped-root")
            .key(key)
            .body(aws_sdk_s3::primitives::ByteStream::from_static(b"x"))
            .send()
    };
    put("currents/inside.txt").await.unwrap();
    let err = put("outside.txt").await.unwrap_err();
    assert_eq!(err.code(), Some("AccessDenied"), "{err:?}");
}

async fn teardown(engine: &Engine, name: &ConnectorName, bucket: BucketDisposal) -> Vec<UndoLine> {
    engine
        .teardown(name, TeardownOptions { bucket }, &|_| {})
        .await
        .unwrap()
        .lines
}

/// A Currents key whose user was given more than Braze needs (here: delete): the must-be-
/// refused delete runs only after the test object was read, so the read still passes and the
/// report blames the real problem, not a "missing" test object.
#[tokio::test(flavor = "multi_thread")]
async fn an_over_broad_currents_key_fails_cannot_delete_and_still_reads_its_test_object() {
    let w = world("us-east-1").await;
    let a = answers(
        "acme-broad",
        "us-east-1",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
    );
    let run = setup(&w.engine, &a).await;
    assert_passed(&run.report);
    let broad = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::acme-broad/*"}]}"#;
    w.admin
        .iam
        .put_user_policy()
        .user_name(user_of(&a))
        .policy_name("too-broad")
        .policy_document(broad)
        .send()
        .await
        .unwrap();
    // The saved connector's test again, as `braze-s3 test` runs it.
    let profile = w.engine.store().unwrap().load(&a.name).unwrap();
    let applied = braze_s3::engine::Applied::saved(&profile);
    let report = w.engine.verify(&a, &applied, channel()).await;
    assert!(
        check(&report, "read test object").ok(),
        "{:#?}",
        report.checks
    );
    let refused = check(&report, "cannot delete (Currents)");
    assert!(!refused.ok(), "{:#?}", report.checks);
    assert!(
        refused.detail.contains("can delete objects"),
        "{}",
        refused.detail
    );
}
