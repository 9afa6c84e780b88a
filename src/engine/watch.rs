//! `watch`: the files Braze wrote for a connector, as the admin lists them (read-only).

use super::{Engine, EngineError};
use crate::aws::inspect;
use crate::domain::answers::Answers;
use crate::domain::drift::{ObjectInfo, braze_prefixes};

impl Engine {
    /// Every file under the connector's Braze paths (Currents: `FOLDER/dataexport.`; data
    /// export: `segment-export/`, `sent_messages/`), oldest first.
    pub async fn braze_objects(&self, answers: &Answers) -> Result<Vec<ObjectInfo>, EngineError> {
        let prefixes: Vec<String> = answers
            .integrations()
            .iter()
            .flat_map(|&i| braze_prefixes(answers, i))
            .collect();
        let (mut objects, _) =
            inspect::objects(self.clients(), &answers.region, &answers.bucket, &prefixes).await?;
        objects.sort_by(|a, b| (a.modified, &a.key).cmp(&(b.modified, &b.key)));
        Ok(objects)
    }
}
