//! ARNs built from validated names, never `format!`ed at the call site: an IAM user, role or
//! customer policy in an account, an account's root, and an S3 bucket or the objects in it.

use std::fmt;

use super::names::{AccountId, BucketName, IamName, PolicyName};

/// An ARN this tool builds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arn(String);

impl Arn {
    fn iam(partition: &str, account: &AccountId, resource: fmt::Arguments<'_>) -> Arn {
        Arn(format!("arn:{partition}:iam::{account}:{resource}"))
    }

    /// `arn:PARTITION:iam::ACCOUNT:user/NAME`
    pub fn user(partition: &str, account: &AccountId, name: &IamName) -> Arn {
        Arn::iam(partition, account, format_args!("user/{name}"))
    }

    /// `arn:PARTITION:iam::ACCOUNT:role/NAME`
    pub fn role(partition: &str, account: &AccountId, name: &IamName) -> Arn {
        Arn::iam(partition, account, format_args!("role/{name}"))
    }

    /// `arn:PARTITION:iam::ACCOUNT:policy/NAME`
    pub fn policy(partition: &str, account: &AccountId, name: &PolicyName) -> Arn {
        Arn::iam(partition, account, format_args!("policy/{name}"))
    }

    /// `arn:PARTITION:iam::ACCOUNT:root`: the whole account, as a trust policy names it.
    pub fn root(partition: &str, account: &AccountId) -> Arn {
        Arn::iam(partition, account, format_args!("root"))
    }

    /// `arn:PARTITION:s3:::BUCKET`
    pub fn bucket(partition: &str, bucket: &BucketName) -> Arn {
        Arn(format!("arn:{partition}:s3:::{bucket}"))
    }

    /// This bucket ARN's objects under `path` (`BUCKET/path`; `*` for every object).
    pub fn objects(&self, path: &str) -> Arn {
        Arn(format!("{}/{path}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Arn> for String {
    fn from(arn: Arn) -> String {
        arn.0
    }
}

#[cfg(test)]
mod tests;
