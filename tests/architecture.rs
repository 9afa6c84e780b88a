//! The layering rules of `docs/ARCHITECTURE.md`, checked by reading `src/`:
//! - `domain/` is pure: nothing of the crate outside `domain/`, no I/O, no async, no AWS SDK;
//! - `export/` is pure the same way and uses only `domain/` (it renders, the faces write);
//! - no `aws_sdk_*` / `aws_smithy_*` / `aws_config` name outside `aws/`;
//! - `aws/` and `store/` never import a face (`tui`, `headless`) or the engine, nor each other
//!   (files and cloud stay apart: `aws` returns what it created, the engine journals it);
//! - the faces (`tui/`, `headless`) never import `aws` directly: they go through the engine;
//! - the faces never see the command line as clap parses it: no `crate::cli`, no `clap` name
//!   (they get `crate::config`'s resolved types), and `config` never imports a face;
//! - below the faces (`engine`, `aws`, `store`, `domain`, `export`, `sandbox`) nothing knows
//!   the command line at all: no `crate::cli`, `crate::config` or `clap`;
//! - no source file over 300 lines (unit tests — `tests.rs`, files under a `tests/` directory —
//!   are exempt): a file that grows past that is doing two jobs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::path::{Path, PathBuf};

/// Source with `//` comments removed, so prose about a rule never trips it.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment of every `crate::…` reference, including `crate::{a, b::c}`.
fn crate_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let first = item.trim().split("::").next().unwrap_or("").trim();
                if !first.is_empty() {
                    found.push(first.to_string());
                }
            }
        } else {
            let ident: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(ident);
        }
    }
    found
}

const AWS_NAMES: [&str; 3] = ["aws_sdk_", "aws_smithy_", "aws_config"];
const DOMAIN_FORBIDDEN: [&str; 14] = [
    "std::fs",
    "std::io",
    "std::process",
    "std::env",
    "std::thread",
    "std::net::Tcp",
    "std::net::Udp",
    "SystemTime",
    "Instant::now",
    "tokio",
    "async ",
    ".await",
    "println!",
    "eprintln!",
];

