//! Connector profiles: one 0600 JSON file per connector in a 0700 directory under the
//! platform config dir (or `--config-dir` / `BRAZE_S3_CONFIG_DIR`). Sandbox connectors live
//! in a `sandbox/` subdirectory so they never mix with real ones.

use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::files::{StoreError, io_error, private_dir, read_private, write_private};
use crate::domain::answers::Answers;
use crate::domain::integration::Integration;
use crate::domain::names::{BucketName, ConnectorName, FolderPath, IamName};

/// What was set up, and what to type into Braze. The secret access key is kept only here,
/// in the 0600 file, and only when the person allowed it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectorProfile {
    pub name: ConnectorName,
    pub sandbox: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_url: Option<String>,
    pub answers: Answers,
    pub account: String,
    /// What Braze was given: one credential per integration (one principal each).
    #[serde(default)]
    pub credentials: Vec<SavedCredential>,
    /// Profiles saved before credentials were per integration held one key or role for every
    /// integration; read into `credentials` on load, never written.
    #[serde(rename = "access_key_id", default, skip_serializing)]
    legacy_access_key_id: Option<String>,
    #[serde(
        rename = "secret_access_key",
        default,
        skip_serializing,
        deserialize_with = "conceal"
    )]
    legacy_secret_access_key: Option<SecretString>,
    #[serde(rename = "role_arn", default, skip_serializing)]
    legacy_role_arn: Option<String>,
    pub policy_arns: Vec<String>,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_test: Option<TestRecord>,
}

/// One credential Braze was given, for one integration. The secret access key is kept only
/// here, in the 0600 file, and only when the person allowed it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedCredential {
    pub integration: Integration,
    /// The IAM user or role.
    pub principal: IamName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "expose",
        deserialize_with = "conceal"
    )]
    pub secret_access_key: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// The key a `rotate` replaced, kept active until `rotate --finish` deletes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_access_key_id: Option<String>,
}

impl ConnectorProfile {
    /// A profile as saved now; the legacy single-credential fields stay empty.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        name: ConnectorName,
        sandbox: bool,
        endpoint_url: Option<String>,
        answers: Answers,
        account: String,
        credentials: Vec<SavedCredential>,
        policy_arns: Vec<String>,
        created_at: String,
        last_test: Option<TestRecord>,
    ) -> ConnectorProfile {
        ConnectorProfile {
            name,
            sandbox,
            endpoint_url,
            answers,
            account,
            credentials,
            legacy_access_key_id: None,
            legacy_secret_access_key: None,
            legacy_role_arn: None,
            policy_arns,
            created_at,
            last_test,
        }
    }

    /// The credential of this principal, if one was saved.
    pub fn credential_of(&self, principal: &IamName) -> Option<&SavedCredential> {
        self.credentials.iter().find(|c| c.principal == *principal)
    }

    /// A profile from before per-integration credentials: its one user or role served every
    /// integration, so it becomes one credential per integration with the same key or role.
    fn upgrade(&mut self) {
        if !self.credentials.is_empty()
            || (self.legacy_access_key_id.is_none() && self.legacy_role_arn.is_none())
        {
            return;
        }
        let principal = self.answers.auth.principal_name().clone();
        self.credentials = self
            .answers
            .integrations()
            .iter()
            .map(|&integration| SavedCredential {
                integration,
                principal: principal.clone(),
                access_key_id: self.legacy_access_key_id.clone(),
                secret_access_key: self.legacy_secret_access_key.clone(),
                role_arn: self.legacy_role_arn.clone(),
                previous_access_key_id: None,
            })
            .collect();
        self.legacy_access_key_id = None;
        self.legacy_secret_access_key = None;
        self.legacy_role_arn = None;
    }
}

/// The last live credential test, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRecord {
    pub at: String,
    pub passed: bool,
    pub checks: Vec<CheckRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRecord {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

fn expose<S: Serializer>(secret: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    match secret {
        Some(v) => s.serialize_some(v.expose_secret()),
        None => s.serialize_none(),
    }
}

fn conceal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(SecretString::from))
}

