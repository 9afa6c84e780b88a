//! The wizard: a ratatui face on the engine. This file owns the terminal and the event loop,
//! the only place that spawns tasks: `App::update` returns `Effect`s, the loop turns each into
//! a task whose result comes back as an `Action` with its task id.

pub mod action;
pub mod app;
#[cfg(any(test, feature = "bench-fixtures"))]
#[doc(hidden)]
pub mod fixtures;
mod flow;
pub mod home;
pub mod keymap;
mod runner;
mod signals;
pub mod steps;
pub mod view;
pub mod widgets;

#[cfg(test)]
mod tests;

use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, Event, EventStream, KeyEventKind,
};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;

use crate::domain::answers::Draft;
use crate::domain::names::ConnectorName;
use crate::domain::plan::Plan;
use crate::engine::{EngineOptions, Verdict, suggested_bucket_name};
use crate::exit;
use action::Action;
use app::{App, Config};
use runner::{Msg, Runner};
use widgets::theme::Theme;

/// A Braze field as printed once the wizard ends: a secret is masked unless it was revealed.
#[derive(Clone, PartialEq)]
pub struct Printed {
    /// The Braze page it goes into, e.g. "Currents: Data Settings → …".
    pub page: String,
    pub label: &'static str,
    pub value: String,
    /// A secret value (revealed on screen, else masked): never in `Debug`.
    pub secret: bool,
}

impl std::fmt::Debug for Printed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.secret {
            "[REDACTED]"
        } else {
            &self.value
        };
        write!(f, "{} = {value:?} ({})", self.label, self.page)
    }
}

/// How the wizard ended; `run` has already printed [`Outcome::report`].
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Reached the last step: the connector exists (and was tested).
    Completed {
        name: ConnectorName,
        /// What to enter in Braze, as the Done step showed it.
        fields: Vec<Printed>,
        saved: Option<String>,
        /// How the live test ended: its exit code is headless setup's.
        verdict: Verdict,
        /// Made in the wizard's own sandbox, which stopped with it.
        sandbox: bool,
    },
    /// Plan-only mode: the plan the person reviewed (none when it had conflicts).
    PlanOnly { plan: Option<Box<Plan>> },
    /// Left early. `changed`: AWS changes may have been made (apply had started).
    Cancelled {
        name: Option<ConnectorName>,
        changed: bool,
        signal: bool,
    },
}

impl Outcome {
    /// Done: the live test's [`Verdict`] decides, as for headless setup (0 passed, 3 a check
    /// failed, 1 the endpoint could not be reached); 1 stopped after changing AWS; 130
    /// interrupted (Ctrl-C, SIGTERM) before any change.
    pub fn exit_code(&self) -> u8 {
        match self {
            Outcome::Completed { verdict, .. } => verdict.exit_code(),
            Outcome::PlanOnly { .. } => exit::OK,
            Outcome::Cancelled {
                changed: false,
                signal: false,
                ..
            } => exit::OK,
            Outcome::Cancelled {
                changed: false,
                signal: true,
                ..
            } => exit::INTERRUPTED,
            Outcome::Cancelled { .. } => exit::RUNTIME,
        }
    }

    /// What to tell the person once the terminal is back: how to resume or undo.
    pub fn report(&self) -> Vec<String> {
        match self {
            Outcome::Completed {
                name,
                fields,
                saved,
                verdict,
                sandbox,
            } => {
                let mut out = vec![match verdict {
                    Verdict::Passed => format!("Connector {name} is set up and tested."),
                    Verdict::Failed => {
                        format!("Connector {name} is set up, but its live test failed.")
                    }
                    Verdict::Unreachable(why) => format!(
                        "Connector {name} is set up, but its live test could not reach the endpoint ({why}), so the credentials are untested."
                    ),
                }];
                out.extend(printed(fields));
                if let Some(path) = saved {
                    out.push(format!("Profile saved to {path}."));
                }
                if *sandbox {
                    out.extend(SANDBOX_GONE.iter().map(ToString::to_string));
                    return out;
                }
                out.push(format!("Test it again:   braze-s3 test {name}"));
                out.push("Check it later:  braze-s3 doctor".to_string());
                out.push(format!("Remove it:       braze-s3 teardown {name}"));
                out
            }
            Outcome::PlanOnly { plan: Some(plan) } => {
                let mut out = vec!["Plan (nothing was changed):".to_string()];
                out.extend(plan.lines());
                out.extend(plan.adopted.iter().map(|a| format!("  reused: {a}")));
                out.extend(plan.warnings.iter().map(|w| format!("  warning: {w}")));
                out
            }
            Outcome::PlanOnly { plan: None } => {
                vec!["No plan: the answers conflict with what exists. Nothing was changed.".into()]
            }
            Outcome::Cancelled { changed: false, .. } => {
                vec!["Stopped before any change: nothing was changed in AWS.".into()]
            }
            Outcome::Cancelled {
                name,
                changed: true,
                ..
            } => {
                let name = name
                    .as_ref()
                    .map_or("NAME".to_string(), ToString::to_string);
                vec![
                    "Setup stopped before it finished. What it created is recorded in the journal."
                        .into(),
                    "Continue or roll back:      braze-s3 resume".into(),
                    format!("Delete what was created:    braze-s3 teardown {name}"),
                ]
            }
        }
    }
}

