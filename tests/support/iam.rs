//! Reading back what IAM holds, as the tests' own look-ups (not the tool's).

use braze_s3::aws::clients::Clients;
use braze_s3::domain::policy::PolicyDocument;

/// A policy document as IAM returns it: URL-encoded on AWS, plain on some endpoints.
pub fn parse_document(text: &str) -> PolicyDocument {
    let text = if text.trim_start().starts_with('{') {
        text.to_string()
    } else {
        percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .unwrap_or_else(|e| panic!("a policy document that is not UTF-8: {e}"))
            .into_owned()
    };
    PolicyDocument::from_json(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The default version of the managed policy `arn`.
pub async fn policy_document(admin: &Clients, arn: &str) -> PolicyDocument {
    let policy = admin.iam.get_policy().policy_arn(arn).send().await;
    let policy = policy.unwrap_or_else(|e| panic!("GetPolicy {arn}: {e:?}"));
    let version = policy
        .policy()
        .and_then(|p| p.default_version_id())
        .unwrap_or_else(|| panic!("{arn} has no default version"));
    let out = admin
        .iam
        .get_policy_version()
        .policy_arn(arn)
        .version_id(version)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GetPolicyVersion {arn}: {e:?}"));
    let document = out.policy_version().and_then(|v| v.document());
    parse_document(document.unwrap_or_else(|| panic!("{arn} {version} has no document")))
}
