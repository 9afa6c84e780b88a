//! ARNs and documents as IAM spells them.

use crate::domain::arn::Arn;
use crate::domain::names::{AccountId, PolicyName};

pub fn policy_arn(partition: &str, account: &AccountId, name: &PolicyName) -> String {
    Arn::policy(partition, account, name).into()
}

/// The policy name at the end of a policy ARN (`arn:aws:iam::1:policy/path/NAME`).
pub fn policy_name_of(arn: &str) -> Option<PolicyName> {
    arn.rsplit('/')
        .next()
        .and_then(|n| PolicyName::parse(n).ok())
}

/// IAM returns policy documents URL-encoded (RFC 3986); some endpoints return them plain.
pub fn decode_document(text: &str) -> String {
    if text.trim_start().starts_with('{') {
        return text.to_string();
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_url_encoded_documents_and_leaves_plain_ones() {
        assert_eq!(decode_document("%7B%22a%22%3A%201%7D"), "{\"a\": 1}");
        assert_eq!(decode_document("{\"a\": \"%41\"}"), "{\"a\": \"%41\"}");
        assert_eq!(decode_document("%7B%zz"), "{%zz");
    }

    #[test]
    fn reads_the_policy_name_from_its_arn() {
        let name = policy_name_of("arn:aws:iam::123456789012:policy/braze/braze-s3-x-currents");
        assert_eq!(
            name.map(String::from).as_deref(),
            Some("braze-s3-x-currents")
        );
        assert!(policy_name_of("arn:aws:iam::1:policy/").is_none());
    }
}
