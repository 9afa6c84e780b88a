//! Where real AWS differs from moto (issue 10, items 1, 2 and 7): the tool against moto, with
//! the fault proxy rewriting moto's answers into the shapes AWS sends where moto cannot (another
//! account's bucket, a 403 that proves nothing). Each test has its own moto server.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use std::path::Path;

use braze_s3::domain::answers::{Answers, Draft};
use braze_s3::domain::existing::BucketState;
use braze_s3::domain::plan::PlanError;
use braze_s3::engine::Prepared;
use braze_s3::sandbox::Sandbox;
use support::cli::{inventory, show, text};
use support::proxy::Proxy;

/// Answers for a Currents connector with a secret key on an existing `bucket` in us-east-1.
fn answers(bucket: &str) -> Answers {
    Draft {
        bucket: Some(bucket.to_string()),
        region: Some("us-east-1".to_string()),
        existing_bucket: true,
        ..Draft::default()
    }
    .build()
    .unwrap()
}

async fn create_bucket(sb: &Sandbox, name: &str) {
    let admin = support::admin_clients(sb).await;
    admin.s3.create_bucket().bucket(name).send().await.unwrap();
}

/// The binary against `sandbox` as its admin, with `args` after the global flags and the AWS
/// config's region set to `profile_region` (no `--region` flag unless `args` has one).
async fn braze(
    sandbox: &Sandbox,
    home: &Path,
    profile_region: &str,
    args: &[&str],
) -> std::process::Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_braze-s3"))
        .env_clear()
        .envs(support::clean_env(home, &home.join("config")))
        .envs(support::key_env(&sandbox.admin))
        .env("AWS_REGION", profile_region)
        .args(["--endpoint-url", &sandbox.endpoint])
        .args(args)
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .unwrap()
}

/// Item 2: a bucket in AWS China or GovCloud can never serve Braze. `setup` against moto is
/// refused with exit 2 and the reason — whether the region comes from `--region`, from the AWS
/// config, or from an answers file — and nothing is created.
#[tokio::test(flavor = "multi_thread")]
async fn item_2_only_partitions_braze_can_reach() {
    let sb = support::sandbox().await;
    let home = tempfile::tempdir().unwrap();
    let answers = home.path().join("answers.json");
    std::fs::write(
        &answers,
        r#"{"name": "acme-gov", "bucket": "acme-gov", "region": "us-gov-west-1", "auth": "secret-key"}"#,
    )
    .unwrap();
    let setup = ["setup", "--non-interactive", "--auth", "secret-key"];
    let runs: [(&str, Vec<&str>); 4] = [
        (
            "us-east-1",
            [
                &setup[..],
                &["--bucket", "acme-cn", "--region", "cn-north-1"],
            ]
            .concat(),
        ),
        (
            "us-gov-west-1",
            [&setup[..], &["--bucket", "acme-gov"]].concat(),
        ),
        (
            "us-east-1",
            vec![
                "setup",
                "--non-interactive",
                "--answers",
                answers.to_str().unwrap(),
            ],
        ),
        (
            "us-east-1",
            vec!["plan", "--bucket", "acme-cn", "--region", "cn-northwest-1"],
        ),
    ];
    for (profile_region, args) in runs {
        let out = braze(&sb, home.path(), profile_region, &args).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}\n{}", show(&out));
        let err = text(&out.stderr);
        assert!(err.contains("commercial partition"), "{err}");
        assert!(err.contains("across partitions"), "{err}");
    }
    let admin = support::admin_clients(&sb).await;
    let made = inventory(&admin).await;
    assert!(made.buckets.is_empty() && made.users.is_empty(), "{made:?}");
    assert!(made.policies.is_empty(), "{made:?}");
}

