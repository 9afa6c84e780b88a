//! Shared credentials, as Braze documents them: a second Currents connector that uses a saved
//! connector's user and key with a folder of its own. The sharing connector gets no user or
//! key; the other's policy is extended to its folder (see `domain::plan_share`).

use super::{Engine, EngineError};
use crate::domain::answers::{Answers, DEFAULT_FOLDER, Draft};
use crate::domain::auth::AuthMethod;
use crate::domain::integration::{Integration, IntegrationChoice};
use crate::domain::names::{ConnectorName, FolderPath};
use crate::store::profile::{ConnectorProfile, ProfileStore, SavedCredential};

/// The connector whose credentials are shared, and its key.
pub(super) struct Shared {
    pub profile: ConnectorProfile,
    pub key: SavedCredential,
}

/// Completes a draft that shares another connector's credentials: that connector's user,
/// policy, bucket, region and folder scoping. Refuses, with what to do, when the other
/// connector can't be shared. Does nothing without `share_with`.
pub fn resolve_share(store: &ProfileStore, draft: &mut Draft) -> Result<(), EngineError> {
    let Some(other) = &draft.share_with else {
        return Ok(());
    };
    let other = ConnectorName::parse(other.trim())
        .map_err(|e| EngineError::Input(format!("--share-credentials-with: {e}")))?;
    if draft.name.is_none() {
        return Err(EngineError::Input(format!(
            "name the new connector with --name: by default it would take the bucket's name, and it must differ from connector {other}"
        )));
    }
    let shared = shareable(store, &other)?;
    let a = &shared.profile.answers;
    if draft.scope_to_folder && !a.scope_to_folder {
        return Err(EngineError::Input(format!(
            "connector {other}'s policy grants the whole bucket {}, so a connector sharing its key cannot be limited to a folder: drop --scope-to-folder, or set this connector up with a user of its own",
            a.bucket
        )));
    }
    draft.bucket.get_or_insert_with(|| a.bucket.to_string());
    draft.region.get_or_insert_with(|| a.region.to_string());
    draft
        .folder
        .get_or_insert_with(|| DEFAULT_FOLDER.to_string());
    draft.existing_bucket = true;
    draft.scope_to_folder = a.scope_to_folder;
    draft.user_name = Some(shared.key.principal.to_string());
    draft.default_principal = false;
    draft.shared_policy = Some(a.policy_name(Integration::Currents).to_string());
    Ok(())
}

impl Engine {
    /// For a sharing connector: the shared connector, checked again (a resume or re-run may
    /// come after it changed), and the folders its policy must keep covering.
    pub(super) fn shared_for(
        &self,
        answers: &Answers,
    ) -> Result<Option<(Shared, Vec<FolderPath>)>, EngineError> {
        let Some(other) = &answers.share_with else {
            return Ok(None);
        };
        let store = self.store()?;
        let shared = shareable(&store, other)?;
        let theirs = &shared.profile.answers;
        let user = match &answers.auth {
            AuthMethod::SecretKey { user } => user,
            AuthMethod::RoleArn { .. } => {
                return Err(EngineError::Input(format!(
                    "connector {} shares {other}'s access key, so it needs secret-key auth",
                    answers.name
                )));
            }
        };
        let refuse = |why: String| Err(EngineError::Input(why));
        if theirs.bucket != answers.bucket {
            return refuse(format!(
                "connector {other} writes to bucket {}, not {}: a connector sharing its credentials must use the same bucket (drop --bucket, or choose a connector on {})",
                theirs.bucket, answers.bucket, answers.bucket
            ));
        }
        if theirs.folder == answers.folder {
            return refuse(format!(
                "connector {other} already writes to folder {}: connectors sharing credentials need distinct folders, so pass another --folder",
                answers.folder.as_ref().map_or("", FolderPath::as_str)
            ));
        }
        if *user != shared.key.principal
            || answers.policy_name(Integration::Currents)
                != theirs.policy_name(Integration::Currents)
        {
            return refuse(format!(
                "connector {other} now uses user {} and policy {}, not what connector {} recorded: run the setup again with --share-credentials-with {other}",
                shared.key.principal,
                theirs.policy_name(Integration::Currents),
                answers.name
            ));
        }
        if let Some(third) = sharers(&store, other)?
            .into_iter()
            .find(|n| *n != answers.name)
        {
            return refuse(format!(
                "connector {other}'s key is already shared by connector {third}, and braze-s3 shares one key with one other connector only (tearing one down restores the policy it found): give connector {} a user of its own instead",
                answers.name
            ));
        }
        let folders = theirs
            .policy_scope(Integration::Currents)
            .cloned()
            .into_iter()
            .collect();
        Ok(Some((shared, folders)))
    }

