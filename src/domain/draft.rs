//! [`Draft::build`]: every field validated, the defaults applied, the fields checked to agree,
//! and every problem reported at once.

use super::answers::{
    AnswerError, AnswerErrors, Answers, DEFAULT_FOLDER, DEFAULT_REGION, Draft,
    default_principal_name,
};
use super::auth::{AuthKind, AuthMethod};
use super::integration::{Integration, IntegrationChoice};
use super::names::{
    AccountId, BucketName, ConnectorName, ExternalId, FolderPath, IamName, NameError, PolicyName,
    Region,
};

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
        let mut export_external_id = None;
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
                let (auth, export) = self.role_auth(role, integration, &mut errors);
                export_external_id = export.filter(|_| integration == IntegrationChoice::Both);
                auth
            }
        };
        let (share_with, shared_policy) = self.share(integration, kind, &mut errors);
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
                    export_external_id,
                    auth,
                    principal_named: given && !self.default_principal,
                    share_with,
                    shared_policy,
                })
            }
            _ => Err(AnswerErrors(errors)),
        }
    }
}

impl Draft {
    /// Role-ARN auth: the role, Braze's account and an external ID per Braze page (each page
    /// shows its own; `external_id` serves both). Returns the auth, with the Currents page's ID
    /// when Currents is part of the setup, and the data export page's ID.
    fn role_auth(
        &self,
        role: Option<IamName>,
        integration: IntegrationChoice,
        errors: &mut Vec<AnswerError>,
    ) -> (Option<AuthMethod>, Option<ExternalId>) {
        let account = match &self.braze_account_id {
            Some(a) => take(errors, AccountId::parse(a.trim())),
            None => missing(
                errors,
                "Braze account ID",
                "copy it from the Braze dashboard's Amazon S3 page (--braze-account-id)",
            ),
        };
        let external = |specific: &Option<String>, field, hint, errors: &mut _| match specific
            .as_ref()
            .or(self.external_id.as_ref())
        {
            Some(x) => take(errors, ExternalId::parse(x.trim())),
            None => missing(errors, field, hint),
        };
        let currents = integration.includes(Integration::Currents);
        let export = integration.includes(Integration::DataExport);
        let currents_id = currents
            .then(|| {
                external(
                    &self.currents_external_id,
                    "Currents external ID",
                    "copy it from the Braze Currents page (--currents-external-id, or --external-id)",
                    errors,
                )
            })
            .flatten();
        let export_id = export
            .then(|| {
                external(
                    &self.export_external_id,
                    "data export external ID",
                    "copy it from Braze's Technology Partners → Amazon S3 page (--export-external-id, or --external-id)",
                    errors,
                )
            })
            .flatten();
        if !currents && self.currents_external_id.is_some() {
            errors.push(AnswerError::Conflict(
                "--currents-external-id is for a setup that includes Currents",
            ));
        }
        if !export && self.export_external_id.is_some() {
            errors.push(AnswerError::Conflict(
                "--export-external-id is for a setup that includes dashboard data export",
            ));
        }
        let auth = match (role, account, currents_id.or(export_id.clone())) {
            (Some(role), Some(braze_account), Some(external_id)) => Some(AuthMethod::RoleArn {
                role,
                braze_account,
                external_id,
            }),
            _ => None,
        };
        (auth, export_id)
    }
}

impl Draft {
    /// `share_with`: another saved Currents connector's user and key, for a Currents-only,
    /// secret-key setup (Braze shares credentials between Currents connectors only).
    fn share(
        &self,
        integration: IntegrationChoice,
        kind: AuthKind,
        errors: &mut Vec<AnswerError>,
    ) -> (Option<ConnectorName>, Option<PolicyName>) {
        let Some(other) = &self.share_with else {
            if self.shared_policy.is_some() {
                errors.push(AnswerError::Conflict(
                    "shared_policy is recorded only with share_with: remove it from the answers file",
                ));
            }
            return (None, None);
        };
        if integration != IntegrationChoice::Currents {
            errors.push(AnswerError::Conflict(
                "--share-credentials-with is for a Currents connector only: Braze shares credentials between Currents connectors (use --integration currents)",
            ));
        }
        if kind != AuthKind::SecretKey {
            errors.push(AnswerError::Conflict(
                "--share-credentials-with shares another connector's access key: it needs secret-key auth (drop --auth role-arn)",
            ));
        }
        let other = take(errors, ConnectorName::parse(other.trim()));
        if other.is_some() && other.as_ref().map(ConnectorName::as_str) == self.name.as_deref() {
            errors.push(AnswerError::Conflict(
                "a connector cannot share its own credentials: name another saved Currents connector with --share-credentials-with",
            ));
        }
        let policy = self
            .shared_policy
            .as_ref()
            .and_then(|p| take(errors, PolicyName::parse(p.trim())));
        (other, policy)
    }
}

fn take<T>(errors: &mut Vec<AnswerError>, parsed: Result<T, NameError>) -> Option<T> {
    parsed.map_err(|e| errors.push(e.into())).ok()
}

fn missing<T>(errors: &mut Vec<AnswerError>, field: &'static str, hint: &'static str) -> Option<T> {
    errors.push(AnswerError::Missing { field, hint });
    None
}
