//! ARNs and documents as IAM spells them.

use crate::domain::names::PolicyName;

pub fn policy_arn(partition: &str, account: &str, name: &PolicyName) -> String {
    format!("arn:{partition}:iam::{account}:policy/{name}")
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
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
