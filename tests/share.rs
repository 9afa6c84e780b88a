//! Issue 13, item 4: shared credentials, as Braze documents them. A second Currents connector
//! uses a saved connector's user and key with a folder of its own, against moto with IAM
//! enforcement on (one server per test).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use aws_sdk_s3::error::ProvideErrorMetadata;
use braze_s3::aws::clients::Clients;
use braze_s3::domain::answers::{Answers, Draft};
use braze_s3::domain::auth::AuthKind;
use braze_s3::domain::integration::IntegrationChoice;
use braze_s3::domain::names::ConnectorName;
use braze_s3::domain::plan::{Change, Plan};
use braze_s3::domain::policy::PolicyDocument;
use braze_s3::engine::{
    Applied, BucketDisposal, Engine, TeardownOptions, TestReport, resolve_share,
};

const BUCKET: &str = "acme-share";

fn no_stop() -> braze_s3::engine::StopFlag {
    Arc::new(AtomicBool::new(false))
}

fn channel() -> braze_s3::engine::ProgressTx {
    tokio::sync::mpsc::unbounded_channel().0
}

async fn setup(engine: &Engine, a: &Answers) -> (Plan, Applied, TestReport) {
    let prepared = engine.prepare(a).await.unwrap();
    let plan = prepared.plan.unwrap_or_else(|e| panic!("no plan: {e:?}"));
    let lock = engine.lock(&a.name).unwrap();
    let applied = engine
        .apply(lock, a, &plan, channel(), no_stop())
        .await
        .unwrap();
    let report = engine.verify(a, &applied, channel()).await;
    let account = engine.identity().await.unwrap().account;
    engine.save(a, &applied, &report, &account).await.unwrap();
    (plan, applied, report)
}

/// The saved connector's live test again, with the key its profile holds.
async fn retest(engine: &Engine, name: &str) -> TestReport {
    let store = engine.store().unwrap();
    let profile = store.load(&ConnectorName::parse(name).unwrap()).unwrap();
    let applied = Applied::saved(&profile);
    engine.verify(&profile.answers, &applied, channel()).await
}

fn assert_passed(report: &TestReport) {
    assert!(report.passed(), "checks failed: {:#?}", report.checks);
}

fn objects(folders: &[&str]) -> Vec<String> {
    folders
        .iter()
        .map(|f| format!("arn:aws:s3:::{BUCKET}/{f}/*"))
        .collect()
}

fn object_resources(doc: &PolicyDocument) -> Vec<String> {
    let mut r = doc.statement[1].resource.clone();
    r.sort();
    r
}

/// Connector A: Currents on the shared bucket, its policy scoped to folder a.
fn scoped_owner() -> Answers {
    Draft {
        name: Some("conn-a".into()),
        integration: Some(IntegrationChoice::Currents),
        bucket: Some(BUCKET.into()),
        region: Some("us-east-1".into()),
        auth: Some(AuthKind::SecretKey),
        folder: Some("a".into()),
        scope_to_folder: true,
        ..Draft::default()
    }
    .build()
    .unwrap()
}

/// Connector `name` sharing conn-a's credentials on `folder`, as only typed answers.
fn sharer(engine: &Engine, name: &str, folder: &str) -> Answers {
    let mut typed = Draft {
        name: Some(name.into()),
        folder: Some(folder.into()),
        share_with: Some("conn-a".into()),
        ..Draft::default()
    };
    resolve_share(&engine.store().unwrap(), &mut typed).unwrap();
    typed.build().unwrap()
}

