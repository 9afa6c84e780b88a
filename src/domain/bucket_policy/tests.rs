//! Item 7 of issue 10: bucket-policy statements that block Braze, or may.

use super::eval::glob;
use super::*;

const ACCOUNT: &str = "111122223333";
const USER: &str = "arn:aws:iam::111122223333:user/braze-user";

fn bucket() -> BucketName {
    BucketName::parse("acme-braze").unwrap()
}

fn policy(statements: &str) -> BucketPolicy {
    BucketPolicy::parse(&format!(
        r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#
    ))
    .unwrap()
}

fn currents(sse: Option<bool>, principal: Option<&str>) -> Requester<'static> {
    Requester {
        integration: Integration::Currents,
        principal_arn: principal.map(str::to_string),
        account: ACCOUNT,
        sse,
        folder: None,
    }
}

fn check(statements: &str, sse: Option<bool>) -> Vec<Finding> {
    findings(&policy(statements), &bucket(), &[currents(sse, Some(USER))])
}

fn certainty(statements: &str, sse: Option<bool>) -> Option<Certainty> {
    check(statements, sse).first().map(|f| f.certainty)
}

const KMS_ONLY: &str = r#"{"Sid": "KmsOnly", "Effect": "Deny", "Principal": "*",
    "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme-braze/*",
    "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}}"#;

#[test]
fn item_7_a_kms_only_deny_blocks_braze_whatever_its_sse_choice() {
    for sse in [Some(true), Some(false), None] {
        let found = check(KMS_ONLY, sse);
        assert_eq!(found[0].certainty, Certainty::Blocks, "{sse:?}");
        let msg = found[0].to_string();
        assert!(
            msg.contains("\"KmsOnly\"") && msg.contains("s3:PutObject"),
            "{msg}"
        );
        assert!(msg.contains("never aws:kms"), "{msg}");
    }
}

#[test]
fn item_7_an_aes256_only_deny_blocks_only_without_sse() {
    let aes = r#"{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:PutObject",
        "Resource": "arn:aws:s3:::acme-braze/*",
        "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "AES256"}}}"#;
    assert_eq!(certainty(aes, Some(false)), Some(Certainty::Blocks));
    assert_eq!(certainty(aes, Some(true)), None);
    assert_eq!(certainty(aes, None), Some(Certainty::MayBlock));
    let null = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
        "Resource": "arn:aws:s3:::acme-braze/*",
        "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}}"#;
    assert_eq!(certainty(null, Some(false)), Some(Certainty::Blocks));
    assert_eq!(certainty(null, Some(true)), None);
}

#[test]
fn item_7_vpc_conditions_block_and_source_ip_or_org_may() {
    let vpce = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::acme-braze", "arn:aws:s3:::acme-braze/*"],
        "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c"}}}"#;
    assert_eq!(certainty(vpce, Some(true)), Some(Certainty::Blocks));
    assert!(check(vpce, Some(true))[0].to_string().contains("VPC"));
    let vpc = vpce.replace("aws:SourceVpce", "aws:SourceVpc");
    assert_eq!(certainty(&vpc, Some(true)), Some(Certainty::Blocks));
    let ip = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": "arn:aws:s3:::acme-braze/*",
        "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#;
    assert_eq!(certainty(ip, Some(true)), Some(Certainty::MayBlock));
    assert!(
        check(ip, Some(true))[0]
            .to_string()
            .contains("Braze's IP addresses")
    );
    let org = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::acme-braze/*",
        "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"}}}"#;
    assert_eq!(certainty(org, Some(true)), Some(Certainty::MayBlock));
}

#[test]
fn item_7_principal_account_is_the_callers() {
    let other = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": "arn:aws:s3:::acme-braze/*",
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "999999999999"}}}"#;
    assert_eq!(certainty(other, Some(true)), Some(Certainty::Blocks));
    let ours = other.replace("999999999999", ACCOUNT);
    assert_eq!(certainty(&ours, Some(true)), None);
}

#[test]
fn item_7_a_deny_naming_the_connectors_principal_blocks() {
    let named = format!(
        r#"{{"Sid": "NoBraze", "Effect": "Deny", "Principal": {{"AWS": "{USER}"}},
        "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::acme-braze/*"}}"#
    );
    let found = check(&named, Some(true));
    assert_eq!(found[0].certainty, Certainty::Blocks);
    assert!(found[0].to_string().contains("without any condition"));
    // Another principal: nothing to say. Before the auth step: checked later, not flagged.
    let other = named.replace("braze-user", "someone-else");
    assert!(check(&other, Some(true)).is_empty());
    let early = findings(&policy(&named), &bucket(), &[currents(None, None)]);
    assert!(early.is_empty(), "{early:?}");
    // The whole account, by root ARN: blocks.
    let root = named.replace(USER, "arn:aws:iam::111122223333:root");
    assert_eq!(certainty(&root, Some(true)), Some(Certainty::Blocks));
    // NotPrincipal that spares the connector: nothing.
    let spared = named.replace("\"Principal\"", "\"NotPrincipal\"");
    assert!(check(&spared, Some(true)).is_empty());
}

#[test]
fn item_7_an_unconditional_deny_of_writes_for_everyone_blocks() {
    let deny = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:Put*",
        "Resource": "arn:aws:s3:::acme-braze/*"}"#;
    assert_eq!(certainty(deny, None), Some(Certainty::Blocks));
}

#[test]
fn harmless_statements_raise_nothing() {
    // HTTPS only, TLS 1.2 or later, allows, other buckets' paths, other actions.
    for s in [
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": ["arn:aws:s3:::acme-braze", "arn:aws:s3:::acme-braze/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"#,
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": "arn:aws:s3:::acme-braze/*",
            "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}}"#,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::acme-braze/*"}"#,
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::acme-braze/private/*"}"#,
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket",
            "Resource": "arn:aws:s3:::acme-braze"}"#,
        r#"{"Effect": "Deny", "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": "s3:*", "Resource": "arn:aws:s3:::acme-braze/*"}"#,
    ] {
        assert!(check(s, Some(false)).is_empty(), "{s}");
    }
    assert!(findings(&BucketPolicy::None, &bucket(), &[currents(None, None)]).is_empty());
}

#[test]
fn delete_is_checked_for_data_export_only() {
    let no_delete = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
        "Resource": "arn:aws:s3:::acme-braze/*"}"#;
    assert!(check(no_delete, Some(true)).is_empty());
    let export = Requester {
        integration: Integration::DataExport,
        ..currents(Some(true), Some(USER))
    };
    let found = findings(&policy(no_delete), &bucket(), &[export]);
    assert_eq!(found[0].certainty, Certainty::Blocks);
    assert_eq!(found[0].action, "s3:DeleteObject");
}

#[test]
fn a_policy_that_is_not_json_is_refused_with_the_reason() {
    assert!(
        BucketPolicy::parse("{not json")
            .unwrap_err()
            .contains("not valid JSON")
    );
}

#[test]
fn glob_is_iams_wildcard() {
    assert!(glob("s3:*", "s3:PutObject", true));
    assert!(glob("S3:put*", "s3:PutObject", true));
    assert!(glob(
        "arn:aws:s3:::acme-*/*",
        "arn:aws:s3:::acme-braze/a/b",
        false
    ));
    assert!(glob("a?c", "abc", false));
    assert!(!glob(
        "arn:aws:s3:::acme-braze",
        "arn:aws:s3:::acme-braze/x",
        false
    ));
    assert!(!glob("s3:Get*", "s3:PutObject", true));
}
