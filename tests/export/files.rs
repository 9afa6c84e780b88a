//! Every rendered variant checked by the engines' own tools (`terraform fmt`, `cfn-lint`), and
//! the `export` / `plan --format` commands of the real binary.

use std::time::Instant;

use crate::fixtures::{answers, files, variants, write};
use crate::support;
use crate::tools::{Text, Tool, run};
use braze_s3::domain::auth::AuthKind;
use braze_s3::domain::integration::IntegrationChoice;
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

/// `export NAME` on a connector set up on an existing bucket: the bucket is imported (and
/// nothing the tool created is), files are 0644, and 0600 with a warning for `--with-key`.
#[tokio::test(flavor = "multi_thread")]
async fn export_of_a_saved_connector_imports_the_bucket_it_adopted() {
    use std::os::unix::fs::PermissionsExt;
    let sb = support::sandbox().await;
    let admin = support::admin_clients(&sb).await;
    admin
        .s3
        .create_bucket()
        .bucket("old-braze")
        .send()
        .await
        .unwrap();
    let a = answers(
        "old-braze",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
        true,
        false,
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let engine = support::engine(&sb.endpoint, &sb.region, &sb.admin, &config).await;
    let plan = engine.prepare(&a).await.unwrap().plan.unwrap();
    let lock = engine.lock(&a.name).unwrap();
    let (tx, stop) = (tokio::sync::mpsc::unbounded_channel().0, Default::default());
    let applied = engine
        .apply(lock, &a, &plan, tx.clone(), stop)
        .await
        .unwrap();
    let report = engine.verify(&a, &applied, tx).await;
    let account = engine.identity().await.unwrap().account;
    engine.save(&a, &applied, &report, &account).await.unwrap();

    let export = |args: &[&str]| {
        let mut c = support::binary(dir.path(), &config, &sb.endpoint, &sb.admin);
        c.args(["export", "old-braze"]).args(args);
        c.output()
    };
    let out_dir = dir.path().join("tf");
    let out = export(&["--format", "terraform", "--out", out_dir.to_str().unwrap()])
        .await
        .unwrap();
    assert!(out.status.success(), "{}", out.text());
    let main = std::fs::read_to_string(out_dir.join("main.tf")).unwrap();
    assert_eq!(main.matches("import {").count(), 1, "{main}");
    assert!(main.contains("to = aws_s3_bucket.braze"), "{main}");
    let mode = std::fs::metadata(out_dir.join("main.tf"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);

    let cfn_dir = dir.path().join("cfn");
    let out = export(&[
        "--format",
        "cloudformation",
        "--with-key",
        "--out",
        cfn_dir.to_str().unwrap(),
    ])
    .await
    .unwrap();
    assert!(out.status.success(), "{}", out.text());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("warning: --with-key"),
        "{}",
        out.text()
    );
    let path = cfn_dir.join("braze-s3.cloudformation.yaml");
    let template = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        template.matches("DeletionPolicy: Retain").count(),
        1,
        "{template}"
    );
    assert!(template.contains("AWS::IAM::AccessKey"), "{template}");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}
