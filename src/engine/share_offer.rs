//! What the wizard offers on its Auth step: the saved connectors whose user and key a new
//! Currents connector on the same bucket may share (Braze allows several Currents connectors
//! to share credentials, each with its own folder), and how choosing one fills the answers —
//! the same filling `resolve_share` does for `--share-credentials-with`.

use super::share::{Shared, shareable};
use super::{EngineError, EngineOptions, sandbox_store};
use crate::domain::answers::{DEFAULT_FOLDER, Draft};
use crate::domain::integration::Integration;
use crate::domain::names::{BucketName, ConnectorName, FolderPath, IamName, PolicyName, Region};
use crate::store::profile::ProfileStore;

/// A saved Currents-only connector whose profile keeps its access key's secret, sharing
/// nobody else's: a new Currents connector may use its user and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareOffer {
    pub name: ConnectorName,
    pub bucket: BucketName,
    pub region: Region,
    /// The folder it writes to: a connector sharing its key needs another one.
    pub folder: Option<FolderPath>,
    /// Its policy covers only its folder (then a sharer's folder is added to it).
    pub scope_to_folder: bool,
    /// The user whose key is shared, and the policy extended to the sharer's folder.
    pub user: IamName,
    pub policy: PolicyName,
}

impl ShareOffer {
    pub(super) fn of(shared: &Shared) -> ShareOffer {
        let a = &shared.profile.answers;
        ShareOffer {
            name: a.name.clone(),
            bucket: a.bucket.clone(),
            region: a.region.clone(),
            folder: a.folder.clone(),
            scope_to_folder: a.scope_to_folder,
            user: shared.key.principal.clone(),
            policy: a.policy_name(Integration::Currents),
        }
    }

    /// Fills `draft` as a connector sharing this one's credentials: its user, policy, bucket,
    /// region and folder scoping. Refuses a draft limited to a folder when this connector's
    /// policy grants the whole bucket.
    pub fn fill(&self, draft: &mut Draft) -> Result<(), EngineError> {
        if draft.scope_to_folder && !self.scope_to_folder {
            return Err(EngineError::Input(format!(
                "connector {}'s policy grants the whole bucket {}, so a connector sharing its key cannot be limited to a folder: drop --scope-to-folder, or set this connector up with a user of its own",
                self.name, self.bucket
            )));
        }
        draft.share_with = Some(self.name.to_string());
        draft.bucket.get_or_insert_with(|| self.bucket.to_string());
        draft.region.get_or_insert_with(|| self.region.to_string());
        draft
            .folder
            .get_or_insert_with(|| DEFAULT_FOLDER.to_string());
        draft.existing_bucket = true;
        draft.scope_to_folder = self.scope_to_folder;
        draft.user_name = Some(self.user.to_string());
        draft.default_principal = false;
        draft.shared_policy = Some(self.policy.to_string());
        Ok(())
    }
}

/// The saved connectors (in the store `opts` use) whose credentials a new Currents connector
/// on `bucket` may share, by name. A profile that can't be read or shared is left out.
pub fn share_offers(
    opts: &EngineOptions,
    bucket: &BucketName,
) -> Result<Vec<ShareOffer>, EngineError> {
    let store = ProfileStore::open(opts.config_dir.as_deref(), sandbox_store(opts))?;
    Ok(store
        .names()?
        .iter()
        .filter_map(|name| shareable(&store, name).ok())
        .map(|shared| ShareOffer::of(&shared))
        .filter(|offer| offer.bucket == *bucket)
        .collect())
}

#[cfg(test)]
mod tests;