/// The Braze fields, each credential set under the page it goes into.
fn printed(fields: &[Printed]) -> Vec<String> {
    let width = fields.iter().map(|f| f.label.len()).max().unwrap_or(0);
    let mut out = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        if i == 0 || fields[i - 1].page != f.page {
            // "Currents: Data Settings → …": the title, then where it is, each on its line.
            let (title, place) = f.page.split_once(": ").unwrap_or((&f.page, ""));
            out.push(String::new());
            out.push(format!("In Braze, {title}:"));
            out.push(format!("  ({place})"));
        }
        out.push(format!("  {:<width$}  {}", f.label, f.value));
    }
    if !fields.is_empty() {
        out.push(String::new());
    }
    out
}

/// Why `braze-s3 test NAME` can't work for a connector made in the wizard's sandbox.
pub const SANDBOX_GONE: &[&str] = &[
    "The sandbox stopped with the wizard, and everything in it: a sandbox connector lives only as long as its sandbox, so `braze-s3 test` and `teardown` can't reach this one.",
    "To keep one, run `braze-s3 sandbox` in another terminal and start the wizard with the --endpoint-url and credentials it prints.",
];

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("the terminal could not be used: {0}")]
    Terminal(#[from] io::Error),
    #[error(
        "the wizard stopped: a background task failed ({0}); run it again, or use `braze-s3 resume`"
    )]
    TaskFailed(String),
}

/// Runs the wizard in the current terminal (the caller checked it is a TTY), restores the
/// terminal on every exit, prints how it ended, and returns the outcome.
pub async fn run(
    engine_opts: EngineOptions,
    initial: Draft,
    plan_only: bool,
) -> Result<Outcome, TuiError> {
    let mut terminal = ratatui::try_init()?;
    // A paste arrives as one event, so a pasted line break is never Enter.
    let pasting = crossterm::execute!(io::stdout(), EnableBracketedPaste);
    let result = match pasting {
        Ok(()) => event_loop(&mut terminal, engine_opts, initial, plan_only).await,
        Err(e) => Err(e.into()),
    };
    let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let outcome = result?;
    for line in outcome.report() {
        println!("{line}");
    }
    Ok(outcome)
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    opts: EngineOptions,
    initial: Draft,
    plan_only: bool,
) -> Result<Outcome, TuiError> {
    let size = terminal.size()?;
    let (mut app, effects) = App::new(Config {
        theme: Theme::from_env(),
        sandbox: opts.sandbox,
        plan_only,
        store_secret: opts.store_secret,
        initial,
        suggested_bucket: suggested_bucket_name(),
        size: (size.width, size.height),
        now: Instant::now(),
    });
    let mut runner = Runner::new(opts);
    let mut events = EventStream::new();
    let mut ticker = tokio::time::interval(Duration::from_millis(100));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut terminate = signals::Terminate::new()?;
    for effect in effects {
        if let Some(outcome) = runner.start(effect) {
            return Ok(outcome);
        }
    }
    terminal.draw(|f| view::render(&app, f))?;
    loop {
        let animating = app.animating();
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => Action::Key(key),
                Some(Ok(Event::Paste(text))) => Action::Paste(text),
                Some(Ok(Event::Resize(w, h))) => Action::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e.into()),
                None => Action::Terminate,
            },
            Some(msg) = runner.rx.recv() => match msg {
                Msg::Action(action) => action,
                Msg::Engine(engine, action) => {
                    runner.engine = Some(engine);
                    action
                }
            },
            Some(joined) = runner.tasks.join_next() => match joined {
                Err(e) if e.is_panic() => return Err(TuiError::TaskFailed(e.to_string())),
                _ => continue,
            },
            _ = ticker.tick(), if animating => Action::Tick(Instant::now()),
            () = terminate.recv() => Action::Terminate,
        };
        for effect in app.update(action) {
            if let Some(outcome) = runner.start(effect) {
                return Ok(outcome);
            }
        }
        terminal.draw(|f| view::render(&app, f))?;
    }
}