async fn users(admin: &Clients) -> Vec<String> {
    let out = admin.iam.list_users().send().await.unwrap();
    out.users()
        .iter()
        .map(|u| u.user_name().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn item4_shared_credentials_extend_the_scoped_policy_and_teardown_restores_it() {
    let sb = support::sandbox().await;
    let admin = support::admin_clients(&sb).await;
    let dir = tempfile::tempdir().unwrap();
    let engine = support::engine(&sb.endpoint, "us-east-1", &sb.admin, &dir.path().join("c")).await;

    // Connector A: Currents, scoped to folder a.
    let a = scoped_owner();
    let (_, a_applied, a_report) = setup(&engine, &a).await;
    assert_passed(&a_report);
    let a_key = a_applied.credentials[0].access_key.clone().unwrap();
    let policy_arn = a_applied.policy_arns[0].clone();
    let users_before = users(&admin).await;

    // B shares A's credentials on folder b: only its name, folder and the share are typed.
    let b = sharer(&engine, "conn-b", "b");
    let (plan, b_applied, b_report) = setup(&engine, &b).await;
    assert!(
        !plan.changes.iter().any(|c| matches!(
            c,
            Change::CreateUser { .. }
                | Change::CreateAccessKey { .. }
                | Change::CreatePolicy { .. }
        )),
        "{:?}",
        plan.changes
    );
    assert!(
        plan.changes
            .iter()
            .any(|c| matches!(c, Change::UpdatePolicy { .. })),
        "{:?}",
        plan.changes
    );
    assert_eq!(users(&admin).await, users_before, "no new user");
    let b_key = b_applied.credentials[0].access_key.clone().unwrap();
    assert_eq!(b_key.access_key_id, a_key.access_key_id, "B uses A's key");
    assert_eq!(b_applied.policy_arns, vec![policy_arn.clone()]);
    assert_passed(&b_report);
    assert_eq!(
        object_resources(&support::iam::policy_document(&admin, &policy_arn).await),
        objects(&["a", "b"])
    );
    assert_passed(&retest(&engine, "conn-a").await);
    // A's key writes under b/ now, and still nowhere else.
    let as_key = support::clients_as(&sb, &a_key).await;
    let put = |key: &'static str| {
        as_key
            .s3
            .put_object()
            .bucket(BUCKET)
            .key(key)
            .body(aws_sdk_s3::primitives::ByteStream::from_static(b"x"))
            .send()
    };
    put("b/inside.txt").await.unwrap();
    let err = put("elsewhere/outside.txt").await.unwrap_err();
    assert_eq!(err.code(), Some("AccessDenied"), "{err:?}");

    // Rotating B points at A; A's rotation names B; tearing A down first is refused.
    assert_eq!(
        engine
            .sharing_key(&ConnectorName::parse("conn-a").unwrap())
            .unwrap(),
        vec![ConnectorName::parse("conn-b").unwrap()]
    );
    let keep = TeardownOptions {
        bucket: BucketDisposal::Keep,
    };
    let refused = engine
        .teardown(&a.name, keep, &|_| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("teardown conn-b"), "{refused}");

    // Teardown B: A's user, key and policy stay, its policy back to folder a only.
    let report = engine.teardown(&b.name, keep, &|_| {}).await.unwrap();
    assert!(!report.anything_remains(), "{report:?}");
    engine.store().unwrap().remove(&b.name).unwrap();
    assert_eq!(users(&admin).await, users_before);
    assert_eq!(
        object_resources(&support::iam::policy_document(&admin, &policy_arn).await),
        objects(&["a"])
    );
    assert_passed(&retest(&engine, "conn-a").await);
}

#[tokio::test(flavor = "multi_thread")]
async fn item4_sharing_refuses_an_unknown_connector_or_the_same_folder_and_adopts_a_whole_bucket_policy()
 {
    let sb = support::sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let engine = support::engine(&sb.endpoint, "us-east-1", &sb.admin, &dir.path().join("c")).await;
    let a = Draft {
        name: Some("conn-a".into()),
        integration: Some(IntegrationChoice::Currents),
        bucket: Some(BUCKET.into()),
        region: Some("us-east-1".into()),
        folder: Some("a".into()),
        ..Draft::default()
    }
    .build()
    .unwrap();
    let (_, _, report) = setup(&engine, &a).await;
    assert_passed(&report);
    let store = engine.store().unwrap();
    let share = |with: &str, folder: &str| Draft {
        name: Some("conn-b".into()),
        folder: Some(folder.into()),
        share_with: Some(with.into()),
        ..Draft::default()
    };

    let err = resolve_share(&store, &mut share("nobody", "b")).unwrap_err();
    assert!(
        err.to_string().contains("no saved connector nobody"),
        "{err}"
    );

    // The same folder: refused before any change.
    let mut same = share("conn-a", "a");
    resolve_share(&store, &mut same).unwrap();
    let err = engine.prepare(&same.build().unwrap()).await.unwrap_err();
    assert!(err.to_string().contains("distinct folders"), "{err}");

    // A whole-bucket policy is adopted unchanged: no change to the policy at all.
    let mut other = share("conn-a", "b");
    resolve_share(&store, &mut other).unwrap();
    let b = other.build().unwrap();
    let plan = engine.prepare(&b).await.unwrap().plan.unwrap();
    assert!(plan.changes.is_empty(), "{:?}", plan.changes);
    let (_, _, report) = setup(&engine, &b).await;
    assert_passed(&report);
}

/// The real binary: `setup --share-credentials-with` with only a name and a folder, `rotate`
/// of either connector naming the other, teardown of the shared one refused while shared.
#[tokio::test(flavor = "multi_thread")]
async fn item4_cli_share_credentials_with_rotate_names_sharers_and_teardown_order() {
    use support::cli::{BUCKET as CLI_BUCKET, Cli, show, text};
    let cli = Cli::start().await;
    let a = cli
        .setup_with(&["--name", "conn-a", "--folder", "a", "--scope-to-folder"])
        .wait_with_output()
        .await
        .unwrap();
    assert_eq!(a.status.code(), Some(0), "{}", show(&a));
    let b = cli
        .run(&[
            "setup",
            "--non-interactive",
            "--name",
            "conn-b",
            "--folder",
            "b",
            "--share-credentials-with",
            "conn-a",
            "--wait",
            "20",
        ])
        .await;
    assert_eq!(b.status.code(), Some(0), "{}", show(&b));
    assert!(
        text(&b.stdout).contains("shared with connector conn-a"),
        "{}",
        show(&b)
    );
    let profile = |name: &str| -> serde_json::Value {
        let path = cli.config().join(format!("sandbox/{name}.json"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    assert_eq!(profile("conn-b")["answers"]["bucket"], CLI_BUCKET);
    assert_eq!(
        profile("conn-b")["credentials"][0]["access_key_id"],
        profile("conn-a")["credentials"][0]["access_key_id"]
    );

    // One policy covering both folders is what doctor expects for either connector.
    let doctor = cli.run(&["doctor", "--wait", "5"]).await;
    assert_eq!(doctor.status.code(), Some(0), "healthy: {}", show(&doctor));

    let rotate_b = cli.run(&["rotate", "conn-b"]).await;
    assert_eq!(rotate_b.status.code(), Some(2), "{}", show(&rotate_b));
    assert!(
        text(&rotate_b.stderr).contains("braze-s3 rotate conn-a"),
        "{}",
        show(&rotate_b)
    );

    let rotate_a = cli.run(&["rotate", "conn-a", "--show-secret"]).await;
    assert_eq!(rotate_a.status.code(), Some(0), "{}", show(&rotate_a));
    assert!(
        text(&rotate_a.stderr).contains("connector(s) conn-b share this access key"),
        "{}",
        show(&rotate_a)
    );

    let refused = cli.run(&["teardown", "conn-a", "--yes"]).await;
    assert_eq!(refused.status.code(), Some(2), "{}", show(&refused));
    assert!(
        text(&refused.stderr).contains("teardown conn-b"),
        "{}",
        show(&refused)
    );

    let down = cli.run(&["teardown", "conn-b", "--yes"]).await;
    assert_eq!(down.status.code(), Some(0), "{}", show(&down));
    let tested = cli.run(&["test", "conn-a"]).await;
    assert_eq!(tested.status.code(), Some(0), "{}", show(&tested));
}

/// Braze lets several Currents connectors share one key: a third connector may share it too,
/// and tearing down the middle one keeps the policy covering the others' folders.
#[tokio::test(flavor = "multi_thread")]
async fn item4_several_connectors_share_one_key_and_teardown_keeps_the_others_folders() {
    let sb = support::sandbox().await;
    let admin = support::admin_clients(&sb).await;
    let dir = tempfile::tempdir().unwrap();
    let engine = support::engine(&sb.endpoint, "us-east-1", &sb.admin, &dir.path().join("c")).await;
    let a = scoped_owner();
    let (_, a_applied, _) = setup(&engine, &a).await;
    let a_key = a_applied.credentials[0].access_key.clone().unwrap();
    let policy_arn = a_applied.policy_arns[0].clone();
    let mut sharers = Vec::new();
    for (name, folder) in [("conn-b", "b"), ("conn-c", "c")] {
        let answers = sharer(&engine, name, folder);
        let (_, _, report) = setup(&engine, &answers).await;
        assert_passed(&report);
        sharers.push(answers);
    }
    assert_eq!(
        object_resources(&support::iam::policy_document(&admin, &policy_arn).await),
        objects(&["a", "b", "c"])
    );
    assert_eq!(
        engine
            .sharing_key(&ConnectorName::parse("conn-a").unwrap())
            .unwrap(),
        vec![
            ConnectorName::parse("conn-b").unwrap(),
            ConnectorName::parse("conn-c").unwrap()
        ]
    );

    // Tearing down B (set up before C) must not roll the policy back to A's folder alone.
    let keep = TeardownOptions {
        bucket: BucketDisposal::Keep,
    };
    let report = engine
        .teardown(&sharers[0].name, keep, &|_| {})
        .await
        .unwrap();
    assert!(!report.anything_remains(), "{report:?}");
    engine.store().unwrap().remove(&sharers[0].name).unwrap();
    assert_eq!(
        object_resources(&support::iam::policy_document(&admin, &policy_arn).await),
        objects(&["a", "c"])
    );
    assert_passed(&retest(&engine, "conn-c").await);
    assert_passed(&retest(&engine, "conn-a").await);
    let as_key = support::clients_as(&sb, &a_key).await;
    let put = |key: &'static str| {
        as_key
            .s3
            .put_object()
            .bucket(BUCKET)
            .key(key)
            .body(aws_sdk_s3::primitives::ByteStream::from_static(b"x"))
            .send()
    };
    put("c/still-allowed.txt").await.unwrap();
    let err = put("b/no-longer.txt").await.unwrap_err();
    assert_eq!(err.code(), Some("AccessDenied"), "{err:?}");

    // Then C: the policy is A's folder alone again, and A still passes.
    let report = engine
        .teardown(&sharers[1].name, keep, &|_| {})
        .await
        .unwrap();
    assert!(!report.anything_remains(), "{report:?}");
    assert_eq!(
        object_resources(&support::iam::policy_document(&admin, &policy_arn).await),
        objects(&["a"])
    );
    assert_passed(&retest(&engine, "conn-a").await);
}

/// Issue 11, item 5: a sharer's profile that cannot be read is an error, never "no sharer":
/// tearing the owner down must not delete the key the unreadable sharer uses.
#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_sharer_profile_stops_the_owners_teardown() {
    use std::os::unix::fs::PermissionsExt;

    let sb = support::sandbox().await;
    let admin = support::admin_clients(&sb).await;
    let dir = tempfile::tempdir().unwrap();
    let engine = support::engine(&sb.endpoint, "us-east-1", &sb.admin, &dir.path().join("c")).await;
    let a = scoped_owner();
    setup(&engine, &a).await;
    let b = sharer(&engine, "sharer", "b");
    setup(&engine, &b).await;
    let users_before = users(&admin).await;

    let store = engine.store().unwrap();
    let sharer = store.path(&b.name);
    std::fs::set_permissions(&sharer, std::fs::Permissions::from_mode(0o644)).unwrap();
    let keep = TeardownOptions {
        bucket: BucketDisposal::Keep,
    };
    let refused = engine.teardown(&a.name, keep, &|_| {}).await.unwrap_err();
    let refused = refused.to_string();
    assert!(refused.contains(&sharer.display().to_string()), "{refused}");
    assert_eq!(users(&admin).await, users_before, "nothing was deleted");
}
