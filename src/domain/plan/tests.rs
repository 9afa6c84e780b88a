use std::collections::BTreeSet;

use super::*;
use crate::domain::existing::{ExistingKey, SavedKey};
use crate::domain::names::PolicyName;

use crate::domain::answers::Draft;
use crate::domain::auth::AuthKind;
use crate::domain::bucket_policy::BucketPolicy;
use crate::domain::existing::{ExistingBucket, ExistingRole, ExistingUser, Grants};
use crate::domain::integration::IntegrationChoice;
use crate::domain::policy::{PolicyDocument, permission_policy};

const BUCKET: &str = "acme-exports";

fn draft(integration: IntegrationChoice, auth: AuthKind) -> Draft {
    let mut d = Draft {
        bucket: Some(BUCKET.into()),
        integration: Some(integration),
        auth: Some(auth),
        ..Draft::default()
    };
    if auth == AuthKind::RoleArn {
        d.braze_account_id = Some("123456789012".into());
        d.external_id = Some("braze-ext-42".into());
    }
    d
}

fn answers(integration: IntegrationChoice, auth: AuthKind) -> Answers {
    draft(integration, auth).build().unwrap()
}

fn owned(region: &str) -> ExistingBucket {
    ExistingBucket {
        region: Region::parse(region).unwrap(),
        object_lock: false,
        encryption: Encryption::SseS3,
        public_access_blocked: true,
        policy: BucketPolicy::None,
        account: "123456789012".into(),
    }
}

fn existing_bucket(bucket: ExistingBucket) -> Existing {
    Existing {
        bucket: BucketState::Owned(bucket),
        ..Existing::default()
    }
}

/// What braze-s3 made for this connector carries its tag.
fn tagged() -> Grants {
    Grants {
        owner: Some(BUCKET.into()),
        ..Grants::default()
    }
}

fn plan(a: &Answers, e: &Existing) -> Plan {
    Plan::from(a, e).unwrap_or_else(|errs| panic!("plan refused: {errs:?}"))
}

fn conflicts(a: &Answers, e: &Existing) -> Vec<PlanError> {
    match Plan::from(a, e) {
        Ok(p) => panic!("expected conflicts, got {p:?}"),
        Err(errs) => errs,
    }
}

