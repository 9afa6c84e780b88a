//! The binary as a person uses it: output, exit codes, and the sandbox flow end to end.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output};

fn braze(config: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_braze-s3"))
        .args(args)
        .env("BRAZE_S3_CONFIG_DIR", config)
        .env_remove("AWS_PROFILE")
        .output()
        .expect("the binary runs")
}

/// `braze-s3 ARGS` with a config directory of its own (an offline command: nothing saved).
fn offline(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    braze(dir.path(), args)
}

/// The policy for data export to `acme-braze`.
const DATA_EXPORT_POLICY: [&str; 5] = [
    "policy",
    "--integration",
    "data-export",
    "--bucket",
    "acme-braze",
];

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn policy_for_data_export_grants_delete_on_exactly_the_bucket() {
    let out = offline(&DATA_EXPORT_POLICY);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let resources: Vec<&str> = doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Resource"].as_array().unwrap())
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(
        resources,
        ["arn:aws:s3:::acme-braze", "arn:aws:s3:::acme-braze/*"]
    );
    assert!(stdout(&out).contains("\"s3:DeleteObject\""));
}

#[test]
fn bad_input_exits_2_with_one_line_per_problem_and_nothing_on_stdout() {
    let out = offline(&[
        "plan",
        "--bucket",
        "My_Bucket",
        "--region",
        "eu-west-9",
        "--auth",
        "role-arn",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        err.contains(r#"bucket name "My_Bucket": use only lowercase letters, digits, '-' and '.'"#)
    );
    assert!(err.contains("eu-west-9"));
    assert!(err.contains("Braze account ID is required"));
    assert!(err.contains("external ID is required"));
}

#[test]
fn scoping_a_data_export_policy_is_refused_with_the_reason() {
    let out = offline(&[&DATA_EXPORT_POLICY[..], &["--scope-to-folder"]].concat());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("segment-export/"));
}

#[test]
fn plan_offline_says_it_assumed_nothing_exists() {
    let dir = tempfile::tempdir().unwrap();
    let out = braze(
        dir.path(),
        &["plan", "--bucket", "acme-braze", "--region", "eu-west-1"],
    );
    assert!(out.status.success());
    assert!(stdout(&out).contains("as if nothing exists"));
    let out = braze(
        dir.path(),
        &[
            "plan",
            "--bucket",
            "acme-braze",
            "--integration",
            "both",
            "--json",
        ],
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["assumed_nothing_exists"], true);
    let kinds: Vec<&str> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["change"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "create-bucket",
            "block-public-access",
            "create-policy",
            "create-policy",
            "create-user",
            "attach-user-policy",
            "create-access-key",
            "create-user",
            "attach-user-policy",
            "create-access-key"
        ]
    );
}

#[test]
fn a_malformed_answers_file_exits_2_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.json");
    std::fs::write(
        &file,
        "{\"bucket\": \"acme-braze\", \"integration\": \"curr",
    )
    .unwrap();
    let out = braze(dir.path(), &["plan", "--answers", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("answers.json"), "{}", stderr(&out));
}

/// The issue's acceptance command, then the life of the connector: list, show, test, teardown.
#[test]
fn sandbox_setup_creates_tests_and_saves_a_working_connector() {
    let dir = tempfile::tempdir().unwrap();
    let out = braze(
        dir.path(),
        &[
            "setup",
            "--non-interactive",
            "--sandbox",
            "--integration",
            "currents",
            "--auth",
            "secret-key",
            "--bucket",
            "acme-braze",
            "--region",
            "eu-west-1",
            "--json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["bucket"], "acme-braze");
    assert_eq!(result["region"], "eu-west-1");
    assert_eq!(result["folder"], "currents");
    assert_eq!(result["auth"], "secret-key");
    let credential = &result["credentials"][0];
    assert_eq!(credential["integration"], "currents");
    assert!(
        credential["access_key_id"]
            .as_str()
            .unwrap()
            .starts_with("AK")
    );
    let checks = result["checks"].as_array().unwrap();
    assert!(checks.len() >= 6, "{checks:?}");
    assert!(checks.iter().all(|c| c["ok"] == true), "{checks:?}");
    let fields = credential["braze_fields"].as_object().unwrap();
    assert_eq!(fields["AWS S3 Bucket Name"], "acme-braze");
    assert!(
        fields["AWS Secret Access Key"]
            .as_str()
            .unwrap()
            .contains("hidden")
    );

    let profile = dir.path().join("sandbox").join("acme-braze.json");
    let mode = std::fs::metadata(&profile).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = std::fs::metadata(dir.path().join("sandbox"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700);

    let listed = braze(dir.path(), &["--sandbox", "connectors", "list"]);
    assert!(
        stdout(&listed).contains("acme-braze"),
        "{}",
        stdout(&listed)
    );
    let real = braze(dir.path(), &["connectors", "list"]);
    assert!(
        !stdout(&real).contains("acme-braze"),
        "sandbox connectors are kept apart"
    );
    let shown = braze(
        dir.path(),
        &["--sandbox", "connectors", "show", "acme-braze"],
    );
    let secret = serde_json::from_slice::<serde_json::Value>(&std::fs::read(&profile).unwrap())
        .unwrap()["credentials"][0]["secret_access_key"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        !stdout(&shown).contains(&secret),
        "show never prints the secret"
    );
    assert!(!stderr(&out).contains(&secret) && !stdout(&out).contains(&secret));
}

#[test]
fn a_profile_others_can_read_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = dir.path().join("sandbox");
    std::fs::create_dir_all(&sandbox).unwrap();
    let file = sandbox.join("leaky.json");
    std::fs::write(&file, "{}").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = braze(dir.path(), &["--sandbox", "connectors", "show", "leaky"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));
}

#[test]
fn an_unknown_connector_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = braze(dir.path(), &["connectors", "show", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("connectors list"));
}

/// Issue 12, item 10: with `TERM=dumb` the wizard's questions come as plain line prompts — no
/// escape sequences — a refused answer is explained and asked again, and Enter alone reaches
/// a tested connector in the sandbox.
#[test]
fn the_accessible_mode_reaches_a_tested_connector_with_enter_alone() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_braze-s3"))
        .args(["--sandbox", "setup"])
        .env("BRAZE_S3_CONFIG_DIR", dir.path())
        .env("HOME", dir.path())
        .env("TERM", "dumb")
        .env_remove("AWS_PROFILE")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // "9" is not a choice; then Enter for every default, and "y" to the plan.
    let answers = "9\n\n\n\n\n\n\n\n\n\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(!text.contains('\u{1b}'), "no escape sequences: {text:?}");
    for expected in [
        "What should Braze export?",
        "  1) Currents (event export)",
        "Choice [1]:",
        "not accepted: type a number from 1 to 3",
        "Currents folder path [currents]:",
        "Make these 6 changes? (y/n) [y]:",
        "  ✓ cannot delete (Currents)",
        "Enter these in Braze (Currents:",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    let saved: Vec<_> = std::fs::read_dir(dir.path().join("sandbox"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
}
