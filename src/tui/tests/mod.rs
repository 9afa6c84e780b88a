//! Key-driven tests of `App` and `TestBackend` snapshots of every step.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

use super::action::{Action, Effect, Reply};
use super::app::{App, Config};
use super::fixtures::{
    applied, bucket_info, check, enter, identity, key, listed_buckets, wait_for_propagation,
};
use super::steps::StepId;
use super::widgets::theme::Theme;
use crate::domain::answers::Draft;
use crate::domain::existing::{BucketState, Encryption, Existing};
use crate::domain::plan::Plan;
use crate::domain::progress::{CheckOutcome, Progress};
use crate::engine::{Prepared, Saved, TestReport};
use crate::tui::action::Failure;
use crate::tui::steps::apply;
use crate::tui::{Outcome, view};

// ---- engine values (more in `tui::fixtures`, shared with benches/render.rs) ----

fn prepared(app: &App) -> Prepared {
    let answers = app.shared.answers.clone().unwrap();
    Prepared {
        plan: Plan::from(&answers, &Existing::default()),
        existing: Existing::default(),
    }
}

// ---- driving ----

fn t0() -> Instant {
    // A fixed origin keeps elapsed times and countdowns stable in snapshots.
    static T0: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *T0.get_or_init(Instant::now)
}

fn config(draft: Draft) -> Config {
    Config {
        theme: Theme::PLAIN,
        sandbox: true,
        plan_only: false,
        store_secret: true,
        initial: draft,
        suggested_bucket: "braze-export-abc123".into(),
        size: (100, 30),
        now: t0(),
    }
}

fn start(draft: Draft) -> App {
    let (mut app, effects) = App::new(config(draft));
    let Some(Effect::StartEngine {
        task,
        sandbox: true,
    }) = effects.first()
    else {
        panic!("expected StartEngine, got {effects:?}");
    };
    let fx = app.update(Action::EngineStarted(Reply {
        task: *task,
        result: Ok(()),
    }));
    let Some(Effect::LoadIdentity { task }) = fx.first() else {
        panic!("{fx:?}")
    };
    app.update(Action::IdentityLoaded(Reply {
        task: *task,
        result: Ok(identity()),
    }));
    app
}

fn ctrl_c(app: &mut App) -> Vec<Effect> {
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )))
}

fn typ(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| key(app, KeyCode::Char(c)))
        .collect()
}

fn clear(app: &mut App) -> Vec<Effect> {
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )))
}

fn screen(app: &App) -> String {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(app, f)).unwrap();
    terminal.backend().to_string()
}

/// Answers the bucket check and list the Bucket step asked for.
fn answer_bucket_lookups(app: &mut App, effects: Vec<Effect>, state: BucketState) -> Vec<Effect> {
    let mut out = Vec::new();
    for e in effects {
        match e {
            Effect::CheckBucket { task, name } => out.extend(app.update(Action::BucketChecked {
                task,
                name,
                result: Ok(state.clone()),
            })),
            Effect::ListBuckets { task } => out.extend(app.update(Action::BucketsListed(Reply {
                task,
                result: Ok(listed_buckets()),
            }))),
            other => out.push(other),
        }
    }
    out
}

/// Answers the Options step's look-up of saved connectors with `saved`.
fn answer_saved(app: &mut App, effects: Vec<Effect>, saved: Saved) -> Vec<Effect> {
    let mut out = Vec::new();
    for e in effects {
        match e {
            Effect::LookupSaved { task, .. } => {
                out.extend(app.update(Action::SavedLooked(Reply {
                    task,
                    result: Ok(saved.clone()),
                })))
            }
            other => out.push(other),
        }
    }
    out
}

/// Enter on the Options step, where no saved connector has the name.
fn leave_options(app: &mut App) -> Vec<Effect> {
    let fx = enter(app);
    answer_saved(app, fx, Saved::default())
}

/// From Identity to Policy with Enter alone.
fn to_policy(app: &mut App) {
    enter(app); // Identity → Integration
    let fx = enter(app); // → Bucket
    answer_bucket_lookups(app, fx, BucketState::Missing);
    enter(app); // → Options
    leave_options(app); // → Auth
    enter(app); // → Policy
    assert_eq!(app.step, StepId::Policy);
}

fn to_apply(app: &mut App) -> u64 {
    to_policy(app);
    let fx = enter(app);
    let Some(Effect::Prepare { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    let p = prepared(app);
    app.update(Action::Prepared(Reply {
        task: *task,
        result: Ok(Box::new(p)),
    }));
    let fx = enter(app);
    let Some(Effect::Apply { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!(app.step, StepId::Apply);
    *task
}

/// What the Bucket step says blocks Enter (empty when nothing does).
fn bucket_problem(app: &App) -> &str {
    app.steps.bucket.problem.as_deref().unwrap_or_default()
}

fn exit_of(effects: &[Effect]) -> Option<&Outcome> {
    effects.iter().find_map(|e| match e {
        Effect::Exit(o) => Some(o),
        _ => None,
    })
}

mod existing;
mod finish;
mod flows;
mod input;
mod lists;
mod second_pass;
mod second_pass_done;
mod snapshots;
mod words;
