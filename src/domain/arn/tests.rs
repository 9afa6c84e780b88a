use super::*;

#[test]
fn arns_are_spelled_as_aws_documents_them() {
    let account = AccountId::parse("123456789012").unwrap();
    let name = IamName::parse("braze-s3-acme").unwrap();
    let policy = PolicyName::parse("braze-s3-currents").unwrap();
    let bucket = BucketName::parse("acme-braze").unwrap();
    let cases = [
        (
            Arn::user("aws", &account, &name),
            "arn:aws:iam::123456789012:user/braze-s3-acme",
        ),
        (
            Arn::role("aws-cn", &account, &name),
            "arn:aws-cn:iam::123456789012:role/braze-s3-acme",
        ),
        (
            Arn::policy("aws", &account, &policy),
            "arn:aws:iam::123456789012:policy/braze-s3-currents",
        ),
        (
            Arn::root("aws-us-gov", &account),
            "arn:aws-us-gov:iam::123456789012:root",
        ),
        (Arn::bucket("aws", &bucket), "arn:aws:s3:::acme-braze"),
        (
            Arn::bucket("aws", &bucket).objects("currents/*"),
            "arn:aws:s3:::acme-braze/currents/*",
        ),
    ];
    for (arn, spelled) in cases {
        assert_eq!(arn.as_str(), spelled);
        assert_eq!(arn.to_string(), spelled);
    }
}
