//! What saved connectors say about a setup before its plan: the saved connector of the same
//! name (which the setup would update, rewriting its profile), and the other connectors on
//! the same bucket. Both faces show these before the plan, so nothing is overwritten silently.

use super::{Engine, EngineError};
use crate::domain::answers::Answers;
use crate::domain::names::{BucketName, ConnectorName, FolderPath};

/// The saved connectors a setup of one name on one bucket meets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    /// The answers of the saved connector with the setup's name: the setup updates it.
    pub same_name: Option<Answers>,
    /// The other saved connectors on the setup's bucket, by name.
    pub on_bucket: Vec<Neighbour>,
}

/// Another saved connector on the same bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    pub bucket: BucketName,
    pub name: ConnectorName,
    /// Its Currents folder; `None` for a dashboard data export connector.
    pub folder: Option<FolderPath>,
}

impl Neighbour {
    /// `bucket X is also used by connector Y (folder F)`.
    pub fn sentence(&self) -> String {
        let what = match &self.folder {
            Some(folder) => format!("folder {folder}"),
            None => "dashboard data export".to_string(),
        };
        format!(
            "bucket {} is also used by connector {} ({what})",
            self.bucket, self.name
        )
    }
}

impl Engine {
    /// The answers of the saved connector `name`, `None` when there is none. A profile that
    /// exists but cannot be read is an error (it would be overwritten unseen).
    pub fn saved_answers(&self, name: &ConnectorName) -> Result<Option<Answers>, EngineError> {
        Ok(self.store()?.load_if_saved(name)?.map(|p| p.answers))
    }

    /// The saved connector `name` and the others on `bucket` (unreadable profiles of other
    /// connectors are skipped: `connectors list` reports them).
    pub fn saved(&self, name: &ConnectorName, bucket: &BucketName) -> Result<Saved, EngineError> {
        let store = self.store()?;
        let on_bucket = store
            .names()
            .unwrap_or_default()
            .into_iter()
            .filter(|other| other != name)
            .filter_map(|other| store.load(&other).ok())
            .filter(|p| p.answers.bucket == *bucket)
            .map(|p| Neighbour {
                bucket: bucket.clone(),
                name: p.name,
                folder: p.answers.folder,
            })
            .collect();
        Ok(Saved {
            same_name: self.saved_answers(name)?,
            on_bucket,
        })
    }
}
