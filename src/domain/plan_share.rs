//! The permission policy document a plan wants, including for a connector that shares
//! another's credentials (Braze lets several Currents connectors share one key, each with its
//! own folder).
//!
//! Design: the sharing connector uses the other connector's policy (`Answers::shared_policy`).
//! When that policy is scoped to the other's folder, the plan updates it to cover every
//! folder (`UpdatePolicy`: a new default version, the old one kept, so this connector's
//! teardown restores it). When it grants the whole bucket, it is adopted unchanged.

use super::answers::Answers;
use super::existing::Existing;
use super::integration::Integration;
use super::policy::{PolicyDocument, PolicyError, permission_policy, permission_policy_folders};

/// The document `integration`'s policy should hold.
pub(super) fn shared_document(
    a: &Answers,
    existing: &Existing,
    integration: Integration,
) -> Result<PolicyDocument, PolicyError> {
    let partition = a.region.partition();
    match a.policy_scope(integration) {
        Some(own) if a.share_with.is_some() => {
            let mut folders = existing.shared_folders.clone();
            if !folders.contains(own) {
                folders.push(own.clone());
            }
            permission_policy_folders(integration, &a.bucket, partition, &folders)
        }
        scope => permission_policy(integration, &a.bucket, partition, scope),
    }
}

#[cfg(test)]
mod tests;
