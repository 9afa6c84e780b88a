//! What the home screen asks of the engine: the saved connectors, an engine that reaches one,
//! its keys' ages, and the live test or doctor run again with the result recorded in the
//! profile (`last_test`), so the table can say when it was last tested and how it went.

use std::sync::Arc;

use super::doctor::Diagnosis;
use super::run::Applied;
use super::verify::{TestReport, record};
use super::{Engine, EngineError, EngineOptions, ProgressTx, is_loopback};
use crate::aws::inspect;
use crate::domain::integration::Integration;
use crate::domain::names::ConnectorName;
use crate::domain::progress::CheckOutcome;
use crate::store::profile::{ConnectorProfile, ProfileStore};

/// One saved connector as listed: its profile, or why it could not be read.
#[derive(Debug, Clone)]
pub enum Listed {
    Saved(Box<ConnectorProfile>),
    Unreadable { name: ConnectorName, error: String },
}

/// One access key's creation time (seconds since the epoch), when IAM lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAge {
    pub integration: Integration,
    pub id: String,
    pub created: Option<u64>,
}

/// Whether these options reach a sandbox (the built-in one or a loopback endpoint), whose
/// connectors are stored apart.
pub fn sandbox_store(opts: &EngineOptions) -> bool {
    opts.sandbox || opts.endpoint_url.as_deref().is_some_and(is_loopback)
}

/// Every connector saved in the store these options use, sorted by name.
pub fn saved_connectors(opts: &EngineOptions) -> Result<Vec<Listed>, EngineError> {
    let store = ProfileStore::open(opts.config_dir.as_deref(), sandbox_store(opts))?;
    Ok(store
        .names()?
        .into_iter()
        .map(|name| match store.load(&name) {
            Ok(p) => Listed::Saved(Box::new(p)),
            Err(e) => Listed::Unreadable {
                name,
                error: e.to_string(),
            },
        })
        .collect())
}

/// Why a live test of `profile` can't run here, if it can't.
fn untestable(profile: &ConnectorProfile) -> Option<EngineError> {
    let unsaved = profile
        .credentials
        .iter()
        .any(|c| c.access_key_id.is_some() && c.secret_access_key.is_none());
    unsaved.then(|| {
        EngineError::Input(format!(
            "connector {} was saved without its secret (--no-store-secret), so its key can't be tested here: use Braze's Test Credentials",
            profile.name
        ))
    })
}

/// A report worth recording: it finished, and the endpoint answered.
fn conclusive(report: &TestReport) -> Result<(), String> {
    match report
        .checks
        .iter()
        .find(|c| c.outcome == CheckOutcome::Unreachable)
    {
        Some(c) => Err(c.detail.clone()),
        None => Ok(()),
    }
}

impl Engine {
    /// An engine reaching `profile`'s connector: its endpoint (a sandbox connector lives in the
    /// server it was made in) unless `base` names one, and its bucket's region.
    pub async fn for_connector(
        base: &EngineOptions,
        profile: &ConnectorProfile,
    ) -> Result<Engine, EngineError> {
        let mut opts = base.clone();
        opts.sandbox = false;
        if opts.endpoint_url.is_none() {
            opts.endpoint_url.clone_from(&profile.endpoint_url);
        }
        opts.region = Some(profile.answers.region.to_string());
        Engine::start(opts, Arc::new(|_: &str| {})).await
    }

    fn stopped(&self) -> bool {
        *self.stop_signal().borrow()
    }

    /// Records `report` as the connector's last test, on a fresh read of its profile.
    fn record_test(&self, name: &ConnectorName, report: &TestReport) -> Result<(), EngineError> {
        let store = self.store()?;
        let mut profile = store.load(name)?;
        profile.last_test = Some(record(report));
        store.save(&profile)?;
        Ok(())
    }

    /// `braze-s3 test` for the home screen: the live test with the saved credentials, recorded
    /// in the profile unless it was stopped or the endpoint could not be reached.
    pub async fn retest(
        &self,
        profile: &ConnectorProfile,
        progress: ProgressTx,
    ) -> Result<TestReport, EngineError> {
        if let Some(refusal) = untestable(profile) {
            return Err(refusal);
        }
        let report = self
            .verify(&profile.answers, &Applied::saved(profile), progress)
            .await;
        if self.stopped() {
            return Err(EngineError::Interrupted);
        }
        if let Err(why) = conclusive(&report) {
            return Err(EngineError::Input(format!(
                "connector {}: the credential test could not run: {why}",
                profile.name
            )));
        }
        self.record_test(&profile.name, &report)?;
        Ok(report)
    }

    /// `doctor` for the home screen; its live test, when it ran and reached the endpoint, is
    /// recorded as the connector's last test.
    pub async fn diagnose_recorded(
        &self,
        profile: &ConnectorProfile,
        now: u64,
    ) -> Result<Diagnosis, EngineError> {
        let diagnosis = self.diagnose(profile, now).await?;
        if self.stopped() {
            return Err(EngineError::Interrupted);
        }
        if let Some(report) = &diagnosis.live_test
            && conclusive(report).is_ok()
        {
            self.record_test(&profile.name, report)?;
        }
        Ok(diagnosis)
    }

    /// The creation time of each saved access key of `profile`, as IAM lists it (read-only).
    pub async fn key_ages(&self, profile: &ConnectorProfile) -> Result<Vec<KeyAge>, EngineError> {
        let mut ages = Vec::new();
        for c in &profile.credentials {
            let Some(id) = &c.access_key_id else {
                continue;
            };
            let listed = inspect::keys(self.clients(), &c.principal).await?;
            ages.push(KeyAge {
                integration: c.integration,
                id: id.clone(),
                created: listed.iter().find(|k| k.id == *id).and_then(|k| k.created),
            });
        }
        Ok(ages)
    }
}
