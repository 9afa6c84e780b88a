//! `Answers`: every choice a person makes, validated as a whole.
//!
//! Answers are gathered in a [`Draft`] (all fields optional, as typed on the command line,
//! in an answers file or in the wizard), and [`Draft::build`] applies the defaults and
//! reports every problem at once. An answers file is a `Draft` in JSON, so a hand-written one
//! may leave out whatever has a default; `Answers` serializes back to the same shape.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::auth::{AuthKind, AuthMethod, Principal};
use super::integration::{Integration, IntegrationChoice};
use super::names::{
    AccountId, BucketName, ConnectorName, ExternalId, FolderPath, IamName, NameError, PolicyName,
    Region, fnv1a,
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

impl Draft {
    /// Validates every field, applies the defaults and checks the fields agree.
    pub fn build(&self) -> Result<Answers, AnswerErrors> {
        let mut errors = Vec::new();
        let integration = self.integration.unwrap_or(IntegrationChoice::Currents);
        let bucket = match &self.bucket {
            Some(b) => take(&mut errors, BucketName::parse(b.trim())),
            None => missing(
                &mut errors,
                "bucket",
                "name the S3 bucket Braze should write to (--bucket)",
            ),
        };
        let region = take(
            &mut errors,
            Region::parse(self.region.as_deref().unwrap_or(DEFAULT_REGION).trim()),
        );
        let name = match (&self.name, &bucket) {
            (Some(n), _) => take(&mut errors, ConnectorName::parse(n.trim())),
            (None, Some(b)) => take(&mut errors, ConnectorName::parse(b.as_str())),
            (None, None) => None,
        };
        let currents = integration.includes(Integration::Currents);
        let folder = if currents {
            let typed = self.folder.as_deref().unwrap_or(DEFAULT_FOLDER);
            take(&mut errors, FolderPath::normalize(typed))
        } else {
            if self.folder.is_some() {
                errors.push(AnswerError::Conflict(
                    "a folder path is a Currents option: dashboard data export writes to fixed top-level paths",
                ));
            }
            None
        };
        if self.scope_to_folder && !currents {
            errors.push(AnswerError::Conflict(
                "scoping to a folder is for Currents only: dashboard data export writes to fixed top-level paths such as segment-export/",
            ));
        }
        let principal = |given: &Option<String>, errors: &mut Vec<AnswerError>| match given {
            Some(n) => take(errors, IamName::parse(n.trim())),
            None => name.as_ref().map(default_principal_name),
        };
        let kind = self.auth.unwrap_or(AuthKind::SecretKey);
        let given = match kind {
            AuthKind::SecretKey => self.user_name.is_some(),
            AuthKind::RoleArn => self.role_name.is_some(),
        };
        let auth = match kind {
            AuthKind::SecretKey => {
                if self.braze_account_id.is_some()
                    || self.external_id.is_some()
                    || self.currents_external_id.is_some()
                    || self.export_external_id.is_some()
                {
                    errors.push(AnswerError::Conflict(
                        "the Braze account ID and external ID are for role-ARN auth (--auth role-arn)",
                    ));
                }
                principal(&self.user_name, &mut errors).map(|user| AuthMethod::SecretKey { user })
            }
            AuthKind::RoleArn => {
                let role = principal(&self.role_name, &mut errors);
                let account = match &self.braze_account_id {
                    Some(a) => take(&mut errors, AccountId::parse(a.trim())),
                    None => missing(
                        &mut errors,
                        "Braze account ID",
                        "copy it from the Braze dashboard's Amazon S3 page (--braze-account-id)",
                    ),
                };
                let external =
                    |specific: &Option<String>, field, hint, errors: &mut _| match specific
                        .as_ref()
                        .or(self.external_id.as_ref())
                    {
                        Some(x) => take(errors, ExternalId::parse(x.trim())),
                        None => missing(errors, field, hint),
                    };
                let currents_id = currents.then(|| {
                    external(
                        &self.currents_external_id,
                        "Currents external ID",
                        "copy it from the Braze Currents page (--currents-external-id, or --external-id)",
                        &mut errors,
                    )
                });
                let export_id = integration.includes(Integration::DataExport).then(|| {
                    external(
                        &self.export_external_id,
                        "data export external ID",
                        "copy it from Braze's Technology Partners → Amazon S3 page (--export-external-id, or --external-id)",
                        &mut errors,
                    )
                });
                if !currents && self.currents_external_id.is_some() {
                    errors.push(AnswerError::Conflict(
                        "--currents-external-id is for a setup that includes Currents",
                    ));
                }
                if export_id.is_none() && self.export_external_id.is_some() {
                    errors.push(AnswerError::Conflict(
                        "--export-external-id is for a setup that includes dashboard data export",
                    ));
                }
                let first = currents_id.clone().or(export_id.clone()).flatten();
                match (role, account, first) {
                    (Some(role), Some(braze_account), Some(external_id)) => {
                        Some(AuthMethod::RoleArn {
                            role,
                            braze_account,
                            external_id,
                        })
                    }
                    _ => None,
                }
            }
        };
        match (name, bucket, region, auth) {
            (Some(name), Some(bucket), Some(region), Some(auth)) if errors.is_empty() => {
                Ok(Answers {
                    name,
                    integration,
                    bucket,
                    region,
                    existing_bucket: self.existing_bucket,
                    folder,
                    sse: self.sse.unwrap_or(false),
                    scope_to_folder: self.scope_to_folder,
                    export_external_id: match (&auth, integration) {
                        (AuthMethod::RoleArn { .. }, IntegrationChoice::Both) => self
                            .export_external_id
                            .as_ref()
                            .or(self.external_id.as_ref())
                            .and_then(|x| ExternalId::parse(x.trim()).ok()),
                        _ => None,
                    },
                    auth,
                    principal_named: given && !self.default_principal,
                })
            }
            _ => Err(AnswerErrors(errors)),
        }
    }
}

fn take<T>(errors: &mut Vec<AnswerError>, parsed: Result<T, NameError>) -> Option<T> {
    parsed.map_err(|e| errors.push(e.into())).ok()
}

fn missing<T>(errors: &mut Vec<AnswerError>, field: &'static str, hint: &'static str) -> Option<T> {
    errors.push(AnswerError::Missing { field, hint });
    None
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
        }
    }
}

