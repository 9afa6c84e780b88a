use super::*;
use crate::domain::names::AccountId;
use crate::domain::policy::trust_policy;

fn bucket() -> BucketName {
    BucketName::parse("acme-braze").unwrap()
}

fn user() -> IamName {
    IamName::parse("braze-user").unwrap()
}

fn role() -> IamName {
    IamName::parse("braze-role").unwrap()
}

fn policy() -> PolicyName {
    PolicyName::parse("braze-currents").unwrap()
}

fn document() -> PolicyDocument {
    PolicyDocument::from_json(r#"{"Version":"2012-10-17","Statement":[]}"#).unwrap()
}

/// One of every kind, in the order a plan would have them.
fn every_change() -> Vec<Change> {
    let trust = trust_policy(
        &AccountId::parse("123456789012").unwrap(),
        &crate::domain::names::ExternalId::parse("braze-external-id").unwrap(),
        "aws",
    );
    vec![
        Change::CreateBucket {
            bucket: bucket(),
            region: Region::parse("eu-west-1").unwrap(),
        },
        Change::BlockPublicAccess { bucket: bucket() },
        Change::EnableDefaultEncryption { bucket: bucket() },
        Change::CreatePolicy {
            name: policy(),
            integration: Integration::Currents,
            document: document(),
        },
        Change::UpdatePolicy {
            name: policy(),
            integration: Integration::Currents,
            document: document(),
        },
        Change::CreateUser { user: user() },
        Change::AttachUserPolicy {
            user: user(),
            policy: policy(),
        },
        Change::CreateAccessKey { user: user() },
        Change::CreateRole {
            role: role(),
            trust,
        },
        Change::AttachRolePolicy {
            role: role(),
            policy: policy(),
        },
    ]
}

#[test]
fn each_change_names_the_actions_apply_calls() {
    let table: Vec<(String, Vec<&str>)> = every_change()
        .iter()
        .map(|c| (c.to_string(), c.required_actions().to_vec()))
        .collect();
    let expected: Vec<(&str, Vec<&str>)> = vec![
        (
            "create bucket acme-braze in eu-west-1",
            vec!["s3:CreateBucket", "s3:PutBucketTagging"],
        ),
        (
            "block all public access to bucket acme-braze",
            vec!["s3:PutBucketPublicAccessBlock"],
        ),
        (
            "turn on default encryption SSE-S3 (AES256) for bucket acme-braze",
            vec!["s3:PutEncryptionConfiguration"],
        ),
        (
            "create IAM policy braze-currents (Currents)",
            vec!["iam:CreatePolicy", "iam:TagPolicy"],
        ),
        (
            "update IAM policy braze-currents (Currents) with a new default version",
            vec![
                "iam:CreatePolicyVersion",
                "iam:ListPolicyVersions",
                "iam:DeletePolicyVersion",
            ],
        ),
        (
            "create IAM user braze-user",
            vec!["iam:CreateUser", "iam:TagUser"],
        ),
        (
            "attach policy braze-currents to user braze-user",
            vec!["iam:AttachUserPolicy"],
        ),
        (
            "create an access key for user braze-user",
            vec!["iam:CreateAccessKey", "iam:ListAccessKeys"],
        ),
        (
            "create IAM role braze-role trusted by Braze's AWS account",
            vec!["iam:CreateRole", "iam:TagRole"],
        ),
        (
            "attach policy braze-currents to role braze-role",
            vec!["iam:AttachRolePolicy"],
        ),
    ];
    let expected: Vec<(String, Vec<&str>)> = expected
        .into_iter()
        .map(|(c, a)| (c.to_string(), a))
        .collect();
    assert_eq!(table, expected);
}

#[test]
fn every_action_is_service_prefixed_and_known_to_iam() {
    for change in every_change() {
        for action in change.required_actions() {
            let (service, name) = action.split_once(':').unwrap();
            assert!(matches!(service, "s3" | "iam"), "{action}");
            assert!(
                name.chars().next().unwrap().is_ascii_uppercase()
                    && name.chars().all(|c| c.is_ascii_alphabetic()),
                "{action}"
            );
        }
    }
}

#[test]
fn resources_are_the_bucket_policy_user_or_role_in_the_partition() {
    let arns: Vec<String> = every_change()
        .iter()
        .map(|c| {
            c.resource_arn("aws-cn", &AccountId::parse("111122223333").unwrap())
                .to_string()
        })
        .collect();
    let bucket = "arn:aws-cn:s3:::acme-braze";
    let policy = "arn:aws-cn:iam::111122223333:policy/braze-currents";
    let user = "arn:aws-cn:iam::111122223333:user/braze-user";
    let role = "arn:aws-cn:iam::111122223333:role/braze-role";
    assert_eq!(
        arns,
        [
            bucket, bucket, bucket, policy, policy, user, user, user, role, role
        ]
    );
}
