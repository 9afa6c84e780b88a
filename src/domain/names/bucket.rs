//! Bucket names: every naming rule AWS documents for general-purpose buckets.

use super::{BucketName, NameError};

const BUCKET: &str = "bucket name";

pub(super) fn check_bucket(v: &str) -> Result<(), NameError> {
    let err = |reason: &str| Err(NameError::new(BUCKET, v, reason));
    let len = v.len();
    if !(3..=63).contains(&len) {
        return err(&format!("must be 3 to 63 characters long (it has {len})"));
    }
    if !v
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
    {
        return err("use only lowercase letters, digits, '-' and '.'");
    }
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = v.as_bytes();
    if !alnum(bytes[0]) || !alnum(bytes[len - 1]) {
        return err("must start and end with a lowercase letter or a digit");
    }
    if v.contains("..") {
        return err("must not contain two adjacent periods ('..')");
    }
    if v.contains(".-") || v.contains("-.") {
        return err("a period must not be next to a hyphen ('.-' or '-.')");
    }
    // Four dot-separated digit groups, as AWS's SDKs check: `192.168.05.4` (which
    // `Ipv4Addr` refuses for its leading zero) is still formatted as an IP address.
    let parts: Vec<&str> = v.split('.').collect();
    if parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return err("must not be formatted as an IP address (like 192.168.5.4)");
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if v.starts_with(prefix) {
            return err(&format!(
                "must not start with the reserved prefix '{prefix}'"
            ));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3"] {
        if v.ends_with(suffix) {
            return err(&format!("must not end with the reserved suffix '{suffix}'"));
        }
    }
    Ok(())
}

impl BucketName {
    /// Dotted names are valid but break virtual-hosted-style HTTPS (the certificate covers
    /// one label) and some services refuse them: callers warn about them.
    pub fn has_dots(&self) -> bool {
        self.0.contains('.')
    }
}

#[cfg(test)]
mod tests;