/// The change kinds, as `plan --json` spells them.
fn kinds(plan: &Plan) -> Vec<String> {
    plan.changes
        .iter()
        .map(|c| {
            serde_json::to_value(c).unwrap()["change"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// The kinds a plan must have, written out independently of `plan.rs`.
fn expected_kinds(
    integration: IntegrationChoice,
    auth: AuthKind,
    new_bucket: bool,
    sse: bool,
) -> Vec<&'static str> {
    let policies = integration.integrations().len();
    let mut k = Vec::new();
    if new_bucket {
        k.push("create-bucket");
        k.push("block-public-access");
        if sse {
            k.push("enable-default-encryption");
        }
    }
    k.extend(std::iter::repeat_n("create-policy", policies));
    // One principal per integration, each with only its own policy.
    for _ in 0..policies {
        match auth {
            AuthKind::SecretKey => {
                k.extend(["create-user", "attach-user-policy", "create-access-key"]);
            }
            AuthKind::RoleArn => k.extend(["create-role", "attach-role-policy"]),
        }
    }
    k
}

#[test]
fn every_combination_has_the_expected_ordered_changes() {
    for integration in IntegrationChoice::ALL {
        for auth in AuthKind::ALL {
            for new_bucket in [true, false] {
                let a = answers(integration, auth);
                let e = if new_bucket {
                    Existing::default()
                } else {
                    existing_bucket(owned("us-east-1"))
                };
                let p = plan(&a, &e);
                assert_eq!(
                    kinds(&p),
                    expected_kinds(integration, auth, new_bucket, false),
                    "{integration} {auth} new={new_bucket}"
                );
                assert!(p.warnings.is_empty(), "{:?}", p.warnings);
                let name = format!(
                    "lines_{}_{}_{}",
                    integration.slug().replace('-', "_"),
                    auth.slug().replace('-', "_"),
                    if new_bucket { "new" } else { "existing" }
                );
                insta::assert_snapshot!(name, p.lines().join("\n"));
            }
        }
    }
}

#[test]
fn sse_adds_default_encryption_after_blocking_public_access() {
    for integration in IntegrationChoice::ALL {
        for auth in AuthKind::ALL {
            let a = Draft {
                sse: Some(true),
                ..draft(integration, auth)
            }
            .build()
            .unwrap();
            let p = plan(&a, &Existing::default());
            assert_eq!(kinds(&p), expected_kinds(integration, auth, true, true));
        }
    }
}

#[test]
fn explicit_order_for_both_with_a_secret_key() {
    let a = answers(IntegrationChoice::Both, AuthKind::SecretKey);
    let p = plan(&a, &Existing::default());
    let user = IamName::parse("braze-s3-acme-exports").unwrap();
    let currents = PolicyName::parse("braze-s3-acme-exports-currents").unwrap();
    let export = PolicyName::parse("braze-s3-acme-exports-data-export").unwrap();
    let bucket = BucketName::parse(BUCKET).unwrap();
    assert_eq!(p.changes.len(), 10);
    assert_eq!(
        p.changes[0],
        Change::CreateBucket {
            bucket: bucket.clone(),
            region: Region::parse("us-east-1").unwrap(),
        }
    );
    assert_eq!(p.changes[1], Change::BlockPublicAccess { bucket });
    match (&p.changes[2], &p.changes[3]) {
        (
            Change::CreatePolicy {
                name: n1,
                integration: Integration::Currents,
                document: d1,
            },
            Change::CreatePolicy {
                name: n2,
                integration: Integration::DataExport,
                document: d2,
            },
        ) => {
            assert_eq!(n1, &currents);
            assert_eq!(n2, &export);
            assert!(!d1.to_compact_json().unwrap().contains("s3:DeleteObject"));
            assert!(d2.to_compact_json().unwrap().contains("s3:DeleteObject"));
        }
        other => panic!("expected two CreatePolicy, got {other:?}"),
    }
    // "Both" gets one user per integration, each with only its own policy: the key entered
    // in Currents can never delete.
    let currents_user = IamName::parse("braze-s3-acme-exports-currents").unwrap();
    let export_user = IamName::parse("braze-s3-acme-exports-data-export").unwrap();
    assert_ne!(currents_user, user);
    assert_eq!(
        p.changes[4..],
        [
            Change::CreateUser {
                user: currents_user.clone()
            },
            Change::AttachUserPolicy {
                user: currents_user.clone(),
                policy: currents,
            },
            Change::CreateAccessKey {
                user: currents_user
            },
            Change::CreateUser {
                user: export_user.clone()
            },
            Change::AttachUserPolicy {
                user: export_user.clone(),
                policy: export,
            },
            Change::CreateAccessKey { user: export_user },
        ]
    );
    assert!(p.adopted.is_empty());
}

#[test]
fn both_gets_one_principal_per_integration_with_its_own_external_id() {
    let a = Draft {
        currents_external_id: Some("currents-ext-1".into()),
        export_external_id: Some("export-ext-2".into()),
        external_id: None,
        ..draft(IntegrationChoice::Both, AuthKind::RoleArn)
    }
    .build()
    .unwrap();
    let p = plan(&a, &Existing::default());
    let trusts: Vec<(String, String)> = p
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateRole { role, trust } => {
                Some((role.to_string(), trust.to_compact_json().unwrap()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(trusts.len(), 2);
    assert_eq!(trusts[0].0, "braze-s3-acme-exports-currents");
    assert!(trusts[0].1.contains("currents-ext-1") && !trusts[0].1.contains("export-ext-2"));
    assert_eq!(trusts[1].0, "braze-s3-acme-exports-data-export");
    assert!(trusts[1].1.contains("export-ext-2") && !trusts[1].1.contains("currents-ext-1"));
    let attached: Vec<String> = p
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::AttachRolePolicy { role, policy } => Some(format!("{role} {policy}")),
            _ => None,
        })
        .collect();
    assert_eq!(
        attached,
        [
            "braze-s3-acme-exports-currents braze-s3-acme-exports-currents",
            "braze-s3-acme-exports-data-export braze-s3-acme-exports-data-export",
        ]
    );
}

#[test]
fn explicit_order_for_currents_with_a_role() {
    let a = answers(IntegrationChoice::Currents, AuthKind::RoleArn);
    let p = plan(&a, &Existing::default());
    let role = IamName::parse("braze-s3-acme-exports").unwrap();
    assert_eq!(p.changes.len(), 5);
    assert!(matches!(p.changes[0], Change::CreateBucket { .. }));
    assert!(matches!(p.changes[1], Change::BlockPublicAccess { .. }));
    assert!(matches!(
        p.changes[2],
        Change::CreatePolicy {
            integration: Integration::Currents,
            ..
        }
    ));
    match &p.changes[3] {
        Change::CreateRole { role: r, trust } => {
            assert_eq!(r, &role);
            let json = trust.to_compact_json().unwrap();
            assert!(json.contains("arn:aws:iam::123456789012:root"), "{json}");
            assert!(
                json.contains("\"sts:ExternalId\":\"braze-ext-42\""),
                "{json}"
            );
        }
        other => panic!("expected CreateRole, got {other:?}"),
    }
    assert_eq!(
        p.changes[4],
        Change::AttachRolePolicy {
            role,
            policy: PolicyName::parse("braze-s3-acme-exports-currents").unwrap(),
        }
    );
    // A role needs no access key.
    assert!(!p.changes.iter().any(|c| matches!(
        c,
        Change::CreateAccessKey { .. } | Change::CreateUser { .. }
    )));
}

/// Item 2: an answer in a partition Braze cannot reach never gets as far as a plan.
#[test]
fn item_2_no_plan_for_a_partition_braze_cannot_reach() {
    for region in ["cn-north-1", "us-gov-west-1"] {
        let err = Draft {
            region: Some(region.into()),
            ..draft(IntegrationChoice::Both, AuthKind::RoleArn)
        }
        .build()
        .unwrap_err()
        .to_string();
        assert!(err.contains(region), "{err}");
        assert!(err.contains("commercial partition"), "{err}");
    }
}

#[test]
fn plan_json_snapshot() {
    let a = Draft {
        sse: Some(true),
        folder: Some("braze/prod".into()),
        scope_to_folder: true,
        ..draft(IntegrationChoice::Currents, AuthKind::RoleArn)
    }
    .build()
    .unwrap();
    let p = plan(&a, &Existing::default());
    insta::assert_json_snapshot!("plan_currents_scoped_role_sse", p);
    let back: Plan = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
}

// ---------------------------------------------------------------- adoption

fn currents_document() -> PolicyDocument {
    permission_policy(
        Integration::Currents,
        &BucketName::parse(BUCKET).unwrap(),
        "aws",
        None,
    )
    .unwrap()
}

#[test]
fn existing_policy_with_the_same_document_is_adopted() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    // As IAM might return it: other Sids, other order, strings for single values.
    let as_stored = PolicyDocument::from_json(
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::acme-exports/*"},
            {"Effect":"Allow","Action":["s3:GetBucketLocation","s3:ListBucket"],"Resource":"arn:aws:s3:::acme-exports"}
        ]}"#,
    )
    .unwrap();
    assert_ne!(as_stored, currents_document());
    let mut e = existing_bucket(owned("us-east-1"));
    e.policies
        .insert(a.policy_name(Integration::Currents), as_stored);
    e.policy_owners
        .insert(a.policy_name(Integration::Currents), Some(BUCKET.into()));
    let p = plan(&a, &e);
    assert_eq!(
        kinds(&p),
        ["create-user", "attach-user-policy", "create-access-key"]
    );
    assert!(
        p.adopted
            .contains(&"policy braze-s3-acme-exports-currents (same document)".to_string()),
        "{:?}",
        p.adopted
    );
    assert!(
        p.adopted
            .iter()
            .any(|s| s.starts_with("bucket acme-exports"))
    );
}

#[test]
fn existing_policy_with_another_document_is_updated() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let overbroad = PolicyDocument::from_json(
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::acme-exports*"]}
        ]}"#,
    )
    .unwrap();
    let mut e = Existing::default();
    e.policies
        .insert(a.policy_name(Integration::Currents), overbroad);
    e.policy_owners
        .insert(a.policy_name(Integration::Currents), Some(BUCKET.into()));
    let p = plan(&a, &e);
    assert_eq!(
        kinds(&p),
        [
            "create-bucket",
            "block-public-access",
            "update-policy",
            "create-user",
            "attach-user-policy",
            "create-access-key"
        ]
    );
    match &p.changes[2] {
        Change::UpdatePolicy {
            name,
            integration,
            document,
        } => {
            assert_eq!(name.as_str(), "braze-s3-acme-exports-currents");
            assert_eq!(*integration, Integration::Currents);
            assert_eq!(document, &currents_document());
        }
        other => panic!("expected UpdatePolicy, got {other:?}"),
    }
    assert!(p.lines()[2].contains("update IAM policy braze-s3-acme-exports-currents"));
    assert!(!p.adopted.iter().any(|s| s.starts_with("policy ")));
}

#[test]
fn existing_user_with_the_policy_attached_is_adopted() {
    let a = answers(IntegrationChoice::Both, AuthKind::SecretKey);
    let currents = a.policy_name(Integration::Currents);
    let mut e = existing_bucket(owned("us-east-1"));
    e.policies.insert(currents.clone(), currents_document());
    e.policy_owners
        .insert(currents.clone(), Some(BUCKET.into()));
    e.users.insert(
        principal(&a),
        ExistingUser {
            attached: [currents].into(),
            keys: keys(1),
            grants: tagged(),
            ..ExistingUser::default()
        },
    );
    let p = plan(&a, &e);
    // Only the export policy and the export user are new; the Currents user exists with its
    // policy and needs only a key — and never gets the export policy.
    assert_eq!(
        kinds(&p),
        [
            "create-policy",
            "create-access-key",
            "create-user",
            "attach-user-policy",
            "create-access-key"
        ]
    );
    assert_eq!(
        p.changes[3],
        Change::AttachUserPolicy {
            user: IamName::parse("braze-s3-acme-exports-data-export").unwrap(),
            policy: a.policy_name(Integration::DataExport),
        }
    );
    for adopted in [
        "IAM user braze-s3-acme-exports-currents",
        "policy braze-s3-acme-exports-currents already attached to the user",
        "policy braze-s3-acme-exports-currents (same document)",
    ] {
        assert!(
            p.adopted.contains(&adopted.to_string()),
            "{adopted}: {:?}",
            p.adopted
        );
    }
}

#[test]
fn existing_user_with_everything_attached_only_gets_a_key() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let currents = a.policy_name(Integration::Currents);
    let mut e = existing_bucket(owned("us-east-1"));
    e.policies.insert(currents.clone(), currents_document());
    e.policy_owners
        .insert(currents.clone(), Some(BUCKET.into()));
    e.users.insert(
        principal(&a),
        ExistingUser {
            attached: [currents].into(),
            keys: keys(0),
            grants: tagged(),
            ..ExistingUser::default()
        },
    );
    let p = plan(&a, &e);
    assert_eq!(kinds(&p), ["create-access-key"]);
}

fn iam_style_trust(account: &str, external_id: &str) -> PolicyDocument {
    PolicyDocument::from_json(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow",
            "Principal":{{"AWS":"arn:aws:iam::{account}:root"}},
            "Action":"sts:AssumeRole",
            "Condition":{{"StringEquals":{{"sts:ExternalId":"{external_id}"}}}}}}]}}"#
    ))
    .unwrap()
}

#[test]
fn existing_role_with_the_same_trust_is_adopted() {
    let a = answers(IntegrationChoice::Currents, AuthKind::RoleArn);
    let mut e = existing_bucket(owned("us-east-1"));
    e.roles.insert(
        principal(&a),
        ExistingRole {
            trust: iam_style_trust("123456789012", "braze-ext-42"),
            attached: BTreeSet::new(),
            grants: tagged(),
        },
    );
    let p = plan(&a, &e);
    assert_eq!(kinds(&p), ["create-policy", "attach-role-policy"]);
    assert!(
        p.adopted
            .contains(&"IAM role braze-s3-acme-exports (same trust policy)".to_string()),
        "{:?}",
        p.adopted
    );

    // With the policy attached already, nothing is left to do.
    let mut e2 = e.clone();
    let name = a.policy_name(Integration::Currents);
    e2.policies.insert(name.clone(), currents_document());
    e2.policy_owners.insert(name.clone(), Some(BUCKET.into()));
    if let Some(role) = e2.roles.values_mut().next() {
        role.attached.insert(name);
    }
    let p = plan(&a, &e2);
    assert!(p.changes.is_empty(), "{:?}", p.changes);
    assert!(p.lines().is_empty());
    assert!(
        p.adopted
            .contains(&"policy braze-s3-acme-exports-currents already attached to the role".into())
    );
}

#[test]
fn existing_role_with_another_trust_is_refused() {
    let a = answers(IntegrationChoice::Currents, AuthKind::RoleArn);
    for (account, external) in [
        ("210987654321", "braze-ext-42"),
        ("123456789012", "another-external-id"),
    ] {
        let e = Existing {
            roles: [(
                principal(&a),
                ExistingRole {
                    trust: iam_style_trust(account, external),
                    attached: BTreeSet::new(),
                    grants: tagged(),
                },
            )]
            .into(),
            ..Existing::default()
        };
        let errs = conflicts(&a, &e);
        assert_eq!(
            errs,
            [PlanError::RoleTrustDiffers(
                IamName::parse("braze-s3-acme-exports").unwrap()
            )]
        );
        assert!(errs[0].to_string().contains("different trust policy"));
    }
}

// ---------------------------------------------------------------- conflicts

/// Item 7: a bucket policy that certainly blocks Braze refuses the plan; one that may, warns.
#[test]
fn item_7_bucket_policy_denies_are_refused_or_warned() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let with = |condition: &str| {
        let doc = format!(
            r#"{{"Statement": [{{"Sid": "S", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::{BUCKET}/*", "Condition": {condition}}}]}}"#
        );
        existing_bucket(ExistingBucket {
            policy: BucketPolicy::parse(&doc).unwrap(),
            ..owned("us-east-1")
        })
    };
    let kms = with(r#"{"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}"#);
    let errs = conflicts(&a, &kms);
    assert!(
        matches!(&errs[..], [PlanError::BucketPolicyBlocks { .. }]),
        "{errs:?}"
    );
    assert!(
        errs[0]
            .to_string()
            .contains("change or remove that statement")
    );
    let ip = with(r#"{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#);
    let p = plan(&a, &ip);
    assert!(
        p.warnings.iter().any(|w| w.contains("may block Braze")),
        "{:?}",
        p.warnings
    );
}

/// Item 1: a 403 nothing settled is refused, and the refusal names both possibilities.
#[test]
fn item_1_an_unverified_bucket_is_refused_with_both_possibilities() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let e = Existing {
        bucket: BucketState::Unverified { region: None },
        ..Existing::default()
    };
    let errs = conflicts(&a, &e);
    assert_eq!(
        errs,
        [PlanError::BucketUnverified(
            BucketName::parse(BUCKET).unwrap()
        )]
    );
    let msg = errs[0].to_string();
    for part in [
        "another AWS account",
        "s3:ListBucket",
        "bucket policy",
        "choose another name",
    ] {
        assert!(msg.contains(part), "{msg}");
    }
}

#[test]
fn bucket_owned_by_another_account_is_refused() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let e = Existing {
        bucket: BucketState::OwnedByOther,
        ..Existing::default()
    };
    let errs = conflicts(&a, &e);
    assert_eq!(
        errs,
        [PlanError::BucketOwnedByOther(
            BucketName::parse(BUCKET).unwrap()
        )]
    );
    assert!(errs[0].to_string().contains("another AWS account"));
    assert!(errs[0].to_string().contains("choose another name"));
}

#[test]
fn an_existing_bucket_that_is_missing_is_refused() {
    let a = Draft {
        existing_bucket: true,
        ..draft(IntegrationChoice::DataExport, AuthKind::SecretKey)
    }
    .build()
    .unwrap();
    let errs = conflicts(&a, &Existing::default());
    assert_eq!(
        errs,
        [PlanError::BucketMissing(BucketName::parse(BUCKET).unwrap())]
    );
    assert!(errs[0].to_string().contains("does not exist"));
    // And when it does exist, it is adopted.
    let p = plan(&a, &existing_bucket(owned("us-east-1")));
    assert!(!kinds(&p).contains(&"create-bucket".to_string()));
}

#[test]
fn a_bucket_in_another_region_is_refused() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let errs = conflicts(&a, &existing_bucket(owned("eu-west-1")));
    assert_eq!(
        errs,
        [PlanError::WrongRegion {
            bucket: BucketName::parse(BUCKET).unwrap(),
            actual: Region::parse("eu-west-1").unwrap(),
            chosen: Region::parse("us-east-1").unwrap(),
        }]
    );
    assert!(errs[0].to_string().contains("--region eu-west-1"));
}

#[test]
fn object_lock_is_refused_for_currents_only() {
    let locked = ExistingBucket {
        object_lock: true,
        ..owned("us-east-1")
    };
    for integration in [IntegrationChoice::Currents, IntegrationChoice::Both] {
        let a = answers(integration, AuthKind::SecretKey);
        let errs = conflicts(&a, &existing_bucket(locked.clone()));
        assert_eq!(
            errs,
            [PlanError::ObjectLock(BucketName::parse(BUCKET).unwrap())]
        );
        assert!(errs[0].to_string().contains("Object Lock"));
    }
    let a = answers(IntegrationChoice::DataExport, AuthKind::SecretKey);
    let p = plan(&a, &existing_bucket(locked));
    assert_eq!(
        kinds(&p),
        expected_kinds(
            IntegrationChoice::DataExport,
            AuthKind::SecretKey,
            false,
            false
        )
    );
}

#[test]
fn kms_encryption_is_refused() {
    let kms = ExistingBucket {
        encryption: Encryption::Kms,
        ..owned("us-east-1")
    };
    for integration in IntegrationChoice::ALL {
        let a = answers(integration, AuthKind::SecretKey);
        let errs = conflicts(&a, &existing_bucket(kms.clone()));
        assert_eq!(
            errs,
            [PlanError::KmsEncryption(BucketName::parse(BUCKET).unwrap())]
        );
        let msg = errs[0].to_string();
        assert!(
            msg.contains("SSE-KMS") && msg.contains("SSE-S3 (AES256)"),
            "{msg}"
        );
    }
}

#[test]
fn sse_on_an_existing_bucket_without_default_encryption() {
    let a = Draft {
        sse: Some(true),
        ..draft(IntegrationChoice::Currents, AuthKind::SecretKey)
    }
    .build()
    .unwrap();
    let plain = ExistingBucket {
        encryption: Encryption::None,
        ..owned("us-east-1")
    };
    let p = plan(&a, &existing_bucket(plain));
    assert_eq!(kinds(&p)[0], "enable-default-encryption");
    assert!(!kinds(&p).contains(&"create-bucket".to_string()));
    // Already SSE-S3: nothing to turn on.
    let p = plan(&a, &existing_bucket(owned("us-east-1")));
    assert!(!kinds(&p).contains(&"enable-default-encryption".to_string()));
}

#[test]
fn a_folder_used_by_another_connector_is_refused() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let mut e = existing_bucket(owned("us-east-1"));
    e.folders_in_use.insert(
        FolderPath::parse("currents").unwrap(),
        ConnectorName::parse("other-connector").unwrap(),
    );
    let errs = conflicts(&a, &e);
    assert_eq!(
        errs,
        [PlanError::FolderInUse {
            bucket: BucketName::parse(BUCKET).unwrap(),
            folder: FolderPath::parse("currents").unwrap(),
            other: ConnectorName::parse("other-connector").unwrap(),
        }]
    );
    assert!(errs[0].to_string().contains("other-connector"));

    // Another folder on the same bucket is fine.
    let other_folder = Draft {
        folder: Some("braze/prod".into()),
        ..draft(IntegrationChoice::Currents, AuthKind::SecretKey)
    }
    .build()
    .unwrap();
    assert!(Plan::from(&other_folder, &e).is_ok());

    // The same connector re-running its own setup is fine.
    let mut own = e.clone();
    own.folders_in_use.insert(
        FolderPath::parse("currents").unwrap(),
        ConnectorName::parse(BUCKET).unwrap(),
    );
    assert!(Plan::from(&a, &own).is_ok());

    // Data export has no folder, so it can't clash.
    let export = answers(IntegrationChoice::DataExport, AuthKind::SecretKey);
    assert!(Plan::from(&export, &e).is_ok());
}

#[test]
fn a_user_with_two_keys_is_refused() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let e = Existing {
        users: [(
            principal(&a),
            ExistingUser {
                attached: BTreeSet::new(),
                keys: keys(2),
                grants: tagged(),
                ..ExistingUser::default()
            },
        )]
        .into(),
        ..Existing::default()
    };
    let errs = conflicts(&a, &e);
    assert_eq!(
        errs,
        [PlanError::TooManyKeys(
            IamName::parse("braze-s3-acme-exports").unwrap()
        )]
    );
    assert!(errs[0].to_string().contains("two access keys"));
    // A role setup does not care about the user's keys.
    let role = answers(IntegrationChoice::Currents, AuthKind::RoleArn);
    assert!(Plan::from(&role, &e).is_ok());
}

#[test]
fn several_conflicts_are_reported_at_once() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let mut e = existing_bucket(ExistingBucket {
        region: Region::parse("eu-west-1").unwrap(),
        object_lock: true,
        encryption: Encryption::Kms,
        public_access_blocked: false,
        ..owned("eu-west-1")
    });
    e.folders_in_use.insert(
        FolderPath::parse("currents").unwrap(),
        ConnectorName::parse("other").unwrap(),
    );
    e.users.insert(
        principal(&a),
        ExistingUser {
            attached: BTreeSet::new(),
            keys: keys(2),
            grants: tagged(),
            ..ExistingUser::default()
        },
    );
    let errs = conflicts(&a, &e);
    let kinds: Vec<&str> = errs
        .iter()
        .map(|e| match e {
            PlanError::WrongRegion { .. } => "wrong-region",
            PlanError::ObjectLock(_) => "object-lock",
            PlanError::KmsEncryption(_) => "kms",
            PlanError::FolderInUse { .. } => "folder-in-use",
            PlanError::TooManyKeys(_) => "too-many-keys",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "wrong-region",
            "object-lock",
            "kms",
            "folder-in-use",
            "too-many-keys"
        ]
    );
}

// ---------------------------------------------------------------- warnings

#[test]
fn a_dotted_bucket_name_is_warned_about() {
    let a = Draft {
        bucket: Some("acme.exports".into()),
        ..draft(IntegrationChoice::Currents, AuthKind::SecretKey)
    }
    .build()
    .unwrap();
    let p = plan(&a, &Existing::default());
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert!(p.warnings[0].contains("acme.exports contains dots"));
    assert!(p.warnings[0].contains("prefer dashes"));
}

#[test]
fn an_existing_bucket_without_public_access_block_is_warned_about() {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let p = plan(
        &a,
        &existing_bucket(ExistingBucket {
            public_access_blocked: false,
            ..owned("us-east-1")
        }),
    );
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert!(p.warnings[0].contains("does not block public access"));
    // Only pointed out: the tool never changes an existing bucket's public access.
    assert!(!kinds(&p).contains(&"block-public-access".to_string()));
}

/// The name of the answers' (first) principal.
fn principal(a: &Answers) -> IamName {
    a.principals()[0].name().clone()
}

fn keys(n: usize) -> Vec<ExistingKey> {
    (0..n)
        .map(|i| ExistingKey {
            id: format!("AKIAOLD{i}"),
            active: true,
        })
        .collect()
}

/// A user whose only key is the one the saved profile holds (secret or not, active or not).
fn rerun(has_secret: bool, active: bool) -> (Answers, Existing) {
    let a = answers(IntegrationChoice::Currents, AuthKind::SecretKey);
    let currents = a.policy_name(Integration::Currents);
    let user = a.auth.principal_name().clone();
    let mut e = existing_bucket(owned("us-east-1"));
    e.policies.insert(currents.clone(), currents_document());
    e.policy_owners
        .insert(currents.clone(), Some(a.name.to_string()));
    e.users.insert(
        principal(&a),
        ExistingUser {
            attached: [currents].into(),
            keys: vec![ExistingKey {
                id: "AKIASAVED".into(),
                active,
            }],
            grants: tagged(),
            ..ExistingUser::default()
        },
    );
    e.saved_keys = vec![SavedKey {
        user,
        id: "AKIASAVED".into(),
        has_secret,
    }];
    (a, e)
}

#[test]
fn idempotent_rerun_with_the_saved_key_working_plans_no_change() {
    let (a, e) = rerun(true, true);
    let p = plan(&a, &e);
    assert_eq!(p.changes, []);
    assert!(p.retire.is_empty());
    assert!(
        p.adopted
            .iter()
            .any(|l| l.starts_with("access key AKIASAVED")),
        "{:?}",
        p.adopted
    );
}

#[test]
fn idempotent_rerun_without_the_saved_secret_rotates_and_says_so() {
    for (has_secret, active, why) in [
        (false, true, "its secret was not saved"),
        (true, false, "it is inactive"),
    ] {
        let (a, e) = rerun(has_secret, active);
        let p = plan(&a, &e);
        assert_eq!(kinds(&p), ["create-access-key"]);
        let retire = p.retire[0].clone();
        assert_eq!(
            (retire.id.as_str(), retire.why.as_str()),
            ("AKIASAVED", why)
        );
        let last = p.lines().last().cloned().unwrap();
        assert!(
            last.starts_with(" 2. delete the old access key AKIASAVED")
                && last.ends_with("once the new key is tested and saved"),
            "{last}"
        );
    }
}

#[test]
fn a_saved_key_of_another_user_or_one_deleted_since_is_never_kept() {
    let (a, mut e) = rerun(true, true);
    e.saved_keys[0].user = IamName::parse("someone-else").unwrap();
    assert_eq!(kinds(&plan(&a, &e)), ["create-access-key"]);
    let (a, mut e) = rerun(true, true);
    e.users.values_mut().next().unwrap().keys.clear();
    let p = plan(&a, &e);
    assert_eq!(kinds(&p), ["create-access-key"]);
    assert!(p.retire.is_empty());
    assert!(
        p.warnings.iter().any(|w| w.contains("no longer exists")),
        "{:?}",
        p.warnings
    );
}
