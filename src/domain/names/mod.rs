//! Validated names. Once one of these exists it is valid ("parse, don't validate"): every
//! function that needs a bucket name takes a `BucketName`, never a `&str`.
//!
//! Each `parse` returns a [`NameError`] whose message says what is allowed, e.g.
//! `bucket name "My_Bucket": use only lowercase letters, digits, '-' and '.'`.

mod bucket;
mod folder;
mod iam;
mod region;

use std::fmt;

use serde::{Deserialize, Serialize};

use bucket::check_bucket;
use folder::check_folder;
use iam::{check_account_id, check_external_id, check_iam_name, check_policy_name};
use region::check_region;

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
            // `pad`, not `write_str`: a column (`{:<28}`) lines up.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
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

/// 32-bit FNV-1a: a small, stable hash for names (not for security).
pub(crate) fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
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

#[cfg(test)]
mod tests;
