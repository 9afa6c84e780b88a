//! Render: every wizard step drawn to a 120×40 `TestBackend`, one benchmark per step.
//! Target: under 1 ms per frame.
//!
//! Each state is reached the way the event loop reaches it: `App::new`, then `App::update`
//! with key presses and the task results the engine would send (here made up, so no AWS and
//! no sandbox). Frames are drawn by `tui::view::render`, the function the event loop calls.
//!
//! Run: `cargo bench --bench render`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench may fail loudly

use std::hint::black_box;
use std::time::{Duration, Instant};

use braze_s3::domain::answers::Draft;
use braze_s3::domain::existing::{BucketState, Existing};
use braze_s3::domain::integration::IntegrationChoice;
use braze_s3::domain::plan::Plan;
use braze_s3::domain::progress::{CheckOutcome, Progress};
use braze_s3::engine::{Prepared, TestReport};
use braze_s3::tui::action::{Action, Effect, Reply, TaskId};
use braze_s3::tui::app::{App, Config};
use braze_s3::tui::fixtures::{
    applied, check, enter, identity, listed_buckets, wait_for_propagation,
};
use braze_s3::tui::steps::StepId;
use braze_s3::tui::view;
use braze_s3::tui::widgets::theme::Theme;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZE: (u16, u16) = (120, 40);

// ---- driving App through update(), as the event loop does (engine answers and keys: the
// wizard tests' own, from `tui::fixtures`) ----

/// Feeds the look-ups an effect list asks for (engine start, identity, bucket check and
/// list) with made-up answers, until none is left; returns the other effects.
fn answer(app: &mut App, effects: Vec<Effect>) -> Vec<Effect> {
    let mut pending = effects;
    let mut rest = Vec::new();
    while let Some(effect) = pending.pop() {
        let more = match effect {
            Effect::StartEngine { task, .. } => app.update(Action::EngineStarted(Reply {
                task,
                result: Ok(()),
            })),
            Effect::LoadIdentity { task } => app.update(Action::IdentityLoaded(Reply {
                task,
                result: Ok(identity()),
            })),
            Effect::CheckBucket { task, name } => app.update(Action::BucketChecked {
                task,
                name,
                result: Ok(BucketState::Missing),
            }),
            Effect::ListBuckets { task } => app.update(Action::BucketsListed(Reply {
                task,
                result: Ok(listed_buckets()),
            })),
            other => {
                rest.push(other);
                Vec::new()
            }
        };
        pending.extend(more);
    }
    rest
}

fn task_of(effects: &[Effect], what: &str) -> TaskId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Prepare { task, .. }
            | Effect::Apply { task, .. }
            | Effect::Verify { task, .. }
            | Effect::Save { task, .. } => Some(*task),
            _ => None,
        })
        .unwrap_or_else(|| panic!("expected {what}, got {effects:?}"))
}

/// Walks the wizard once and calls `at` with a state of every step, in order. Both
/// integrations, so the plan has 10 changes (bucket, public-access block, two policies, and
/// for each integration its own user, attachment and access key).
fn walk(mut at: impl FnMut(&'static str, &App)) {
    let now = Instant::now();
    let (mut app, fx) = App::new(Config {
        theme: Theme::COLOR,
        sandbox: true,
        plan_only: false,
        store_secret: true,
        initial: Draft {
            integration: Some(IntegrationChoice::Both),
            ..Draft::default()
        },
        suggested_bucket: "braze-export-abc123".into(),
        size: SIZE,
        now,
    });
    answer(&mut app, fx);
    let mut snap = |name: &'static str, app: &App, step: StepId| {
        assert_eq!(app.step, step, "{name}");
        at(name, app);
    };

    snap("identity", &app, StepId::Identity);
    let fx = enter(&mut app);
    answer(&mut app, fx);
    snap("integration", &app, StepId::Integration);
    let fx = enter(&mut app);
    answer(&mut app, fx);
    snap("bucket", &app, StepId::Bucket);
    enter(&mut app);
    snap("options", &app, StepId::Options);
    enter(&mut app);
    snap("auth", &app, StepId::Auth);
    enter(&mut app);
    snap("policy", &app, StepId::Policy);

    let fx = enter(&mut app);
    let task = task_of(&fx, "Prepare");
    let answers = app
        .shared
        .answers
        .clone()
        .expect("answers once the policy is shown");
    let existing = Existing::default();
    let plan = Plan::from(&answers, &existing);
    let changes = plan
        .as_ref()
        .expect("a plan without conflicts")
        .changes
        .clone();
    assert_eq!(changes.len(), 10, "{changes:#?}");
    app.update(Action::Prepared(Reply {
        task,
        result: Ok(Box::new(Prepared { plan, existing })),
    }));
    snap("plan (10 changes)", &app, StepId::Plan);

    let fx = enter(&mut app);
    let task = task_of(&fx, "Apply");
    let at = now + Duration::from_secs(1);
    for (index, change) in changes.iter().take(3).enumerate() {
        app.update(Action::Progress {
            task,
            event: Progress::ChangeStarted {
                index,
                change: change.clone(),
            },
            at,
        });
        app.update(Action::Progress {
            task,
            event: Progress::ChangeApplied {
                index,
                change: change.clone(),
                elapsed: Duration::from_millis(420),
            },
            at,
        });
    }
    app.update(Action::Progress {
        task,
        event: Progress::ChangeStarted {
            index: 3,
            change: changes[3].clone(),
        },
        at,
    });
    app.update(Action::Tick(at + Duration::from_millis(1300)));
    snap("apply (running, 3 of 10 done)", &app, StepId::Apply);

    for (index, change) in changes.iter().enumerate().skip(3) {
        app.update(Action::Progress {
            task,
            event: Progress::ChangeApplied {
                index,
                change: change.clone(),
                elapsed: Duration::from_millis(300),
            },
            at,
        });
    }
    let fx = app.update(Action::Applied(Reply {
        task,
        result: Ok(applied()),
    }));
    // Apply hands over to the live test by itself or on Enter, depending on the flow.
    let fx = if fx.iter().any(|e| matches!(e, Effect::Verify { .. })) {
        fx
    } else {
        enter(&mut app)
    };
    let task = task_of(&fx, "Verify");
    wait_for_propagation(&mut app, task, now + Duration::from_secs(10));
    snap("test (waiting for propagation)", &app, StepId::Test);

    let report = TestReport {
        checks: vec![
            check("list bucket", CheckOutcome::Pass),
            check("put object with AES256", CheckOutcome::Pass),
            check("get object", CheckOutcome::Pass),
            check("delete object", CheckOutcome::Fail),
            check("simulate policy", CheckOutcome::NotAvailable),
        ],
    };
    let fx = app.update(Action::Verified { task, report });
    let task = task_of(&fx, "Save");
    app.update(Action::Saved(Reply {
        task,
        result: Ok("/home/me/.config/braze-s3/connectors/braze-export-abc123.json".into()),
    }));
    snap("test (finished, one failed)", &app, StepId::Test);
    enter(&mut app);
    assert!(
        !app.steps.done.fields.is_empty(),
        "Done lists the Braze fields"
    );
    snap("done (fields masked)", &app, StepId::Done);
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|f| view::render(app, f)).unwrap();
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render 120x40");
    walk(|name, app| {
        let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap();
        group.bench_function(name, |b| b.iter(|| draw(&mut terminal, black_box(app))));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = render
}
criterion_main!(benches);
