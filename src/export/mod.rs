//! Infrastructure as code from a setup: the same bucket, policies, users or roles and tags that
//! `braze-s3 setup` makes, as a Terraform module or one CloudFormation template. Pure: from
//! `Answers` (and what a saved connector adopted) to file contents; writing them is the
//! caller's business.
//!
//! Every document comes from `domain::policy` (never a copy), with the values that differ
//! between accounts — bucket name, Braze account ID, external IDs — swapped for variables or
//! parameters whose defaults are the answers, so with the defaults each document is
//! byte-for-byte what `braze-s3 policy` / `trust-policy` print.

mod adopted;
mod cloudformation;
mod terraform;
mod text;

use std::collections::BTreeSet;

use crate::domain::answers::Answers;
use crate::domain::auth::AuthMethod;
use crate::domain::integration::Integration;
use crate::domain::names::{AccountId, ExternalId, IamName, PolicyName};
use crate::domain::policy::{PolicyDocument, PolicyError, permission_policy, trust_policy};

/// The tag braze-s3 puts on what it makes (the same key as `aws::apply::TAG_KEY`).
pub const TAG_KEY: &str = "braze-s3:connector";

/// Which engine the export is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Terraform,
    CloudFormation,
}

/// What a saved connector took over rather than created: imported, never re-created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adopted {
    /// The bucket existed before the connector.
    pub bucket: bool,
    /// IAM resources that existed, with the account they are in (to name them by ARN).
    pub iam: Option<AdoptedIam>,
}

/// The per-integration IAM resources that existed before the connector.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdoptedIam {
    pub account: String,
    pub policies: BTreeSet<Integration>,
    pub principals: BTreeSet<Integration>,
    pub attachments: BTreeSet<Integration>,
}

/// One export: the answers, what was adopted, and whether to include an access key.
#[derive(Debug, Clone)]
pub struct Export<'a> {
    pub answers: &'a Answers,
    pub adopted: Adopted,
    /// Create an access key per user and put its secret in state or stack outputs.
    pub with_key: bool,
}

/// One file of an export: its name (no directories) and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub contents: String,
}

/// Renders the export's files.
pub fn render(format: Format, export: &Export<'_>) -> Result<Vec<File>, PolicyError> {
    let model = Model::of(export)?;
    Ok(match format {
        Format::Terraform => terraform::files(&model),
        Format::CloudFormation => vec![cloudformation::template(&model)],
    })
}

/// A value that differs between accounts: a Terraform variable, a CloudFormation parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Var {
    Bucket,
    BrazeAccount,
    ExternalId(Integration),
}

/// What the export declares, in the order setup makes it.
struct Model<'a> {
    answers: &'a Answers,
    adopted: &'a Adopted,
    with_key: bool,
    parts: Vec<Part>,
}

/// One integration's policy and principal.
struct Part {
    integration: Integration,
    policy: PolicyName,
    /// The permission policy as `policy` prints it, with the bucket name as `${Var::Bucket}`.
    document: String,
    principal: IamName,
    /// Role-ARN auth: the trust policy (as `trust-policy` prints it) with
    /// `${Var::BrazeAccount}` and `${Var::ExternalId}`, and the external ID it defaults to.
    trust: Option<(String, ExternalId)>,
}

/// The marker a `Var` is written as inside documents until a format spells it.
fn marker(var: Var) -> String {
    format!("${{{}}}", var.key())
}

impl Var {
    /// The marker's name (also the Terraform variable's name).
    fn key(self) -> String {
        match self {
            Var::Bucket => "bucket_name".to_string(),
            Var::BrazeAccount => "braze_account_id".to_string(),
            Var::ExternalId(i) => format!("{}_external_id", text::ident(i)),
        }
    }

    /// Every variable a marker names, to map markers back.
    fn all() -> Vec<Var> {
        let mut vars = vec![Var::Bucket, Var::BrazeAccount];
        vars.extend(Integration::ALL.map(Var::ExternalId));
        vars
    }
}

impl<'a> Model<'a> {
    fn of(export: &'a Export<'a>) -> Result<Model<'a>, PolicyError> {
        let a = export.answers;
        let partition = a.region.partition();
        let mut parts = Vec::new();
        for principal in a.principals() {
            let integration = principal.integration;
            let scope = a.policy_scope(integration);
            let document = permission_policy(integration, &a.bucket, partition, scope)?;
            let trust = match &principal.auth {
                AuthMethod::SecretKey { .. } => None,
                AuthMethod::RoleArn {
                    braze_account,
                    external_id,
                    ..
                } => Some((
                    with_markers(trust_policy(braze_account, external_id, partition), |s| {
                        if s == external_id.as_str() {
                            return marker(Var::ExternalId(integration));
                        }
                        s.replace(
                            &format!(":iam::{braze_account}:root"),
                            &format!(":iam::{}:root", marker(Var::BrazeAccount)),
                        )
                    })
                    .to_pretty_json()?,
                    external_id.clone(),
                )),
            };
            let bucket_arn = format!("arn:{partition}:s3:::{}", a.bucket);
            let ours = format!("arn:{partition}:s3:::{}", marker(Var::Bucket));
            parts.push(Part {
                integration,
                policy: a.policy_name(integration),
                document: with_markers(document, |s| {
                    if s == bucket_arn || s.starts_with(&format!("{bucket_arn}/")) {
                        s.replacen(&bucket_arn, &ours, 1)
                    } else {
                        s.to_string()
                    }
                })
                .to_pretty_json()?,
                principal: principal.name().clone(),
                trust,
            });
        }
        Ok(Model {
            answers: a,
            adopted: &export.adopted,
            with_key: export.with_key,
            parts,
        })
    }

    fn role_auth(&self) -> Option<&AccountId> {
        match &self.answers.auth {
            AuthMethod::RoleArn { braze_account, .. } => Some(braze_account),
            AuthMethod::SecretKey { .. } => None,
        }
    }

    fn iam_adopted(
        &self,
        pick: impl Fn(&AdoptedIam) -> &BTreeSet<Integration>,
        i: Integration,
    ) -> bool {
        self.adopted
            .iam
            .as_ref()
            .is_some_and(|iam| pick(iam).contains(&i))
    }
}

/// The document with `swap` applied to every resource, principal and condition value.
fn with_markers(mut doc: PolicyDocument, swap: impl Fn(&str) -> String) -> PolicyDocument {
    use crate::domain::policy::OneOrMany;
    let each = |v: &mut OneOrMany| match v {
        OneOrMany::One(s) => *s = swap(s),
        OneOrMany::Many(list) => list.iter_mut().for_each(|s| *s = swap(s)),
    };
    for statement in &mut doc.statement {
        statement.resource.iter_mut().for_each(|r| *r = swap(r));
        statement
            .principal
            .iter_mut()
            .flatten()
            .for_each(|(_, v)| each(v));
        statement
            .condition
            .iter_mut()
            .flatten()
            .flat_map(|(_, m)| m.values_mut())
            .for_each(each);
    }
    doc
}

#[cfg(test)]
mod tests;
