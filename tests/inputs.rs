//! Property tests for everything a person or a file can hand the tool: answers files, profile
//! files and command-line flag values, arbitrary or mutated, never panic and never yield an
//! invalid value.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::time::Instant;

use braze_s3::cli::Cli;
use braze_s3::config::{Command, Config, Terminal};
use braze_s3::domain::answers::{Answers, Draft};
use braze_s3::domain::existing::Existing;
use braze_s3::domain::plan::Plan;
use braze_s3::store::profile::ProfileStore;
use clap::Parser;
use proptest::prelude::*;

const VALID_ANSWERS: &str = r#"{
  "name": "acme-braze",
  "integration": "both",
  "bucket": "acme-braze",
  "region": "eu-west-1",
  "existing_bucket": false,
  "folder": "braze/currents",
  "sse": true,
  "scope_to_folder": false,
  "auth": "role-arn",
  "role_name": "braze-s3-acme-braze",
  "braze_account_id": "123456789012",
  "external_id": "a1b2c3-external"
}"#;

/// What the answers-file reader does: parse, then validate as a whole.
fn read_answers(text: &str) -> Result<Answers, String> {
    let draft: Draft = serde_json::from_str(text).map_err(|e| e.to_string())?;
    draft.build().map_err(|e| e.to_string())
}

/// Mutations a hand edit or a truncated copy produces.
fn mutate(text: &str, at: usize, kind: u8, byte: char) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    match kind % 4 {
        0 => chars.truncate(at),
        1 => chars.insert(at, byte),
        2 if at < chars.len() => {
            chars.remove(at);
        }
        _ if at < chars.len() => chars[at] = byte,
        _ => {}
    }
    chars.into_iter().collect()
}

/// Flags whose value a person types; `--answers` is left out (it names a file to read).
const FLAGS: [&str; 14] = [
    "--wait",
    "--bucket",
    "--region",
    "--name",
    "--folder",
    "--user-name",
    "--role-name",
    "--braze-account-id",
    "--external-id",
    "--integration",
    "--auth",
    "--endpoint-url",
    "--profile",
    "--config-dir",
];

const COMMANDS: [&[&str]; 5] = [
    &["plan"],
    &["setup", "--non-interactive"],
    &["test", "acme-braze"],
    &["resume"],
    &["resume", "acme-braze", "--undo"],
];

/// What the binary does with a command line before it touches AWS: parse it, resolve it
/// (bounding the wait, building the answers), and plan.
fn offline_path(args: &[String]) {
    let Ok(cli) = Cli::try_parse_from(args) else {
        return;
    };
    let script = Terminal {
        dumb: false,
        interactive: false,
    };
    let Ok(config) = Config::resolve(cli, script) else {
        return;
    };
    let (wait, answers) = match &config.command {
        Command::Plan(c) => (None, Some(&c.answers)),
        Command::Setup(c) => (Some(c.wait), None),
        Command::Test(c) => (Some(c.wait), None),
        Command::Resume(c) => (Some(c.wait), None),
        _ => (None, None),
    };
    if let Some(wait) = wait {
        assert!(
            (1..=3600).contains(&wait.as_secs()),
            "--wait {wait:?} was accepted"
        );
        // The live test's deadline: must not overflow.
        assert!(Instant::now().checked_add(wait).is_some());
    }
    if let Some(answers) = answers {
        let _ = Plan::from(answers, &Existing::default());
    }
    if let Command::Setup(c) = &config.command
        && let Ok(answers) = c.draft.build()
    {
        let _ = Plan::from(&answers, &Existing::default());
    }
}

fn flag_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i128>().prop_map(|n| n.to_string()),
        Just("18446744073709551615".to_string()),
        Just("0".to_string()),
        "[a-z0-9.-]{0,70}",
        ".{0,60}",
    ]
}

#[test]
fn the_valid_answers_file_reads_and_round_trips() {
    let answers = read_answers(VALID_ANSWERS).unwrap();
    let again = read_answers(&serde_json::to_string(&answers).unwrap()).unwrap();
    assert_eq!(answers, again);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_never_panics_the_answers_reader(text in ".{0,400}") {
        let _ = read_answers(&text);
    }

    #[test]
    fn mutated_answers_files_either_fail_clearly_or_stay_valid(
        at in 0usize..600, kind in any::<u8>(), byte in any::<char>()
    ) {
        let text = mutate(VALID_ANSWERS, at, kind, byte);
        match read_answers(&text) {
            // Whatever was accepted is valid by construction and survives a round trip.
            Ok(a) => prop_assert_eq!(read_answers(&serde_json::to_string(&a).unwrap()).unwrap(), a),
            Err(message) => prop_assert!(!message.trim().is_empty()),
        }
    }

    #[test]
    fn no_flag_value_panics(
        command in 0usize..COMMANDS.len(),
        flags in proptest::collection::vec((0usize..FLAGS.len(), flag_value()), 1..4),
    ) {
        let mut args = vec!["braze-s3".to_string()];
        args.extend(COMMANDS[command].iter().map(|a| a.to_string()));
        for (flag, value) in flags {
            args.push(format!("{}={value}", FLAGS[flag]));
        }
        offline_path(&args);
    }

    #[test]
    fn mutated_profile_files_never_panic_the_store(
        at in 0usize..900, kind in any::<u8>(), byte in any::<char>()
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::open(Some(dir.path()), false).unwrap();
        let profile = serde_json::json!({
            "name": "acme-braze",
            "sandbox": false,
            "answers": serde_json::from_str::<serde_json::Value>(VALID_ANSWERS).unwrap(),
            "account": "123456789012",
            "role_arn": "arn:aws:iam::123456789012:role/braze-s3-acme-braze",
            "policy_arns": [],
            "created_at": "2026-11-27T00:00:00Z"
        })
        .to_string();
        let text = mutate(&profile, at, kind, byte);
        let path = dir.path().join("acme-braze.json");
        std::fs::write(&path, &text).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
        let name = braze_s3::domain::names::ConnectorName::parse("acme-braze").unwrap();
        match store.load(&name) {
            Ok(p) => prop_assert_eq!(p.name.as_str(), "acme-braze"),
            Err(e) => prop_assert!(e.to_string().contains("acme-braze.json")),
        }
    }
}

/// `--wait` beyond what a Duration deadline holds is refused at parse time, before any AWS
/// call: the endpoint here is closed, so reaching it would be exit 1, not 2.
#[test]
fn no_panic_on_any_value_an_enormous_wait_exits_2_before_any_aws_call() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["setup", "--non-interactive", "--bucket", "acme-braze"][..],
        &["test", "acme-braze"][..],
        &["resume"][..],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_braze-s3"))
            .args([
                "--endpoint-url",
                "http://127.0.0.1:9",
                "--region",
                "us-east-1",
            ])
            .args(args)
            .args(["--wait", "18446744073709551615"])
            .env("BRAZE_S3_CONFIG_DIR", dir.path())
            .env("HOME", dir.path())
            .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "not-a-secret")
            .env_remove("AWS_PROFILE")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("--wait") && err.contains("1..=3600"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}
