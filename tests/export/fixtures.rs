//! The exports the tests render: answers for every combination, and the files on disk.

use std::path::Path;

use braze_s3::domain::answers::{Answers, Draft};
use braze_s3::domain::auth::AuthKind;
use braze_s3::domain::integration::{Integration, IntegrationChoice};
use braze_s3::export::{Adopted, AdoptedIam, Export, File, Format, render};

pub fn answers(
    bucket: &str,
    integration: IntegrationChoice,
    auth: AuthKind,
    existing: bool,
    sse: bool,
) -> Answers {
    let role = auth == AuthKind::RoleArn;
    Draft {
        bucket: Some(bucket.into()),
        region: Some("us-east-1".into()),
        integration: Some(integration),
        auth: Some(auth),
        existing_bucket: existing,
        sse: Some(sse),
        braze_account_id: role.then(|| "111122223333".into()),
        currents_external_id: (role && integration.includes(Integration::Currents))
            .then(|| "braze-currents-42".into()),
        export_external_id: (role && integration.includes(Integration::DataExport))
            .then(|| "braze-export-43".into()),
        ..Draft::default()
    }
    .build()
    .unwrap()
}

pub fn files(format: Format, a: &Answers, adopted: Adopted, with_key: bool) -> Vec<File> {
    render(
        format,
        &Export {
            answers: a,
            adopted,
            with_key,
        },
    )
    .unwrap()
}

pub fn write(dir: &Path, files: &[File]) {
    std::fs::create_dir_all(dir).unwrap();
    for f in files {
        std::fs::write(dir.join(&f.name), &f.contents).unwrap();
    }
}

/// Every variant the snapshots cover, by name, with its adoption.
pub fn variants() -> Vec<(String, Answers, Adopted, bool)> {
    let mut all = Vec::new();
    for integration in IntegrationChoice::ALL {
        for auth in AuthKind::ALL {
            for existing in [false, true] {
                let a = answers("acme-exports", integration, auth, existing, existing);
                let name = format!(
                    "{integration}-{auth}-{}",
                    if existing { "old" } else { "new" }
                );
                let adopted = Adopted::planned(&a);
                all.push((name.clone(), a.clone(), adopted.clone(), false));
                if auth == AuthKind::SecretKey {
                    all.push((format!("{name}-key"), a, adopted, true));
                }
            }
        }
    }
    let a = answers(
        "acme-exports",
        IntegrationChoice::Both,
        AuthKind::RoleArn,
        true,
        true,
    );
    let all_iam = std::collections::BTreeSet::from(Integration::ALL);
    let adopted = Adopted {
        bucket: true,
        iam: Some(AdoptedIam {
            account: "210987654321".into(),
            policies: all_iam.clone(),
            principals: all_iam.clone(),
            attachments: all_iam,
        }),
    };
    all.push(("both-role-adopted".into(), a, adopted, false));
    all
}
