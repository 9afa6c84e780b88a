//! Issue 12, the wizard's second pass: one key-driven test per item.

use super::*;
use crate::engine::Verdict;

/// Item 1: while the "terminal too small" notice is up, no key acts on the hidden step; only
/// Ctrl-C (and a resize) gets through.
#[test]
fn no_key_acts_on_a_screen_that_isnt_shown() {
    let mut app = start(Draft::default());
    enter(&mut app); // → Integration
    let fx = enter(&mut app); // → Bucket
    answer_bucket_lookups(&mut app, fx, BucketState::Missing);
    assert_eq!(app.step, StepId::Bucket);
    let name = app.steps.bucket.name.value().to_string();
    app.update(Action::Resize(70, 20));
    assert!(screen(&app).contains("too small"));
    assert!(typ(&mut app, "q").is_empty(), "q neither quits nor types");
    assert_eq!(app.steps.bucket.name.value(), name);
    for _ in 0..5 {
        assert!(enter(&mut app).is_empty(), "Enter does nothing blind");
    }
    assert!(key(&mut app, KeyCode::Esc).is_empty());
    assert!(key(&mut app, KeyCode::Char('?')).is_empty());
    assert!(!app.help);
    assert_eq!(app.step, StepId::Bucket);
    // Back to a usable size: the step is as it was, and keys act again.
    app.update(Action::Resize(80, 24));
    assert_eq!(app.steps.bucket.name.value(), name);
    app.update(Action::Resize(70, 20));
    let fx = ctrl_c(&mut app);
    assert!(
        matches!(
            exit_of(&fx),
            Some(Outcome::Cancelled { changed: false, .. })
        ),
        "Ctrl-C still quits: {fx:?}"
    );
}

/// Item 1, during Apply: a blind Ctrl-C stops safely, as when the step is shown.
#[test]
fn no_key_acts_on_a_screen_that_isnt_shown_during_apply() {
    let mut app = start(Draft::default());
    to_apply(&mut app);
    app.update(Action::Resize(60, 10));
    assert!(key(&mut app, KeyCode::Char('q')).is_empty());
    let fx = ctrl_c(&mut app);
    assert!(matches!(fx.as_slice(), [Effect::StopApply]), "{fx:?}");
}

/// The engine reports change `index` of the plan made.
pub(super) fn applied_change(app: &mut App, task: u64, index: usize) {
    let change = app.steps.plan.plan().unwrap().changes[index].clone();
    app.update(Action::Progress {
        task,
        event: Progress::ChangeApplied {
            index,
            change,
            elapsed: Duration::from_millis(120),
        },
        at: t0(),
    });
}

fn stop(app: &mut App, task: u64) {
    ctrl_c(app);
    app.update(Action::Applied(Reply {
        task,
        result: Err(Failure {
            code: None,
            message: "stopped".into(),
            interrupted: true,
        }),
    }));
    assert_eq!(app.steps.apply.status, apply::Status::Stopped);
}

