use super::*;

use crate::domain::answers::Draft;
use crate::domain::auth::AuthKind;
use crate::domain::existing::{ExistingKey, ExistingRole, ExistingUser};
use crate::domain::integration::{Integration, IntegrationChoice};
use crate::domain::plan::{Plan, PlanError};
use crate::domain::policy::trust_policy;

fn answers(auth: AuthKind, named: Option<&str>) -> Answers {
    let role = auth == AuthKind::RoleArn;
    Draft {
        bucket: Some("acme-exports".into()),
        integration: Some(IntegrationChoice::Currents),
        auth: Some(auth),
        user_name: named.filter(|_| !role).map(Into::into),
        role_name: named.filter(|_| role).map(Into::into),
        braze_account_id: role.then(|| "123456789012".into()),
        external_id: role.then(|| "braze-ext-42".into()),
        ..Draft::default()
    }
    .build()
    .unwrap()
}

fn owned_by(owner: Option<&str>) -> Grants {
    Grants {
        owner: owner.map(Into::into),
        ..Grants::default()
    }
}

fn with_user(grants: Grants, attached: &[&str], groups: &[&str]) -> Existing {
    Existing {
        users: [(
            placeholder(),
            ExistingUser {
                attached: attached
                    .iter()
                    .map(|p| PolicyName::parse(p).unwrap())
                    .collect(),
                keys: vec![ExistingKey {
                    id: "AKIAEXAMPLE".into(),
                    active: true,
                }],
                grants,
                groups: groups.iter().map(|g| g.to_string()).collect(),
            },
        )]
        .into(),
        ..Existing::default()
    }
}

/// The name fixtures file their one user or role under; `refused` moves it to the principal's.
fn placeholder() -> IamName {
    IamName::parse("placeholder").unwrap()
}

/// `e` with its placeholder user or role filed under the answers' (one) principal.
fn rekeyed(a: &Answers, e: &Existing) -> Existing {
    let name = a.principals()[0].name().clone();
    let mut e = e.clone();
    if let Some(u) = e.users.remove(&placeholder()) {
        e.users.insert(name.clone(), u);
    }
    if let Some(r) = e.roles.remove(&placeholder()) {
        e.roles.insert(name, r);
    }
    e
}

fn refused(a: &Answers, e: &Existing) -> Vec<AdoptError> {
    let e = rekeyed(a, e);
    a.principals()
        .iter()
        .flat_map(|p| refusals(a, p, &e, &[a.policy_name(p.integration)]))
        .collect()
}

#[test]
fn a_user_tagged_for_this_connector_is_adopted() {
    let a = answers(AuthKind::SecretKey, None);
    let own = a.policy_name(Integration::Currents);
    let e = with_user(owned_by(Some("acme-exports")), &[own.as_str()], &[]);
    assert_eq!(refused(&a, &e), []);
    assert!(Plan::from(&a, &rekeyed(&a, &e)).is_ok());
}

