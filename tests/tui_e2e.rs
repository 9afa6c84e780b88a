#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! End to end: the real binary in a pseudo-terminal against its own sandbox, driven with keys
//! like a person would. `pty/` runs it on a pseudo-terminal and keeps the screen a person would
//! see, so each step waits for its words.

mod pty;

use std::process::{Command, Stdio};
use std::time::Duration;

use pty::Wizard;

const BIN: &str = env!("CARGO_BIN_EXE_braze-s3");

/// The step's side of the screen: right of the step rail.
fn body(screen: &str) -> String {
    let lines: Vec<&str> = screen
        .lines()
        .map(|l| l.split_once('│').map_or("", |(_, right)| right))
        .collect();
    lines.join("\n")
}

const SPINNER: &[char] = &['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const ENTER: &[u8] = b"\r";
const CTRL_C: &[u8] = b"\x03";
const STEP: Duration = Duration::from_secs(30);
/// Starting the sandbox (moto) is the slow part; the first run may install moto.
const SANDBOX_START: Duration = Duration::from_secs(180);

#[test]
fn enter_alone_sets_up_and_tests_a_sandbox_connector() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start(BIN, dir.path(), 100, 30, &["--sandbox"]);
    w.wait_for(&["Who am I in AWS?", "Caller", "Endpoint"], SANDBOX_START);
    // Idle is idle: once the frame is out, nothing is redrawn while the wizard waits for a
    // key (an animation would write every 100 ms).
    w.quiet_for(Duration::from_millis(250), Duration::from_secs(5));
    assert_eq!(
        w.written_during(Duration::from_millis(700)),
        0,
        "redraws while idle"
    );
    w.press(ENTER);
    w.wait_for(&["What should Braze export?", "Currents"], STEP);
    w.press(ENTER);
    w.wait_for(
        &["Which S3 bucket?", "available: the wizard will create it"],
        STEP,
    );
    w.press(ENTER);
    w.wait_for(&["Connector options", "currents"], STEP);
    w.press(ENTER);
    w.wait_for(&["How does Braze sign in?", "IAM user name"], STEP);
    w.press(ENTER);
    w.wait_for(&["The exact policies", "\"Version\": \"2012-10-17\""], STEP);
    w.press(ENTER);
    w.wait_for(
        &["6 changes, in this order:", "Nothing has been changed yet"],
        STEP,
    );
    w.press(ENTER);
    let apply = body(&w.wait_for(&["All changes made"], STEP));
    assert_eq!(
        apply.matches(" ✓ ").count(),
        6,
        "every change is ticked:\n{apply}"
    );
    assert!(!apply.contains(SPINNER), "a spinner is left:\n{apply}");
    w.press(ENTER);
    w.wait_for(&["checks passed", "Connector saved to"], STEP);
    w.press(ENTER);
    let done = w.wait_for(&["Enter these in Braze", "AWS Access ID", "••••"], STEP);
    w.press(ENTER);
    let ended = w.finish(STEP);
    let printed = &ended.printed;

    assert_eq!(ended.code, 0, "{printed}");
    assert!(printed.contains("is set up and tested"), "{printed}");
    let saved: Vec<_> = std::fs::read_dir(dir.path().join("config/sandbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let profile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved[0]).unwrap()).unwrap();
    assert_eq!(profile["last_test"]["passed"], true, "{profile:#}");
    assert_eq!(profile["answers"]["integration"], "currents");
    let secret = profile["credentials"][0]["secret_access_key"]
        .as_str()
        .unwrap();
    assert!(!done.contains(secret), "the secret stays masked:\n{done}");
    // The answer stays on screen once the wizard ends (issue 12, item 6).
    assert!(printed.contains("AWS Access ID"), "{printed}");
    assert!(printed.contains("AWS S3 Bucket Name"), "{printed}");
    assert!(printed.contains("Profile saved to"), "{printed}");
    assert!(
        !printed.contains(secret),
        "the printed secret stays masked:\n{printed}"
    );
    assert!(
        !ended.transcript.contains(secret),
        "no frame shows the secret"
    );
    let log = dir.path().join("cache/braze-s3/braze-s3.log");
    assert!(
        log.exists(),
        "logs go to the cache directory, not the screen"
    );
}

#[test]
fn ctrl_c_on_identity_quits_at_once_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start(BIN, dir.path(), 100, 30, &["--sandbox"]);
    w.wait_for(&["Who am I in AWS?", "Caller"], SANDBOX_START);
    w.press(CTRL_C);
    let ended = w.finish(STEP);
    let printed = &ended.printed;
    assert_eq!(ended.code, 130, "{printed}");
    assert!(printed.contains("nothing was changed in AWS"), "{printed}");
}

#[test]
fn without_a_terminal_it_points_to_the_headless_setup() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&[][..], &["setup"][..]] {
        let out = Command::new(BIN)
            .args(args)
            .env("BRAZE_S3_CONFIG_DIR", dir.path().join("config"))
            .env("HOME", dir.path().join("home"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("setup --non-interactive"),
            "{args:?}: {stderr}"
        );
    }
}

