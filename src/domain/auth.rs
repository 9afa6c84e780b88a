//! How Braze authenticates to the bucket.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::integration::Integration;
use super::names::{AccountId, ExternalId, IamName};

/// The two auth methods Braze offers for S3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "kebab-case")]
pub enum AuthMethod {
    /// An IAM user with the policy attached and an access key entered in Braze.
    SecretKey { user: IamName },
    /// A role that trusts Braze's AWS account, only with Braze's external ID.
    RoleArn {
        role: IamName,
        braze_account: AccountId,
        external_id: ExternalId,
    },
}

impl AuthMethod {
    pub fn kind(&self) -> AuthKind {
        match self {
            AuthMethod::SecretKey { .. } => AuthKind::SecretKey,
            AuthMethod::RoleArn { .. } => AuthKind::RoleArn,
        }
    }

    /// The IAM user or role the policies are attached to.
    pub fn principal_name(&self) -> &IamName {
        match self {
            AuthMethod::SecretKey { user } => user,
            AuthMethod::RoleArn { role, .. } => role,
        }
    }
}

/// One principal Braze is given: a user (and key) or a role, for exactly one integration and
/// with only that integration's policy — so the credential entered in Currents can never
/// delete objects, even when the same bucket also serves data export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub integration: Integration,
    pub auth: AuthMethod,
}

impl Principal {
    pub fn name(&self) -> &IamName {
        self.auth.principal_name()
    }
}

/// The auth method without its details, for choices and flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthKind {
    SecretKey,
    RoleArn,
}

impl AuthKind {
    pub const ALL: [AuthKind; 2] = [AuthKind::SecretKey, AuthKind::RoleArn];

    pub fn slug(self) -> &'static str {
        match self {
            AuthKind::SecretKey => "secret-key",
            AuthKind::RoleArn => "role-arn",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            AuthKind::SecretKey => "AWS secret key (IAM user + access key)",
            AuthKind::RoleArn => "AWS role ARN (role trusted by Braze's account)",
        }
    }
}

impl fmt::Display for AuthKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}
