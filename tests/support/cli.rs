//! The real binary against moto through the fault proxy: its config and cache dirs, the
//! account's inventory as the admin sees it, and polling helpers.
#![allow(dead_code)] // each test binary uses a different subset
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use aws_sdk_iam::types::PolicyScopeType;
use braze_s3::aws::clients::Clients;
use braze_s3::sandbox::Sandbox;

use super::proxy::Proxy;

/// The connector (and bucket) every `Cli` setup makes.
pub const BUCKET: &str = "killed-braze";

/// What the account holds besides the sandbox admin: users, customer policies, buckets.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    pub users: Vec<String>,
    pub roles: Vec<String>,
    pub policies: Vec<String>,
    pub buckets: Vec<String>,
}

pub async fn inventory(admin: &Clients) -> Inventory {
    let users = admin.iam.list_users().send().await.unwrap();
    let policies = admin
        .iam
        .list_policies()
        .scope(PolicyScopeType::Local)
        .send()
        .await
        .unwrap();
    let buckets = admin.s3.list_buckets().send().await.unwrap();
    let roles = admin.iam.list_roles().send().await.unwrap();
    Inventory {
        roles: roles
            .roles()
            .iter()
            .map(|r| r.role_name().to_string())
            .collect(),
        users: users
            .users()
            .iter()
            .map(|u| u.user_name().to_string())
            .filter(|n| n != "admin")
            .collect(),
        policies: policies
            .policies()
            .iter()
            .filter_map(|p| p.policy_name().map(str::to_string))
            .collect(),
        buckets: buckets
            .buckets()
            .iter()
            .filter_map(|b| b.name().map(str::to_string))
            .collect(),
    }
}

/// The user's access key IDs, sorted.
pub async fn access_keys(admin: &Clients, user: &str) -> Vec<String> {
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

/// Polls `f` every 5 ms until it gives a value, failing after `within`.
pub async fn until<T>(what: &str, within: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + within;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            Instant::now() < end,
            "timed out after {within:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The binary, talking to the proxy as the sandbox admin, with its own config and cache dirs.
pub struct Cli {
    pub sandbox: Sandbox,
    pub proxy: Proxy,
    pub home: tempfile::TempDir,
}

impl Cli {
    pub async fn start() -> Cli {
        let sandbox = super::sandbox().await;
        let proxy = Proxy::start(&sandbox.endpoint).await;
        Cli {
            sandbox,
            proxy,
            home: tempfile::tempdir().unwrap(),
        }
    }

    pub fn config(&self) -> PathBuf {
        self.home.path().join("config")
    }

    pub fn journal(&self) -> PathBuf {
        self.config()
            .join("sandbox")
            .join("journals")
            .join(format!("{BUCKET}.jsonl"))
    }

    pub fn journal_lines(&self) -> usize {
        std::fs::read(self.journal())
            .map(|b| b.iter().filter(|&&c| c == b'\n').count())
            .unwrap_or(0)
    }

    pub fn command(&self, args: &[&str]) -> tokio::process::Command {
        let mut c = super::binary(
            self.home.path(),
            &self.config(),
            &self.proxy.url,
            &self.sandbox.admin,
        );
        c.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
        c
    }

    /// A Currents setup with a secret key, in the background.
    pub fn setup(&self) -> tokio::process::Child {
        self.setup_with(&["--auth", "secret-key"])
    }

    /// A Currents setup of `BUCKET` with these extra flags, in the background.
    pub fn setup_with(&self, extra: &[&str]) -> tokio::process::Child {
        let mut args = setup_flags(BUCKET, "20");
        args.extend_from_slice(extra);
        self.command(&args).spawn().unwrap()
    }

    pub async fn run(&self, args: &[&str]) -> std::process::Output {
        self.command(args).output().await.unwrap()
    }

    pub async fn admin(&self) -> Clients {
        super::admin_clients(&self.sandbox).await
    }
}

/// A non-interactive Currents setup of `bucket` that waits at most `wait` seconds for its live
/// test; the auth method and other flags follow.
pub fn setup_flags<'a>(bucket: &'a str, wait: &'a str) -> Vec<&'a str> {
    vec![
        "setup",
        "--non-interactive",
        "--integration",
        "currents",
        "--bucket",
        bucket,
        "--wait",
        wait,
    ]
}

/// The same with a secret key.
pub fn key_setup_flags<'a>(bucket: &'a str, wait: &'a str) -> Vec<&'a str> {
    let mut flags = setup_flags(bucket, wait);
    flags.extend(["--auth", "secret-key"]);
    flags
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn show(out: &std::process::Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    )
}
