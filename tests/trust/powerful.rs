//! Item 6: no adopting a powerful identity — the real binary, refusing before any change.

use std::process::Stdio;

use braze_s3::aws::clients::Clients;

use super::{World, support, user_policies, world};
use support::cli::access_keys;

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
    let mut flags = support::cli::key_setup_flags(bucket, "20");
    flags.extend(["--user-name", user]);
    flags.into_iter().map(String::from).collect()
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
    let admin_keys = access_keys(&w.admin, "admin").await;
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
    assert_eq!(access_keys(&w.admin, "admin").await, admin_keys);

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
        assert!(access_keys(&w.admin, user).await.is_empty());
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
