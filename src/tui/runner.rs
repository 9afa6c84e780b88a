//! Turns `Effect`s into tokio tasks. Each task sends its result back as an `Action` carrying
//! its task id; engine progress events are forwarded the same way, stamped with their time.

use std::future::Future;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use secrecy::ExposeSecret;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinSet;

use super::Outcome;
use super::action::{Action, Effect, Failure, Reply, TaskId};
use crate::domain::progress::Progress;
use crate::engine::{
    BucketDisposal, Engine, EngineError, EngineOptions, TeardownOptions, UndoLine, share_offers,
};

/// What tasks send to the loop. A started engine travels beside its action so that `App`
/// never holds the engine itself.
pub enum Msg {
    Action(Action),
    Engine(Engine, Action),
}

pub struct Runner {
    opts: EngineOptions,
    pub engine: Option<Engine>,
    stop: Arc<AtomicBool>,
    tx: UnboundedSender<Msg>,
    pub rx: UnboundedReceiver<Msg>,
    pub tasks: JoinSet<()>,
}

pub fn failure(e: &EngineError) -> Failure {
    Failure {
        code: e.code().map(str::to_string),
        message: e.to_string(),
        interrupted: matches!(e, EngineError::Interrupted),
    }
}

impl Runner {
    pub fn new(opts: EngineOptions) -> Runner {
        let (tx, rx) = unbounded_channel();
        Runner {
            opts,
            engine: None,
            stop: Arc::new(AtomicBool::new(false)),
            tx,
            rx,
            tasks: JoinSet::new(),
        }
    }

    /// Runs `work` with the engine and sends its action back.
    fn with_engine<F, Fut>(&mut self, work: F)
    where
        F: FnOnce(Engine) -> Fut,
        Fut: Future<Output = Action> + Send + 'static,
    {
        let Some(engine) = self.engine.clone() else {
            tracing::warn!("an engine task was asked for before the engine started");
            return;
        };
        let tx = self.tx.clone();
        let fut = work(engine);
        self.tasks.spawn(async move {
            let _ = tx.send(Msg::Action(fut.await));
        });
    }

    /// Like [`Runner::with_engine`] for work that reports progress: its events come back as
    /// `Action::Progress` of `task`, stamped with their time, and every one of them arrives
    /// before the work's own result (so a finished step never shows a stale spinner).
    fn with_progress<F, Fut>(&mut self, task: TaskId, work: F)
    where
        F: FnOnce(Engine, UnboundedSender<Progress>) -> Fut,
        Fut: Future<Output = Action> + Send + 'static,
    {
        let Some(engine) = self.engine.clone() else {
            tracing::warn!("an engine task was asked for before the engine started");
            return;
        };
        let (ptx, mut prx) = unbounded_channel::<Progress>();
        let tx = self.tx.clone();
        let fut = work(engine, ptx);
        self.tasks.spawn(async move {
            let forward = |event| {
                let at = Instant::now();
                let _ = tx.send(Msg::Action(Action::Progress { task, event, at }));
            };
            let mut fut = std::pin::pin!(fut);
            let action = loop {
                tokio::select! {
                    biased;
                    Some(event) = prx.recv() => forward(event),
                    action = &mut fut => break action,
                }
            };
            while let Ok(event) = prx.try_recv() {
                forward(event);
            }
            let _ = tx.send(Msg::Action(action));
        });
    }

