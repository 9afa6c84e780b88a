use std::time::Duration;

use clap::Parser;

use super::*;
use crate::cli::Cli;
use crate::exit::{self, Failure};

const TTY: Terminal = Terminal {
    dumb: false,
    interactive: true,
};
const SCRIPT: Terminal = Terminal {
    dumb: false,
    interactive: false,
};

fn resolve_on(terminal: Terminal, args: &[&str]) -> Result<Config, Failure> {
    let cli = Cli::try_parse_from(std::iter::once("braze-s3").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("{args:?} parses: {e}"));
    Config::resolve(cli, terminal)
}

fn resolve(args: &[&str]) -> Config {
    resolve_on(SCRIPT, args).unwrap_or_else(|f| panic!("{args:?} resolves: {:?}", f.lines))
}

fn setup_of(config: Config) -> SetupConfig {
    match config.command {
        Command::Setup(s) | Command::Home(s) => s,
        other => panic!("not a setup: {other:?}"),
    }
}

#[test]
fn the_flags_and_the_terminal_choose_the_setup_face() {
    let face = |t: Terminal, args: &[&str]| setup_of(resolve_on(t, args).unwrap()).face;
    assert_eq!(face(TTY, &[]), SetupFace::Wizard);
    // No command on a terminal opens the home screen (which starts the wizard when nothing is
    // saved); `setup` always goes straight to the wizard.
    assert!(matches!(
        resolve_on(TTY, &[]).unwrap().command,
        Command::Home(_)
    ));
    assert!(matches!(
        resolve_on(TTY, &["setup"]).unwrap().command,
        Command::Setup(_)
    ));
    assert_eq!(face(TTY, &["setup"]), SetupFace::Wizard);
    assert_eq!(face(TTY, &["setup", "--accessible"]), SetupFace::Prompts);
    let dumb = Terminal { dumb: true, ..TTY };
    assert_eq!(face(dumb, &["setup"]), SetupFace::Prompts);
    assert_eq!(
        face(SCRIPT, &["setup", "--non-interactive"]),
        SetupFace::Flags
    );
    assert_eq!(
        face(dumb, &["setup", "--non-interactive"]),
        SetupFace::Flags
    );
    // No terminal and no --non-interactive: what to do instead, exit 2.
    let refused = resolve_on(SCRIPT, &["setup", "--bucket", "acme-braze"]).unwrap_err();
    assert_eq!(refused.code, exit::USAGE);
    assert!(
        refused.lines[0].contains("--non-interactive"),
        "{:?}",
        refused.lines
    );
}

#[test]
fn no_command_is_the_wizard_with_the_setup_defaults() {
    let bare = setup_of(resolve_on(TTY, &[]).unwrap());
    let setup = setup_of(resolve_on(TTY, &["setup"]).unwrap());
    assert_eq!(bare.draft, setup.draft);
    assert_eq!((bare.store_secret, bare.show_secret), (true, false));
    assert_eq!(bare.wait, setup.wait);
    assert_eq!(bare.wait, Duration::from_secs(crate::cli::DEFAULT_WAIT));
}

#[test]
fn setup_flags_reach_the_engine_options_of_either_face() {
    for face in [&["--non-interactive"][..], &[]] {
        let args = [
            &["--region", "eu-west-1", "setup"][..],
            face,
            &["--no-store-secret", "--wait", "7"],
        ]
        .concat();
        let config = resolve_on(TTY, &args).unwrap();
        let global = config.global.clone();
        let setup = setup_of(config);
        let opts = setup.engine(&global);
        assert!(!opts.store_secret);
        assert_eq!(opts.propagation_timeout, Duration::from_secs(7));
        assert_eq!(opts.region.as_deref(), Some("eu-west-1"));
        assert_eq!(setup.draft.region.as_deref(), Some("eu-west-1"));
    }
}

#[test]
fn flags_override_the_answers_file_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.json");
    std::fs::write(
        &file,
        r#"{"bucket": "from-file", "folder": "kept", "sse": true}"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let args = [
        "setup",
        "--non-interactive",
        "--answers",
        path,
        "--bucket",
        "from-flag",
        "--no-sse",
    ];
    let draft = setup_of(resolve(&args)).draft;
    assert_eq!(draft.bucket.as_deref(), Some("from-flag"));
    assert_eq!(draft.folder.as_deref(), Some("kept"));
    assert_eq!(draft.sse, Some(false));
    let missing =
        resolve_on(SCRIPT, &["plan", "--answers", "/nonexistent/answers.json"]).unwrap_err();
    assert_eq!(missing.code, exit::USAGE);
    assert!(missing.lines[0].starts_with("answers file /nonexistent/answers.json: cannot read it"));
}