/// Every rule `path` (relative to `src/`, with `/` separators) breaks.
fn violations(path: &str, text: &str) -> Vec<String> {
    let code = code_only(text);
    let mut out = Vec::new();
    let modules = crate_modules(&code);
    let in_dir = |dir: &str| path.starts_with(&format!("{dir}/"));
    if in_dir("domain") {
        for m in modules.iter().filter(|m| m.as_str() != "domain") {
            out.push(format!(
                "{path}: domain/ uses crate::{m} (domain imports nothing of the crate)"
            ));
        }
        let escapes = if path == "domain/mod.rs" {
            "super::"
        } else {
            "super::super"
        };
        if code.contains(escapes) {
            out.push(format!(
                "{path}: domain/ reaches outside domain/ through `{escapes}`"
            ));
        }
        for word in DOMAIN_FORBIDDEN.iter().chain(AWS_NAMES.iter()) {
            if code.contains(word) {
                out.push(format!("{path}: domain/ must be pure but uses `{word}`"));
            }
        }
    }
    if in_dir("export") {
        for m in modules
            .iter()
            .filter(|m| !["domain", "export"].contains(&m.as_str()))
        {
            out.push(format!(
                "{path}: export/ uses crate::{m} (export imports only crate::domain)"
            ));
        }
        for word in DOMAIN_FORBIDDEN {
            if code.contains(word) {
                out.push(format!("{path}: export/ must be pure but uses `{word}`"));
            }
        }
    }
    if !in_dir("aws") {
        for word in AWS_NAMES {
            if code.contains(word) {
                out.push(format!("{path}: `{word}` names may appear only in aws/"));
            }
        }
    }
    if in_dir("aws") || in_dir("store") {
        for m in &modules {
            if ["tui", "headless", "engine"].contains(&m.as_str()) {
                out.push(format!(
                    "{path}: aws/ and store/ must not import crate::{m}"
                ));
            }
        }
    }
    let other = if in_dir("aws") { "store" } else { "aws" };
    if (in_dir("aws") || in_dir("store")) && modules.iter().any(|m| m == other) {
        out.push(format!(
            "{path}: aws/ and store/ stay apart: crate::{other} is reached through the engine"
        ));
    }
    if (in_dir("tui") || path == "headless.rs" || in_dir("headless"))
        && modules.iter().any(|m| m == "aws")
    {
        {
            out.push(format!(
                "{path}: a face must reach AWS through the engine, not crate::aws"
            ));
        }
    }
    let face = in_dir("tui") || in_dir("headless") || path == "headless.rs" || path == "tui.rs";
    if face {
        for m in modules.iter().filter(|m| m.as_str() == "cli") {
            out.push(format!(
                "{path}: a face takes the resolved crate::config, not crate::{m}'s clap structs"
            ));
        }
        if code.contains("clap") {
            out.push(format!(
                "{path}: a face must not name clap: the command line is resolved in crate::config"
            ));
        }
    }
    if in_dir("config") || path == "config.rs" {
        for m in modules
            .iter()
            .filter(|m| ["tui", "headless"].contains(&m.as_str()))
        {
            out.push(format!(
                "{path}: config resolves the command line for the faces; it must not import crate::{m}"
            ));
        }
    }
    let below = ["engine", "aws", "store", "domain", "export", "sandbox"]
        .iter()
        .any(|d| in_dir(d) || path == format!("{d}.rs"));
    if below {
        for m in modules
            .iter()
            .filter(|m| ["cli", "config"].contains(&m.as_str()))
        {
            out.push(format!(
                "{path}: below the faces nothing knows the command line, but this uses crate::{m}"
            ));
        }
        if code.contains("clap") {
            out.push(format!("{path}: `clap` belongs to cli/ and config/ only"));
        }
    }
    out
}

/// Longest a non-test source file may be.
const MAX_LINES: usize = 300;

/// Unit tests (`foo/tests.rs`, anything under a `tests/` directory) may be longer.
fn is_test_file(path: &str) -> bool {
    path.ends_with("/tests.rs") || path == "tests.rs" || path.split('/').any(|d| d == "tests")
}

/// The file's complaint when it is too long.
fn too_long(path: &str, text: &str) -> Option<String> {
    let lines = text.lines().count();
    (!is_test_file(path) && lines > MAX_LINES)
        .then(|| format!("{path}: {lines} lines (at most {MAX_LINES}): split it by job"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("src/ is readable");
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_source_tree_keeps_the_layering() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 10,
        "found only {} files under src/",
        files.len()
    );
    let mut broken = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(&src)
            .expect("under src/")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).expect("source is UTF-8");
        broken.extend(violations(&rel, &text));
    }
    assert!(
        broken.is_empty(),
        "layering rules broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn no_source_file_is_over_300_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let rel = file
                .strip_prefix(&src)
                .expect("under src/")
                .to_string_lossy()
                .replace('\\', "/");
            too_long(
                &rel,
                &std::fs::read_to_string(file).expect("source is UTF-8"),
            )
        })
        .collect();
    long.sort();
    assert!(long.is_empty(), "files too long:\n{}", long.join("\n"));
}

#[test]
fn long_files_are_caught_and_unit_tests_exempt() {
    let long = "fn f() {}\n".repeat(MAX_LINES + 1);
    assert!(too_long("engine/run.rs", &long).is_some());
    assert!(too_long("engine/run.rs", &"\n".repeat(MAX_LINES)).is_none());
    assert!(too_long("engine/run/tests.rs", &long).is_none());
    assert!(too_long("tui/tests/flows.rs", &long).is_none());
    assert!(too_long("tui/testsuite.rs", &long).is_some());
}

