//! Exports checked by the engines themselves: every combination formatted as `terraform fmt`
//! leaves it and clean under `cfn-lint`; one Terraform module applied to a fresh moto (then
//! the tool's own live test passes and `terraform plan` shows no changes); one CloudFormation
//! stack created on moto with the tool's own documents. A missing tool skips its part with a
//! message on stderr, never silently.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/mod.rs"]
mod support;

mod files;
mod fixtures;
mod tools;

use std::time::Instant;

use braze_s3::domain::auth::{AuthKind, AuthMethod};
use braze_s3::domain::integration::IntegrationChoice;
use braze_s3::domain::policy::{PolicyDocument, permission_policy, trust_policy};
use braze_s3::engine::{Applied, Credential, NewAccessKey};
use braze_s3::export::{Adopted, File, Format};
use fixtures::{answers, files, variants, write};
use tools::{Text, Tool, aws_json, run};

/// One Terraform round trip against a fresh moto: init from the filesystem mirror, validate
/// the adopted variant (its import blocks; apply validates the module itself), apply, the
/// tool's own live test on what Terraform made, then a plan that shows no changes.
#[tokio::test(flavor = "multi_thread")]
async fn terraform_apply_on_moto_passes_the_live_test_and_plans_no_changes() {
    let Some(tf) = tools::terraform() else { return };
    let started = Instant::now();
    let sb = support::sandbox().await;
    let a = answers(
        "tf-export-braze",
        IntegrationChoice::Both,
        AuthKind::SecretKey,
        false,
        true,
    );
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("module");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(
        work.join("provider.tf"),
        tools::moto_provider(&sb.endpoint, &sb.region),
    )
    .unwrap();
    write(
        &work,
        &files(Format::Terraform, &a, Adopted::planned(&a), true),
    );
    let tf = tf.against_sandbox(&sb, dir.path());
    tf.ok(&work, &["init", "-input=false"]);
    // The adopted variant's import blocks validate too (in the same initialised directory).
    let (_, old, adopted, _) = variants().pop().unwrap();
    let mut adopted_files = files(Format::Terraform, &old, adopted, false);
    adopted_files.push(File {
        name: "provider.tf".into(),
        contents: tools::moto_provider(&sb.endpoint, &sb.region),
    });
    let check = dir.path().join("adopted");
    write(&check, &adopted_files);
    std::fs::create_dir_all(check.join(".terraform")).unwrap();
    std::os::unix::fs::symlink(
        work.join(".terraform/providers"),
        check.join(".terraform/providers"),
    )
    .unwrap();
    std::fs::copy(
        work.join(".terraform.lock.hcl"),
        check.join(".terraform.lock.hcl"),
    )
    .unwrap();
    tf.ok(&check, &["validate"]);
    tf.ok(&work, &["apply", "-auto-approve", "-input=false"]);

    let outputs: serde_json::Value =
        serde_json::from_str(&tf.ok(&work, &["output", "-json"])).unwrap();
    let credentials = a
        .principals()
        .into_iter()
        .map(|p| {
            let id = p.integration.slug().replace('-', "_");
            let key_id = outputs[&id]["value"]["aws_access_id"].as_str().unwrap();
            let secret = outputs[format!("{id}_aws_secret_access_key")]["value"]
                .as_str()
                .unwrap();
            Credential {
                integration: p.integration,
                principal: p.name().clone(),
                access_key: Some(NewAccessKey::new(key_id, secret)),
                role_arn: None,
            }
        })
        .collect();
    let applied = Applied {
        credentials,
        ..Applied::default()
    };
    let config = dir.path().join("config");
    let engine = support::engine(&sb.endpoint, &sb.region, &sb.admin, &config).await;
    let report = engine
        .verify(&a, &applied, tokio::sync::mpsc::unbounded_channel().0)
        .await;
    assert!(
        report.passed(),
        "the live test failed on what Terraform made: {:#?}",
        report.checks
    );

    let planning = Instant::now();
    let out = tf.run(&work, &["plan", "-detailed-exitcode", "-input=false"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "terraform plan shows changes:\n{}",
        out.text()
    );
    eprintln!(
        "terraform plan: no changes ({:?}); round trip {:?}",
        planning.elapsed(),
        started.elapsed()
    );
}

/// One CloudFormation stack on moto: lint-clean, created, and its roles and policies hold the
/// tool's own documents.
#[tokio::test(flavor = "multi_thread")]
async fn cloudformation_stack_on_moto_holds_the_tools_documents() {
    let Some(aws) = Tool::find("aws") else { return };
    let started = Instant::now();
    let sb = support::sandbox().await;
    let a = answers(
        "cfn-export-braze",
        IntegrationChoice::Both,
        AuthKind::RoleArn,
        false,
        true,
    );
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("braze-s3.yaml");
    let rendered = files(Format::CloudFormation, &a, Adopted::planned(&a), false);
    std::fs::write(&template, &rendered[0].contents).unwrap();
    if let Some(lint) = Tool::find("cfn-lint") {
        let out = run(lint.command().arg(&template));
        assert!(out.status.success(), "cfn-lint:\n{}", out.text());
    }
    let aws = aws.against(&sb);
    let body = format!("file://{}", template.display());
    aws_json(
        &aws,
        &[
            "cloudformation",
            "create-stack",
            "--stack-name",
            "braze-s3-export",
            "--template-body",
            &body,
        ],
    );
    let status = tools::wait_for_stack(&aws, "braze-s3-export");
    assert_eq!(status, "CREATE_COMPLETE");

    for p in a.principals() {
        let AuthMethod::RoleArn {
            role,
            braze_account,
            external_id,
        } = &p.auth
        else {
            panic!("role auth expected")
        };
        let got = aws_json(&aws, &["iam", "get-role", "--role-name", role.as_str()]);
        let trust: PolicyDocument =
            serde_json::from_value(got["Role"]["AssumeRolePolicyDocument"].clone()).unwrap();
        assert!(
            trust.equivalent(&trust_policy(braze_account, external_id, "aws")),
            "{trust:?}"
        );
        let attached = aws_json(
            &aws,
            &[
                "iam",
                "list-attached-role-policies",
                "--role-name",
                role.as_str(),
            ],
        );
        let list = attached["AttachedPolicies"].as_array().unwrap();
        assert_eq!(list.len(), 1, "{attached}");
        assert_eq!(list[0]["PolicyName"], a.policy_name(p.integration).as_str());
        let arn = list[0]["PolicyArn"].as_str().unwrap();
        let version = aws_json(
            &aws,
            &[
                "iam",
                "get-policy-version",
                "--policy-arn",
                arn,
                "--version-id",
                "v1",
            ],
        );
        let doc: PolicyDocument =
            serde_json::from_value(version["PolicyVersion"]["Document"].clone()).unwrap();
        let ours = permission_policy(
            p.integration,
            &a.bucket,
            "aws",
            a.policy_scope(p.integration),
        )
        .unwrap();
        assert!(doc.equivalent(&ours), "{doc:?}");
    }
    let encryption = aws_json(
        &aws,
        &[
            "s3api",
            "get-bucket-encryption",
            "--bucket",
            a.bucket.as_str(),
        ],
    );
    assert_eq!(
        encryption["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]
            ["SSEAlgorithm"],
        "AES256"
    );
    // (moto's CloudFormation leaves out PublicAccessBlockConfiguration, so that one property
    // is checked by cfn-lint only.)
    let tags = aws_json(
        &aws,
        &["s3api", "get-bucket-tagging", "--bucket", a.bucket.as_str()],
    );
    assert_eq!(tags["TagSet"][0]["Key"], "braze-s3:connector", "{tags}");
    assert_eq!(tags["TagSet"][0]["Value"], a.name.as_str(), "{tags}");
    eprintln!(
        "cloudformation: stack created and checked in {:?}",
        started.elapsed()
    );
}
