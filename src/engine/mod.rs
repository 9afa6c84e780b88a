//! The engine: discover → plan → apply → verify → save, reporting `Progress` on one channel.
//! Both faces (the wizard and the headless commands) drive this and nothing else.

mod braze;
mod doctor;
mod error;
mod home;
mod journaled;
mod prepare;
mod rotate;
mod rotate_finish;
mod run;
mod saved;
mod setup;
mod share;
mod share_offer;
mod teardown;
mod verify;
mod watch;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use tokio::sync::OnceCell;

use crate::aws::clients::{ClientOptions, Clients};
use crate::aws::discover;
use crate::domain::bucket_policy::BucketPolicy;
pub use crate::domain::created::{BucketDisposal, Undone};
pub use crate::domain::credentials::AccessKey as NewAccessKey;
use crate::domain::existing::{BucketState, Encryption, Existing};
use crate::domain::names::{BucketName, Region};
use crate::domain::plan::{Plan, PlanError};
use crate::domain::progress::Progress;
use crate::sandbox::{Sandbox, SandboxOptions};
use crate::store::profile::ProfileStore;
pub use braze::{BrazeField, FieldValue, braze_fields};
pub use doctor::{Diagnosis, KeyReport};
pub use error::EngineError;
pub use home::{KeyAge, Listed, sandbox_store, saved_connectors};
pub use journaled::RunLock;
pub use rotate::{Rotation, key_credential};
pub use rotate_finish::{KeyInfoUse, RotationStatus};
pub use run::{Applied, Credential};
pub use saved::{Neighbour, Saved};
pub use setup::Verdict;
pub use share::resolve_share;
pub use share_offer::{ShareOffer, share_offers};
pub use teardown::{TeardownOptions, UndoLine, UndoReport};
pub use verify::{TestReport, record as test_record};

/// `braze-export-` and six random `[a-z0-9]`: never dotted, always a valid bucket name.
pub fn suggested_bucket_name() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let tail: String = (0..6)
        .map(|_| char::from(ALPHABET[fastrand::usize(..ALPHABET.len())]))
        .collect();
    format!("braze-export-{tail}")
}

/// An endpoint on this machine: connectors made against it are sandbox connectors.
pub fn is_loopback(endpoint: &str) -> bool {
    ["://127.", "://localhost", "://[::1]"]
        .iter()
        .any(|p| endpoint.contains(p))
}

/// Progress events go to the face through this channel.
pub type ProgressTx = tokio::sync::mpsc::UnboundedSender<Progress>;
/// Set by the face (first Ctrl-C): the engine stops between two AWS calls.
pub type StopFlag = Arc<AtomicBool>;

#[derive(Debug, Clone)]
pub struct EngineOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub config_dir: Option<PathBuf>,
    /// Start a local moto server and work against it.
    pub sandbox: bool,
    /// How long the live test waits out IAM propagation.
    pub propagation_timeout: Duration,
    /// Keep the secret access key in the 0600 profile file.
    pub store_secret: bool,
    /// Act as exactly this key instead of the AWS credential chain (tests against an emulator).
    pub credentials: Option<NewAccessKey>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            profile: None,
            region: None,
            endpoint_url: None,
            config_dir: None,
            sandbox: false,
            propagation_timeout: Duration::from_secs(120),
            store_secret: true,
            credentials: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    pub region: String,
    pub sandbox: bool,
    pub endpoint: Option<String>,
}

/// An existing bucket as the wizard lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketInfo {
    pub name: BucketName,
    pub region: Option<Region>,
    pub object_lock: bool,
    pub encryption: Encryption,
    /// Its bucket policy, and the account that owns it (whose principals the policy may name).
    pub policy: BucketPolicy,
    pub account: String,
}

/// What exists, and the plan derived from it (or why there can't be one).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub existing: Existing,
    pub plan: Result<Plan, Vec<PlanError>>,
}

/// Cheap to clone: tasks of the wizard each hold one.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    clients: Clients,
    opts: EngineOptions,
    /// Kept alive for the engine's lifetime; dropping it stops the server.
    sandbox: Option<Sandbox>,
    identity: OnceCell<discover::Identity>,
    /// Set once by [`Engine::stop`]: the live test stops waiting and calling at once.
    stop: tokio::sync::watch::Sender<bool>,
}

