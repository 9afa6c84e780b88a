#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

use crate::domain::answers::Draft;
use crate::domain::auth::AuthKind;
use crate::domain::integration::IntegrationChoice;

const BUCKET: &str = "acme-exports";

fn answers(integration: IntegrationChoice, auth: AuthKind, existing: bool) -> Answers {
    let role = auth == AuthKind::RoleArn;
    Draft {
        bucket: Some(BUCKET.into()),
        region: Some("eu-west-1".into()),
        integration: Some(integration),
        auth: Some(auth),
        existing_bucket: existing,
        sse: Some(existing),
        braze_account_id: role.then(|| "123456789012".into()),
        currents_external_id: (role && integration != IntegrationChoice::DataExport)
            .then(|| "braze-currents-42".into()),
        export_external_id: (role && integration != IntegrationChoice::Currents)
            .then(|| "braze-export-43".into()),
        ..Draft::default()
    }
    .build()
    .unwrap()
}

fn export(a: &Answers, with_key: bool) -> Export<'_> {
    Export {
        answers: a,
        adopted: Adopted {
            bucket: a.existing_bucket,
            iam: None,
        },
        with_key,
    }
}

/// All files of one export as one text, each under its name.
fn joined(format: Format, e: &Export<'_>) -> String {
    render(format, e)
        .unwrap()
        .iter()
        .map(|f| format!("==> {} <==\n{}", f.name, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The 12 integration × auth × bucket combinations, both formats (with both formats' bucket
/// choice: a new bucket without SSE, an existing one with SSE).
#[test]
fn snapshots_of_every_combination() {
    for integration in IntegrationChoice::ALL {
        for auth in AuthKind::ALL {
            for existing in [false, true] {
                let a = answers(integration, auth, existing);
                let bucket = if existing { "existing" } else { "new" };
                for (format, slug) in [
                    (Format::Terraform, "terraform"),
                    (Format::CloudFormation, "cloudformation"),
                ] {
                    let name = format!("{slug}_{integration}_{auth}_{bucket}");
                    insta::assert_snapshot!(name, joined(format, &export(&a, false)));
                }
            }
        }
    }
}

#[test]
fn with_key_snapshots_warn_about_the_secret() {
    let a = answers(IntegrationChoice::Both, AuthKind::SecretKey, false);
    for (format, slug) in [
        (Format::Terraform, "terraform"),
        (Format::CloudFormation, "cloudformation"),
    ] {
        let text = joined(format, &export(&a, true));
        assert!(text.contains("WARNING"), "{text}");
        insta::assert_snapshot!(format!("{slug}_both_secret_key_with_key"), text);
    }
}

#[test]
fn without_a_key_nothing_secret_is_declared() {
    let a = answers(IntegrationChoice::Both, AuthKind::SecretKey, false);
    for format in [Format::Terraform, Format::CloudFormation] {
        let text = joined(format, &export(&a, false));
        assert!(!text.contains("aws_iam_access_key"), "{text}");
        assert!(!text.contains("AWS::IAM::AccessKey"), "{text}");
        assert!(
            !text.to_lowercase().contains("secret_access_key\""),
            "{text}"
        );
    }
}

/// With the variables at their defaults, each document is exactly what `policy` and
/// `trust-policy` print (as the heredoc strips its indentation).
#[test]
fn documents_are_byte_for_byte_the_printed_ones() {
    let a = answers(IntegrationChoice::Both, AuthKind::RoleArn, false);
    let files = render(Format::Terraform, &export(&a, false)).unwrap();
    let main = &files.iter().find(|f| f.name == "main.tf").unwrap().contents;
    let main = main
        .replace("${var.bucket_name}", BUCKET)
        .replace("${var.braze_account_id}", "123456789012")
        .replace("${var.currents_external_id}", "braze-currents-42")
        .replace("${var.data_export_external_id}", "braze-export-43");
    for p in a.principals() {
        let i = p.integration;
        let doc = permission_policy(i, &a.bucket, "aws", a.policy_scope(i)).unwrap();
        let printed = doc.to_pretty_json().unwrap();
        assert!(main.contains(&text::indent(&printed, 4)), "{i}: {main}");
        let AuthMethod::RoleArn {
            braze_account,
            external_id,
            ..
        } = &p.auth
        else {
            panic!("role auth")
        };
        let trust = trust_policy(braze_account, external_id, "aws")
            .to_pretty_json()
            .unwrap();
        assert!(main.contains(&text::indent(&trust, 4)), "{i}: {main}");
    }
}

#[test]
fn a_scoped_currents_policy_is_the_scoped_document() {
    let mut d: Draft = answers(IntegrationChoice::Currents, AuthKind::SecretKey, false).into();
    d.scope_to_folder = true;
    d.folder = Some("braze/prod".into());
    let a = d.build().unwrap();
    let doc = permission_policy(
        Integration::Currents,
        &a.bucket,
        "aws",
        a.policy_scope(Integration::Currents),
    )
    .unwrap();
    let main = joined(Format::Terraform, &export(&a, false)).replace("${var.bucket_name}", BUCKET);
    assert!(
        main.contains(&text::indent(&doc.to_pretty_json().unwrap(), 4)),
        "{main}"
    );
    let cfn = joined(Format::CloudFormation, &export(&a, false));
    assert!(cfn.contains("braze/prod"), "{cfn}");
}

#[test]
fn adopted_iam_resources_are_imported_and_retained() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey, true);
    let mut e = export(&a, false);
    e.adopted.iam = Some(AdoptedIam {
        account: "210987654321".into(),
        policies: BTreeSet::from([Integration::Currents]),
        principals: BTreeSet::from([Integration::Currents]),
        attachments: BTreeSet::from([Integration::Currents]),
    });
    let tf = joined(Format::Terraform, &e);
    assert!(tf.contains("arn:aws:iam::210987654321:policy/braze-s3-acme-exports-currents"));
    assert_eq!(tf.matches("import {").count(), 5, "{tf}");
    let cfn = joined(Format::CloudFormation, &e);
    assert_eq!(cfn.matches("DeletionPolicy: Retain").count(), 3, "{cfn}");
    insta::assert_snapshot!("terraform_adopted_iam", tf);
}

#[test]
fn hcl_alignment_follows_terraform_fmt() {
    let text = "a {\n  x = 1\n  long = 2\n\n  y = {\n    k = 1\n  }\n  zz = <<-EOT\n    a = b\n  EOT\n  q = 1\n}\n";
    assert_eq!(
        text::align_hcl(text),
        "a {\n  x    = 1\n  long = 2\n\n  y = {\n    k = 1\n  }\n  zz = <<-EOT\n    a = b\n  EOT\n  q  = 1\n}\n"
    );
}

#[test]
fn a_journal_tells_what_a_saved_connector_adopted() {
    use crate::domain::created::Created;
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey, false);
    let user = a.auth.principal_name().clone();
    let policy = format!(
        "arn:aws:iam::210987654321:policy/{}",
        a.policy_name(Integration::Currents)
    );
    let all = vec![
        Created::Bucket {
            bucket: a.bucket.clone(),
            region: a.region.clone(),
        },
        Created::Policy {
            arn: policy.clone(),
        },
        Created::User { user: user.clone() },
        Created::UserAttachment {
            user: user.clone(),
            arn: policy.clone(),
        },
    ];
    assert_eq!(
        Adopted::saved(&a, Some(&all), "210987654321"),
        Adopted::default()
    );
    // The user existed (no Created::User): imported with its attachment's policy created.
    let adopted = Adopted::saved(
        &a,
        Some(&[all[0].clone(), all[1].clone(), all[3].clone()]),
        "210987654321",
    );
    let iam = adopted.iam.unwrap();
    assert_eq!(iam.principals, BTreeSet::from([Integration::Currents]));
    assert!(iam.policies.is_empty() && iam.attachments.is_empty());
    assert!(!adopted.bucket);
    // No Created::Bucket: the bucket existed. No journal: only the answers can say.
    assert!(Adopted::saved(&a, Some(&all[1..]), "210987654321").bucket);
    assert_eq!(
        Adopted::saved(&a, None, "210987654321"),
        Adopted::planned(&a)
    );
}
