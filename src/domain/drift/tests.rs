use std::collections::BTreeSet;

use super::*;
use crate::domain::answers::Draft;
use crate::domain::auth::{AuthKind, AuthMethod};
use crate::domain::existing::{ExistingBucket, Grants};
use crate::domain::names::Region;
use crate::domain::policy::{permission_policy, trust_policy};

const NOW: u64 = 2_000_000_000;
const DAY: u64 = 86_400;

fn answers(auth: AuthKind) -> Answers {
    let role = auth == AuthKind::RoleArn;
    Draft {
        bucket: Some("acme-braze".into()),
        auth: Some(auth),
        braze_account_id: role.then(|| "111122223333".into()),
        external_id: role.then(|| "braze-ext-42".into()),
        ..Draft::default()
    }
    .build()
    .unwrap()
}

fn owned(policy: BucketPolicy) -> BucketState {
    BucketState::Owned(ExistingBucket {
        region: Region::parse("us-east-1").unwrap(),
        object_lock: false,
        encryption: Encryption::None,
        public_access_blocked: true,
        policy,
        account: "123456789012".into(),
    })
}

fn key(id: &str, created: u64) -> KeyInfo {
    KeyInfo {
        id: id.into(),
        active: true,
        created: Some(created),
    }
}

/// What a freshly set-up secret-key connector looks like.
fn healthy(a: &Answers) -> Seen {
    let integration = Integration::Currents;
    let policy = a.policy_name(integration);
    let expected = permission_policy(integration, &a.bucket, "aws", None).unwrap();
    Seen {
        now: NOW,
        account: "123456789012".into(),
        bucket: owned(BucketPolicy::None),
        policies: vec![PolicySeen {
            name: policy.clone(),
            arn: format!("arn:aws:iam::123456789012:policy/{policy}"),
            expected: expected.clone(),
            found: Some(Some(expected)),
        }],
        users: vec![UserSeen {
            integration,
            user: a.auth.principal_name().clone(),
            policy: policy.clone(),
            found: Some(ExistingUser {
                attached: BTreeSet::from([policy]),
                ..ExistingUser::default()
            }),
            keys: vec![key("AKIANEW", NOW - DAY)],
            saved_key: Some("AKIANEW".into()),
            previous_key: None,
            last_used: Some(KeyUse::NeverUsed),
        }],
        roles: Vec::new(),
        newest_braze_object: Some(None),
    }
}

fn checks(problems: &[Problem]) -> Vec<(Severity, &'static str)> {
    problems.iter().map(|p| (p.severity, p.check)).collect()
}

#[test]
fn a_connector_as_set_up_has_no_problems() {
    let a = answers(AuthKind::SecretKey);
    let found = problems(&a, &healthy(&a));
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(Health::of(&found), Health::Healthy);
}