impl TryFrom<Draft> for Answers {
    type Error = AnswerErrors;
    fn try_from(d: Draft) -> Result<Answers, AnswerErrors> {
        d.build()
    }
}

impl Answers {
    pub fn integrations(&self) -> &'static [Integration] {
        self.integration.integrations()
    }

    /// The folder the Currents policy is limited to, when scoping was chosen.
    pub fn policy_scope(&self, integration: Integration) -> Option<&FolderPath> {
        match integration {
            Integration::Currents if self.scope_to_folder => self.folder.as_ref(),
            _ => None,
        }
    }

    /// `braze-s3-<connector>-<integration>`, plus the folder when the policy is scoped to it
    /// (two scoped Currents connectors on one bucket need two policies).
    pub fn policy_name(&self, integration: Integration) -> PolicyName {
        // Per connector (like the user), so teardown of one never deletes another's policy.
        let base = format!("braze-s3-{}-{}", self.name, integration.slug());
        match self.policy_scope(integration) {
            None => PolicyName::generated(&base),
            Some(folder) => {
                // The folder's readable form can collide ("a/b" and "a-b", or two long
                // folders cut to the same prefix), so a hash of the exact folder ends the name.
                let hash = format!("-{:08x}", fnv1a(folder.as_str()));
                let readable = format!("{base}-{}", folder.as_str().replace('/', "-"));
                PolicyName::generated_ending(&readable, &hash)
            }
        }
    }
}

impl Answers {
    /// One principal per integration, each to get only its own policy. With one integration
    /// that is the chosen user or role; with both, two named after it (`…-currents`,
    /// `…-data-export`), each role with its own page's external ID.
    pub fn principals(&self) -> Vec<Principal> {
        if self.integration != IntegrationChoice::Both {
            return self
                .integrations()
                .iter()
                .map(|&integration| Principal {
                    integration,
                    auth: self.auth.clone(),
                })
                .collect();
        }
        let base = self.auth.principal_name();
        self.integrations()
            .iter()
            .map(|&integration| {
                let name = IamName::generated(&format!("{base}-{}", integration.slug()));
                let auth = match &self.auth {
                    AuthMethod::SecretKey { .. } => AuthMethod::SecretKey { user: name },
                    AuthMethod::RoleArn {
                        braze_account,
                        external_id,
                        ..
                    } => AuthMethod::RoleArn {
                        role: name,
                        braze_account: braze_account.clone(),
                        external_id: match integration {
                            Integration::DataExport => self
                                .export_external_id
                                .clone()
                                .unwrap_or_else(|| external_id.clone()),
                            Integration::Currents => external_id.clone(),
                        },
                    },
                };
                Principal { integration, auth }
            })
            .collect()
    }

    /// Where the live test of `integration`'s credential writes its object: under the
    /// Currents folder (where Braze writes), else under `braze-s3-test/`. `nonce` makes it
    /// unique.
    pub fn test_object_key(&self, integration: Integration, nonce: &str) -> String {
        let folder = self
            .folder
            .as_ref()
            .filter(|_| integration == Integration::Currents);
        match folder {
            Some(f) => format!("{f}/braze-s3-connection-test-{nonce}.txt"),
            None => format!("braze-s3-test/braze-s3-connection-test-{nonce}.txt"),
        }
    }
}

#[cfg(test)]
#[path = "answers_tests.rs"]
mod tests;
