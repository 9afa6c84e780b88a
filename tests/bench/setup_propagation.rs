//! Bench (ignored by default; `benches/setup_propagation.sh` runs it): `setup
//! --non-interactive` end to end through the fault proxy, which adds 60 ms to every request and
//! makes each new key answer `InvalidAccessKeyId` for 8 s and then `AccessDenied` for 2 s, as
//! AWS does — beside the manual AWS CLI script through the same proxy, retrying its first call
//! with the new key until it passes. Prints the medians of 3 runs and the time over the 10 s
//! propagation floor.
//!
//! The binary is `$BRAZE_S3_BIN` when set (the script passes the release build), else the
//! debug build cargo made for this test. `BENCH_RUNS=N` changes the number of runs,
//! `BENCH_NO_CLI=1` skips the CLI baseline, `BENCH_TIMELINE=1` prints every request seen.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use secrecy::ExposeSecret;

use super::support;
use super::support::proxy::Proxy;

const RUNS: usize = 3;
const LATENCY: Duration = Duration::from_millis(60);
const UNKNOWN: Duration = Duration::from_secs(8);
const DENIED: Duration = Duration::from_secs(2);
const TARGET_OVER_FLOOR: Duration = Duration::from_millis(1500);

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn braze_setup(
    home: &Path,
    endpoint: &str,
    admin: &braze_s3::aws::clients::StaticCredentials,
    bucket: &str,
) {
    let bin =
        std::env::var_os("BRAZE_S3_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_braze-s3").into());
    let out = Command::new(bin)
        .env_clear()
        .envs(support::clean_env(home, &home.join("config")))
        .envs(support::key_env(admin))
        .args(["--endpoint-url", endpoint, "--region", "us-east-1"])
        .args(["setup", "--non-interactive", "--bucket", bucket, "--json"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "braze-s3 setup failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One `aws` call; `Err` with its stderr when it fails.
fn aws(endpoint: &str, key: (&str, &str), args: &[&str]) -> Result<String, String> {
    let out = Command::new("aws")
        .env("AWS_ACCESS_KEY_ID", key.0)
        .env("AWS_SECRET_ACCESS_KEY", key.1)
        .env_remove("AWS_PROFILE")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args([
            "--endpoint-url",
            endpoint,
            "--region",
            "us-east-1",
            "--output",
            "text",
        ])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).to_string())
    }
}

