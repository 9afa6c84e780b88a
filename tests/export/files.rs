//! Every rendered variant checked by the engines' own tools (`terraform fmt`, `cfn-lint`), and
//! the `export` / `plan --format` commands of the real binary.

use std::time::Instant;

use crate::fixtures::{files, variants, write};
use crate::tools::{Text, Tool, run};
use braze_s3::export::Format;

#[test]
fn every_export_is_terraform_fmt_clean_and_cfn_lint_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut templates = Vec::new();
    for (name, a, adopted, key) in variants() {
        write(
            &dir.path().join("tf").join(&name),
            &files(Format::Terraform, &a, adopted.clone(), key),
        );
        let cfn = files(Format::CloudFormation, &a, adopted, key);
        let path = dir.path().join("cfn").join(format!("{name}.yaml"));
        write(&dir.path().join("cfn"), &[]);
        std::fs::write(&path, &cfn[0].contents).unwrap();
        templates.push(path);
    }
    if let Some(terraform) = Tool::find("terraform") {
        let started = Instant::now();
        let tf = dir.path().join("tf");
        let out = run(terraform
            .command()
            .args(["fmt", "-check", "-recursive", "-diff"])
            .arg(&tf));
        assert!(
            out.status.success(),
            "terraform fmt would change:\n{}",
            out.text()
        );
        eprintln!("terraform fmt -check: clean in {:?}", started.elapsed());
    }
    if let Some(lint) = Tool::find("cfn-lint") {
        let started = Instant::now();
        let out = run(lint.command().args(&templates));
        assert!(
            out.status.success(),
            "cfn-lint found problems:\n{}",
            out.text()
        );
        eprintln!(
            "cfn-lint: {} templates clean in {:?}",
            templates.len(),
            started.elapsed()
        );
    }
}

/// The binary, offline, with a private HOME and no AWS settings.
fn offline(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    run(std::process::Command::new(env!("CARGO_BIN_EXE_braze-s3"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("BRAZE_S3_CONFIG_DIR", home.join("config"))
        .args(args))
}

#[test]
fn plan_with_a_format_prints_the_setup_as_code_offline() {
    let home = tempfile::tempdir().unwrap();
    let out = offline(
        home.path(),
        &["plan", "--bucket", "acme-plan", "--format", "terraform"],
    );
    assert!(out.status.success(), "{}", out.text());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("# ==> main.tf <=="), "{text}");
    assert!(
        text.contains("resource \"aws_s3_bucket\" \"braze\""),
        "{text}"
    );
    assert!(!text.contains("aws_iam_access_key"), "{text}");

    let out = offline(
        home.path(),
        &[
            "plan",
            "--bucket",
            "acme-plan",
            "--integration",
            "both",
            "--format",
            "cloudformation",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", out.text());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let template = json["files"][0]["contents"].as_str().unwrap();
    assert!(template.contains("DataExportPolicy:"), "{template}");

    // A bucket that already exists can't be looked at offline: it is imported.
    let out = offline(
        home.path(),
        &[
            "plan",
            "--bucket",
            "acme-plan",
            "--existing-bucket",
            "--format",
            "terraform",
        ],
    );
    assert!(out.status.success(), "{}", out.text());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("to = aws_s3_bucket.braze"), "{text}");

    // --out and --with-key only make sense with --format.
    let out = offline(
        home.path(),
        &["plan", "--bucket", "acme-plan", "--out", "x"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", out.text());
    // What setup would refuse, the export refuses too.
    let out = offline(
        home.path(),
        &[
            "plan",
            "--bucket",
            "acme-plan",
            "--integration",
            "data-export",
            "--scope-to-folder",
            "--format",
            "terraform",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", out.text());
}