    /// For a scoped Currents connector that shares credentials or whose credentials are
    /// shared: every folder the one policy covers (the owner's, then each sharer's), for
    /// doctor's expected document. `None` otherwise.
    pub(super) fn shared_policy_folders(
        &self,
        answers: &Answers,
    ) -> Result<Option<Vec<FolderPath>>, EngineError> {
        if !answers.scope_to_folder {
            return Ok(None);
        }
        let store = self.store()?;
        let owner = answers.share_with.as_ref().unwrap_or(&answers.name);
        let sharers = sharers(&store, owner)?;
        if sharers.is_empty() && answers.share_with.is_none() {
            return Ok(None);
        }
        let mut folders = Vec::new();
        for name in std::iter::once(owner).chain(&sharers) {
            let folder = match store.load(name) {
                Ok(p) => p.answers.folder,
                Err(_) if name == &answers.name => answers.folder.clone(),
                Err(_) => None,
            };
            folders.extend(folder);
        }
        Ok(Some(folders))
    }

    /// The other saved connectors that use `name`'s access key, or whose key `name` uses.
    pub fn sharing_key(&self, name: &ConnectorName) -> Result<Vec<ConnectorName>, EngineError> {
        let store = self.store()?;
        let mine = store.load(name)?;
        let ids: Vec<&String> = mine
            .credentials
            .iter()
            .filter_map(|c| c.access_key_id.as_ref())
            .collect();
        let mut found = Vec::new();
        for other in store.names()?.into_iter().filter(|n| n != name) {
            let Ok(p) = store.load(&other) else { continue };
            let same_key = p
                .credentials
                .iter()
                .filter_map(|c| c.access_key_id.as_ref())
                .any(|id| ids.contains(&id));
            if same_key
                || p.answers.share_with.as_ref() == Some(name)
                || mine.answers.share_with.as_ref() == Some(&other)
            {
                found.push(other);
            }
        }
        Ok(found)
    }
}

/// Saved connectors whose answers share `name`'s credentials. A profile that cannot be read
/// is an error: it may be a sharer, and taking it for none could delete a key it uses.
pub(super) fn sharers(
    store: &ProfileStore,
    name: &ConnectorName,
) -> Result<Vec<ConnectorName>, EngineError> {
    let mut found = Vec::new();
    for other in store.names()? {
        if other != *name && store.load(&other)?.answers.share_with.as_ref() == Some(name) {
            found.push(other);
        }
    }
    Ok(found)
}

/// `name`'s profile and key, when its credentials can be shared: a saved Currents-only
/// connector with an access key whose secret the profile holds, sharing nobody else's.
fn shareable(store: &ProfileStore, name: &ConnectorName) -> Result<Shared, EngineError> {
    let profile = store.load(name).map_err(|_| {
        EngineError::Input(format!(
            "there is no saved connector {name} to share credentials with: `braze-s3 connectors` lists them"
        ))
    })?;
    let a = &profile.answers;
    if a.integration != IntegrationChoice::Currents {
        return Err(EngineError::Input(format!(
            "connector {name} is not a Currents-only connector: Braze shares credentials between Currents connectors, so name a Currents connector"
        )));
    }
    if let Some(theirs) = &a.share_with {
        return Err(EngineError::Input(format!(
            "connector {name} itself uses connector {theirs}'s credentials: pass --share-credentials-with {theirs}"
        )));
    }
    let key = profile
        .credentials
        .iter()
        .find(|c| c.integration == Integration::Currents && c.role_arn.is_none())
        .filter(|c| c.access_key_id.is_some() && c.secret_access_key.is_some())
        .cloned()
        .ok_or_else(|| {
            EngineError::Input(format!(
                "connector {name} has no access key whose secret its profile keeps (it uses a role, or was set up with --no-store-secret): its credentials cannot be shared; set this connector up with a user of its own"
            ))
        })?;
    Ok(Shared { profile, key })
}