/// The manual Currents + secret-key setup a person would script (as `benches/e2e_vs_cli.py`),
/// its first call with the new key retried at once until IAM has propagated.
fn cli_setup(dir: &Path, endpoint: &str, admin: (&str, &str), bucket: &str) {
    let must = |key: (&str, &str), args: &[&str]| {
        aws(endpoint, key, args).unwrap_or_else(|e| panic!("aws {args:?} failed: {e}"))
    };
    let user = format!("braze-{bucket}");
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":["s3:ListBucket","s3:GetBucketLocation"],"Resource":["arn:aws:s3:::{bucket}"]}},{{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":["arn:aws:s3:::{bucket}/*"]}}]}}"#
    );
    let body = dir.join("body.txt");
    std::fs::write(&body, "braze-s3 bench\n").unwrap();
    let account = must(admin, &["sts", "get-caller-identity", "--query", "Account"]);
    must(admin, &["s3api", "create-bucket", "--bucket", bucket]);
    must(
        admin,
        &[
            "s3api",
            "put-public-access-block",
            "--bucket",
            bucket,
            "--public-access-block-configuration",
            "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        ],
    );
    let policy_name = format!("{user}-currents");
    must(
        admin,
        &[
            "iam",
            "create-policy",
            "--policy-name",
            &policy_name,
            "--policy-document",
            &policy,
        ],
    );
    must(admin, &["iam", "create-user", "--user-name", &user]);
    let arn = format!("arn:aws:iam::{account}:policy/{policy_name}");
    must(
        admin,
        &[
            "iam",
            "attach-user-policy",
            "--user-name",
            &user,
            "--policy-arn",
            &arn,
        ],
    );
    let created = must(
        admin,
        &[
            "iam",
            "create-access-key",
            "--user-name",
            &user,
            "--query",
            "AccessKey.[AccessKeyId,SecretAccessKey]",
        ],
    );
    let mut parts = created.split_whitespace();
    let key = (parts.next().unwrap(), parts.next().unwrap());
    let list = [
        "s3api",
        "list-objects-v2",
        "--bucket",
        bucket,
        "--max-keys",
        "1",
    ];
    while aws(endpoint, key, &list).is_err() {}
    must(key, &["s3api", "get-bucket-location", "--bucket", bucket]);
    let body = body.to_string_lossy();
    must(
        key,
        &[
            "s3api",
            "put-object",
            "--bucket",
            bucket,
            "--key",
            "currents/test.txt",
            "--body",
            &body,
        ],
    );
    let sink = dir.join("out.txt");
    must(
        key,
        &[
            "s3api",
            "get-object",
            "--bucket",
            bucket,
            "--key",
            "currents/test.txt",
            &sink.to_string_lossy(),
        ],
    );
    must(
        admin,
        &[
            "s3api",
            "delete-object",
            "--bucket",
            bucket,
            "--key",
            "currents/test.txt",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a bench: run by benches/setup_propagation.sh (about a minute and a half)"]
async fn bench_setup_through_slow_propagation() {
    let sandbox = support::sandbox().await;
    let proxy = Proxy::start(&sandbox.endpoint).await;
    proxy.delay(LATENCY);
    proxy.propagate_new_keys(UNKNOWN, DENIED);
    let floor = UNKNOWN + DENIED;
    let admin = &sandbox.admin;
    let admin_pair = (
        admin.access_key_id.clone(),
        admin.secret_access_key.expose_secret().to_string(),
    );
    let endpoint = proxy.url.clone();
    let cli = which_aws() && std::env::var_os("BENCH_NO_CLI").is_none();
    let (ours, theirs) = tokio::task::spawn_blocking({
        let admin = admin.clone();
        move || {
            let dir = tempfile::tempdir().unwrap();
            let mut ours = Vec::new();
            let mut theirs = Vec::new();
            for i in 0..runs() {
                let started = Instant::now();
                braze_setup(dir.path(), &endpoint, &admin, &format!("bench-ours-{i}"));
                ours.push(started.elapsed());
                if cli {
                    let started = Instant::now();
                    let pair = (admin_pair.0.as_str(), admin_pair.1.as_str());
                    cli_setup(dir.path(), &endpoint, pair, &format!("bench-cli-{i}"));
                    theirs.push(started.elapsed());
                }
            }
            (ours, theirs)
        }
    })
    .await
    .unwrap();
    if std::env::var_os("BENCH_TIMELINE").is_some() {
        // Every request of the first run, to see where the time goes.
        let seen = proxy.seen();
        let start = seen[0].at;
        for s in seen.iter().take_while(|s| !s.op.contains("bench-cli")) {
            eprintln!(
                "{:>8.3} {:<28} {:?} {}",
                s.at.duration_since(start).as_secs_f64(),
                s.op,
                s.status,
                s.access_key_id.as_deref().unwrap_or("-")
            );
        }
    }
    let list = |v: &[Duration]| v.iter().map(|d| secs(*d)).collect::<Vec<_>>().join(", ");
    let m = median(ours.clone());
    let over = m.saturating_sub(floor);
    eprintln!(
        "setup-propagation: braze-s3 setup --non-interactive median {} over {} runs ({}); {} over the {} propagation floor (target < {}): {}",
        secs(m),
        ours.len(),
        list(&ours),
        secs(over),
        secs(floor),
        secs(TARGET_OVER_FLOOR),
        if over < TARGET_OVER_FLOOR {
            "met"
        } else {
            "MISSED"
        }
    );
    if theirs.is_empty() {
        eprintln!("setup-propagation: aws CLI not on PATH: no manual baseline");
    } else {
        eprintln!(
            "setup-propagation: aws CLI script median {} over {} runs ({})",
            secs(median(theirs.clone())),
            theirs.len(),
            list(&theirs)
        );
    }
}

/// `BENCH_RUNS` runs (default 3).
fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(RUNS)
}

fn which_aws() -> bool {
    Command::new("aws")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}
