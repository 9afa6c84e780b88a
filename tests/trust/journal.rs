//! The tool's promises about what it leaves in AWS, under the real binary against moto.
//!
//! Write-ahead journal: for each create call, moto carries it out, the proxy withholds the
//! answer and the process is SIGKILLed — "killed exactly after AWS acted", before the outcome
//! could be journaled. Then `resume` must finish with exactly one active key, and
//! `resume --undo` must leave nothing behind, listed with the admin's SDK. Also: a refusal is
//! never "gone", and a secret nobody would see is refused before any change.

use std::time::Duration;

use super::support::cli::{BUCKET, Cli, Inventory, access_keys, inventory, show, text, until};

const ROLE_FLAGS: &[&str] = &[
    "--auth",
    "role-arn",
    "--braze-account-id",
    "123456789012",
    "--external-id",
    "braze-external-id-1",
];
const KEY_FLAGS: &[&str] = &["--auth", "secret-key"];

/// Starts a setup and SIGKILLs it once moto has carried out `op` whose answer is withheld.
async fn killed_after(op: &str, flags: &[&str]) -> Cli {
    let cli = Cli::start().await;
    cli.proxy.withhold_on(op);
    let mut child = cli.setup_with(flags);
    let mut exited = None;
    until(
        &format!("moto to carry out {op}"),
        Duration::from_secs(30),
        || {
            if cli.proxy.withheld(op) {
                return Some(());
            }
            if let Ok(Some(status)) = child.try_wait() {
                exited = Some(status);
                return Some(());
            }
            None
        },
    )
    .await;
    child.start_kill().unwrap();
    let out = child.wait_with_output().await.unwrap();
    assert!(
        exited.is_none(),
        "the setup ended before {op}:\n{}",
        show(&out)
    );
    cli.proxy.restore();
    cli
}

