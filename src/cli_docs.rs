//! What the command line says about itself: shell completions and the man page, both generated
//! from the clap definition in `cli`, so neither can drift from the real commands and flags.
//!
//! Completions are clap_complete's *dynamic* ones (`CompleteEnv`): the script that
//! `braze-s3 completions SHELL` prints is a few lines that call `braze-s3` back on each Tab
//! (with `BRAZE_S3_COMPLETE` set), and the binary answers from its own clap definition. Chosen
//! over static scripts patched to call `braze-s3 connectors list --names` because it is one
//! mechanism for all five shells — no per-shell string surgery on generated scripts, which would
//! break silently when clap_complete changes their layout — and the answers always match the
//! installed binary. The cost: the API sits behind clap_complete's `unstable-dynamic` feature, so
//! Cargo.toml pins clap_complete exactly; `tests/install.rs` runs the bash script for real.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::{CompleteEnv, Shells};

use crate::cli::Cli;
use crate::exit::Failure;
use crate::store::profile::ProfileStore;

/// Set (to a shell's name) by the completion script when it asks the binary for completions.
pub const COMPLETE_VAR: &str = "BRAZE_S3_COMPLETE";

/// Answers a completion request and exits, when the shell made one; otherwise returns at once
/// (one environment look-up: the clap definition is built only for a request).
pub fn complete_if_asked() {
    CompleteEnv::with_factory(Cli::command)
        .var(COMPLETE_VAR)
        .complete();
}

/// `braze-s3 completions SHELL`: the script that registers the completions in that shell.
pub fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let completer = shells
        .completer(&name)
        .ok_or_else(|| Failure::usage(vec![format!("no completions for shell {name}")]))?;
    let mut script = Vec::new();
    completer
        .write_registration(
            COMPLETE_VAR,
            "braze-s3",
            "braze-s3",
            "braze-s3",
            &mut script,
        )
        .map_err(|e| Failure::runtime(format!("writing the {name} completions: {e}")))?;
    write_stdout(&script)
}

/// `braze-s3 man [COMMAND]...`: the man page, in roff — braze-s3(1), or the page of a command
/// (braze-s3-teardown(1), braze-s3-connectors-show(1)) that braze-s3(1) refers to.
pub fn man(path: &[String]) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    // Gives every subcommand its page name (braze-s3-teardown) and usage (braze-s3 teardown).
    cmd.build();
    let mut page_of = &cmd;
    for word in path {
        page_of = page_of.find_subcommand(word).ok_or_else(|| {
            Failure::usage(vec![format!(
                "no command `{}` has a man page: see `{} --help`",
                path.join(" "),
                page_of.get_bin_name().unwrap_or("braze-s3"),
            )])
        })?;
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(page_of.clone())
        .render(&mut page)
        .map_err(|e| Failure::runtime(format!("writing the man page: {e}")))?;
    write_stdout(&page)
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // `braze-s3 man | head` closing the pipe early is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::runtime(format!("writing to stdout: {e}"))),
    }
}

/// Completes a `NAME` argument with the saved connectors' names: those of the config dir
/// (`BRAZE_S3_CONFIG_DIR`, else the platform's) and of its sandbox store, as `test NAME` finds
/// either. A flag on the line being completed (`--config-dir`) is not seen here.
pub fn saved_names() -> ArgValueCandidates {
    ArgValueCandidates::new(connector_names)
}

fn connector_names() -> Vec<CompletionCandidate> {
    let dir = std::env::var_os("BRAZE_S3_CONFIG_DIR").map(std::path::PathBuf::from);
    let Ok(store) = ProfileStore::open(dir.as_deref(), false) else {
        return Vec::new();
    };
    let mut out: Vec<CompletionCandidate> = store
        .names()
        .unwrap_or_default()
        .iter()
        .map(|name| CompletionCandidate::new(name.to_string()))
        .collect();
    // Only look into a sandbox store that exists: a Tab should not create one.
    if store.dir().join("sandbox").is_dir()
        && let Ok(sandbox) = ProfileStore::open(dir.as_deref(), true)
    {
        out.extend(sandbox.names().unwrap_or_default().iter().map(|name| {
            CompletionCandidate::new(name.to_string()).help(Some("sandbox connector".into()))
        }));
    }
    out
}