/// Issue 11, item 1: `setup` without `--non-interactive` opens the wizard, which honours the
/// setup flags as the headless flow does — here `--no-store-secret`: the secret is shown on the
/// Done step and never written to the profile.
#[test]
fn the_wizard_honours_no_store_secret() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--sandbox", "setup", "--no-store-secret", "--wait", "30"];
    let mut w = Wizard::start(BIN, dir.path(), 100, 30, &args);
    w.wait_for(&["Who am I in AWS?", "Caller"], SANDBOX_START);
    for words in [
        "What should Braze export?",
        "Which S3 bucket?",
        "Connector options",
        "How does Braze sign in?",
        "The exact policies",
        "Nothing has been changed yet",
    ] {
        w.press(ENTER);
        w.wait_for(&[words], STEP);
    }
    w.press(ENTER);
    w.wait_for(&["All changes made"], STEP);
    w.press(ENTER);
    w.wait_for(&["checks passed", "Connector saved to"], STEP);
    w.press(ENTER);
    w.wait_for(&["Enter these in Braze", "••••"], STEP);
    w.press(ENTER);
    let ended = w.finish(STEP);
    assert_eq!(ended.code, 0, "{}", ended.printed);
    let saved: Vec<_> = std::fs::read_dir(dir.path().join("config/sandbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let profile = std::fs::read_to_string(&saved[0]).unwrap();
    assert!(profile.contains("access_key_id"), "{profile}");
    assert!(!profile.contains("secret_access_key"), "{profile}");
}

/// Issue 12, item 1: while "terminal too small" is shown no key acts (q would quit with 0);
/// only Ctrl-C gets through.
#[test]
fn a_too_small_terminal_ignores_every_key_but_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start(BIN, dir.path(), 70, 20, &["--sandbox"]);
    w.wait_for(&["The terminal is too small", "Ctrl-C quits"], STEP);
    for keys in [&b"q"[..], ENTER, ENTER, ENTER] {
        w.press(keys);
    }
    w.quiet_for(Duration::from_millis(500), STEP);
    w.wait_for(&["The terminal is too small"], STEP);
    w.press(CTRL_C);
    let ended = w.finish(STEP);
    let printed = &ended.printed;
    assert_eq!(ended.code, 130, "{printed}");
    assert!(printed.contains("nothing was changed in AWS"), "{printed}");
}

/// Growing a too-small terminal brings the step back, with no key pressed.
#[test]
fn growing_a_too_small_terminal_shows_the_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start(BIN, dir.path(), 70, 20, &["--sandbox"]);
    w.wait_for(&["The terminal is too small"], STEP);
    w.resize(100, 30);
    // The step is back, with its answer (as the Ctrl-C test on Identity waits for it).
    w.wait_for(&["Who am I in AWS?", "Caller"], SANDBOX_START);
    assert!(!w.screen().contains("too small"), "{}", w.screen());
    w.press(CTRL_C);
    assert_eq!(w.finish(STEP).code, 130);
}

/// Issue 12, item 10: on a terminal that can't draw a full-screen UI (`TERM=dumb`) the same
/// steps come as line prompts; Enter alone (and the plan's default "y") reaches a tested
/// connector, with no escape sequence, no alternate screen and no colour on the way.
#[test]
fn a_dumb_terminal_gets_line_prompts_and_enter_alone_reaches_a_tested_connector() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start_on(BIN, dir.path(), (100, 30), &["--sandbox"], "dumb");
    w.wait_for(&["What should Braze export?", "Choice [1]:"], SANDBOX_START);
    // Enter whenever a question waits (its last line ends in "[default]:"), until the Braze
    // fields are printed.
    let deadline = std::time::Instant::now() + SANDBOX_START;
    let mut answered = 0;
    loop {
        let screen = w.screen();
        if screen.contains("Enter these in Braze") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "stuck:\n{screen}");
        let last = screen
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        if last.trim_end().ends_with("]:") {
            w.press(ENTER);
            answered += 1;
            w.quiet_for(Duration::from_millis(150), STEP);
        } else {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    assert!(answered >= 6, "{answered} questions answered");
    let ended = w.finish(SANDBOX_START);
    assert_eq!(ended.code, 0, "{}", ended.printed);
    assert!(
        ended.printed.contains("Enter these in Braze"),
        "{}",
        ended.printed
    );
    assert!(
        !ended.transcript.contains('\u{1b}'),
        "no escape sequences on a dumb terminal: {:?}",
        ended.transcript
    );
}

/// Issue 12, item 2: a saved connector is never overwritten silently. Setting up a bucket
/// whose name a saved connector has asks update / new name / cancel on the Options step;
/// cancel leaves the saved profile exactly as it was.
#[test]
fn a_saved_connectors_name_asks_before_anything_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let first = Command::new(BIN)
        .args([
            "--sandbox",
            "setup",
            "--non-interactive",
            "--bucket",
            "acme-again",
        ])
        .env("BRAZE_S3_CONFIG_DIR", dir.path().join("config"))
        .env("HOME", dir.path().join("home"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let profile = dir.path().join("config/sandbox/acme-again.json");
    let saved = std::fs::read(&profile).unwrap();

    let mut w = Wizard::start(
        BIN,
        dir.path(),
        80,
        24,
        &["--sandbox", "setup", "--bucket", "acme-again", "--sse"],
    );
    w.wait_for(&["Who am I in AWS?", "Caller"], SANDBOX_START);
    w.press(ENTER);
    w.wait_for(&["What should Braze export?"], STEP);
    w.press(ENTER);
    w.wait_for(&["Which S3 bucket?", "acme-again"], STEP);
    w.press(ENTER);
    w.wait_for(&["Connector options", "Connector name"], STEP);
    w.press(ENTER);
    w.wait_for(
        &[
            "already called acme-again",
            "Update it",
            "New name",
            "Cancel",
        ],
        STEP,
    );
    w.press(b"\x1b[B"); // ↓ New name
    w.press(b"\x1b[B"); // ↓ Cancel
    w.press(ENTER);
    let ended = w.finish(STEP);
    assert_eq!(ended.code, 0, "{}", ended.printed);
    assert!(
        ended.printed.contains("nothing was changed"),
        "{}",
        ended.printed
    );
    assert_eq!(
        std::fs::read(&profile).unwrap(),
        saved,
        "the saved profile is untouched"
    );
}
