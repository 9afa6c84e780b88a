//! Saved connectors after setup (issue 9, item 11): `test NAME` finds a sandbox connector and
//! says how to reach it, a profile error names connectors plainly (no `Debug` form), and an
//! endpoint that cannot be reached during `test NAME` is a runtime error (exit 1), not a failed
//! credential check (exit 3). No AWS: the endpoint is a closed loopback port.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::path::Path;
use std::process::Output;

use braze_s3::aws::clients::StaticCredentials;
use braze_s3::store::profile::ProfileStore;
use support::profile;

mod support;

/// Nothing listens here: any AWS call fails at once with "connection refused".
const CLOSED: &str = "http://127.0.0.1:9";
const NAME: &str = "acme-braze";

/// The binary with a clean environment: HOME (logs) and the config in `home`, a made-up admin
/// key.
fn braze(home: &Path, args: &[&str]) -> Output {
    let admin = StaticCredentials::new("AKIAADMINEXAMPLE", "admin-secret-example");
    std::process::Command::new(env!("CARGO_BIN_EXE_braze-s3"))
        .env_clear()
        .envs(support::clean_env(home, &home.join("config")))
        .envs(support::key_env(&admin))
        .args(args)
        .output()
        .unwrap()
}

/// A connector saved as a sandbox setup against `endpoint` would save it.
fn save_sandbox_connector(home: &Path, endpoint: &str) {
    let connector = profile::connector(NAME, Some(endpoint), "key-secret-example");
    profile::save(&home.join("config"), &connector);
}

fn show(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// (a) `test NAME` without `--sandbox` looks in the sandbox store too, and says how to reach a
/// connector found there, instead of "no connector named …".
#[test]
fn test_name_finds_a_sandbox_connector_and_says_how_to_reach_it() {
    let home = tempfile::tempdir().unwrap();
    save_sandbox_connector(home.path(), CLOSED);
    let out = braze(home.path(), &["test", NAME, "--wait", "1"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("no connector named"), "{}", show(&out));
    assert!(
        err.contains("local sandbox")
            && err.contains("braze-s3 sandbox")
            && err.contains(&format!("--endpoint-url {CLOSED} test {NAME}")),
        "{}",
        show(&out)
    );
    // The sandbox is not running: that is a runtime error, not a failed check.
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
}

/// (b) A profile whose `name` is not its file's name is reported with plain names.
#[test]
fn a_profile_error_prints_plain_connector_names() {
    let home = tempfile::tempdir().unwrap();
    save_sandbox_connector(home.path(), CLOSED);
    let dir = home.path().join("config/sandbox");
    std::fs::rename(dir.join("acme-braze.json"), dir.join("other-name.json")).unwrap();
    let out = braze(
        home.path(),
        &["--sandbox", "connectors", "show", "other-name"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(!err.contains("ConnectorName("), "{}", show(&out));
    assert!(
        err.contains("it names connector acme-braze, not other-name"),
        "{}",
        show(&out)
    );
}

/// (c) An endpoint that cannot be reached during `test NAME` exits 1 with what to check, and
/// does not record a failed test in the profile.
#[test]
fn an_unreachable_endpoint_during_test_exits_1_not_3() {
    let home = tempfile::tempdir().unwrap();
    save_sandbox_connector(home.path(), CLOSED);
    let out = braze(
        home.path(),
        &["--endpoint-url", CLOSED, "test", NAME, "--wait", "1"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        err.contains("could not reach the AWS endpoint") && err.contains("--endpoint-url"),
        "{}",
        show(&out)
    );
    let profile = ProfileStore::open(Some(&home.path().join("config")), true)
        .unwrap()
        .load(&braze_s3::domain::names::ConnectorName::parse(NAME).unwrap())
        .unwrap();
    assert!(
        profile.last_test.is_none(),
        "a test that never ran is not a failed test"
    );
}
