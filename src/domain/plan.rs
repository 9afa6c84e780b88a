//! `Plan`: the ordered AWS changes that turn `Answers` into a working connector, given what
//! already exists. Pure: discovery fills [`Existing`], this module decides.

use serde::{Deserialize, Serialize};

use super::adopt::{AdoptError, refusals};
use super::answers::Answers;
use super::bucket_policy;
use super::existing::{BucketState, Encryption, Existing};
use super::integration::Integration;
use super::names::{BucketName, ConnectorName, FolderPath, IamName, Region};
use super::plan_share::shared_document;
use super::policy::PolicyError;

pub use super::change::Change;

/// Why the answers can't be carried out against what exists. Each says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(
        "bucket {0} belongs to another AWS account: bucket names are global, so choose another name"
    )]
    BucketOwnedByOther(BucketName),
    #[error(
        "bucket {0} exists but S3 refused to say whose it is (403 Forbidden): either it belongs to another AWS account (then choose another name: bucket names are global) or it is yours and s3:ListBucket is denied to you or a bucket policy blocks you (then use an identity allowed s3:ListBucket on it and s3:ListAllMyBuckets, or fix the bucket policy)"
    )]
    BucketUnverified(BucketName),
    #[error("bucket {0} does not exist: pick an existing bucket or let the tool create it")]
    BucketMissing(BucketName),
    #[error(
        "bucket {bucket} is in {actual}, not {chosen}: Braze uses the bucket's own region, so use --region {actual}"
    )]
    WrongRegion {
        bucket: BucketName,
        actual: Region,
        chosen: Region,
    },
    #[error(
        "bucket {0} has Object Lock enabled, which Braze Currents does not support: use a bucket without Object Lock"
    )]
    ObjectLock(BucketName),
    #[error(
        "bucket {0} encrypts with SSE-KMS by default, which Braze does not support: switch its default encryption to SSE-S3 (AES256) or use another bucket"
    )]
    KmsEncryption(BucketName),
    /// A `Deny` in the bucket's policy that would certainly block Braze (see `bucket_policy`).
    #[error(
        "the bucket policy of {bucket} would block Braze: {finding}; change or remove that statement, or use another bucket"
    )]
    BucketPolicyBlocks { bucket: BucketName, finding: String },
    #[error(
        "folder {folder} in bucket {bucket} is already used by Currents connector {other}: two connectors must not share a folder path, so choose another folder"
    )]
    FolderInUse {
        bucket: BucketName,
        folder: FolderPath,
        other: ConnectorName,
    },
    #[error(
        "user {0} already has two access keys, the most AWS allows: delete an unused key or choose another user name"
    )]
    TooManyKeys(IamName),
    #[error(
        "role {0} exists with a different trust policy: the tool will not rewrite another role's trust; choose another role name or remove the role"
    )]
    RoleTrustDiffers(IamName),
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// An existing user, role or policy this setup may not take over.
    #[error(transparent)]
    Adopt(#[from] AdoptError),
    /// The permission check found that the caller may not make one of the changes.
    #[error(
        "your AWS identity lacks {action}, needed to {change}: ask an admin to grant it or use a profile that has it"
    )]
    MissingPermission {
        /// The IAM action, e.g. `iam:CreateUser`.
        action: String,
        /// The change that needs it, as the plan words it.
        change: String,
    },
}

/// What to change, in order, and what is reused as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// Things that already exist and match, in plain words.
    pub adopted: Vec<String>,
    /// Things worth knowing that don't stop the setup.
    pub warnings: Vec<String>,
    /// The connector's old access key, replaced by the new one: deleted only once the new
    /// key is tested and saved, so there is never an active key nobody holds the secret of.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retire: Vec<RetireKey>,
}

/// An access key a run replaces, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetireKey {
    pub user: IamName,
    pub id: String,
    pub why: String,
}

impl Plan {
    /// Derives the plan; every conflict found is returned, not just the first.
    pub fn from(answers: &Answers, existing: &Existing) -> Result<Plan, Vec<PlanError>> {
        let mut plan = Plan {
            changes: Vec::new(),
            adopted: Vec::new(),
            warnings: Vec::new(),
            retire: Vec::new(),
        };
        let mut errors = Vec::new();
        plan.bucket(answers, existing, &mut errors);
        plan.folder(answers, existing, &mut errors);
        plan.policies(answers, existing, &mut errors);
        for principal in answers.principals() {
            // Each principal gets only its own integration's policy.
            let own = [answers.policy_name(principal.integration)];
            plan.principal(answers, &principal, existing, &own, &mut errors);
            errors.extend(
                refusals(answers, &principal, existing, &own)
                    .into_iter()
                    .map(Into::into),
            );
        }
        if errors.is_empty() {
            Ok(plan)
        } else {
            Err(errors)
        }
    }