    /// Starts `effect`; `Some` when the wizard should end.
    pub fn start(&mut self, effect: Effect) -> Option<Outcome> {
        tracing::debug!(effect = effect_name(&effect), "effect");
        match effect {
            Effect::StartEngine { task, sandbox } => {
                let opts = EngineOptions {
                    sandbox,
                    ..self.opts.clone()
                };
                let tx = self.tx.clone();
                self.tasks.spawn(async move {
                    let notes = tx.clone();
                    let note = Arc::new(move |line: &str| {
                        let _ = notes.send(Msg::Action(Action::Note(line.to_string())));
                    });
                    let msg = match Engine::start(opts, note).await {
                        Ok(engine) => Msg::Engine(
                            engine,
                            Action::EngineStarted(Reply {
                                task,
                                result: Ok(()),
                            }),
                        ),
                        Err(e) => Msg::Action(Action::EngineStarted(Reply {
                            task,
                            result: Err(failure(&e)),
                        })),
                    };
                    let _ = tx.send(msg);
                });
            }
            Effect::LoadIdentity { task } => self.with_engine(|e| async move {
                let result = e.identity().await.map_err(|e| failure(&e));
                Action::IdentityLoaded(Reply { task, result })
            }),
            Effect::ListBuckets { task } => self.with_engine(|e| async move {
                let result = e.buckets().await.map_err(|e| failure(&e));
                Action::BucketsListed(Reply { task, result })
            }),
            Effect::CheckBucket { task, name } => self.with_engine(|e| async move {
                let result = e.bucket_state(&name).await.map_err(|e| failure(&e));
                Action::BucketChecked { task, name, result }
            }),
            Effect::FindShareOffers { task, bucket } => self.with_engine(|e| async move {
                let opts = e.options().clone();
                let result = read_profiles(move || share_offers(&opts, &bucket)).await;
                Action::ShareOffersFound(Reply { task, result })
            }),
            Effect::LookupSaved { task, name, bucket } => self.with_engine(|e| async move {
                let result = read_profiles(move || e.saved(&name, &bucket)).await;
                Action::SavedLooked(Reply { task, result })
            }),
            Effect::Prepare { task, answers } => self.with_engine(|e| async move {
                let result = e.prepare(&answers).await.map_err(|e| failure(&e));
                let result = result.map(Box::new);
                Action::Prepared(Reply { task, result })
            }),
            Effect::Apply {
                task,
                answers,
                plan,
            } => {
                self.stop = Arc::new(AtomicBool::new(false));
                let stop = self.stop.clone();
                self.with_progress(task, |e, progress| async move {
                    let result = match e.lock(&answers.name) {
                        Ok(run) => e.apply(run, &answers, &plan, progress, stop).await,
                        Err(err) => Err(err),
                    }
                    .map_err(|e| failure(&e));
                    Action::Applied(Reply { task, result })
                });
            }
            Effect::StopApply => self.stop.store(true, Ordering::SeqCst),
            Effect::Verify {
                task,
                answers,
                applied,
            } => {
                self.with_progress(task, |e, progress| async move {
                    let report = e.verify(&answers, &applied, progress).await;
                    Action::Verified { task, report }
                });
            }
            Effect::Save {
                task,
                answers,
                applied,
                report,
                account,
            } => self.with_engine(|e| async move {
                let result = e
                    .save(&answers, &applied, &report, &account)
                    .await
                    .map_err(|e| failure(&e));
                Action::Saved(Reply { task, result })
            }),
            Effect::Rollback { task, name } => {
                let lines = self.tx.clone();
                self.with_engine(|e| async move {
                    let connector = name.clone();
                    let on_line = move |l: &UndoLine| {
                        let line = l.text(&connector);
                        let _ = lines.send(Msg::Action(Action::RollbackLine { task, line }));
                    };
                    // Roll back deletes this run's bucket only when it is still empty.
                    let opts = TeardownOptions {
                        bucket: BucketDisposal::DeleteIfEmpty,
                    };
                    let result = match e.lock(&name) {
                        Ok(run) => e.teardown_last_run(&run, opts, &on_line).await,
                        Err(err) => Err(err),
                    };
                    Action::RolledBack(Reply {
                        task,
                        result: result.map(drop).map_err(|e| failure(&e)),
                    })
                });
            }
            Effect::Copy(secret) => {
                let copy = crossterm::clipboard::CopyToClipboard::to_clipboard_from(
                    secret.expose_secret().as_bytes(),
                );
                let mut out = std::io::stdout();
                if let Err(e) = crossterm::execute!(out, copy).and_then(|()| out.flush()) {
                    tracing::warn!("copy to clipboard failed: {e}");
                }
            }
            Effect::Exit(outcome) => return Some(outcome),
        }
        None
    }
}

/// Reads the saved profiles on the blocking pool (file I/O stays off the event loop's thread).
async fn read_profiles<T: Send + 'static>(
    read: impl FnOnce() -> Result<T, EngineError> + Send + 'static,
) -> Result<T, Failure> {
    match tokio::task::spawn_blocking(read).await {
        Ok(found) => found.map_err(|e| failure(&e)),
        Err(e) => Err(Failure::new(format!(
            "the saved connectors could not be read: {e}"
        ))),
    }
}

fn effect_name(effect: &Effect) -> &'static str {
    match effect {
        Effect::StartEngine { .. } => "start-engine",
        Effect::LoadIdentity { .. } => "load-identity",
        Effect::ListBuckets { .. } => "list-buckets",
        Effect::CheckBucket { .. } => "check-bucket",
        Effect::FindShareOffers { .. } => "find-share-offers",
        Effect::LookupSaved { .. } => "lookup-saved",
        Effect::Prepare { .. } => "prepare",
        Effect::Apply { .. } => "apply",
        Effect::StopApply => "stop-apply",
        Effect::Verify { .. } => "verify",
        Effect::Save { .. } => "save",
        Effect::Rollback { .. } => "rollback",
        Effect::Copy(_) => "copy",
        Effect::Exit(_) => "exit",
    }
}
