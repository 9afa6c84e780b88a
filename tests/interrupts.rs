//! Interrupts are prompt everywhere (issue 9, item 7): SIGINT or SIGTERM while the live test
//! waits out IAM propagation stops the real binary at once — exit 130, and stderr says what
//! exists and how to resume or undo — instead of after `--wait` runs out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use braze_s3::sandbox::Sandbox;
use support::proxy::Proxy;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};

const BUCKET: &str = "killed-braze";

/// A moto server, the fault proxy in front of it, and a HOME with the config inside.
struct Rig {
    sandbox: Sandbox,
    proxy: Proxy,
    home: tempfile::TempDir,
}

impl Rig {
    async fn start() -> Rig {
        let sandbox = support::sandbox().await;
        let proxy = Proxy::start(&sandbox.endpoint).await;
        Rig {
            sandbox,
            proxy,
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn config(&self) -> PathBuf {
        self.home.path().join("config")
    }

    fn command(&self, args: &[&str]) -> tokio::process::Command {
        let mut c = support::binary(
            self.home.path(),
            &self.config(),
            &self.proxy.url,
            &self.sandbox.admin,
        );
        c.args(args);
        c
    }

    /// The new key stays unknown: every `ListObjectsV2` answers `InvalidAccessKeyId`.
    fn key_never_active(&self) {
        self.proxy
            .fail_on("ListObjectsV2", 1_000_000, 403, "InvalidAccessKeyId");
    }

    /// Runs `args`, sends `signal` once the live test waits out propagation, and checks the
    /// binary then stops within seconds with exit 130. Returns its stderr.
    async fn interrupted(&self, args: &[&str], signal: &str) -> String {
        let mut child = self
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = String::new();
        let waiting = async {
            while let Some(line) = lines.next_line().await.unwrap() {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains("list bucket: new key not active yet, retrying in") {
                    return true;
                }
            }
            false
        };
        let started = tokio::time::timeout(Duration::from_secs(60), waiting).await;
        assert!(
            matches!(started, Ok(true)),
            "no propagation wait seen:\n{seen}"
        );

        let pid = child.id().unwrap().to_string();
        let sent = Instant::now();
        let killed = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
            .await
            .unwrap_or_else(|_| panic!("still running 10 s after SIG{signal}:\n{seen}"))
            .unwrap();
        let took = sent.elapsed();
        let mut err = String::new();
        let mut stderr = child.stderr.take().unwrap();
        stderr.read_to_string(&mut err).await.unwrap();
        assert_eq!(status.code(), Some(130), "SIG{signal}:\n{seen}\n{err}");
        assert!(
            took < Duration::from_secs(5),
            "SIG{signal} took {took:?} to stop the live test"
        );
        err
    }
}

/// A setup whose live test may wait a minute: long enough to be interrupted.
fn setup() -> Vec<&'static str> {
    support::cli::key_setup_flags(BUCKET, "60")
}

/// Setup interrupted while testing: what exists and how to resume or undo it.
async fn setup_interrupted(rig: &Rig, signal: &str) {
    rig.key_never_active();
    let err = rig.interrupted(&setup(), signal).await;
    for needed in [
        "stopped on request during the credential test",
        "create an access key for user braze-s3-killed-braze",
        &format!("`braze-s3 resume {BUCKET}`"),
        &format!("`braze-s3 resume {BUCKET} --undo`"),
    ] {
        assert!(err.contains(needed), "missing {needed:?}:\n{err}");
    }
    let journal = rig
        .config()
        .join(format!("sandbox/journals/{BUCKET}.jsonl"));
    assert!(journal.exists(), "the journal is kept");
    assert!(!rig.config().join(format!("sandbox/{BUCKET}.json")).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interrupts_are_prompt_during_the_live_test_sigint_then_resume_finishes() {
    let rig = Rig::start().await;
    setup_interrupted(&rig, "INT").await;
    // What stderr promised: resume finishes the setup once the key works.
    rig.proxy.restore();
    let out = rig
        .command(&["resume", BUCKET, "--wait", "20"])
        .output()
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(rig.config().join(format!("sandbox/{BUCKET}.json")).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interrupts_are_prompt_during_the_live_test_sigterm() {
    setup_interrupted(&Rig::start().await, "TERM").await;
}

/// `braze-s3 test NAME` too: stopped at once, and the saved profile is left as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interrupts_are_prompt_during_the_live_test_of_a_saved_connector() {
    let rig = Rig::start().await;
    let setup = rig.command(&setup()).output().await.unwrap();
    assert_eq!(
        setup.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let profile = rig.config().join(format!("sandbox/{BUCKET}.json"));
    let before = std::fs::read(&profile).unwrap();
    rig.key_never_active();
    let err = rig
        .interrupted(&["test", BUCKET, "--wait", "60"], "INT")
        .await;
    assert!(
        err.contains(&format!("the test of {BUCKET} did not finish")),
        "{err}"
    );
    assert_eq!(std::fs::read(&profile).unwrap(), before);
}
