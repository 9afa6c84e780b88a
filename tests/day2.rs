//! Day 2 end to end, the real binary against moto (one server per test): `rotate` (and a
//! rotation killed half-way), `doctor` against drift made by hand with the admin's SDK, and
//! `watch` as Braze's files land.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::{Duration, SystemTime};

use aws_sdk_s3::primitives::ByteStream;
use braze_s3::aws::clients::{Clients, StaticCredentials};
use serde_json::Value;
use support::cli::{BUCKET, Cli, access_keys, show, text, until};

const USER: &str = "braze-s3-killed-braze";
const ROLE_BUCKET: &str = "role-braze";
/// Where Braze's Currents writes, as Braze names it — but `event_type-`/`date-` for Braze's
/// `event_type=`/`date=`: moto mis-signs an object key with `=` (AWS does not).
const AVRO: &str = "currents/dataexport.prod-01.S3.integration.abc/event_type-users.messages.email.Send/date-2026-11-30-18/0.avro";

fn profile(cli: &Cli, name: &str) -> Value {
    let path = cli.config().join(format!("sandbox/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn credential(cli: &Cli) -> Value {
    profile(cli, BUCKET)["credentials"][0].clone()
}

async fn setup(cli: &Cli) {
    let out = cli.setup().wait_with_output().await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
}

async fn put(admin: &Clients, key: &str) {
    admin
        .s3
        .put_object()
        .bucket(BUCKET)
        .key(key)
        .body(ByteStream::from_static(b"avro"))
        .send()
        .await
        .unwrap();
}

/// RFC 3339, `days` from now.
fn days_from_now(days: u64) -> String {
    let t = SystemTime::now() + Duration::from_secs(days * 86_400 + 3600);
    humantime::format_rfc3339_seconds(t).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotate_a_killed_rotation_resumes_then_rotate_and_finish() {
    let cli = Cli::start().await;
    setup(&cli).await;
    let admin = cli.admin().await;
    let old = credential(&cli)["access_key_id"]
        .as_str()
        .unwrap()
        .to_string();

    // Killed once AWS made the second key, before its answer came back: resume deletes it.
    cli.proxy.withhold_on("CreateAccessKey");
    let mut child = cli
        .command(&["rotate", BUCKET, "--wait", "20"])
        .spawn()
        .unwrap();
    until("moto to make the key", Duration::from_secs(30), || {
        cli.proxy.withheld("CreateAccessKey").then_some(())
    })
    .await;
    child.start_kill().unwrap();
    let _ = child.wait().await;
    cli.proxy.restore();
    assert_eq!(access_keys(&admin, USER).await.len(), 2);
    let out = cli.run(&["resume", "--yes", "--wait", "20"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        text(&out.stdout).contains("Deleted 1 access key(s)"),
        "{}",
        show(&out)
    );
    assert_eq!(access_keys(&admin, USER).await, std::slice::from_ref(&old));
    assert_eq!(credential(&cli)["access_key_id"], old.as_str());

    // Step one: a second key, tested and saved next to the old key's ID.
    let out = cli.run(&["rotate", BUCKET, "--wait", "20"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let c = credential(&cli);
    let new = c["access_key_id"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert_eq!(c["previous_access_key_id"], old.as_str());
    assert!(c["secret_access_key"].is_string());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("AWS Access ID                    {new}")),
        "{stdout}"
    );
    assert!(
        stdout.contains("(hidden: stdout is not a terminal"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("rotate {BUCKET} --finish")),
        "{stdout}"
    );
    let mut both = vec![old.clone(), new.clone()];
    both.sort();
    assert_eq!(access_keys(&admin, USER).await, both);

    // Not twice at once; and --finish --yes refuses a key with no recorded use.
    let out = cli.run(&["rotate", BUCKET]).await;
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        text(&out.stderr).contains("waiting to finish"),
        "{}",
        show(&out)
    );
    let out = cli.run(&["rotate", BUCKET, "--finish", "--yes"]).await;
    assert_eq!(out.status.code(), Some(3), "{}", show(&out));
    let stdout = text(&out.stdout);
    // The tool's own live test used the new key; moto versions that record no use say so.
    assert!(
        stdout.contains("braze-s3's own test") || stdout.contains("not available here"),
        "{}",
        show(&out)
    );
    assert!(text(&out.stderr).contains("--force"), "{}", show(&out));
    assert_eq!(access_keys(&admin, USER).await.len(), 2);

    // Braze uses the new key (a second later than the rotation): --yes is enough where the
    // endpoint records use; where it does not, only --force deletes the old key.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let secret = credential(&cli)["secret_access_key"]
        .as_str()
        .unwrap()
        .to_string();
    let braze = support::clients_as(&cli.sandbox, &StaticCredentials::new(&new, secret)).await;
    braze
        .s3
        .list_objects_v2()
        .bucket(BUCKET)
        .send()
        .await
        .unwrap();
    let mut out = cli.run(&["rotate", BUCKET, "--finish", "--yes"]).await;
    if out.status.code() == Some(3) && text(&out.stdout).contains("not available here") {
        out = cli
            .run(&["rotate", BUCKET, "--finish", "--yes", "--force"])
            .await;
    }
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        text(&out.stdout).contains(&format!("✓ deleted the old key {old}")),
        "{}",
        show(&out)
    );
    assert_eq!(access_keys(&admin, USER).await, std::slice::from_ref(&new));
    assert!(credential(&cli).get("previous_access_key_id").is_none());
    let journal = std::fs::read_to_string(cli.journal()).unwrap();
    assert!(
        journal.lines().last().unwrap().contains(&format!(
            "\"removed\":{{\"resource\":\"access-key\",\"user\":\"{USER}\",\"id\":\"{old}\""
        )),
        "{journal}"
    );
    let out = cli.run(&["test", BUCKET, "--wait", "20"]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "the new key works: {}",
        show(&out)
    );
}

/// `--json` with what changes from run to run (times, key IDs, check details) replaced.
fn redacted(mut v: Value) -> Value {
    fn walk(v: &mut Value, key: &str) {
        match v {
            // The live test's own wording belongs to its checks, not to doctor.
            Value::Object(m) if m.get("check") == Some(&Value::from("live test")) => {
                m.insert("summary".into(), Value::from("[live test]"));
            }
            Value::Object(m) => m.iter_mut().for_each(|(k, v)| walk(v, k)),
            Value::Array(a) => a.iter_mut().for_each(|v| walk(v, key)),
            Value::String(s)
                if ["checked_at", "created", "at", "written", "detail"].contains(&key) =>
            {
                *s = format!("[{key}]");
            }
            Value::String(s) => {
                while let Some(i) = s.find("AKIA") {
                    s.replace_range(i..(i + 20).min(s.len()), "[KEY]");
                }
            }
            Value::Number(_) if key.starts_with("age_") => *v = Value::String(format!("[{key}]")),
            _ => {}
        }
    }
    walk(&mut v, "");
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_healthy_then_warnings_then_drift_made_by_hand_then_bucket_gone() {
    let cli = Cli::start().await;
    setup(&cli).await;
    let role = cli
        .run(&[
            "setup",
            "--non-interactive",
            "--integration",
            "data-export",
            "--auth",
            "role-arn",
            "--bucket",
            ROLE_BUCKET,
            "--braze-account-id",
            "111122223333",
            "--external-id",
            "braze-ext-42",
        ])
        .await;
    assert_eq!(role.status.code(), Some(0), "{}", show(&role));
    let out = cli.run(&["rotate", ROLE_BUCKET]).await;
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        text(&out.stderr).contains("there is no secret to rotate"),
        "{}",
        show(&out)
    );

    let out = cli.run(&["doctor", "--wait", "5"]).await;
    assert_eq!(out.status.code(), Some(0), "healthy: {}", show(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("✓ {BUCKET}")) && stdout.contains("no Braze files yet"),
        "{stdout}"
    );
    assert!(stdout.contains("made just now, last use"), "{stdout}");

    // Braze wrote once; 100 days later the key is old and the folder is stale: warnings.
    let admin = cli.admin().await;
    put(&admin, AVRO).await;
    let at = days_from_now(100);
    let out = cli
        .run(&["doctor", BUCKET, "--wait", "5", "--at", &at])
        .await;
    assert_eq!(out.status.code(), Some(4), "warnings only: {}", show(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("! key age:")
            && stdout.contains(&format!("fix: `braze-s3 rotate {BUCKET}`")),
        "{stdout}"
    );
    assert!(
        stdout.contains("! freshness:") && stdout.contains("dataexport.prod-01"),
        "{stdout}"
    );

    // Drift by hand: policy detached, a key added, SSE-KMS on, a Deny in the bucket policy,
    // the role's external ID changed.
    let arn = format!("arn:aws:iam::123456789012:policy/braze-s3-{BUCKET}-currents");
    admin
        .iam
        .detach_user_policy()
        .user_name(USER)
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    admin
        .iam
        .create_access_key()
        .user_name(USER)
        .send()
        .await
        .unwrap();
    let kms = r#"{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}"#;
    let conf: aws_sdk_s3::types::ServerSideEncryptionConfiguration = {
        use aws_sdk_s3::types::*;
        let _ = kms;
        ServerSideEncryptionConfiguration::builder()
            .rules(
                ServerSideEncryptionRule::builder()
                    .apply_server_side_encryption_by_default(
                        ServerSideEncryptionByDefault::builder()
                            .sse_algorithm(ServerSideEncryption::AwsKms)
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .build()
            .unwrap()
    };
    admin
        .s3
        .put_bucket_encryption()
        .bucket(BUCKET)
        .server_side_encryption_configuration(conf)
        .send()
        .await
        .unwrap();
    let deny = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"NoPuts","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{BUCKET}/*"}}]}}"#
    );
    admin
        .s3
        .put_bucket_policy()
        .bucket(BUCKET)
        .policy(deny)
        .send()
        .await
        .unwrap();
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"someone-else"}}}]}"#;
    admin
        .iam
        .update_assume_role_policy()
        .role_name(format!("braze-s3-{ROLE_BUCKET}"))
        .policy_document(trust)
        .send()
        .await
        .unwrap();

    let out = cli.run(&["doctor", "--json", "--wait", "1"]).await;
    assert_eq!(out.status.code(), Some(3), "failing: {}", show(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!("doctor_drift", redacted(report));
    let out = cli.run(&["doctor", BUCKET, "--wait", "1"]).await;
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("✗ {BUCKET}")) && stdout.contains("fix: switch it to SSE-S3"),
        "{stdout}"
    );

    // The bucket deleted (emptied first): gone, and how to make it again.
    let objects = admin
        .s3
        .list_objects_v2()
        .bucket(BUCKET)
        .send()
        .await
        .unwrap();
    for o in objects.contents() {
        admin
            .s3
            .delete_object()
            .bucket(BUCKET)
            .key(o.key().unwrap())
            .send()
            .await
            .unwrap();
    }
    admin
        .s3
        .delete_bucket()
        .bucket(BUCKET)
        .send()
        .await
        .unwrap();
    let out = cli.run(&["doctor", BUCKET, "--wait", "1"]).await;
    assert_eq!(out.status.code(), Some(3), "{}", show(&out));
    assert!(
        text(&out.stdout).contains(&format!("bucket {BUCKET} is gone")),
        "{}",
        show(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_times_out_with_advice_then_prints_braze_files_as_they_land() {
    let cli = Cli::start().await;
    setup(&cli).await;
    let out = cli
        .run(&["watch", BUCKET, "--timeout", "1", "--interval", "0.2"])
        .await;
    assert_eq!(out.status.code(), Some(3), "{}", show(&out));
    assert!(
        text(&out.stderr).contains("Send Test Events"),
        "{}",
        show(&out)
    );
    assert!(text(&out.stderr).contains("every 5 minutes or every 15,000 events"));

    let child = cli
        .command(&[
            "watch",
            BUCKET,
            "--once",
            "--timeout",
            "30",
            "--interval",
            "0.2",
        ])
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let admin = cli.admin().await;
    put(&admin, "currents/braze-s3-connection-test-1.txt").await; // not Braze's
    put(&admin, AVRO).await;
    let out = child.wait_with_output().await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("new: {AVRO}  4 bytes")),
        "{stdout}"
    );
    assert!(!stdout.contains("connection-test"), "{stdout}");
}