/// Killed after `op`, then `resume`: a working connector, and exactly one active key.
async fn killed_then_resumed(op: &str, flags: &[&str]) {
    let cli = killed_after(op, flags).await;
    let out = cli.run(&["resume", "--yes", "--wait", "20"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        text(&out.stdout).contains(&format!("Resuming the setup of {BUCKET}")),
        "{}",
        show(&out)
    );
    let admin = cli.admin().await;
    let inv = inventory(&admin).await;
    assert_eq!(inv.buckets, [BUCKET], "{inv:?}");
    assert_eq!(inv.policies.len(), 1, "{inv:?}");
    let profile = std::fs::read_to_string(cli.config().join(format!("sandbox/{BUCKET}.json")))
        .expect("resume saved the profile");
    if flags == KEY_FLAGS {
        assert_eq!((inv.users.len(), inv.roles.len()), (1, 0), "{inv:?}");
        let keys = access_keys(&admin, &inv.users[0]).await;
        assert_eq!(keys.len(), 1, "exactly one active key: {keys:?}");
        assert!(profile.contains(&keys[0]), "the profile holds that key");
    } else {
        assert_eq!((inv.users.len(), inv.roles.len()), (0, 1), "{inv:?}");
    }
    let again = cli.run(&["resume", "--yes"]).await;
    assert!(
        text(&again.stdout).contains("No interrupted setups"),
        "{}",
        show(&again)
    );
}

/// Killed after `op`, then `resume --undo`: nothing the run made is left.
async fn killed_then_undone(op: &str, flags: &[&str]) {
    let cli = killed_after(op, flags).await;
    let admin = cli.admin().await;
    assert_ne!(inventory(&admin).await, Inventory::default());
    let out = cli.run(&["resume", "--undo", "--yes"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(text(&out.stdout).contains("Rolled back"), "{}", show(&out));
    assert!(!text(&out.stdout).contains('✗'), "{}", show(&out));
    assert_eq!(
        inventory(&admin).await,
        Inventory::default(),
        "{}",
        show(&out)
    );
    let again = cli.run(&["resume", "--yes"]).await;
    assert!(text(&again.stdout).contains("No interrupted setups"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_create_bucket_resumes() {
    killed_then_resumed("CreateBucket", KEY_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_create_bucket_undoes_to_nothing() {
    killed_then_undone("CreateBucket", KEY_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_create_policy_resumes() {
    killed_then_resumed("CreatePolicy", KEY_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_create_policy_undoes_to_nothing() {
    killed_then_undone("CreatePolicy", KEY_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_create_user_resumes() {
    killed_then_resumed("CreateUser", KEY_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_create_user_undoes_to_nothing() {
    killed_then_undone("CreateUser", KEY_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_attach_user_policy_resumes() {
    killed_then_resumed("AttachUserPolicy", KEY_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_attach_user_policy_undoes_to_nothing() {
    killed_then_undone("AttachUserPolicy", KEY_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_create_access_key_resumes_with_exactly_one_key() {
    killed_then_resumed("CreateAccessKey", KEY_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_create_access_key_undoes_to_nothing() {
    killed_then_undone("CreateAccessKey", KEY_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_create_role_resumes() {
    killed_then_resumed("CreateRole", ROLE_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_create_role_undoes_to_nothing() {
    killed_then_undone("CreateRole", ROLE_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_attach_role_policy_resumes() {
    killed_then_resumed("AttachRolePolicy", ROLE_FLAGS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_after_attach_role_policy_undoes_to_nothing() {
    killed_then_undone("AttachRolePolicy", ROLE_FLAGS).await;
}

/// Killed during the live test (its object written, the answer withheld): undo deletes the
/// tool's own test object, so the bucket it created goes too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_ahead_killed_during_the_live_test_undoes_the_test_object_and_the_bucket() {
    killed_then_undone("PutObject", KEY_FLAGS).await;
}

/// Item 4: a 403 on `HeadBucket` is not "gone": teardown says it could not check, keeps the
/// bucket in the journal and the profile, and exits 1; once allowed, teardown finishes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_is_never_gone_teardown_keeps_a_bucket_it_may_not_check() {
    let cli = Cli::start().await;
    let setup = cli.setup().wait_with_output().await.unwrap();
    assert_eq!(setup.status.code(), Some(0), "{}", show(&setup));
    // A 403 nothing settles: ListBuckets is denied too, so whose the bucket is stays unproven.
    cli.proxy.fail_on("HeadBucket", 100, 403, "AccessDenied");
    cli.proxy.fail_on("ListBuckets", 100, 403, "AccessDenied");
    let out = cli
        .run(&["teardown", BUCKET, "--yes", "--delete-bucket"])
        .await;
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("✗ could not delete bucket {BUCKET}"))
            && stdout.contains("access denied"),
        "{}",
        show(&out)
    );
    assert!(!stdout.contains("already gone"), "{}", show(&out));
    assert!(
        text(&out.stderr).contains(&format!("remain(s): bucket {BUCKET}")),
        "{}",
        show(&out)
    );
    let admin = cli.admin().await;
    assert_eq!(inventory(&admin).await.buckets, [BUCKET]);
    assert!(cli.config().join(format!("sandbox/{BUCKET}.json")).exists());

    cli.proxy.restore();
    let again = cli
        .run(&["teardown", BUCKET, "--yes", "--delete-bucket"])
        .await;
    assert_eq!(again.status.code(), Some(0), "{}", show(&again));
    assert_eq!(inventory(&admin).await, Inventory::default());
}

/// Item 8: `--no-store-secret` into a pipe without `--show-secret` is refused before any
/// change; with `--show-secret` the secret is printed and not saved; `resume` keeps the
/// interrupted run's choice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_store_secret_is_safe_refused_when_nobody_would_see_the_secret() {
    let cli = Cli::start().await;
    let refused = cli
        .setup_with(&["--auth", "secret-key", "--no-store-secret"])
        .wait_with_output()
        .await
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "{}", show(&refused));
    assert!(
        text(&refused.stderr).contains("add --show-secret"),
        "{}",
        show(&refused)
    );
    let admin = cli.admin().await;
    assert_eq!(inventory(&admin).await, Inventory::default(), "no change");

    // Interrupted after the user exists, with the secret to be shown, not stored.
    cli.proxy.withhold_on("CreateUser");
    let mut child = cli.setup_with(&["--auth", "secret-key", "--no-store-secret", "--show-secret"]);
    until("moto to create the user", Duration::from_secs(30), || {
        cli.proxy.withheld("CreateUser").then_some(())
    })
    .await;
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    cli.proxy.restore();
    let unseen = cli.run(&["resume", "--yes"]).await;
    assert_eq!(unseen.status.code(), Some(2), "{}", show(&unseen));
    let out = cli
        .run(&["resume", "--yes", "--show-secret", "--wait", "20"])
        .await;
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let profile =
        std::fs::read_to_string(cli.config().join(format!("sandbox/{BUCKET}.json"))).unwrap();
    assert!(!profile.contains("secret_access_key"), "{profile}");
    let secret_line = text(&out.stdout)
        .lines()
        .find(|l| l.contains("AWS Secret Access Key"))
        .map(str::to_string)
        .unwrap_or_default();
    assert!(
        !secret_line.is_empty() && !secret_line.contains("hidden"),
        "the secret is shown once: {}",
        show(&out)
    );
    let inv = inventory(&admin).await;
    assert_eq!(access_keys(&admin, &inv.users[0]).await.len(), 1);
}
