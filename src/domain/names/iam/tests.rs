use super::*;
use crate::domain::names::fnv1a;
use crate::domain::names::{AccountId, ExternalId, tests::refused};

#[test]
fn iam_name_rules() {
    assert_eq!(IamName::parse("a").unwrap().as_str(), "a");
    let max = format!("{}+=,.@_-", "A".repeat(57));
    assert_eq!(max.len(), 64);
    assert_eq!(IamName::parse(&max).unwrap().as_str(), max);
    refused(
        IamName::parse(""),
        &["IAM name", "1 to 64 characters", "it has 0"],
    );
    refused(
        IamName::parse(&"a".repeat(65)),
        &["IAM name", "1 to 64 characters", "it has 65"],
    );
    for bad in ["braze s3", "braze/s3", "braze:s3", "brazé", "a*"] {
        refused(
            IamName::parse(bad),
            &["IAM name", "use only letters, digits and + = , . @ _ -"],
        );
    }
}

#[test]
fn policy_name_rules() {
    let max = "p".repeat(128);
    assert_eq!(PolicyName::parse(&max).unwrap().as_str(), max);
    refused(
        PolicyName::parse(&"p".repeat(129)),
        &["policy name", "1 to 128 characters", "it has 129"],
    );
    refused(
        PolicyName::parse(""),
        &["policy name", "1 to 128 characters"],
    );
    refused(
        PolicyName::parse("braze policy"),
        &["policy name", "use only letters, digits"],
    );
}

#[test]
fn generated_names_are_cleaned_and_truncated() {
    assert_eq!(
        IamName::generated("braze-s3-acme").as_str(),
        "braze-s3-acme"
    );
    assert_eq!(
        IamName::generated("braze s3/acme").as_str(),
        "braze-s3-acme"
    );
    assert_eq!(IamName::generated("").as_str(), "braze-s3");
    assert_eq!(IamName::generated("///").as_str(), "braze-s3");
    // Too long: cut, and ended by a hash of the whole text.
    let long = IamName::generated(&"a".repeat(100));
    assert_eq!(long.as_str().len(), 64);
    assert!(long.as_str().starts_with(&"a".repeat(55)), "{long}");
    assert_eq!(
        &long.as_str()[55..],
        format!("-{:08x}", fnv1a(&"a".repeat(100)))
    );
    let long = PolicyName::generated(&"a".repeat(300));
    assert_eq!(long.as_str().len(), 128);
    assert!(long.as_str().starts_with(&"a".repeat(119)), "{long}");
    // A cut that lands on a separator drops the trailing separators.
    let raw = format!("{}-.-{}", "a".repeat(53), "x".repeat(20));
    assert_eq!(
        IamName::generated(&raw).as_str(),
        format!("{}-{:08x}", "a".repeat(53), fnv1a(&raw))
    );
    // Exactly 64 fits, and stays as it is.
    let fits = "b".repeat(64);
    assert_eq!(IamName::generated(&fits).as_str(), fits);
    let trailing = format!("{}-", "a".repeat(62));
    assert_eq!(IamName::generated(&trailing).as_str(), "a".repeat(62));
}

/// Two long connector names that share their first 60 characters: before, both were cut to
/// the same 64 characters, so connector B adopted connector A's user.
#[test]
fn generated_names_never_collide() {
    use crate::domain::answers::{Draft, default_principal_name};
    use crate::domain::integration::{Integration, IntegrationChoice};
    use crate::domain::names::ConnectorName;
    let shared = "x".repeat(60);
    let (a, b) = (format!("{shared}aaaa"), format!("{shared}bbbb"));
    let user = |n: &str| default_principal_name(&ConnectorName::parse(n).unwrap());
    let (ua, ub) = (user(&a), user(&b));
    assert_ne!(ua, ub);
    for u in [&ua, &ub] {
        assert!(u.as_str().len() <= 64, "{u}");
        assert!(u.as_str().starts_with("braze-s3-xxxx"), "{u}");
        assert_eq!(IamName::parse(u.as_str()).as_ref(), Ok(u));
    }
    // Stable: the same connector always gets the same name.
    assert_eq!(user(&a), ua);
    let policy = |n: &str, folder: Option<&str>| {
        Draft {
            name: Some(n.into()),
            bucket: Some("acme-braze".into()),
            integration: Some(IntegrationChoice::Both),
            folder: folder.map(Into::into),
            scope_to_folder: folder.is_some(),
            ..Draft::default()
        }
        .build()
        .unwrap()
        .policy_name(Integration::Currents)
    };
    for folder in [None, Some("f".repeat(200).as_str())] {
        let (pa, pb) = (policy(&a, folder), policy(&b, folder));
        assert_ne!(pa, pb);
        for p in [&pa, &pb] {
            assert!(p.as_str().len() <= 128, "{p}");
            assert_eq!(PolicyName::parse(p.as_str()).as_ref(), Ok(p));
        }
        assert_eq!(policy(&a, folder), pa);
    }
    // Names that fit are exactly as before.
    assert_eq!(user("acme-braze").as_str(), "braze-s3-acme-braze");
    assert_eq!(
        policy("acme-braze", None).as_str(),
        "braze-s3-acme-braze-currents"
    );
    let longest_fitting = "y".repeat(55);
    assert_eq!(
        user(&longest_fitting).as_str(),
        format!("braze-s3-{longest_fitting}")
    );
}

// ---------------------------------------------------------------- account and external IDs

#[test]
fn account_id_rules() {
    assert_eq!(
        AccountId::parse("123456789012").unwrap().as_str(),
        "123456789012"
    );
    for bad in [
        "",
        "12345678901",
        "1234567890123",
        "12345678901a",
        " 23456789012",
        "１２３４５６７８９０１２",
    ] {
        refused(
            AccountId::parse(bad),
            &["AWS account ID", "exactly 12 digits"],
        );
    }
}

#[test]
fn external_id_rules() {
    assert!(ExternalId::parse("ab").is_ok());
    let max = "x".repeat(1224);
    assert_eq!(ExternalId::parse(&max).unwrap().as_str(), max);
    assert!(ExternalId::parse("Braze+ext=id,1.2@x:y/z_w-v").is_ok());
    refused(
        ExternalId::parse("a"),
        &["external ID", "2 to 1224 characters", "it has 1"],
    );
    refused(
        ExternalId::parse(""),
        &["external ID", "2 to 1224 characters", "it has 0"],
    );
    refused(
        ExternalId::parse(&"x".repeat(1225)),
        &["external ID", "2 to 1224 characters", "it has 1225"],
    );
    for bad in ["abc def", "abc*", "abc\"", "ïd"] {
        refused(
            ExternalId::parse(bad),
            &[
                "external ID",
                "use only letters, digits and + = , . @ : / _ -",
            ],
        );
    }
}
