//! IAM policy documents as serde types — never string templates, so a bucket name can't
//! break the JSON and no placeholder can be left in.
//!
//! Resources are always exactly `arn:P:s3:::BUCKET` and `arn:P:s3:::BUCKET/*`. Never
//! `BUCKET*`: IAM's `*` crosses `/`, so `BUCKET*` would also grant every bucket whose name
//! starts with BUCKET.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize};

use super::arn::Arn;
use super::integration::{BUCKET_ACTIONS, Integration};
use super::names::{AccountId, BucketName, ExternalId, FolderPath};

pub const POLICY_VERSION: &str = "2012-10-17";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDocument {
    #[serde(rename = "Version")]
    pub version: String,
    #[serde(rename = "Statement", deserialize_with = "one_or_many")]
    pub statement: Vec<Statement>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// A value IAM accepts either as one string or as a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values in the order the document lists them.
    pub fn values(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }

    fn to_set(&self) -> BTreeSet<&str> {
        match self {
            OneOrMany::One(s) => BTreeSet::from([s.as_str()]),
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// `{"StringEquals": {"sts:ExternalId": "…"}}`
pub type Condition = BTreeMap<String, BTreeMap<String, OneOrMany>>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    #[serde(rename = "Sid", default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(rename = "Effect")]
    pub effect: Effect,
    #[serde(rename = "Principal", default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<BTreeMap<String, OneOrMany>>,
    #[serde(rename = "Action", deserialize_with = "one_or_many")]
    pub action: Vec<String>,
    #[serde(
        rename = "Resource",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub resource: Vec<String>,
    #[serde(rename = "Condition", default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either<T> {
        One(T),
        Many(Vec<T>),
    }
    Ok(match Either::deserialize(d)? {
        Either::One(t) => vec![t],
        Either::Many(v) => v,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error(
        "scoping to a folder is for Currents only: dashboard data export writes to fixed top-level paths such as segment-export/ and sent_messages/, so a folder-scoped export policy would break Braze"
    )]
    ScopeNotForDataExport,
    /// Never expected (a document is strings and string-keyed maps), but a document that
    /// cannot be written must stop the setup rather than send IAM an empty one.
    #[error("the policy document could not be written as JSON: {0}")]
    Unwritable(String),
}

fn allow(sid: &str, actions: &[&str], resources: Vec<String>) -> Statement {
    Statement {
        sid: Some(sid.to_string()),
        effect: Effect::Allow,
        principal: None,
        action: actions.iter().map(|a| a.to_string()).collect(),
        resource: resources,
        condition: None,
    }
}

/// The least-privilege permission policy for one integration on one bucket.
///
/// The bucket-level statement (`s3:ListBucket`, `s3:GetBucketLocation` on the bucket) is always
/// exactly as Braze documents it, with no condition: `HeadBucket` and a listing of the bucket
/// root both need `s3:ListBucket` without an `s3:prefix` condition, and Braze's Test
/// Credentials may do either. With `scope` (Currents only), object access alone is limited to
/// `BUCKET/FOLDER/*`.
pub fn permission_policy(
    integration: Integration,
    bucket: &BucketName,
    partition: &str,
    scope: Option<&FolderPath>,
) -> Result<PolicyDocument, PolicyError> {
    let bucket_arn = Arn::bucket(partition, bucket);
    let (sid, objects) = match scope {
        None => ("BrazeObjectAccess", bucket_arn.objects("*")),
        Some(_) if integration == Integration::DataExport => {
            return Err(PolicyError::ScopeNotForDataExport);
        }
        Some(folder) => (
            "BrazeFolderObjectAccess",
            bucket_arn.objects(&format!("{folder}/*")),
        ),
    };
    let statement = vec![
        allow("BrazeBucketAccess", BUCKET_ACTIONS, vec![bucket_arn.into()]),
        allow(sid, integration.object_actions(), vec![objects.into()]),
    ];
    Ok(PolicyDocument {
        version: POLICY_VERSION.to_string(),
        statement,
    })
}

/// [`permission_policy`] for a Currents policy several connectors share (one key, one folder
/// each, as Braze allows): object access to each of `folders`, or the whole bucket when empty.
pub fn permission_policy_folders(
    integration: Integration,
    bucket: &BucketName,
    partition: &str,
    folders: &[FolderPath],
) -> Result<PolicyDocument, PolicyError> {
    let mut doc = permission_policy(integration, bucket, partition, folders.first())?;
    let bucket_arn = Arn::bucket(partition, bucket);
    if let Some(objects) = doc.statement.get_mut(1) {
        objects.resource = match folders {
            [] => vec![bucket_arn.objects("*").into()],
            _ => folders
                .iter()
                .map(|f| bucket_arn.objects(&format!("{f}/*")).into())
                .collect(),
        };
    }
    Ok(doc)
}

/// The role trust policy: only Braze's account may assume the role, and only with Braze's
/// external ID (which stops other Braze customers from pointing Braze at your role).
pub fn trust_policy(
    braze_account: &AccountId,
    external_id: &ExternalId,
    partition: &str,
) -> PolicyDocument {
    let principal = Arn::root(partition, braze_account).into();
    PolicyDocument {
        version: POLICY_VERSION.to_string(),
        statement: vec![Statement {
            sid: Some("BrazeAssumeRole".to_string()),
            effect: Effect::Allow,
            principal: Some(BTreeMap::from([(
                "AWS".to_string(),
                OneOrMany::One(principal),
            )])),
            action: vec!["sts:AssumeRole".to_string()],
            resource: Vec::new(),
            condition: Some(BTreeMap::from([(
                "StringEquals".to_string(),
                BTreeMap::from([(
                    "sts:ExternalId".to_string(),
                    OneOrMany::One(external_id.to_string()),
                )]),
            )])),
        }],
    }
}

/// A statement with Sid, value order and one-vs-many spelling taken out, for comparison.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct NormalStatement<'a> {
    effect: Effect,
    action: BTreeSet<&'a str>,
    resource: BTreeSet<&'a str>,
    principal: BTreeSet<(&'a str, BTreeSet<&'a str>)>,
    condition: BTreeSet<(&'a str, &'a str, BTreeSet<&'a str>)>,
}

impl PolicyDocument {
    /// The document as `policy` prints it and people read it.
    pub fn to_pretty_json(&self) -> Result<String, PolicyError> {
        serde_json::to_string_pretty(self).map_err(|e| PolicyError::Unwritable(e.to_string()))
    }

    /// The document as IAM receives it.
    pub fn to_compact_json(&self) -> Result<String, PolicyError> {
        serde_json::to_string(self).map_err(|e| PolicyError::Unwritable(e.to_string()))
    }

    /// Parses a document as IAM returns or stores it.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    fn normalized(&self) -> BTreeSet<NormalStatement<'_>> {
        self.statement
            .iter()
            .map(|s| NormalStatement {
                effect: s.effect,
                action: s.action.iter().map(String::as_str).collect(),
                resource: s.resource.iter().map(String::as_str).collect(),
                principal: s
                    .principal
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.as_str(), v.to_set()))
                    .collect(),
                condition: s
                    .condition
                    .iter()
                    .flatten()
                    .flat_map(|(op, m)| {
                        m.iter()
                            .map(move |(k, v)| (op.as_str(), k.as_str(), v.to_set()))
                    })
                    .collect(),
            })
            .collect()
    }

    /// True when both documents grant the same thing (ignoring Sids, statement order and
    /// whether IAM spelled a single value as a string or a list).
    pub fn equivalent(&self, other: &PolicyDocument) -> bool {
        self.version == other.version && self.normalized() == other.normalized()
    }

    /// Resources that grant more than one bucket's worth: a `*` or `?` anywhere in the
    /// bucket-name part (`arn:aws:s3:::acme*` matches `acme-prod`, `acme-other`, …).
    pub fn overbroad_resources(&self) -> Vec<&str> {
        self.statement
            .iter()
            .filter(|s| s.effect == Effect::Allow)
            .flat_map(|s| s.resource.iter())
            .filter(|r| {
                let after = r.split(":::").nth(1).unwrap_or(r.as_str());
                let bucket = after.split('/').next().unwrap_or(after);
                bucket.contains(['*', '?']) || r.as_str() == "*"
            })
            .map(String::as_str)
            .collect()
    }
}

#[cfg(test)]
mod tests;