#[test]
fn bucket_drift_fails_with_a_fix_for_each() {
    let a = answers(AuthKind::SecretKey);
    let deny = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-braze/*"}]}"#;
    let mut seen = healthy(&a);
    seen.bucket = owned(BucketPolicy::parse(deny).unwrap());
    if let BucketState::Owned(b) = &mut seen.bucket {
        b.encryption = Encryption::Kms;
        b.object_lock = true;
    }
    let found = problems(&a, &seen);
    assert_eq!(
        checks(&found),
        [
            (Severity::Fail, "bucket"),
            (Severity::Fail, "bucket"),
            (Severity::Fail, "bucket policy")
        ]
    );
    assert!(found[1].fix.contains("AES256"), "{found:#?}");
    assert!(found.iter().all(|p| !p.fix.is_empty()));
    assert_eq!(Health::of(&found), Health::Failing);

    seen.bucket = BucketState::Missing;
    let gone = problems(&a, &seen);
    assert_eq!(checks(&gone), [(Severity::Fail, "bucket")]);
    assert!(gone[0].summary.contains("is gone"));
    assert!(
        gone[0]
            .fix
            .contains("setup --non-interactive --name acme-braze")
    );
}

#[test]
fn user_drift_detached_policy_extra_key_old_key_and_pending_rotation() {
    let a = answers(AuthKind::SecretKey);
    let mut seen = healthy(&a);
    let u = &mut seen.users[0];
    u.found = Some(ExistingUser {
        attached: BTreeSet::new(),
        groups: BTreeSet::from(["admins".to_string()]),
        grants: Grants {
            inline: BTreeSet::from(["everything".to_string()]),
            ..Grants::default()
        },
        ..ExistingUser::default()
    });
    u.keys = vec![key("AKIANEW", NOW - 100 * DAY), key("AKIAOTHER", NOW)];
    let found = problems(&a, &seen);
    assert_eq!(
        checks(&found),
        [
            (Severity::Fail, "policy attachment"),
            (Severity::Warn, "extra policies"),
            (Severity::Warn, "extra policies"),
            (Severity::Warn, "extra access key"),
            (Severity::Warn, "key age"),
        ]
    );
    assert!(found[4].summary.contains("100 day(s) ago"));
    assert_eq!(found[4].fix, "`braze-s3 rotate acme-braze`");

    // A rotation in progress: the old key is known, and a warning says how to finish.
    let mut seen = healthy(&a);
    seen.users[0].previous_key = Some("AKIAOLD".into());
    seen.users[0].keys.push(key("AKIAOLD", NOW - 200 * DAY));
    let found = problems(&a, &seen);
    assert_eq!(checks(&found), [(Severity::Warn, "rotation")]);
    assert!(found[0].fix.contains("rotate acme-braze --finish"));
    assert_eq!(Health::of(&found), Health::Warning);

    // The saved key deleted by hand.
    seen.users[0].keys.retain(|k| k.id == "AKIAOLD");
    let found = problems(&a, &seen);
    assert_eq!(
        checks(&found),
        [(Severity::Fail, "access key"), (Severity::Warn, "rotation")]
    );
}

#[test]
fn a_changed_or_missing_policy_fails() {
    let a = answers(AuthKind::SecretKey);
    let mut seen = healthy(&a);
    let broad = permission_policy(Integration::DataExport, &a.bucket, "aws", None).unwrap();
    seen.policies[0].found = Some(Some(broad));
    assert_eq!(checks(&problems(&a, &seen)), [(Severity::Fail, "policy")]);
    seen.policies[0].found = None;
    let found = problems(&a, &seen);
    assert!(found[0].summary.contains("is gone"), "{found:#?}");
}

#[test]
fn a_changed_trust_policy_names_what_it_says_now() {
    let a = answers(AuthKind::RoleArn);
    let AuthMethod::RoleArn {
        braze_account,
        external_id,
        role,
    } = &a.auth
    else {
        panic!("a role connector");
    };
    let policy = a.policy_name(Integration::Currents);
    let expected = trust_policy(braze_account, external_id, "aws");
    let other = crate::domain::names::ExternalId::parse("someone-else").unwrap();
    let mut seen = healthy(&a);
    seen.users.clear();
    seen.roles.push(RoleSeen {
        integration: Integration::Currents,
        role: role.clone(),
        policy: policy.clone(),
        found: Some(ExistingRole {
            trust: trust_policy(braze_account, &other, "aws"),
            attached: BTreeSet::from([policy]),
            grants: Grants::default(),
        }),
        expected_trust: expected,
    });
    let found = problems(&a, &seen);
    assert_eq!(checks(&found), [(Severity::Fail, "trust policy")]);
    assert!(
        found[0].summary.contains("external ID someone-else, not principal arn:aws:iam::111122223333:root, external ID braze-ext-42"),
        "{}",
        found[0].summary
    );
    assert!(
        found[0]
            .fix
            .contains("update-assume-role-policy --role-name")
    );
}

#[test]
fn currents_files_older_than_a_day_warn_and_none_yet_is_fine() {
    let a = answers(AuthKind::SecretKey);
    let mut seen = healthy(&a);
    let object = |age: u64| ObjectInfo {
        key: "currents/dataexport.prod-01.S3.integration.abc/x.avro".into(),
        size: 10,
        modified: Some(NOW - age),
    };
    seen.newest_braze_object = Some(Some(object(3600)));
    assert!(problems(&a, &seen).is_empty());
    seen.newest_braze_object = Some(Some(object(30 * 3600)));
    let found = problems(&a, &seen);
    assert_eq!(checks(&found), [(Severity::Warn, "freshness")]);
    assert!(found[0].summary.contains("30 hour(s) ago"));
}

#[test]
fn only_braze_files_count_and_ages_read_well() {
    let a = answers(AuthKind::SecretKey);
    assert!(written_by_braze(
        &a,
        "currents/dataexport.prod-01.S3.integration.abc/e.avro"
    ));
    assert!(!written_by_braze(
        &a,
        "currents/braze-s3-connection-test-1.txt"
    ));
    assert!(!written_by_braze(&a, "segment-export/x.csv"));
    assert_eq!(describe_age(30), "just now");
    assert_eq!(describe_age(7200), "2 hour(s) ago");
    let used = KeyUse::Used {
        at: NOW - 600,
        service: "s3".into(),
        region: "us-east-1".into(),
    };
    assert_eq!(
        used.sentence(NOW),
        "last used by s3 in us-east-1 10 minute(s) ago"
    );
    assert_eq!(
        Health::worst([Health::Warning, Health::Healthy]),
        Health::Warning
    );
    assert_eq!(
        setup_command(&a),
        "braze-s3 --region us-east-1 setup --non-interactive --name acme-braze --integration currents --auth secret-key --bucket acme-braze --folder currents --user-name braze-s3-acme-braze"
    );
}
