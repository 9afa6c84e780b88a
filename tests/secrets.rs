//! The secret access key never leaks (issue 5, item 4): not into the log at `RUST_LOG=trace`,
//! not to stderr, not to stdout (a pipe is not a terminal), not into `--json` output unless
//! `--show-secret`, not from `connectors show`, not in error messages or `Debug` output; and the
//! tool refuses to run when `LOG_SENSITIVE_BODIES` would make the SDK log response bodies.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use braze_s3::domain::names::ConnectorName;
use braze_s3::sandbox::Sandbox;
use braze_s3::store::profile::ProfileStore;
use secrecy::ExposeSecret;

/// The binary against a moto server, as its admin, with HOME, the cache (where the log goes)
/// and the config all inside one temporary directory.
struct Tool {
    sandbox: Sandbox,
    home: tempfile::TempDir,
}

impl Tool {
    async fn start() -> Tool {
        Tool {
            sandbox: support::sandbox().await,
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn config(&self) -> PathBuf {
        self.home.path().join("config")
    }

    fn log_file(&self) -> PathBuf {
        self.home.path().join("cache/braze-s3/braze-s3.log")
    }

    fn admin_secret(&self) -> String {
        self.sandbox
            .admin
            .secret_access_key
            .expose_secret()
            .to_string()
    }

    async fn run_with(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Output {
        let mut c = support::binary(
            self.home.path(),
            &self.config(),
            &self.sandbox.endpoint,
            &self.sandbox.admin,
        );
        c.env("RUST_LOG", "trace")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in extra_env {
            c.env(k, v);
        }
        c.output().await.unwrap()
    }

    async fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[]).await
    }

    fn profile_path(&self, name: &str) -> PathBuf {
        self.config().join("sandbox").join(format!("{name}.json"))
    }

    /// The secret as stored in the connector's 0600 profile.
    fn stored_secret(&self, name: &str) -> String {
        let path = self.profile_path(name);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
        let profile: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let secret = profile["credentials"][0]["secret_access_key"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(secret.len() >= 20, "a real secret: {secret}");
        secret
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn show(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    )
}

fn setup_args<'a>(bucket: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = support::cli::key_setup_flags(bucket, "20");
    args.extend_from_slice(extra);
    args
}

/// The forms a secret could take in a log: as is, and percent-encoded (it holds '/' and '+').
fn forms(secret: &str) -> Vec<String> {
    let encoded: String = secret
        .chars()
        .map(|c| match c {
            '/' => "%2F".to_string(),
            '+' => "%2B".to_string(),
            '=' => "%3D".to_string(),
            c => c.to_string(),
        })
        .collect();
    let mut forms = vec![secret.to_string(), encoded.clone(), encoded.to_lowercase()];
    forms.dedup();
    forms
}

fn assert_absent(secrets: &[(&str, &str)], haystack: &str, place: &str) {
    for (whose, secret) in secrets {
        for form in forms(secret) {
            assert!(
                !haystack.contains(&form),
                "the {whose} secret appears in {place}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secret_key_appears_in_no_log_line_output_or_json_unless_asked() {
    let tool = Tool::start().await;
    let mut outputs: Vec<(String, Output)> = Vec::new();

    // 1. Text output into a pipe: the secret is hidden, with how to get it.
    let plain = tool.run(&setup_args("text-braze", &[])).await;
    assert_eq!(plain.status.code(), Some(0), "{}", show(&plain));
    assert!(
        text(&plain.stdout).contains("(hidden: stdout is not a terminal"),
        "{}",
        show(&plain)
    );
    outputs.push(("setup (text)".into(), plain));

    // 2. JSON without --show-secret: hidden.
    let json = tool.run(&setup_args("json-braze", &["--json"])).await;
    assert_eq!(json.status.code(), Some(0), "{}", show(&json));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        value["credentials"][0]["braze_fields"]["AWS Secret Access Key"],
        "(hidden: add --show-secret)"
    );
    outputs.push(("setup --json".into(), json));

    // 3. JSON with --show-secret: there, and the same as the stored one (the positive control
    //    that proves the searches below look for the right string).
    let shown = tool
        .run(&setup_args("shown-braze", &["--json", "--show-secret"]))
        .await;
    assert_eq!(shown.status.code(), Some(0), "{}", show(&shown));
    let value: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let shown_secret = tool.stored_secret("shown-braze");
    assert_eq!(
        value["credentials"][0]["braze_fields"]["AWS Secret Access Key"],
        shown_secret
    );
    assert!(!text(&shown.stderr).contains(&shown_secret));

    let text_secret = tool.stored_secret("text-braze");
    let json_secret = tool.stored_secret("json-braze");
    let admin_secret = tool.admin_secret();

    // 4. The rest of a connector's life.
    for args in [
        vec!["connectors", "list"],
        vec!["connectors", "show", "text-braze"],
        vec!["--json", "connectors", "show", "text-braze"],
        vec!["test", "text-braze", "--wait", "20"],
        vec!["--json", "test", "json-braze", "--wait", "20"],
        vec!["teardown", "json-braze", "--yes"],
    ] {
        let out = tool.run(&args).await;
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", show(&out));
        outputs.push((args.join(" "), out));
    }
    let shown_profile = text(&outputs[outputs.len() - 5].1.stdout);
    assert!(
        shown_profile.contains("(stored in the 0600 profile file; not shown)"),
        "{shown_profile}"
    );

    // 5. An error path: the profile's secret edited into a wrong one. The check fails with a
    //    sentence; neither the wrong secret nor the right one is printed.
    let wrong_secret = format!("{}XYZ", &text_secret[..text_secret.len() - 3]);
    let path = tool.profile_path("text-braze");
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace(&text_secret, &wrong_secret);
    std::fs::write(&path, edited).unwrap();
    let failed = tool.run(&["test", "text-braze", "--wait", "2"]).await;
    assert_ne!(failed.status.code(), Some(0), "{}", show(&failed));
    assert!(
        show(&failed).contains("SignatureDoesNotMatch") || show(&failed).contains("does not match"),
        "{}",
        show(&failed)
    );
    outputs.push(("test with a wrong secret".into(), failed));

    let secrets = [
        ("text-braze", text_secret.as_str()),
        ("json-braze", json_secret.as_str()),
        ("shown-braze", shown_secret.as_str()),
        ("admin", admin_secret.as_str()),
        ("edited (wrong)", wrong_secret.as_str()),
    ];
    for (what, out) in &outputs {
        assert_absent(&secrets, &text(&out.stdout), &format!("stdout of {what}"));
        assert_absent(&secrets, &text(&out.stderr), &format!("stderr of {what}"));
    }
    // Only the run that asked shows its own secret, and only on stdout.
    assert_absent(
        &secrets[..2],
        &text(&shown.stdout),
        "stdout of setup --show-secret",
    );

    // 6. The log, at trace level, of every run above.
    let log = std::fs::read_to_string(tool.log_file()).unwrap_or_else(|e| {
        panic!(
            "the log is at {} ({e}); cache dir: {:?}",
            tool.log_file().display(),
            list(tool.home.path())
        )
    });
    let lines = log.lines().count();
    assert!(
        log.contains("TRACE") && lines > 100,
        "trace logging is on ({lines} lines)"
    );
    assert!(
        log.contains("CreateAccessKey"),
        "the log covers key creation"
    );
    assert_absent(&secrets, &log, "the trace log");
    eprintln!(
        "secrets: {} runs, {} log lines ({} KiB) searched for {} secrets in {} forms each",
        outputs.len() + 1,
        lines,
        log.len() / 1024,
        secrets.len(),
        forms(&text_secret).len()
    );
}

fn list(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(list(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// `Debug` of what holds a secret shows it redacted: the profile as loaded, and the key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_output_of_profiles_and_keys_never_shows_the_secret() {
    let tool = Tool::start().await;
    let out = tool.run(&setup_args("debug-braze", &[])).await;
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let secret = tool.stored_secret("debug-braze");
    let store = ProfileStore::open(Some(&tool.config()), true).unwrap();
    let profile = store
        .load(&ConnectorName::parse("debug-braze").unwrap())
        .unwrap();
    assert_eq!(
        profile.credentials[0]
            .secret_access_key
            .as_ref()
            .map(|s| s.expose_secret().to_string()),
        Some(secret.clone())
    );
    for debug in [
        format!("{profile:?}"),
        format!("{profile:#?}"),
        format!("{:?}", tool.sandbox.admin),
        format!("{:?}", profile.credentials[0].secret_access_key),
    ] {
        assert!(!debug.contains(&secret), "{debug}");
        assert!(!debug.contains(&tool.admin_secret()), "{debug}");
    }
}

/// With `LOG_SENSITIVE_BODIES` set the SDK would log response bodies (CreateAccessKey's holds
/// the secret): the tool refuses to start, says how to fix it, and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_sensitive_bodies_is_refused_before_anything_happens() {
    let tool = Tool::start().await;
    for value in ["true", "TRUE", "1"] {
        let out = tool
            .run_with(
                &setup_args("bodies-braze", &[]),
                &[("LOG_SENSITIVE_BODIES", value)],
            )
            .await;
        assert_eq!(out.status.code(), Some(2), "{value}: {}", show(&out));
        assert!(out.stdout.is_empty(), "{}", show(&out));
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("error: LOG_SENSITIVE_BODIES is set")
                && err.contains("unset LOG_SENSITIVE_BODIES"),
            "{err}"
        );
    }
    let admin = support::admin_clients(&tool.sandbox).await;
    let buckets = admin.s3.list_buckets().send().await.unwrap();
    assert!(buckets.buckets().is_empty(), "nothing was created");
    let users = admin.iam.list_users().send().await.unwrap();
    assert_eq!(users.users().len(), 1, "only the admin");
    assert!(!tool.config().join("sandbox").exists(), "nothing was saved");
    assert!(!tool.log_file().exists(), "nothing was logged");

    // Unset, the same command works.
    let out = tool.run(&setup_args("bodies-braze", &[])).await;
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
}