#[test]
fn plan_answers_are_validated_as_a_whole_with_every_problem() {
    let Command::Plan(plan) = resolve(&["plan", "--bucket", "acme-braze"]).command else {
        panic!("not a plan");
    };
    assert_eq!(plan.answers.bucket.as_str(), "acme-braze");
    assert_eq!(plan.answers.region.as_str(), "us-east-1");
    let bad = resolve_on(
        SCRIPT,
        &["plan", "--bucket", "My_Bucket", "--region", "eu-west-9"],
    )
    .unwrap_err();
    assert_eq!(bad.code, exit::USAGE);
    assert_eq!(bad.lines.len(), 2, "{:?}", bad.lines);
}

#[test]
fn sharing_is_resolved_for_the_wizard_too() {
    let dir = tempfile::tempdir().unwrap();
    let config_dir = dir.path().to_str().unwrap();
    let share = [
        "--config-dir",
        config_dir,
        "setup",
        "--name",
        "b",
        "--share-credentials-with",
        "nobody",
    ];
    for terminal in [TTY, SCRIPT] {
        let args = [
            &share[..],
            if terminal == TTY {
                &[]
            } else {
                &["--non-interactive"]
            },
        ]
        .concat();
        let refused = resolve_on(terminal, &args).unwrap_err();
        assert_eq!(refused.code, exit::USAGE, "{:?}", refused.lines);
        assert!(
            refused.lines.join(" ").contains("nobody"),
            "{:?}",
            refused.lines
        );
    }
}

#[test]
fn names_waits_and_times_are_typed_or_refused() {
    let Command::Test(test) = resolve(&["test", " acme-braze ", "--wait", "9"]).command else {
        panic!("not a test");
    };
    assert_eq!(test.name.as_str(), "acme-braze");
    assert_eq!(test.wait, Duration::from_secs(9));
    for args in [
        &["test", "Bad Name!"][..],
        &["teardown", "--yes", ""],
        &["doctor", "ok", "no/slash"],
    ] {
        let refused = resolve_on(SCRIPT, args).unwrap_err();
        assert_eq!(refused.code, exit::USAGE, "{args:?}");
        assert_eq!(refused.lines.len(), 1, "{args:?}: {:?}", refused.lines);
    }
    let Command::Doctor(doctor) = resolve(&["doctor", "--at", "2026-12-01T12:00:00Z"]).command
    else {
        panic!("not a doctor");
    };
    assert_eq!(doctor.at, Some(1_796_126_400));
    assert!(doctor.names.is_empty());
    let late = resolve_on(SCRIPT, &["doctor", "--at", "yesterday"]).unwrap_err();
    assert!(late.lines[0].contains("--at yesterday"), "{:?}", late.lines);
}

#[test]
fn teardown_bucket_flags_become_one_disposal() {
    let disposal =
        |args: &[&str]| match resolve(&[&["teardown", "acme"][..], args].concat()).command {
            Command::Teardown(t) => t.bucket,
            other => panic!("not a teardown: {other:?}"),
        };
    assert_eq!(disposal(&[]), BucketDisposal::Keep);
    assert_eq!(
        disposal(&["--delete-bucket"]),
        BucketDisposal::DeleteIfEmpty
    );
    assert_eq!(
        disposal(&["--delete-bucket", "--force"]),
        BucketDisposal::Force
    );
}

#[test]
fn offline_policies_report_every_bad_value() {
    let bad = resolve_on(
        SCRIPT,
        &[
            "--region",
            "mars-1",
            "policy",
            "--integration",
            "currents",
            "--bucket",
            "A",
        ],
    )
    .unwrap_err();
    assert_eq!(bad.lines.len(), 2, "{:?}", bad.lines);
    let Command::Policy(p) = resolve(&[
        "policy",
        "--integration",
        "currents",
        "--bucket",
        "acme",
        "--scope-to-folder",
    ])
    .command
    else {
        panic!("not a policy");
    };
    assert_eq!(p.scope.map(|f| f.to_string()), Some("currents".to_string()));
}

#[test]
fn a_loopback_endpoint_asks_for_the_sandbox_store() {
    let global = resolve(&[
        "--endpoint-url",
        "http://127.0.0.1:5000",
        "connectors",
        "list",
    ])
    .global;
    assert!(global.sandbox_asked());
    assert!(!resolve(&["connectors", "list"]).global.sandbox_asked());
}
