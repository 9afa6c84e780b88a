//! Installing it like a Rust CLI (issue 15): the completion scripts of `braze-s3 completions
//! SHELL` are valid in their shells and offer saved connector names where a command takes
//! `NAME`, and `braze-s3 man` renders. `cargo install` itself is checked by `.ci/run`.
//!
//! bash is required; zsh, fish, man and groff are used when installed and otherwise skipped
//! with a `SKIPPED:` line on the test output (CI does not install them).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::profile;

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_braze-s3");
const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "powershell", "elvish"];

/// Says so on the test output even though libtest captures `eprintln!` of passing tests.
fn skipped(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn installed(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// PATH with the binary's directory first, as after `cargo install`: the completion scripts
/// call `braze-s3` by name.
fn path_with_binary() -> std::ffi::OsString {
    let dir = Path::new(BIN).parent().unwrap().to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(&rest))).unwrap()
}

/// A shell (or any program) in a clean environment whose config dir is `home/config`.
fn in_env(program: &str, home: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .envs(support::clean_env(home, &home.join("config")))
        .env("PATH", path_with_binary())
        .stdin(Stdio::null());
    cmd
}

fn braze(home: &Path, args: &[&str]) -> Output {
    let out = in_env(BIN, home).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "braze-s3 {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn script(home: &Path, shell: &str) -> PathBuf {
    let out = braze(home, &["completions", shell]);
    let path = home.join(format!("completions.{shell}"));
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

/// A connector profile as setup saves it (in the sandbox store when `sandbox`).
fn save_connector(home: &Path, name: &str, sandbox: bool) {
    let endpoint = sandbox.then_some("http://127.0.0.1:9");
    let connector = profile::connector(name, endpoint, "key-secret-example");
    profile::save(&home.join("config"), &connector);
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_shell_gets_a_completion_script_that_calls_the_binary_back() {
    let home = tempfile::tempdir().unwrap();
    for shell in SHELLS {
        let text = stdout(&braze(home.path(), &["completions", shell]));
        assert!(
            text.contains("BRAZE_S3_COMPLETE") && text.contains("braze-s3"),
            "{shell}:\n{text}"
        );
    }
    let out = in_env(BIN, home.path())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an unknown shell is bad usage");
}

/// The completion script for `shell`, written to a file that `shell CHECK FILE` (a syntax
/// check) accepts.
fn valid_script(home: &Path, shell: &str, check: &str) -> PathBuf {
    let file = script(home, shell);
    let out = in_env(shell, home).arg(check).arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{shell} {check}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    file
}

#[test]
fn bash_completion_script_is_valid_bash() {
    let home = tempfile::tempdir().unwrap();
    valid_script(home.path(), "bash", "-n");
}

#[test]
fn zsh_completion_script_is_valid_zsh() {
    if !installed("zsh") {
        return skipped("zsh_completion_script_is_valid_zsh: zsh is not installed");
    }
    let home = tempfile::tempdir().unwrap();
    valid_script(home.path(), "zsh", "-n");
}

#[test]
fn fish_completion_script_is_valid_fish_and_offers_connector_names() {
    if !installed("fish") {
        return skipped(
            "fish_completion_script_is_valid_fish_and_offers_connector_names: fish is not installed",
        );
    }
    let home = tempfile::tempdir().unwrap();
    let file = valid_script(home.path(), "fish", "--no-execute");

    save_connector(home.path(), "acme-braze", false);
    let out = in_env("fish", home.path())
        .arg("-c")
        .arg(format!(
            "source {}; complete -C 'braze-s3 teardown '",
            file.display()
        ))
        .output()
        .unwrap();
    assert!(
        stdout(&out).lines().any(|l| l == "acme-braze"),
        "{}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What bash offers for the last of `words` (the word under the cursor), as after Tab.
fn bash_offers(home: &Path, words: &[&str]) -> Vec<String> {
    let file = script(home, "bash");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={cword}\nCOMP_TYPE=9\n_clap_complete_braze_s3 braze-s3 {} {}\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        file.display(),
        quoted.join(" "),
        quoted[cword],
        quoted[cword - 1],
    );
    let out = in_env("bash", home)
        .arg("-c")
        .arg(program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completion_offers_saved_connector_names_where_a_command_takes_name() {
    let home = tempfile::tempdir().unwrap();
    save_connector(home.path(), "acme-braze", false);
    save_connector(home.path(), "acme-sandboxed", true);
    for words in [
        &["braze-s3", "test", ""][..],
        &["braze-s3", "teardown", ""],
        &["braze-s3", "resume", ""],
        &["braze-s3", "connectors", "show", ""],
        &["braze-s3", "connectors", "remove", ""],
        &["braze-s3", "--json", "test", ""],
    ] {
        let offered = bash_offers(home.path(), words);
        for name in ["acme-braze", "acme-sandboxed"] {
            assert!(
                offered.iter().any(|o| o == name),
                "{words:?} offers {offered:?}, not {name}"
            );
        }
    }
    assert_eq!(
        bash_offers(home.path(), &["braze-s3", "test", "acme-s"]),
        ["acme-sandboxed"]
    );
    // Elsewhere, no connector names: subcommands and flags as clap defines them.
    let top = bash_offers(home.path(), &["braze-s3", "conn"]);
    assert_eq!(top, ["connectors"]);
    let shells = bash_offers(home.path(), &["braze-s3", "completions", ""]);
    assert!(shells.iter().any(|s| s == "zsh"), "{shells:?}");
    assert!(!shells.iter().any(|s| s == "acme-braze"), "{shells:?}");
}

#[test]
fn bash_completion_without_saved_connectors_offers_no_names_and_creates_no_sandbox_store() {
    let home = tempfile::tempdir().unwrap();
    let offered = bash_offers(home.path(), &["braze-s3", "test", ""]);
    assert!(offered.iter().all(|o| o.starts_with('-')), "{offered:?}");
    assert!(!home.path().join("config").join("sandbox").exists());
}

/// `braze-s3 man ARGS` rendered as text by `man -l` (or `groff`), or None when neither exists.
fn rendered_man_page(home: &Path, args: &[&str]) -> Option<String> {
    let mut argv = vec!["man"];
    argv.extend_from_slice(args);
    let page = braze(home, &argv).stdout;
    let roff = String::from_utf8_lossy(&page);
    assert!(roff.contains(".TH braze-s3"), "{roff}");
    let file = home.join("braze-s3.1");
    std::fs::write(&file, &page).unwrap();
    // man -l reads the file's encoding itself; groff needs -k (preconv) for UTF-8.
    let rendered = if installed("man") {
        in_env("man", home)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .arg("-l")
            .arg(&file)
            .output()
            .unwrap()
    } else if installed("groff") {
        in_env("groff", home)
            .args(["-k", "-man", "-Tutf8", "-P-cbou"])
            .arg(&file)
            .output()
            .unwrap()
    } else {
        return None;
    };
    assert!(
        rendered.status.success() && rendered.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    Some(stdout(&rendered))
}

/// Rendered text with justification's runs of spaces (and line breaks) made single spaces.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn man_page_renders_and_lists_every_command() {
    let home = tempfile::tempdir().unwrap();
    let Some(text) = rendered_man_page(home.path(), &[]) else {
        return skipped(
            "man_page_renders_and_lists_every_command: neither man nor groff is installed",
        );
    };
    for want in [
        "NAME",
        "SYNOPSIS",
        "braze-s3 - Connect Amazon S3 to Braze",
        "--sandbox",
        "Exit codes",
    ] {
        assert!(words(&text).contains(want), "no {want:?} in:\n{text}");
    }
    for command in [
        "policy",
        "trust-policy",
        "plan",
        "setup",
        "test",
        "connectors",
        "teardown",
        "resume",
        "sandbox",
        "completions",
        "man",
    ] {
        let reference = format!("braze-s3-{command}(1)");
        assert!(
            text.lines().any(|l| l.trim() == reference),
            "no {reference} in:\n{text}"
        );
    }
}

#[test]
fn each_command_the_man_page_refers_to_has_its_own_page() {
    let home = tempfile::tempdir().unwrap();
    let Some(text) = rendered_man_page(home.path(), &["connectors", "show"]) else {
        return skipped(
            "each_command_the_man_page_refers_to_has_its_own_page: neither man nor groff is installed",
        );
    };
    let text = words(&text);
    assert!(
        text.contains("braze-s3-connectors-show - One connector's profile"),
        "{text}"
    );
    assert!(text.contains("SYNOPSIS braze-s3 connectors show"), "{text}");
    let teardown = rendered_man_page(home.path(), &["teardown"]).unwrap();
    assert!(teardown.contains("--delete-bucket"), "{teardown}");

    let out = in_env(BIN, home.path())
        .args(["man", "connectors", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no command `connectors nope`"));
}
