//! Shared credentials, as Braze documents them: a second Currents connector that uses a saved
//! connector's user and key with a folder of its own. The sharing connector gets no user or
//! key; the other's policy is extended to its folder (see `domain::plan_share`).

use super::share_offer::ShareOffer;
use super::{Engine, EngineError};
use crate::aws::apply::{Target, apply};
use crate::domain::answers::{Answers, Draft};
use crate::domain::auth::AuthMethod;
use crate::domain::change::Change;
use crate::domain::created::Created;
use crate::domain::integration::{Integration, IntegrationChoice};
use crate::domain::names::{ConnectorName, FolderPath};
use crate::domain::policy::permission_policy_folders;
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
    ShareOffer::of(&shareable(store, &other)?).fill(draft)
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
        // Every folder the policy covers for the others: the owner's and each other sharer's.
        let folders = covered_folders(&store, other, &sharers(&store, other)?, &answers.name)?;
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
        let others = sharers(&store, owner)?;
        if others.is_empty() && answers.share_with.is_none() {
            return Ok(None);
        }
        let mut folders = covered_folders(&store, owner, &others, &answers.name)?;
        if let Some(own) = &answers.folder {
            folders.push(own.clone());
        }
        Ok(Some(folders))
    }

    /// Tearing down connector `answers.name`, which shares another's credentials: makes the
    /// shared policy cover the owner's and the remaining sharers' folders (a new default
    /// version).
    pub(super) async fn keep_covering(
        &self,
        target: &Target<'_>,
        answers: &Answers,
    ) -> Result<(), EngineError> {
        let (Some(owner), Some(policy)) = (&answers.share_with, &answers.shared_policy) else {
            return Err(EngineError::Input(format!(
                "connector {} records no shared policy, so its teardown cannot tell which folders to keep",
                answers.name
            )));
        };
        let store = self.store()?;
        let folders = covered_folders(&store, owner, &sharers(&store, owner)?, &answers.name)?;
        let document = permission_policy_folders(
            Integration::Currents,
            &answers.bucket,
            answers.region.partition(),
            &folders,
        )
        .map_err(|e| EngineError::Input(e.to_string()))?;
        let change = Change::UpdatePolicy {
            name: policy.clone(),
            integration: Integration::Currents,
            document,
        };
        match apply(target, &change).await?.created {
            Some(Created::PolicyVersion { .. }) => Ok(()),
            _ => Err(EngineError::Input(format!(
                "IAM made no new version of policy {policy}: connector {owner}'s folders may no longer be covered; run `braze-s3 doctor {owner}`"
            ))),
        }
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
) -> Result<Vec<ConnectorProfile>, EngineError> {
    let mut found = Vec::new();
    for other in store.names()?.into_iter().filter(|n| n != name) {
        let profile = store.load(&other)?;
        if profile.answers.share_with.as_ref() == Some(name) {
            found.push(profile);
        }
    }
    Ok(found)
}

/// The folders `owner`'s shared Currents policy covers for everyone but `except`: the owner's
/// folder, then each of its `sharers`'. Several connectors may share one key (Braze documents
/// it), so a sharer's setup extends this list and its teardown shrinks it, never dropping a
/// folder another connector still writes to.
pub(super) fn covered_folders(
    store: &ProfileStore,
    owner: &ConnectorName,
    sharers: &[ConnectorProfile],
    except: &ConnectorName,
) -> Result<Vec<FolderPath>, EngineError> {
    let mut folders = Vec::new();
    if owner != except {
        folders.extend(
            store
                .load(owner)?
                .answers
                .policy_scope(Integration::Currents)
                .cloned(),
        );
    }
    for sharer in sharers.iter().filter(|p| p.name != *except) {
        folders.extend(sharer.answers.folder.clone());
    }
    Ok(folders)
}

/// `name`'s profile and key, when its credentials can be shared: a saved Currents-only
/// connector with an access key whose secret the profile holds, sharing nobody else's.
pub(super) fn shareable(store: &ProfileStore, name: &ConnectorName) -> Result<Shared, EngineError> {
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