impl Engine {
    /// Builds clients from the standard AWS chain — or starts the sandbox when asked.
    pub async fn start(
        opts: EngineOptions,
        note: Arc<dyn Fn(&str) + Send + Sync>,
    ) -> Result<Engine, EngineError> {
        let mut client_opts = ClientOptions {
            profile: opts.profile.clone(),
            region: opts.region.clone(),
            endpoint_url: opts.endpoint_url.clone(),
            static_credentials: opts.credentials.clone(),
        };
        let sandbox = if opts.sandbox {
            note("starting the local AWS sandbox (moto)…");
            let sandbox = Sandbox::start(&SandboxOptions {
                region: opts.region.clone().unwrap_or_else(|| "us-east-1".into()),
                on_note: Some(note.clone()),
                ..SandboxOptions::default()
            })
            .await?;
            client_opts.endpoint_url = Some(sandbox.endpoint.clone());
            client_opts.static_credentials = Some(sandbox.admin.clone());
            client_opts.region = Some(sandbox.region.clone());
            Some(sandbox)
        } else {
            None
        };
        let clients = Clients::new(&client_opts).await;
        Ok(Engine {
            inner: Arc::new(Inner {
                clients,
                opts,
                sandbox,
                identity: OnceCell::new(),
                stop: tokio::sync::watch::Sender::new(false),
            }),
        })
    }

    /// True for the built-in sandbox and for any loopback endpoint: such connectors are
    /// stored apart from real ones.
    pub fn is_sandbox(&self) -> bool {
        self.inner.sandbox.is_some() || self.endpoint().as_deref().is_some_and(is_loopback)
    }

    pub fn endpoint(&self) -> Option<String> {
        self.inner.clients.endpoint_url().map(str::to_string)
    }

    pub fn region(&self) -> &str {
        self.inner.clients.region()
    }

    /// The admin key of the running sandbox, to show to the person who started it.
    pub fn sandbox_admin(&self) -> Option<&NewAccessKey> {
        self.inner.sandbox.as_ref().map(|s| &s.admin)
    }

    /// Asks a running live test to stop now (SIGINT, SIGTERM): its propagation wait and AWS
    /// calls end at once and it returns what it has. Apply has its own [`StopFlag`].
    pub fn stop(&self) {
        self.inner.stop.send_replace(true);
    }

    pub(crate) fn stop_signal(&self) -> tokio::sync::watch::Receiver<bool> {
        self.inner.stop.subscribe()
    }

    pub fn options(&self) -> &EngineOptions {
        &self.inner.opts
    }

    pub(crate) fn clients(&self) -> &Clients {
        &self.inner.clients
    }

    pub fn store(&self) -> Result<ProfileStore, EngineError> {
        Ok(ProfileStore::open(
            self.inner.opts.config_dir.as_deref(),
            self.is_sandbox(),
        )?)
    }

    async fn caller(&self) -> Result<&discover::Identity, EngineError> {
        Ok(self
            .inner
            .identity
            .get_or_try_init(|| discover::identity(&self.inner.clients))
            .await?)
    }

    pub async fn identity(&self) -> Result<Identity, EngineError> {
        let caller = self.caller().await?;
        Ok(Identity {
            account: caller.account.to_string(),
            arn: caller.arn.clone(),
            region: self.region().to_string(),
            sandbox: self.is_sandbox(),
            endpoint: self.endpoint(),
        })
    }

    /// The buckets of the account with region, Object Lock and encryption, looked up
    /// concurrently.
    pub async fn buckets(&self) -> Result<Vec<BucketInfo>, EngineError> {
        let account = &self.caller().await?.account;
        let names = discover::bucket_names(self.clients()).await?;
        let lookups = names.into_iter().map(|name| async move {
            let state = discover::bucket_state(self.clients(), account, &name).await;
            match state {
                Ok(BucketState::Owned(b)) => BucketInfo {
                    name,
                    region: Some(b.region),
                    object_lock: b.object_lock,
                    encryption: b.encryption,
                    policy: b.policy,
                    account: b.account,
                },
                _ => BucketInfo {
                    name,
                    region: None,
                    object_lock: false,
                    encryption: Encryption::None,
                    policy: BucketPolicy::None,
                    account: String::new(),
                },
            }
        });
        Ok(futures_util::future::join_all(lookups).await)
    }

    /// Live availability check for a bucket name.
    pub async fn bucket_state(&self, name: &BucketName) -> Result<BucketState, EngineError> {
        let caller = self.caller().await?;
        Ok(discover::bucket_state(self.clients(), &caller.account, name).await?)
    }
}