/// Item 1: AWS answers `HeadBucket` with 403 for another account's bucket and for the caller's
/// own when `s3:ListBucket` is denied; the proxy turns moto's answer into that 403 and the
/// caller's `ListBuckets` (moto's real one, or a denied one) settles whose it is.
#[tokio::test(flavor = "multi_thread")]
async fn item_1_a_bucket_is_yours_only_when_proven() {
    let sb = support::sandbox().await;
    let proxy = Proxy::start(&sb.endpoint).await;
    let dir = tempfile::tempdir().unwrap();
    let engine = support::engine(&proxy.url, "us-east-1", &sb.admin, dir.path()).await;
    create_bucket(&sb, "acme-mine").await;
    let prepare = |bucket: &'static str| {
        let engine = engine.clone();
        async move { engine.prepare(&answers(bucket)).await.unwrap() }
    };

    // 403 for a name moto does not have and ListBuckets does not list: another account's.
    proxy.fail_on("HeadBucket", 5, 403, "AccessDenied");
    let Prepared { existing, plan } = prepare("acme-theirs").await;
    proxy.restore();
    assert_eq!(existing.bucket, BucketState::OwnedByOther);
    assert!(matches!(
        plan.unwrap_err()[..],
        [PlanError::BucketOwnedByOther(_)]
    ));

    // 403 for our own bucket: ListBuckets lists it, so it is ours and setup may go on.
    proxy.fail_on("HeadBucket", 5, 403, "AccessDenied");
    let Prepared { existing, plan } = prepare("acme-mine").await;
    proxy.restore();
    assert!(
        matches!(existing.bucket, BucketState::Owned(_)),
        "{existing:?}"
    );
    plan.unwrap();

    // 403, and ListBuckets denied too: unverified, and the refusal says both possibilities.
    proxy.fail_on("HeadBucket", 5, 403, "AccessDenied");
    proxy.fail_on("ListBuckets", 5, 403, "AccessDenied");
    let Prepared { existing, plan } = prepare("acme-mine").await;
    proxy.restore();
    assert!(
        matches!(existing.bucket, BucketState::Unverified { .. }),
        "{existing:?}"
    );
    let errors = plan.unwrap_err();
    let msg = errors[0].to_string();
    assert!(
        msg.contains("another AWS account") && msg.contains("s3:ListBucket"),
        "{msg}"
    );
}

async fn put_policy(sb: &Sandbox, bucket: &str, statement: &str) {
    let admin = support::admin_clients(sb).await;
    let doc = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
    admin
        .s3
        .put_bucket_policy()
        .bucket(bucket)
        .policy(doc)
        .send()
        .await
        .unwrap();
}

/// Item 7 on moto: the bucket policy is read before anything changes. None, or the usual
/// HTTPS-only deny: the plan holds. A source-IP condition: a warning. Writes only with
/// `aws:kms`: refused — by `prepare` and by `setup`, which exits 2 having created nothing.
#[tokio::test(flavor = "multi_thread")]
async fn item_7_bucket_policies_are_read_before_anything_changes() {
    let sb = support::sandbox().await;
    let home = tempfile::tempdir().unwrap();
    let engine = support::engine(&sb.endpoint, "us-east-1", &sb.admin, home.path()).await;
    create_bucket(&sb, "acme-policed").await;
    let plan = || async { engine.prepare(&answers("acme-policed")).await.unwrap().plan };

    let p = plan().await.unwrap();
    assert!(!p.warnings.iter().any(|w| w.contains("policy")), "{p:?}");

    let deny_put = r#"{"Sid": "S", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
        "Resource": "arn:aws:s3:::acme-policed/*", "Condition": "#;
    put_policy(
        &sb,
        "acme-policed",
        &format!(r#"{deny_put}{{"Bool": {{"aws:SecureTransport": "false"}}}}}}"#),
    )
    .await;
    let p = plan().await.unwrap();
    assert!(!p.warnings.iter().any(|w| w.contains("policy")), "{p:?}");

    put_policy(
        &sb,
        "acme-policed",
        &format!(r#"{deny_put}{{"NotIpAddress": {{"aws:SourceIp": "203.0.113.0/24"}}}}}}"#),
    )
    .await;
    let p = plan().await.unwrap();
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("may block Braze") && w.contains("aws:SourceIp")),
        "{p:?}"
    );

    put_policy(
        &sb,
        "acme-policed",
        &format!(
            r#"{deny_put}{{"StringNotEquals": {{"s3:x-amz-server-side-encryption": "aws:kms"}}}}}}"#
        ),
    )
    .await;
    let errors = plan().await.unwrap_err();
    assert!(
        matches!(errors[..], [PlanError::BucketPolicyBlocks { .. }]),
        "{errors:?}"
    );

    let out = braze(
        &sb,
        home.path(),
        "us-east-1",
        &[
            "setup",
            "--non-interactive",
            "--auth",
            "secret-key",
            "--bucket",
            "acme-policed",
            "--existing-bucket",
            "--region",
            "us-east-1",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let err = text(&out.stderr);
    assert!(
        err.contains("would block Braze") && err.contains("aws:kms"),
        "{err}"
    );
    let made = inventory(&support::admin_clients(&sb).await).await;
    assert!(
        made.users.is_empty() && made.policies.is_empty(),
        "{made:?}"
    );
}