#[derive(Clone)]
pub struct ProfileStore {
    dir: PathBuf,
}

impl ProfileStore {
    /// The store under `config_dir` (or the platform default), the sandbox's apart.
    pub fn open(config_dir: Option<&Path>, sandbox: bool) -> Result<ProfileStore, StoreError> {
        let base = match config_dir {
            Some(d) => d.to_path_buf(),
            None => directories::ProjectDirs::from("", "", "braze-s3")
                .map(|p| p.config_dir().to_path_buf())
                .ok_or_else(|| StoreError::Io {
                    path: PathBuf::from("~"),
                    action: "finding a config directory",
                    source: std::io::Error::other(
                        "no home directory: pass --config-dir or set BRAZE_S3_CONFIG_DIR",
                    ),
                })?,
        };
        let dir = if sandbox { base.join("sandbox") } else { base };
        private_dir(&dir)?;
        Ok(ProfileStore { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, name: &ConnectorName) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    pub fn save(&self, profile: &ConnectorProfile) -> Result<PathBuf, StoreError> {
        let path = self.path(&profile.name);
        let json = serde_json::to_vec_pretty(profile).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            what: "connector profile",
            detail: e.to_string(),
        })?;
        write_private(&path, &json)?;
        Ok(path)
    }

    pub fn load(&self, name: &ConnectorName) -> Result<ConnectorProfile, StoreError> {
        let path = self.path(name);
        if !path.exists() {
            return Err(StoreError::NotFound {
                name: name.to_string(),
                dir: self.dir.clone(),
            });
        }
        let text = read_private(&path)?;
        let mut profile: ConnectorProfile =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                path: path.clone(),
                what: "connector profile",
                detail: e.to_string(),
            })?;
        if profile.name != *name {
            return Err(StoreError::Corrupt {
                path,
                what: "connector profile",
                detail: format!("it names connector {}, not {name}", profile.name),
            });
        }
        profile.upgrade();
        Ok(profile)
    }

    pub fn exists(&self, name: &ConnectorName) -> bool {
        self.path(name).exists()
    }

    /// Every profile's name, sorted; a file with a name that is not a connector name is
    /// skipped.
    /// The saved profile, `None` when there is none. A profile that exists but cannot be
    /// read is an error: treating it as absent would take the keys it holds for unused.
    pub fn load_if_saved(
        &self,
        name: &ConnectorName,
    ) -> Result<Option<ConnectorProfile>, StoreError> {
        match self.load(name) {
            Ok(profile) => Ok(Some(profile)),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn names(&self) -> Result<Vec<ConnectorName>, StoreError> {
        let entries = std::fs::read_dir(&self.dir).map_err(io_error(&self.dir, "listing"))?;
        let mut names: Vec<ConnectorName> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let file = e.file_name().to_string_lossy().into_owned();
                file.strip_suffix(".json")
                    .and_then(|n| ConnectorName::parse(n).ok())
            })
            .collect();
        names.sort();
        Ok(names)
    }

    pub fn remove(&self, name: &ConnectorName) -> Result<(), StoreError> {
        let path = self.path(name);
        std::fs::remove_file(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => StoreError::NotFound {
                name: name.to_string(),
                dir: self.dir.clone(),
            },
            _ => StoreError::Io {
                path,
                action: "removing",
                source,
            },
        })
    }

    /// Currents folders other saved connectors use on `bucket`, for the folder-clash rule.
    /// Unreadable profiles are skipped here; `connectors list` reports them.
    pub fn folders_on(&self, bucket: &BucketName) -> Vec<(FolderPath, ConnectorName)> {
        self.names()
            .unwrap_or_default()
            .iter()
            .filter_map(|n| self.load(n).ok())
            .filter(|p| p.answers.bucket == *bucket)
            .filter_map(|p| p.answers.folder.map(|f| (f, p.name)))
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