#[test]
fn faces_seeing_clap_or_the_cli_are_caught() {
    assert_eq!(
        violations(
            "headless/setup.rs",
            "use crate::cli::{GlobalArgs, SetupCmd};"
        )
        .len(),
        1
    );
    assert_eq!(
        violations("tui/mod.rs", "fn f(s: clap_complete::Shell) {}").len(),
        1
    );
    assert!(
        violations(
            "headless/setup.rs",
            "use crate::config::{Global, SetupConfig};"
        )
        .is_empty()
    );
    assert_eq!(
        violations("config/setup.rs", "use crate::headless::Failure;").len(),
        1
    );
    assert!(
        violations(
            "config/resolve.rs",
            "use crate::cli::Cli; use clap::Parser;"
        )
        .is_empty()
    );
}

#[test]
fn the_command_line_below_the_faces_is_caught() {
    assert_eq!(
        violations("engine/run.rs", "use crate::config::Global;").len(),
        1
    );
    assert_eq!(
        violations("sandbox/mod.rs", "use crate::cli::SetupArgs;").len(),
        1
    );
    assert_eq!(
        violations("store/profile.rs", "#[derive(clap::Args)]").len(),
        1
    );
    assert!(violations("engine/mod.rs", "use crate::exit;").is_empty());
}

#[test]
fn domain_importing_the_engine_or_io_is_caught() {
    let v = violations(
        "domain/plan.rs",
        "use crate::engine::Engine;\nuse std::fs::File;\n",
    );
    assert_eq!(v.len(), 2, "{v:?}");
    let v = violations(
        "domain/plan.rs",
        "use crate::{domain::names, aws::clients};",
    );
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(v[0].contains("crate::aws"));
    let v = violations("domain/names.rs", "async fn f() { g().await }");
    assert_eq!(v.len(), 2, "{v:?}");
    let v = violations("domain/names.rs", "use super::super::cli::Cli;");
    assert_eq!(v.len(), 1, "{v:?}");
    let v = violations("domain/mod.rs", "use super::engine;");
    assert_eq!(v.len(), 1, "{v:?}");
}

#[test]
fn export_reaching_past_the_domain_is_caught() {
    assert!(
        violations(
            "export/terraform.rs",
            "use crate::domain::answers::Answers;"
        )
        .is_empty()
    );
    let v = violations(
        "export/terraform.rs",
        "use crate::store::profile::ConnectorProfile;\nstd::fs::write(p, s);",
    );
    assert_eq!(v.len(), 2, "{v:?}");
}

#[test]
fn sdk_names_outside_aws_are_caught() {
    assert_eq!(
        violations("engine.rs", "fn f(c: aws_sdk_s3::Client) {}").len(),
        1
    );
    assert_eq!(
        violations("store/profile.rs", "use aws_smithy_types::Blob;").len(),
        1
    );
    assert!(violations("aws/clients.rs", "use aws_sdk_s3::Client;").is_empty());
}

#[test]
fn lower_layers_importing_faces_are_caught() {
    assert_eq!(violations("aws/apply.rs", "use crate::tui::App;").len(), 1);
    assert_eq!(
        violations("store/journal.rs", "use crate::headless;").len(),
        1
    );
    assert_eq!(
        violations("tui/app.rs", "use crate::aws::clients::Clients;").len(),
        1
    );
    assert_eq!(
        violations("headless.rs", "use crate::{aws, domain};").len(),
        1
    );
}

#[test]
fn cloud_and_files_importing_each_other_are_caught() {
    assert_eq!(
        violations("aws/apply.rs", "use crate::store::journal::Journal;").len(),
        1
    );
    assert_eq!(
        violations("store/journal.rs", "use crate::aws::apply::Target;").len(),
        1
    );
    assert!(violations("engine/run.rs", "use crate::{aws, store};").is_empty());
}

#[test]
fn comments_do_not_count() {
    assert!(
        violations(
            "domain/plan.rs",
            "// uses std::fs elsewhere, crate::engine too"
        )
        .is_empty()
    );
    assert!(violations("tui/app.rs", "/// talks to aws_sdk_s3 through the engine").is_empty());
}