    fn bucket(&mut self, a: &Answers, existing: &Existing, errors: &mut Vec<PlanError>) {
        let bucket = &a.bucket;
        if bucket.has_dots() {
            self.warnings.push(format!(
                "bucket name {bucket} contains dots: valid, but virtual-hosted HTTPS fails on it and some services refuse it; prefer dashes"
            ));
        }
        match &existing.bucket {
            BucketState::OwnedByOther => errors.push(PlanError::BucketOwnedByOther(bucket.clone())),
            BucketState::Unverified { .. } => {
                errors.push(PlanError::BucketUnverified(bucket.clone()))
            }
            BucketState::Missing if a.existing_bucket => {
                errors.push(PlanError::BucketMissing(bucket.clone()))
            }
            BucketState::Missing => {
                self.changes.push(Change::CreateBucket {
                    bucket: bucket.clone(),
                    region: a.region.clone(),
                });
                self.changes.push(Change::BlockPublicAccess {
                    bucket: bucket.clone(),
                });
                if a.sse {
                    self.changes.push(Change::EnableDefaultEncryption {
                        bucket: bucket.clone(),
                    });
                }
            }
            BucketState::Owned(b) => {
                if b.region != a.region {
                    errors.push(PlanError::WrongRegion {
                        bucket: bucket.clone(),
                        actual: b.region.clone(),
                        chosen: a.region.clone(),
                    });
                }
                if b.object_lock && a.integration.includes(Integration::Currents) {
                    errors.push(PlanError::ObjectLock(bucket.clone()));
                }
                match b.encryption {
                    Encryption::Kms => errors.push(PlanError::KmsEncryption(bucket.clone())),
                    Encryption::None if a.sse => {
                        self.changes.push(Change::EnableDefaultEncryption {
                            bucket: bucket.clone(),
                        })
                    }
                    _ => {}
                }
                self.adopted
                    .push(format!("bucket {bucket} in {} (already yours)", b.region));
                let requesters = bucket_policy::requesters(a, &b.account);
                let (blocks, warnings) = bucket_policy::review(&b.policy, bucket, &requesters);
                errors.extend(
                    blocks
                        .into_iter()
                        .map(|finding| PlanError::BucketPolicyBlocks {
                            bucket: bucket.clone(),
                            finding,
                        }),
                );
                self.warnings.extend(warnings);
                if !b.public_access_blocked {
                    // Changing an existing bucket's public access could break whatever else
                    // uses it, so only point it out.
                    self.warnings.push(format!(
                        "bucket {bucket} does not block public access: Braze doesn't need public access; consider turning on Block Public Access"
                    ));
                }
            }
        }
    }

    fn folder(&mut self, a: &Answers, existing: &Existing, errors: &mut Vec<PlanError>) {
        let Some(folder) = &a.folder else { return };
        if let Some(other) = existing.folders_in_use.get(folder)
            && *other != a.name
        {
            errors.push(PlanError::FolderInUse {
                bucket: a.bucket.clone(),
                folder: folder.clone(),
                other: other.clone(),
            });
        }
    }

    /// Plans one policy per integration and returns their names, in integration order.
    fn policies(&mut self, a: &Answers, existing: &Existing, errors: &mut Vec<PlanError>) {
        for &integration in a.integrations() {
            let name = a.policy_name(integration);
            let document = match shared_document(a, existing, integration) {
                Ok(d) => d,
                Err(e) => {
                    errors.push(e.into());
                    continue;
                }
            };
            match existing.policies.get(&name) {
                None => self.changes.push(Change::CreatePolicy {
                    name: name.clone(),
                    integration,
                    document,
                }),
                Some(current) if current.equivalent(&document) => {
                    self.adopted.push(format!("policy {name} (same document)"))
                }
                Some(_) => self.changes.push(Change::UpdatePolicy {
                    name: name.clone(),
                    integration,
                    document,
                }),
            }
        }
    }

    /// The plan as numbered lines for people.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .changes
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{:>2}. {c}", i + 1))
            .collect();
        for old in &self.retire {
            lines.push(format!(
                "{:>2}. delete the old access key {} of user {} ({}), once the new key is tested and saved",
                lines.len() + 1,
                old.id,
                old.user,
                old.why
            ));
        }
        lines
    }
}

#[cfg(test)]
mod tests;
