//! Turns `HomeEffect`s into tokio tasks. Each task reaches its connector through its own
//! engine and sends its result back as a `HomeAction` carrying its task id. A cancel stops the
//! task's engine (the live test ends at once and removes its test object), ends a watch, and
//! keeps a rotation from being saved.

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::action::{Done, HomeAction, HomeEffect, HomeExit, Rotated, TaskId};
use crate::domain::progress::Progress;
use crate::engine::{
    BucketDisposal, Engine, EngineError, EngineOptions, TeardownOptions, UndoLine, braze_fields,
    key_credential,
};
use crate::store::profile::ConnectorProfile;

/// How often a watch looks for new files.
const WATCH_EVERY: Duration = Duration::from_secs(5);

pub struct HomeRunner {
    opts: EngineOptions,
    tx: UnboundedSender<HomeAction>,
    pub rx: UnboundedReceiver<HomeAction>,
    pub tasks: JoinSet<()>,
    cancels: HashMap<TaskId, watch::Sender<bool>>,
}

/// What a job's work gets: its engine, the connector, whether it was cancelled, and the way
/// back to the loop for results it sends along the way.
struct Ctx {
    engine: Engine,
    profile: Box<ConnectorProfile>,
    cancelled: watch::Receiver<bool>,
    tx: UnboundedSender<HomeAction>,
    task: TaskId,
}

impl Ctx {
    fn is_cancelled(&self) -> bool {
        *self.cancelled.borrow()
    }

    /// The profile as saved now (after the action changed it).
    fn reloaded(&self) -> Option<Box<ConnectorProfile>> {
        let store = self.engine.store().ok()?;
        store.load(&self.profile.name).ok().map(Box::new)
    }

    fn done<T>(&self, result: Result<T, EngineError>) -> Done<T> {
        Done {
            result: result.map_err(|e| e.to_string()),
            profile: self.reloaded(),
        }
    }

    /// A progress channel whose check events arrive as `HomeAction::Progress`.
    fn progress(&self) -> UnboundedSender<Progress> {
        let (ptx, mut prx) = unbounded_channel::<Progress>();
        let (tx, task) = (self.tx.clone(), self.task);
        tokio::spawn(async move {
            while let Some(event) = prx.recv().await {
                let line = match event {
                    Progress::CheckStarted { check } => check,
                    Progress::CheckWaiting { check, phase, .. } => {
                        format!("{check}: {}", phase.sentence())
                    }
                    _ => continue,
                };
                let _ = tx.send(HomeAction::Progress { task, line });
            }
        });
        ptx
    }
}

fn epoch_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

impl HomeRunner {
    pub fn new(opts: EngineOptions) -> HomeRunner {
        let (tx, rx) = unbounded_channel();
        HomeRunner {
            opts,
            tx,
            rx,
            tasks: JoinSet::new(),
            cancels: HashMap::new(),
        }
    }

    /// Runs `work` for `profile` with an engine reaching it; `failed` makes the action sent
    /// when no engine could be started. The engine stops when the task is cancelled.
    fn spawn<W, Fut>(
        &mut self,
        task: TaskId,
        profile: Box<ConnectorProfile>,
        failed: fn(TaskId, String) -> HomeAction,
        work: W,
    ) where
        W: FnOnce(Ctx) -> Fut + Send + 'static,
        Fut: Future<Output = Option<HomeAction>> + Send + 'static,
    {
        let (cancel, mut cancelled) = watch::channel(false);
        self.cancels.insert(task, cancel);
        let (opts, tx) = (self.opts.clone(), self.tx.clone());
        self.tasks.spawn(async move {
            let engine = match Engine::for_connector(&opts, &profile).await {
                Ok(engine) => engine,
                Err(e) => {
                    let _ = tx.send(failed(task, e.to_string()));
                    return;
                }
            };
            let ctx = Ctx {
                engine: engine.clone(),
                profile,
                cancelled: cancelled.clone(),
                tx: tx.clone(),
                task,
            };
            let mut work = std::pin::pin!(work(ctx));
            let action = loop {
                tokio::select! {
                    action = &mut work => break action,
                    Ok(()) = cancelled.changed() => engine.stop(),
                }
            };
            if let Some(action) = action {
                let _ = tx.send(action);
            }
        });
    }

