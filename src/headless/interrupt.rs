//! SIGINT and SIGTERM for the headless commands, for their whole run: the first one sets the
//! apply's stop flag (it stops between two AWS calls, so every created resource is journaled)
//! and stops the engine's live test at once; the command then says what exists and exits 130.

use std::future::Future;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

use super::Failure;
use crate::domain::answers::Answers;
use crate::engine::{Applied, Engine, ProgressTx, StopFlag, TestReport};
use crate::exit;

/// How long an interrupted live test may take to tidy up (delete its test object).
pub const GRACE: Duration = Duration::from_secs(2);

pub struct Interrupts {
    rx: watch::Receiver<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Interrupts {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Interrupts {
    /// Listens from now until dropped.
    pub fn listen(engine: &Engine, stop: StopFlag) -> Result<Interrupts, Failure> {
        let listen = |kind: SignalKind| {
            signal(kind).map_err(|e| Failure::runtime(format!("could not listen for signals: {e}")))
        };
        let mut int = listen(SignalKind::interrupt())?;
        let mut term = listen(SignalKind::terminate())?;
        let (tx, rx) = watch::channel(false);
        let engine = engine.clone();
        let task = tokio::spawn(async move {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            stop.store(true, Ordering::SeqCst);
            engine.stop();
            tx.send_replace(true);
        });
        Ok(Interrupts { rx, task })
    }

    pub fn happened(&self) -> bool {
        *self.rx.borrow()
    }

    /// Resolves once a signal has come.
    pub async fn wait(&self) {
        let mut rx = self.rx.clone();
        if rx.wait_for(|s| *s).await.is_err() {
            std::future::pending::<()>().await;
        }
    }

    /// `work`, unless a signal comes first: then `None` and `work` is dropped. For steps that
    /// only look (nothing to journal).
    pub async fn unless<T>(&self, work: impl Future<Output = T>) -> Option<T> {
        tokio::select! {
            out = work => Some(out),
            () = self.wait() => None,
        }
    }

    /// The live test, or `None` when a signal stopped it: the engine ends its waits and calls
    /// at once and gets [`GRACE`] to delete its test object.
    pub async fn verify(
        &self,
        engine: &Engine,
        answers: &Answers,
        applied: &Applied,
        progress: ProgressTx,
    ) -> Option<TestReport> {
        let work = engine.verify(answers, applied, progress);
        tokio::pin!(work);
        let report = tokio::select! {
            report = &mut work => Some(report),
            () = self.wait() => tokio::time::timeout(GRACE, work).await.ok(),
        };
        report.filter(|_| !self.happened())
    }
}

/// Exit 130 with what to know, one line each.
pub fn interrupted(lines: Vec<String>) -> Failure {
    Failure {
        code: exit::INTERRUPTED,
        lines,
    }
}
