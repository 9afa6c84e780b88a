//! Validated names. Once one of these exists it is valid ("parse, don't validate"): every
//! function that needs a bucket name takes a `BucketName`, never a `&str`.
//!
//! Each `parse` returns a [`NameError`] whose message says what is allowed, e.g.
//! `bucket name "My_Bucket": use only lowercase letters, digits, '-' and '.'`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::regions::KNOWN_REGIONS;

/// Why a value was refused: which kind of name, the value, and what is allowed instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} {value:?}: {reason}")]
pub struct NameError {
    pub kind: &'static str,
    pub value: String,
    pub reason: String,
}

impl NameError {
    fn new(kind: &'static str, value: &str, reason: impl Into<String>) -> Self {
        // Keep error lines readable when someone pastes a whole document into a field.
        let value = if value.chars().count() > 80 {
            let head: String = value.chars().take(77).collect();
            format!("{head}...")
        } else {
            value.to_string()
        };
        NameError {
            kind,
            value,
            reason: reason.into(),
        }
    }
}

/// Declares a string newtype with `parse`, `as_str`, `Display` and serde that goes
/// through `parse`, so an answers or profile file can never smuggle in an invalid name.
macro_rules! validated_name {
    ($(#[$doc:meta])* $name:ident, $check:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(value: &str) -> Result<Self, NameError> {
                $check(value)?;
                Ok($name(value.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = NameError;
            fn try_from(value: String) -> Result<Self, NameError> {
                $name::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = NameError;
            fn from_str(value: &str) -> Result<Self, NameError> {
                $name::parse(value)
            }
        }
    };
}

validated_name!(
    /// An S3 general-purpose bucket name (every naming rule AWS documents).
    BucketName,
    check_bucket
);
validated_name!(
    /// An AWS region code such as `eu-west-1`, known to exist.
    Region,
    check_region
);
validated_name!(
    /// An IAM user or role name: 1–64 of `[A-Za-z0-9+=,.@_-]`.
    IamName,
    check_iam_name
);
validated_name!(
    /// An IAM customer-managed policy name: 1–128 of `[A-Za-z0-9+=,.@_-]`.
    PolicyName,
    check_policy_name
);
validated_name!(
    /// A 12-digit AWS account ID (Braze's comes from the Braze dashboard).
    AccountId,
    check_account_id
);
validated_name!(
    /// The external ID Braze shows next to its account ID: 2–1224 of `[A-Za-z0-9+=,.@:/_-]`.
    ExternalId,
    check_external_id
);
validated_name!(
    /// A Currents folder path inside the bucket, e.g. `currents` or `braze/prod`.
    FolderPath,
    check_folder
);
validated_name!(
    /// The name a connector profile is saved under: 1–64 of `[A-Za-z0-9._-]`, starting with a
    /// letter or digit (it becomes a file name).
    ConnectorName,
    check_connector_name
);

const BUCKET: &str = "bucket name";

fn check_bucket(v: &str) -> Result<(), NameError> {
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

fn check_region(v: &str) -> Result<(), NameError> {
    let shaped = {
        let parts: Vec<&str> = v.split('-').collect();
        parts.len() >= 3
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
            && parts
                .last()
                .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
    };
    if !shaped {
        return Err(NameError::new(
            "region",
            v,
            "write a region code like eu-west-1 or us-east-1 (lowercase, dash-separated, ending in a number)",
        ));
    }
    if !KNOWN_REGIONS.contains(&v) {
        return Err(NameError::new(
            "region",
            v,
            "is not an AWS region this tool knows; use a region code like eu-west-1 or us-east-1",
        ));
    }
    Ok(())
}

impl Region {
    /// The ARN partition the region belongs to.
    pub fn partition(&self) -> &'static str {
        if self.0.starts_with("cn-") {
            "aws-cn"
        } else if self.0.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        }
    }

    /// `CreateBucket` must send a LocationConstraint everywhere except us-east-1.
    pub fn needs_location_constraint(&self) -> bool {
        self.0 != "us-east-1"
    }
}

fn is_iam_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
}

fn check_iam_chars(kind: &'static str, v: &str, max: usize) -> Result<(), NameError> {
    if v.is_empty() || v.len() > max {
        return Err(NameError::new(
            kind,
            v,
            format!("must be 1 to {max} characters long (it has {})", v.len()),
        ));
    }
    if !v.chars().all(is_iam_char) {
        return Err(NameError::new(
            kind,
            v,
            "use only letters, digits and + = , . @ _ -",
        ));
    }
    Ok(())
}

fn check_iam_name(v: &str) -> Result<(), NameError> {
    check_iam_chars("IAM name", v, 64)
}

fn check_policy_name(v: &str) -> Result<(), NameError> {
    check_iam_chars("policy name", v, 128)
}

fn check_account_id(v: &str) -> Result<(), NameError> {
    if v.len() != 12 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NameError::new(
            "AWS account ID",
            v,
            "must be exactly 12 digits (copy Braze's from the Braze dashboard)",
        ));
    }
    Ok(())
}

