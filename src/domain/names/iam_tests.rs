use super::*;
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
    assert_eq!(
        IamName::generated(&"a".repeat(100)).as_str(),
        "a".repeat(64)
    );
    assert_eq!(
        PolicyName::generated(&"a".repeat(300)).as_str(),
        "a".repeat(128)
    );
    // A cut that lands on a separator drops the trailing separators.
    let raw = format!("{}-.-xyz", "a".repeat(62));
    assert_eq!(IamName::generated(&raw).as_str(), "a".repeat(62));
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
