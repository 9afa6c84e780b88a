//! The home screen: `braze-s3` with saved connectors opens a table of them first — name,
//! integration, auth, bucket and folder, last test, key age — with keys to test, diagnose,
//! rotate, watch or tear one down, or to make a new one in the setup wizard. Same pattern as
//! the wizard: `Home::update(HomeAction) -> Vec<HomeEffect>` is synchronous, `HomeRunner` turns
//! each effect into a task whose result returns as an action with its task id.

mod action;
mod detail;
mod panels;
mod results;
mod runner;
mod state;
mod update;
mod view;

#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;

pub use action::{Done, HomeAction, HomeEffect, HomeExit, Rotated, TaskId};
pub use runner::HomeRunner;
pub use state::{Ages, Confirm, Detail, Home, HomeConfig, Job, JobKind, Row, Screen};
pub use view::render;

use super::widgets::theme::Theme;
use super::{Outcome, TuiError};
use crate::domain::answers::Draft;
use crate::engine::{EngineOptions, Listed, sandbox_store, saved_connectors};

/// The saved connectors the home screen lists; none with the built-in sandbox, whose
/// connectors died with the sandbox they were made in.
pub fn connectors(opts: &EngineOptions) -> Vec<Listed> {
    if opts.sandbox {
        return Vec::new();
    }
    saved_connectors(opts).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the saved connectors could not be listed");
        Vec::new()
    })
}

/// `braze-s3` with no command in a terminal: the home screen when connectors are saved, else
/// (and after `n`) the setup wizard as `tui::run` runs it.
pub async fn run(opts: EngineOptions) -> Result<Outcome, TuiError> {
    let listed = connectors(&opts);
    if listed.is_empty() {
        return super::run(opts, Draft::default(), false).await;
    }
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, &opts, listed).await;
    ratatui::restore();
    let quit = |signal| Outcome::Cancelled {
        name: None,
        changed: false,
        signal,
    };
    match result? {
        HomeExit::NewConnector => super::run(opts, Draft::default(), false).await,
        HomeExit::Quit => Ok(quit(false)),
        HomeExit::Interrupted => Ok(quit(true)),
    }
}

fn epoch_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    opts: &EngineOptions,
    listed: Vec<Listed>,
) -> Result<HomeExit, TuiError> {
    let size = terminal.size()?;
    let (mut home, effects) = Home::new(HomeConfig {
        theme: Theme::from_env(),
        sandbox: sandbox_store(opts),
        size: (size.width, size.height),
        now: Instant::now(),
        epoch: epoch_now(),
        connectors: listed,
    });
    let mut runner = HomeRunner::new(opts.clone());
    let mut events = EventStream::new();
    let mut ticker = tokio::time::interval(Duration::from_millis(100));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut terminate = super::signals::Terminate::new()?;
    for effect in effects {
        if let Some(exit) = runner.start(effect) {
            return Ok(exit);
        }
    }
    terminal.draw(|f| render(&home, f))?;
    loop {
        let animating = home.animating();
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => HomeAction::Key(key),
                Some(Ok(Event::Resize(w, h))) => HomeAction::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e.into()),
                None => HomeAction::Terminate,
            },
            Some(action) = runner.rx.recv() => action,
            Some(joined) = runner.tasks.join_next() => match joined {
                Err(e) if e.is_panic() => return Err(TuiError::TaskFailed(e.to_string())),
                _ => continue,
            },
            _ = ticker.tick(), if animating => HomeAction::Tick(Instant::now()),
            () = terminate.recv() => HomeAction::Terminate,
        };
        for effect in home.update(action) {
            if let Some(exit) = runner.start(effect) {
                return Ok(exit);
            }
        }
        terminal.draw(|f| render(&home, f))?;
    }
}
