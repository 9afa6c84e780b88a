//! `Answers`: every choice a person makes, validated as a whole.
//!
//! Answers are gathered in a [`Draft`] (all fields optional, as typed on the command line,
//! in an answers file or in the wizard), and [`Draft::build`] applies the defaults and
//! reports every problem at once. An answers file is a `Draft` in JSON, so a hand-written one
//! may leave out whatever has a default; `Answers` serializes back to the same shape.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::auth::{AuthKind, AuthMethod};
use super::integration::IntegrationChoice;
use super::names::{
    BucketName, ConnectorName, ExternalId, FolderPath, IamName, NameError, PolicyName, Region,
};

pub const DEFAULT_FOLDER: &str = "currents";
pub const DEFAULT_REGION: &str = "us-east-1";

/// Everything the person chose. Always consistent: built only by [`Draft::build`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Draft", try_from = "Draft")]
pub struct Answers {
    pub name: ConnectorName,
    pub integration: IntegrationChoice,
    pub bucket: BucketName,
    pub region: Region,
    /// The bucket must already exist (picked from a list) rather than be created if missing.
    pub existing_bucket: bool,
    /// The Currents folder path; `None` when Currents is not part of the setup.
    pub folder: Option<FolderPath>,
    /// Braze adds `x-amz-server-side-encryption: AES256` to its writes.
    pub sse: bool,
    /// Limit Currents object access to the folder (Currents only).
    pub scope_to_folder: bool,
    /// The auth method; with both integrations, the template of the two principals (see
    /// [`Answers::principals`]) and its external ID the Currents one.
    pub auth: AuthMethod,
    /// Role-ARN auth with both integrations: the external ID the data export page shows.
    pub export_external_id: Option<ExternalId>,
    /// The user or role name was given (a flag, the wizard, an answers file, or a file saved
    /// before this was recorded) rather than defaulted. Only a given name may be adopted
    /// without this connector's tag.
    pub principal_named: bool,
    /// Shares the user and key of this saved Currents connector (Braze lets several Currents
    /// connectors share credentials with distinct folders): no user or key of its own.
    pub share_with: Option<ConnectorName>,
    /// With `share_with`: the other connector's policy, which this one extends to its folder
    /// (recorded when the setup resolves the share; see `engine::share`).
    pub shared_policy: Option<PolicyName>,
}

/// Answers as typed: every field optional. Also the answers-file format.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<IntegrationChoice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default)]
    pub existing_bucket: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sse: Option<bool>,
    #[serde(default)]
    pub scope_to_folder: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// `user_name`/`role_name` is the default braze-s3 chose, as a saved connector records
    /// it; absent (false) means the name was given.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default_principal: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub braze_account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The Currents page's external ID (role-ARN auth); default: `external_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currents_external_id: Option<String>,
    /// The data export page's external ID (role-ARN auth); default: `external_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_external_id: Option<String>,
    /// The saved Currents connector whose user and key this one shares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_with: Option<String>,
    /// That connector's policy, as the setup resolved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_policy: Option<String>,
}

/// One problem with the answers, phrased for the person who typed them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error(transparent)]
    Name(#[from] NameError),
    #[error("{field} is required: {hint}")]
    Missing {
        field: &'static str,
        hint: &'static str,
    },
    #[error("{0}")]
    Conflict(&'static str),
}

/// Every problem found, in field order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerErrors(pub Vec<AnswerError>);

impl fmt::Display for AnswerErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("; "))
    }
}

impl std::error::Error for AnswerErrors {}

/// The default IAM user or role name: `braze-s3-<connector>`, cut to 64. Per connector, not
/// per bucket, so tearing one connector down never touches another's user.
pub fn default_principal_name(connector: &ConnectorName) -> IamName {
    IamName::generated(&format!("braze-s3-{connector}"))
}

impl From<Answers> for Draft {
    fn from(a: Answers) -> Draft {
        let (auth, user_name, role_name, braze_account_id, external_id) = match a.auth {
            AuthMethod::SecretKey { user } => {
                (AuthKind::SecretKey, Some(user.into()), None, None, None)
            }
            AuthMethod::RoleArn {
                role,
                braze_account,
                external_id,
            } => (
                AuthKind::RoleArn,
                None,
                Some(role.into()),
                Some(braze_account.into()),
                Some(external_id.into()),
            ),
        };
        Draft {
            name: Some(a.name.into()),
            integration: Some(a.integration),
            bucket: Some(a.bucket.into()),
            region: Some(a.region.into()),
            existing_bucket: a.existing_bucket,
            folder: a.folder.map(Into::into),
            sse: Some(a.sse),
            scope_to_folder: a.scope_to_folder,
            auth: Some(auth),
            user_name,
            role_name,
            default_principal: !a.principal_named,
            braze_account_id,
            external_id,
            currents_external_id: None,
            export_external_id: a.export_external_id.map(Into::into),
            share_with: a.share_with.map(Into::into),
            shared_policy: a.shared_policy.map(Into::into),
        }
    }
}

impl TryFrom<Draft> for Answers {
    type Error = AnswerErrors;
    fn try_from(d: Draft) -> Result<Answers, AnswerErrors> {
        d.build()
    }
}

#[cfg(test)]
mod tests;