    /// Starts `effect`; `Some` when the home screen should end.
    pub fn start(&mut self, effect: HomeEffect) -> Option<HomeExit> {
        match effect {
            HomeEffect::LoadKeyAges { task, profile } => {
                let failed = |task, e| HomeAction::KeyAges {
                    task,
                    result: Err(e),
                };
                self.spawn(task, profile, failed, move |c| async move {
                    let result = c.engine.key_ages(&c.profile).await;
                    Some(HomeAction::KeyAges {
                        task,
                        result: result.map_err(|e| e.to_string()),
                    })
                });
            }
            HomeEffect::Test { task, profile } => {
                let failed = |task, e| HomeAction::Tested {
                    task,
                    done: Done::failed(e),
                };
                self.spawn(task, profile, failed, move |c| async move {
                    let result = c.engine.retest(&c.profile, c.progress()).await;
                    let done = c.done(result);
                    Some(HomeAction::Tested { task, done })
                });
            }
            HomeEffect::Doctor { task, profile } => {
                let failed = |task, e| HomeAction::Diagnosed {
                    task,
                    done: Done::failed(e),
                };
                self.spawn(task, profile, failed, move |c| async move {
                    let result = c.engine.diagnose_recorded(&c.profile, epoch_now()).await;
                    let done = c.done(result.map(Box::new));
                    Some(HomeAction::Diagnosed { task, done })
                });
            }
            HomeEffect::Rotate { task, profile } => {
                let failed = |task, e| HomeAction::Rotated {
                    task,
                    done: Done::failed(e),
                };
                self.spawn(task, profile, failed, move |c| async move {
                    let result = rotate(&c).await;
                    let done = c.done(result.map(Box::new));
                    Some(HomeAction::Rotated { task, done })
                });
            }
            HomeEffect::Watch { task, profile } => {
                let failed = |task, e| HomeAction::Watched {
                    task,
                    result: Err(e),
                };
                self.spawn(task, profile, failed, move |c| async move {
                    watch_files(c).await;
                    None
                });
            }
            HomeEffect::Teardown { task, profile } => {
                let failed = |task, e| HomeAction::TornDown {
                    task,
                    result: Err(e),
                };
                self.spawn(task, profile, failed, move |c| async move {
                    let result = teardown(&c).await.map_err(|e| e.to_string());
                    Some(HomeAction::TornDown { task, result })
                });
            }
            HomeEffect::Cancel { task } => {
                if let Some(cancel) = self.cancels.remove(&task) {
                    cancel.send_replace(true);
                }
            }
            HomeEffect::Exit(exit) => return Some(exit),
        }
        None
    }
}

impl<T> Done<T> {
    fn failed(error: String) -> Done<T> {
        Done {
            result: Err(error),
            profile: None,
        }
    }
}

/// Step one of `rotate`: a second key, live-tested as Braze would, saved next to the old
/// key's ID, unless the rotation was cancelled first (then `resume` deletes the new key).
async fn rotate(c: &Ctx) -> Result<Rotated, EngineError> {
    let credential = key_credential(&c.profile, None)?;
    // The screen shows the new secret on request; the profile keeps it if it kept the old.
    let store_secret = credential.secret_access_key.is_some();
    let rotation = c
        .engine
        .rotate_begin(&c.profile, &credential, store_secret)
        .await?;
    let report = c
        .engine
        .verify(&rotation.answers, &rotation.applied, c.progress())
        .await;
    if c.is_cancelled() {
        return Err(EngineError::Interrupted);
    }
    let fields = braze_fields(&rotation.answers, &rotation.applied);
    let new_id = rotation.new_key_id().to_string();
    let old_id = rotation.old_id.clone();
    c.engine.rotate_save(rotation, &report).await?;
    Ok(Rotated {
        new_id,
        old_id,
        report,
        fields,
    })
}

/// Looks for Braze's files every few seconds until cancelled, sending each look.
async fn watch_files(mut c: Ctx) {
    loop {
        let result = c.engine.braze_objects(&c.profile.answers).await;
        let failed = result.is_err();
        let result = result.map_err(|e| e.to_string());
        let _ = c.tx.send(HomeAction::Watched {
            task: c.task,
            result,
        });
        if failed {
            return;
        }
        tokio::select! {
            () = tokio::time::sleep(WATCH_EVERY) => {}
            _ = c.cancelled.changed() => return,
        }
    }
}

/// `teardown NAME` keeping the bucket (it may hold exports); the profile goes once nothing
/// remains. `Ok(true)` when something remains.
async fn teardown(c: &Ctx) -> Result<bool, EngineError> {
    let name = c.profile.name.clone();
    let (tx, task, connector) = (c.tx.clone(), c.task, name.clone());
    let on_line = move |l: &UndoLine| {
        let line = l.text(&connector);
        let _ = tx.send(HomeAction::TeardownLine { task, line });
    };
    let opts = TeardownOptions {
        bucket: BucketDisposal::Keep,
    };
    let report = c.engine.teardown(&name, opts, &on_line).await?;
    let remains = report.anything_remains();
    if !remains {
        c.engine.store()?.remove(&name)?;
    }
    Ok(remains)
}
