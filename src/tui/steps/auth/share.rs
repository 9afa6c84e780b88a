//! The share offer (Currents only): a saved Currents connector on the same bucket whose
//! profile keeps its key may lend its user and key to this one (Braze allows several Currents
//! connectors to share credentials, each with its own folder). Each offer is one more row of
//! the method list; choosing it fills the answers as `--share-credentials-with` does.

use super::AuthStep;
use crate::domain::answers::{DEFAULT_FOLDER, Draft};
use crate::domain::auth::AuthKind;
use crate::domain::names::FolderPath;
use crate::engine::ShareOffer;

impl AuthStep {
    /// Rows of the method list: the auth kinds, then each offer.
    pub fn rows(&self) -> usize {
        AuthKind::ALL.len() + self.offers.len()
    }

    /// The offer chosen in the method list, if one is.
    pub fn sharing(&self) -> Option<&ShareOffer> {
        self.kind
            .selected
            .checked_sub(AuthKind::ALL.len())
            .and_then(|i| self.offers.get(i))
    }

    /// The offers found for the bucket, less the connector this one would replace (same
    /// name: that is an update, not a share). The one named on the command line is chosen.
    pub(super) fn offered(&mut self, offers: Vec<ShareOffer>, draft: &Draft) {
        let own = draft.name.as_deref().or(draft.bucket.as_deref());
        self.offers = offers
            .into_iter()
            .filter(|o| Some(o.name.as_str()) != own)
            .collect();
        if let Some(wanted) = self.wanted.take()
            && let Some(i) = self.offers.iter().position(|o| o.name.as_str() == wanted)
        {
            self.kind.selected = AuthKind::ALL.len() + i;
        }
    }

    /// The offers are gone (another integration, another bucket): back to a plain choice.
    pub(super) fn withdraw(&mut self) {
        if let Some(offer) = self.sharing() {
            self.wanted = Some(offer.name.to_string());
            self.kind.selected = 0;
        }
        self.offers.clear();
    }
}

/// Why this setup can't share `offer`'s credentials, in the wizard's words.
pub fn unusable(offer: &ShareOffer, draft: &Draft) -> Option<String> {
    let folder = FolderPath::normalize(draft.folder.as_deref().unwrap_or(DEFAULT_FOLDER)).ok();
    if folder.is_some() && folder == offer.folder {
        return Some(format!(
            "it writes to folder {} too: connectors sharing credentials need folders of their own, so choose another folder on the Options step (Esc)",
            offer.folder.as_ref().map_or("", FolderPath::as_str)
        ));
    }
    match (draft.scope_to_folder, offer.scope_to_folder) {
        (true, false) => Some(
            "its policy grants the whole bucket, so a connector sharing it can't be limited to its folder: clear \"Limit Currents object access to the folder\" on the Options step (Esc)".into(),
        ),
        (false, true) => Some(
            "its policy is limited to its folder, so a connector sharing it is too: tick \"Limit Currents object access to the folder\" on the Options step (Esc)".into(),
        ),
        _ => None,
    }
}