#[test]
fn an_untagged_user_with_the_default_name_is_refused_unless_named() {
    let a = answers(AuthKind::SecretKey, None);
    assert!(!a.principal_named);
    let e = with_user(owned_by(None), &[], &[]);
    let errs = refused(&a, &e);
    assert!(
        matches!(errs.as_slice(), [AdoptError::NotTagged { .. }]),
        "{errs:?}"
    );
    let text = errs[0].to_string();
    for part in [
        "IAM user braze-s3-acme-exports already exists",
        "no braze-s3:connector tag",
        "--name",
        "--user-name braze-s3-acme-exports",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    // The plan stops on it.
    let Err(plan) = Plan::from(&a, &rekeyed(&a, &e)) else {
        panic!("adopted an untagged user")
    };
    assert!(plan.contains(&PlanError::Adopt(errs[0].clone())));

    // Typed on purpose (even the default name), a bare user is adopted.
    let named = answers(AuthKind::SecretKey, Some("braze-s3-acme-exports"));
    assert!(named.principal_named);
    assert_eq!(refused(&named, &e), []);
}

#[test]
fn a_user_of_another_connector_is_refused_even_when_named() {
    for named in [None, Some("braze-s3-acme-exports")] {
        let a = answers(AuthKind::SecretKey, named);
        let e = with_user(owned_by(Some("acme-other")), &[], &[]);
        let errs = refused(&a, &e);
        assert!(
            matches!(errs.as_slice(), [AdoptError::OtherConnector { owner, .. }] if owner == "acme-other"),
            "{errs:?}"
        );
        assert!(
            errs[0]
                .to_string()
                .contains("tagged braze-s3:connector=acme-other")
        );
    }
}

#[test]
fn a_named_user_with_other_permissions_is_refused_listing_them() {
    let a = answers(AuthKind::SecretKey, Some("admin"));
    let own = a.policy_name(Integration::Currents);
    let mut grants = owned_by(None);
    grants.inline.insert("admin-all".into());
    grants
        .other_managed
        .insert("arn:aws:iam::aws:policy/AdministratorAccess".into());
    let e = with_user(grants, &[own.as_str(), "someone-elses"], &["ops"]);
    let errs = refused(&a, &e);
    let [AdoptError::ExtraPermissions { extras, .. }] = errs.as_slice() else {
        panic!("{errs:?}")
    };
    assert_eq!(
        extras,
        &[
            "managed policy someone-elses",
            "managed policy arn:aws:iam::aws:policy/AdministratorAccess",
            "inline policy admin-all",
            "group ops"
        ]
    );
    let text = errs[0].to_string();
    assert!(
        text.starts_with("IAM user admin has permissions braze-s3 did not grant"),
        "{text}"
    );
    assert!(
        text.contains("omit --user-name to let braze-s3 create one"),
        "{text}"
    );
    assert!(text.contains("remove those from admin first"), "{text}");

    // Even this connector's own tagged user is refused once something else is attached.
    let own_user = answers(AuthKind::SecretKey, None);
    let e = with_user(owned_by(Some("acme-exports")), &["someone-elses"], &[]);
    let errs = refused(&own_user, &e);
    assert!(matches!(
        errs.as_slice(),
        [AdoptError::ExtraPermissions { named: false, .. }]
    ));
    assert!(
        errs[0]
            .to_string()
            .contains("choose another connector name (--name)")
    );
}

#[test]
fn roles_follow_the_same_rules_and_ignore_groups() {
    let role = |grants: Grants| Existing {
        roles: [(
            placeholder(),
            ExistingRole {
                trust: trust_policy(
                    &"123456789012".parse().unwrap(),
                    &"braze-ext-42".parse().unwrap(),
                    "aws",
                ),
                attached: BTreeSet::new(),
                grants,
            },
        )]
        .into(),
        ..Existing::default()
    };
    let a = answers(AuthKind::RoleArn, None);
    let errs = refused(&a, &role(owned_by(None)));
    assert!(matches!(
        errs.as_slice(),
        [AdoptError::NotTagged {
            kind: PrincipalKind::Role,
            ..
        }]
    ));
    assert!(
        errs[0]
            .to_string()
            .contains("--role-name braze-s3-acme-exports")
    );
    assert_eq!(refused(&a, &role(owned_by(Some("acme-exports")))), []);

    let named = answers(AuthKind::RoleArn, Some("deploy"));
    let mut grants = owned_by(None);
    grants.inline.insert("everything".into());
    let errs = refused(&named, &role(grants));
    assert!(
        errs[0].to_string().contains("inline policy everything"),
        "{errs:?}"
    );
    assert!(errs[0].to_string().contains("omit --role-name"), "{errs:?}");
    // A secret-key setup does not look at a role, nor a role setup at a user.
    assert_eq!(refused(&a, &with_user(owned_by(None), &[], &[])), []);
}

#[test]
fn a_same_named_policy_is_adopted_only_with_this_connectors_tag() {
    let a = answers(AuthKind::SecretKey, None);
    let name = a.policy_name(Integration::Currents);
    for (owner, ok) in [
        (Some("acme-exports"), true),
        (Some("acme-other"), false),
        (None, false),
    ] {
        let mut e = Existing::default();
        e.policy_owners.insert(name.clone(), owner.map(Into::into));
        let errs = refused(&a, &e);
        assert_eq!(errs.is_empty(), ok, "{owner:?}: {errs:?}");
        if let Some(err) = errs.first() {
            let text = err.to_string();
            assert!(text.contains("IAM policy braze-s3-acme-exports-currents already exists"));
            assert!(text.contains("will not rewrite or attach"), "{text}");
        }
    }
    // A document found without an owner entry counts as untagged.
    let mut e = Existing::default();
    e.policies.insert(
        name.clone(),
        crate::domain::policy::permission_policy(Integration::Currents, &a.bucket, "aws", None)
            .unwrap(),
    );
    assert!(matches!(
        refused(&a, &e).as_slice(),
        [AdoptError::PolicyNotOurs { owner: None, .. }]
    ));
}

#[test]
fn whether_the_name_was_given_survives_saving_and_old_files_count_as_given() {
    for named in [None, Some("braze-s3-acme-exports"), Some("deploy")] {
        let a = answers(AuthKind::SecretKey, named);
        assert_eq!(a.principal_named, named.is_some());
        let saved = serde_json::to_string(&a).unwrap();
        let back: Answers = serde_json::from_str(&saved).unwrap();
        assert_eq!(back, a, "{saved}");
    }
    // A file written before `default_principal` existed names its user: it counts as given.
    let old = r#"{"bucket": "acme-exports", "user_name": "braze-s3-acme-exports"}"#;
    let a: Answers = serde_json::from_str(old).unwrap();
    assert!(a.principal_named);
}