pub(super) fn finished_test(app: &mut App, passed: bool) {
    let task = to_apply(app);
    app.update(Action::Applied(Reply {
        task,
        result: Ok(applied()),
    }));
    let fx = enter(app);
    let Some(Effect::Verify { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    let outcome = if passed {
        CheckOutcome::Pass
    } else {
        CheckOutcome::Fail
    };
    let report = TestReport {
        checks: vec![check("list bucket", outcome)],
    };
    let fx = app.update(Action::Verified {
        task: *task,
        report,
    });
    let Some(Effect::Save { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    app.update(Action::Saved(Reply {
        task: *task,
        result: Ok("/c/braze-export-abc123.json".into()),
    }));
}

/// Item 3: `q` on a passed Test goes to the Braze fields, not to "Setup stopped…" (exit 1).
#[test]
fn q_and_ctrl_c_mean_one_thing_everywhere_on_a_passed_test() {
    let mut app = start(Draft::default());
    finished_test(&mut app, true);
    assert!(screen(&app).contains("The check passed."));
    let fx = key(&mut app, KeyCode::Char('q'));
    assert!(exit_of(&fx).is_none(), "{fx:?}");
    assert_eq!(app.step, StepId::Done, "q shows the Braze fields first");
    assert!(screen(&app).contains("AKIAEXAMPLEKEY123456"));
    let fx = key(&mut app, KeyCode::Char('q'));
    let outcome = exit_of(&fx).unwrap();
    assert!(matches!(
        outcome,
        Outcome::Completed {
            verdict: Verdict::Passed,
            ..
        }
    ));
    assert_eq!(outcome.exit_code(), 0);
}

/// Item 3: a saved connector whose test failed ends as completed (exit 3), never as "stopped".
#[test]
fn q_and_ctrl_c_mean_one_thing_everywhere_on_a_failed_test() {
    let mut app = start(Draft::default());
    finished_test(&mut app, false);
    let fx = ctrl_c(&mut app);
    let outcome = exit_of(&fx).unwrap();
    assert!(
        matches!(
            outcome,
            Outcome::Completed {
                verdict: Verdict::Failed,
                ..
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(outcome.exit_code(), crate::exit::CHECK_FAILED);
}

/// Item 3: on a finished Apply, `q` asks; Ctrl-C asks too, and a second Ctrl-C quits.
#[test]
fn q_and_ctrl_c_mean_one_thing_everywhere_on_a_finished_apply() {
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    for i in 0..app.steps.apply.rows.len() {
        applied_change(&mut app, task, i);
    }
    app.update(Action::Applied(Reply {
        task,
        result: Ok(applied()),
    }));
    assert!(screen(&app).contains("q quit"));
    assert!(key(&mut app, KeyCode::Char('q')).is_empty());
    assert!(app.confirm_quit);
    let s = screen(&app);
    assert!(s.contains("Quit now?"), "{s}");
    assert!(s.contains("y quit"), "{s}");
    assert!(
        key(&mut app, KeyCode::Char('n')).is_empty(),
        "any other key stays"
    );
    assert!(!app.confirm_quit);
    assert_eq!(app.step, StepId::Apply);
    assert!(ctrl_c(&mut app).is_empty(), "Ctrl-C asks first");
    assert!(app.confirm_quit);
    let fx = ctrl_c(&mut app);
    let outcome = exit_of(&fx).unwrap();
    assert!(matches!(outcome, Outcome::Cancelled { changed: true, .. }));
    // And `y` answers yes.
    app.confirm_quit = false;
    key(&mut app, KeyCode::Char('q'));
    let fx = key(&mut app, KeyCode::Char('y'));
    assert_eq!(exit_of(&fx).unwrap().exit_code(), 1);
}

/// Item 3: stopped before the first change, there is nothing to roll back.
#[test]
fn q_and_ctrl_c_mean_one_thing_everywhere_stopped_before_the_first_change() {
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    stop(&mut app, task);
    let s = screen(&app);
    assert!(s.contains("Stopped before the first change"), "{s}");
    assert!(!s.contains("roll back"), "{s}");
    assert!(key(&mut app, KeyCode::Char('b')).is_empty());
    let fx = key(&mut app, KeyCode::Char('k'));
    let outcome = exit_of(&fx).unwrap();
    assert!(matches!(outcome, Outcome::Cancelled { changed: false, .. }));
    assert!(outcome.report().join("\n").contains("nothing was changed"));
}

/// Item 3: after a roll back, no ✓ stays beside what was deleted.
#[test]
fn q_and_ctrl_c_mean_one_thing_everywhere_after_a_roll_back() {
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    applied_change(&mut app, task, 0);
    applied_change(&mut app, task, 1);
    stop(&mut app, task);
    assert!(screen(&app).contains("b roll back"));
    let fx = key(&mut app, KeyCode::Char('b'));
    let Some(Effect::Rollback { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    app.update(Action::RolledBack(Reply {
        task: *task,
        result: Ok(()),
    }));
    let s = screen(&app);
    let body = |l: &str| l.split('│').nth(1).unwrap_or("").to_string();
    assert!(!s.lines().any(|l| body(l).contains('✓')), "{s}");
    assert!(s.contains("rolled back"), "{s}");
    let fx = key(&mut app, KeyCode::Char('q'));
    assert!(matches!(
        exit_of(&fx),
        Some(Outcome::Cancelled { changed: false, .. })
    ));
}

/// Item 3: after a failed change, `r` goes back to the plan; what the first attempt created
/// still counts: quitting there asks, and never says "nothing was changed".
#[test]
fn q_and_ctrl_c_mean_one_thing_everywhere_after_a_failed_change() {
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    applied_change(&mut app, task, 0);
    app.update(Action::Applied(Reply {
        task,
        result: Err(Failure {
            code: Some("AccessDenied".into()),
            message: "denied".into(),
            interrupted: false,
        }),
    }));
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.step, StepId::Plan);
    assert!(key(&mut app, KeyCode::Char('q')).is_empty(), "q asks first");
    assert!(screen(&app).contains("Quit now?"));
    app.update(Action::Resize(80, 24));
    let s = screen(&app);
    assert!(
        s.contains("y quits · any other key stays"),
        "never below the fold: {s}"
    );
    let fx = key(&mut app, KeyCode::Char('y'));
    let outcome = exit_of(&fx).unwrap();
    assert!(matches!(outcome, Outcome::Cancelled { changed: true, .. }));
    assert!(!outcome.report().join("\n").contains("nothing was changed"));
}
