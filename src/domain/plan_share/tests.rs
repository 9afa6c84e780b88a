use std::collections::BTreeSet;

use super::*;
use crate::domain::answers::{AnswerError, Draft};
use crate::domain::auth::AuthKind;
use crate::domain::existing::{BucketState, ExistingUser, Grants};
use crate::domain::integration::IntegrationChoice;
use crate::domain::names::{FolderPath, PolicyName};
use crate::domain::plan::{Change, Plan};

const BUCKET: &str = "acme-exports";
const POLICY: &str = "braze-s3-conn-a-currents-a-1234abcd";

/// Connector B as a setup resolves it: A's user and policy, folder b.
fn sharing(scoped: bool) -> Draft {
    Draft {
        name: Some("conn-b".into()),
        bucket: Some(BUCKET.into()),
        folder: Some("b".into()),
        scope_to_folder: scoped,
        share_with: Some("conn-a".into()),
        shared_policy: Some(POLICY.into()),
        user_name: Some("braze-s3-conn-a".into()),
        ..Draft::default()
    }
}

/// A's user with A's policy and one key, and A's policy (scoped to `a` or not), tagged conn-a.
fn existing(scoped: bool) -> Existing {
    let policy = PolicyName::parse(POLICY).unwrap();
    let folders: Vec<FolderPath> = if scoped {
        vec![FolderPath::normalize("a").unwrap()]
    } else {
        Vec::new()
    };
    let bucket = crate::domain::names::BucketName::parse(BUCKET).unwrap();
    let doc = permission_policy_folders(Integration::Currents, &bucket, "aws", &folders).unwrap();
    let mut e = Existing {
        bucket: BucketState::Missing,
        shared_folders: folders,
        ..Existing::default()
    };
    e.policies.insert(policy.clone(), doc);
    e.policy_owners
        .insert(policy.clone(), Some("conn-a".into()));
    e.users.insert(
        crate::domain::names::IamName::parse("braze-s3-conn-a").unwrap(),
        ExistingUser {
            attached: BTreeSet::from([policy]),
            keys: vec![crate::domain::existing::ExistingKey {
                id: "AKIAEXAMPLE".into(),
                active: true,
            }],
            grants: Grants {
                owner: Some("conn-a".into()),
                ..Grants::default()
            },
            groups: BTreeSet::new(),
        },
    );
    e
}

#[test]
fn item4_share_needs_currents_secret_key_and_another_connector() {
    let mut export = sharing(false);
    export.integration = Some(IntegrationChoice::DataExport);
    export.folder = None;
    let errors = export.build().unwrap_err().0;
    assert!(
        errors
            .iter()
            .any(|e| e.to_string().contains("Currents connector only")),
        "{errors:?}"
    );

    let mut role = sharing(false);
    role.auth = Some(AuthKind::RoleArn);
    role.braze_account_id = Some("123456789012".into());
    role.external_id = Some("ext".into());
    let errors = role.build().unwrap_err().0;
    assert!(
        errors
            .iter()
            .any(|e| e.to_string().contains("needs secret-key auth")),
        "{errors:?}"
    );

    let mut own = sharing(false);
    own.share_with = Some("conn-b".into());
    let errors = own.build().unwrap_err().0;
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, AnswerError::Conflict(m) if m.contains("its own credentials"))),
        "{errors:?}"
    );

    let mut stray = Draft {
        bucket: Some(BUCKET.into()),
        shared_policy: Some(POLICY.into()),
        ..Draft::default()
    };
    assert!(stray.build().is_err());
    stray.shared_policy = None;
    assert!(stray.build().is_ok());
}

#[test]
fn item4_share_round_trips_through_the_answers_file() {
    let a = sharing(true).build().unwrap();
    assert_eq!(a.share_with.as_ref().unwrap().as_str(), "conn-a");
    assert_eq!(a.policy_name(Integration::Currents).as_str(), POLICY);
    let json = serde_json::to_string(&a).unwrap();
    let back: Answers = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
    // Answers without a share serialize as before.
    let plain = Draft {
        bucket: Some(BUCKET.into()),
        ..Draft::default()
    }
    .build()
    .unwrap();
    assert!(!serde_json::to_string(&plain).unwrap().contains("share"));
}

#[test]
fn item4_share_plans_no_user_or_key_and_extends_a_scoped_policy_to_both_folders() {
    let a = sharing(true).build().unwrap();
    let plan = Plan::from(&a, &existing(true)).unwrap();
    assert!(
        !plan.changes.iter().any(|c| matches!(
            c,
            Change::CreateUser { .. }
                | Change::CreateAccessKey { .. }
                | Change::CreatePolicy { .. }
                | Change::AttachUserPolicy { .. }
        )),
        "{:?}",
        plan.changes
    );
    let document = plan
        .changes
        .iter()
        .find_map(|c| match c {
            Change::UpdatePolicy { name, document, .. } if name.as_str() == POLICY => {
                Some(document.clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no UpdatePolicy: {:?}", plan.changes));
    assert_eq!(
        document.statement[1].resource,
        vec![
            format!("arn:aws:s3:::{BUCKET}/a/*"),
            format!("arn:aws:s3:::{BUCKET}/b/*")
        ]
    );
    assert!(
        plan.adopted
            .iter()
            .any(|l| l.contains("shared with connector conn-a"))
    );
}

#[test]
fn item4_share_adopts_a_whole_bucket_policy_unchanged() {
    let a = sharing(false).build().unwrap();
    let plan = Plan::from(&a, &existing(false)).unwrap();
    assert!(
        plan.changes.iter().all(|c| matches!(
            c,
            Change::CreateBucket { .. } | Change::BlockPublicAccess { .. }
        )),
        "{:?}",
        plan.changes
    );
    assert!(plan.adopted.iter().any(|l| l.contains("same document")));
}

#[test]
fn item4_another_connectors_user_is_still_refused_without_a_share() {
    let mut d = sharing(false);
    d.share_with = None;
    d.shared_policy = None;
    let errors = Plan::from(&d.build().unwrap(), &existing(false)).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.to_string().contains("tagged braze-s3:connector=conn-a")),
        "{errors:?}"
    );
}
