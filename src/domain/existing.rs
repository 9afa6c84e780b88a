//! What already exists in the account, as discovery found it. `Existing::default()` means
//! "nothing exists", which is how `plan` works without AWS access.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::bucket_policy::BucketPolicy;
use super::names::{ConnectorName, FolderPath, IamName, PolicyName, Region};
use super::policy::PolicyDocument;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Existing {
    pub bucket: BucketState,
    /// Customer-managed policies by name, with their current default document.
    pub policies: BTreeMap<PolicyName, PolicyDocument>,
    /// The connector's users (secret-key auth) that exist, by name.
    #[serde(default)]
    pub users: BTreeMap<IamName, ExistingUser>,
    /// The connector's roles (role-ARN auth) that exist, by name.
    #[serde(default)]
    pub roles: BTreeMap<IamName, ExistingRole>,
    /// Currents folders on this bucket that saved connectors already use.
    pub folders_in_use: BTreeMap<FolderPath, ConnectorName>,
    /// For each existing policy with a name the plan uses: the connector its
    /// `braze-s3:connector` tag names, `None` when it has no such tag. A policy in `policies`
    /// but missing here counts as untagged.
    #[serde(default)]
    pub policy_owners: BTreeMap<PolicyName, Option<String>>,
    /// The access keys this connector's saved profile holds (one per user).
    #[serde(default)]
    pub saved_keys: Vec<SavedKey>,
    /// Sharing another connector's credentials: the folders its policy must keep covering
    /// (the other connector's, when its policy is scoped to its folder).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_folders: Vec<FolderPath>,
}

/// The key a connector's profile was saved with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedKey {
    pub user: IamName,
    pub id: String,
    /// The profile holds its secret (not so with `--no-store-secret`).
    pub has_secret: bool,
}

/// One of a user's access keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingKey {
    pub id: String,
    pub active: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum BucketState {
    #[default]
    Missing,
    /// Proven another account's: `HeadBucket` with the caller's account as
    /// `ExpectedBucketOwner` was refused and the caller's `ListBuckets` does not list it.
    OwnedByOther,
    /// It exists, but S3 refused to say whose (403) and nothing proved it either way: another
    /// account's bucket, or the caller's with `s3:ListBucket` denied or a bucket policy.
    Unverified {
        /// From S3's `x-amz-bucket-region` header, when it sent one.
        region: Option<Region>,
    },
    /// Proven the caller's (`HeadBucket` with `ExpectedBucketOwner`, or `ListBuckets`).
    Owned(ExistingBucket),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingBucket {
    pub region: Region,
    pub object_lock: bool,
    pub encryption: Encryption,
    pub public_access_blocked: bool,
    /// Its bucket policy, read before anything changes (a `Deny` there beats any `Allow`).
    #[serde(default)]
    pub policy: BucketPolicy,
    /// The account that owns it: the caller's, as discovery proved.
    #[serde(default)]
    pub account: String,
}

/// A bucket's default encryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encryption {
    /// No default encryption configured (AWS now applies SSE-S3 to new buckets anyway).
    None,
    /// SSE-S3 (AES256): what Braze supports.
    SseS3,
    /// SSE-KMS (`aws:kms` or `aws:kms:dsse`): Braze does not support it.
    Kms,
}

impl Encryption {
    pub fn label(self) -> &'static str {
        match self {
            Encryption::None => "none",
            Encryption::SseS3 => "SSE-S3",
            Encryption::Kms => "SSE-KMS",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingUser {
    /// Customer-managed policies attached, by name (unique in an account).
    pub attached: BTreeSet<PolicyName>,
    pub keys: Vec<ExistingKey>,
    #[serde(flatten)]
    pub grants: Grants,
    /// Groups the user is in (each may grant anything).
    #[serde(default)]
    pub groups: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingRole {
    pub trust: PolicyDocument,
    /// Customer-managed policies attached, by name (unique in an account).
    pub attached: BTreeSet<PolicyName>,
    #[serde(flatten)]
    pub grants: Grants,
}

/// Whose a user or role is, and what else grants it permissions besides the customer-managed
/// policies in `attached`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grants {
    /// The connector its `braze-s3:connector` tag names; `None` when it has no such tag.
    #[serde(default)]
    pub owner: Option<String>,
    /// Other managed policies attached (AWS managed ones such as `AdministratorAccess`), by ARN.
    #[serde(default)]
    pub other_managed: BTreeSet<String>,
    /// Inline policies, by name.
    #[serde(default)]
    pub inline: BTreeSet<String>,
}