fn check_external_id(v: &str) -> Result<(), NameError> {
    if !(2..=1224).contains(&v.len()) {
        return Err(NameError::new(
            "external ID",
            v,
            format!("must be 2 to 1224 characters long (it has {})", v.len()),
        ));
    }
    if !v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+=,.@:/_-".contains(c))
    {
        return Err(NameError::new(
            "external ID",
            v,
            "use only letters, digits and + = , . @ : / _ - (copy it from the Braze dashboard)",
        ));
    }
    Ok(())
}

const FOLDER: &str = "folder path";

fn check_folder(v: &str) -> Result<(), NameError> {
    let err = |reason: &str| Err(NameError::new(FOLDER, v, reason));
    if v.is_empty() {
        return err("must not be empty (the default is 'currents')");
    }
    if v.len() > 512 {
        return err("must be at most 512 bytes long");
    }
    if v.chars().any(|c| c.is_control()) {
        return err("must contain only printable characters");
    }
    if v.starts_with('/') {
        return err("must not start with '/' (write 'currents', not '/currents')");
    }
    if v.ends_with('/') {
        return err("must not end with '/' (write 'braze/currents', not 'braze/currents/')");
    }
    if v.contains("//") {
        return err("must not contain an empty segment ('//')");
    }
    if v.split('/').any(|s| s == ".." || s == ".") {
        return err("must not contain a '.' or '..' segment");
    }
    if v.chars().any(|c| "*?[]{}\\".contains(c)) {
        return err("must not contain wildcard or escape characters (* ? [ ] { } \\)");
    }
    Ok(())
}

impl FolderPath {
    /// Turns what a person typed (`/currents/`, ` braze/prod `) into the canonical form,
    /// then validates it.
    pub fn normalize(input: &str) -> Result<Self, NameError> {
        let trimmed = input.trim().trim_matches('/');
        if trimmed.is_empty() && !input.trim().is_empty() {
            return Err(NameError::new(
                FOLDER,
                input,
                "must name a folder, not just '/'",
            ));
        }
        FolderPath::parse(trimmed)
    }
}

fn check_connector_name(v: &str) -> Result<(), NameError> {
    let kind = "connector name";
    if v.is_empty() || v.len() > 64 {
        return Err(NameError::new(
            kind,
            v,
            format!("must be 1 to 64 characters long (it has {})", v.len()),
        ));
    }
    if !v.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return Err(NameError::new(
            kind,
            v,
            "use letters, digits, '.', '_' and '-', starting with a letter or digit",
        ));
    }
    Ok(())
}

/// Cuts a generated name to `max` bytes and never ends it in a separator.
fn fit(name: &str, max: usize) -> String {
    let cut: String = name.chars().take(max).collect();
    cut.trim_end_matches(['-', '.', '_']).to_string()
}

/// Builds a name from generated text: characters IAM refuses become '-', the result is cut
/// to `max`, and an empty result falls back to `braze-s3`. Valid by construction.
fn generated_iam(raw: &str, max: usize) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| if is_iam_char(c) { c } else { '-' })
        .collect();
    let name = fit(&cleaned, max);
    if name.is_empty() {
        "braze-s3".to_string()
    } else {
        name
    }
}

impl IamName {
    /// A default user or role name made from `raw` (see [`generated_iam`]).
    pub fn generated(raw: &str) -> IamName {
        IamName(generated_iam(raw, 64))
    }
}

impl PolicyName {
    /// A default policy name made from `raw` (see [`generated_iam`]).
    pub fn generated(raw: &str) -> PolicyName {
        PolicyName(generated_iam(raw, 128))
    }
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
