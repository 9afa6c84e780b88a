//! Key-driven behaviour from Apply on: stopping safely, failures, the live test, Done, and
//! what the wizard prints when it ends.

use super::*;
use crate::domain::integration::Integration;
use crate::engine::Verdict;
use crate::engine::{BrazeField, FieldValue};

#[test]
fn ctrl_c_during_apply_stops_safely_then_offers_roll_back() {
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    let fx = ctrl_c(&mut app);
    assert!(matches!(fx.as_slice(), [Effect::StopApply]));
    assert_eq!(app.steps.apply.status, apply::Status::Stopping);
    super::second_pass::applied_change(&mut app, task, 0);
    let stopped = Failure {
        code: None,
        message: "stopped".into(),
        interrupted: true,
    };
    app.update(Action::Applied(Reply {
        task,
        result: Err(stopped),
    }));
    assert_eq!(app.steps.apply.status, apply::Status::Stopped);
    let fx = key(&mut app, KeyCode::Char('b'));
    let Some(Effect::Rollback { task, name }) = fx.into_iter().next() else {
        panic!()
    };
    assert_eq!(name.as_str(), "braze-export-abc123");
    app.update(Action::RolledBack(Reply {
        task,
        result: Ok(()),
    }));
    let fx = key(&mut app, KeyCode::Char('q'));
    assert!(matches!(
        exit_of(&fx),
        Some(Outcome::Cancelled { changed: false, .. })
    ));
}

#[test]
fn a_second_ctrl_c_during_apply_quits_and_says_how_to_resume() {
    let mut app = start(Draft::default());
    to_apply(&mut app);
    ctrl_c(&mut app);
    let fx = ctrl_c(&mut app);
    let outcome = exit_of(&fx).unwrap();
    assert_eq!(outcome.exit_code(), 1);
    let report = outcome.report().join("\n");
    assert!(report.contains("braze-s3 resume"));
    assert!(report.contains("braze-s3 teardown braze-export-abc123"));
}

#[test]
fn a_failed_change_shows_the_aws_code_and_retry_plans_again() {
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    let denied = Failure {
        code: Some("AccessDenied".into()),
        message: "you may not create users: ask an admin for iam:CreateUser".into(),
        interrupted: false,
    };
    app.update(Action::Applied(Reply {
        task,
        result: Err(denied),
    }));
    assert!(screen(&app).contains("AccessDenied: you may not create users"));
    let fx = key(&mut app, KeyCode::Char('r'));
    assert!(matches!(fx.first(), Some(Effect::Prepare { .. })));
    assert_eq!(app.step, StepId::Plan);
    assert!(app.steps.plan.apply_when_ready);
}

#[test]
fn copy_sends_the_secret_without_showing_it() {
    use secrecy::ExposeSecret;
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    app.update(Action::Applied(Reply {
        task,
        result: Ok(applied()),
    }));
    app.steps.test.status = crate::tui::steps::test::Status::Finished {
        verdict: Verdict::Passed,
        saved: Some(Ok("/p".into())),
    };
    app.steps.test.task = None;
    app.step = StepId::Test;
    enter(&mut app);
    assert_eq!(app.step, StepId::Done);
    app.steps.done.fill(braze_fields());
    let secret_row = app
        .steps
        .done
        .fields
        .iter()
        .position(|f| matches!(f.value, crate::tui::steps::done::Value::Secret(_)));
    for _ in 0..secret_row.unwrap_or(0) {
        key(&mut app, KeyCode::Down);
    }
    let fx = key(&mut app, KeyCode::Char('c'));
    let Some(Effect::Copy(s)) = fx.first() else {
        panic!("{fx:?}")
    };
    assert!(
        !format!("{fx:?}").contains(s.expose_secret()),
        "Debug never shows the secret"
    );
    assert!(!screen(&app).contains(s.expose_secret()));
    key(&mut app, KeyCode::Char('r'));
    assert!(screen(&app).contains(s.expose_secret()));
}

pub(super) fn braze_fields() -> Vec<BrazeField> {
    vec![
        BrazeField {
            integration: Integration::Currents,
            label: "AWS Access ID",
            value: FieldValue::Plain("AKIAEXAMPLEKEY123456".into()),
        },
        BrazeField {
            integration: Integration::Currents,
            label: "AWS Secret Access Key",
            value: FieldValue::Secret(
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
                    .to_string()
                    .into(),
            ),
        },
        BrazeField {
            integration: Integration::Currents,
            label: "AWS S3 Bucket Name",
            value: FieldValue::Plain("braze-export-abc123".into()),
        },
        BrazeField {
            integration: Integration::Currents,
            label: "Folder Path",
            value: FieldValue::Plain("currents".into()),
        },
    ]
}

#[test]
fn the_apply_result_settles_a_change_whose_last_event_never_came() {
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    let at = t0() + Duration::from_millis(50);
    let started = Progress::ChangeStarted {
        index: 5,
        change: app.steps.plan.plan().unwrap().changes[5].clone(),
    };
    app.update(Action::Progress {
        task,
        event: started,
        at,
    });
    assert!(matches!(
        app.steps.apply.rows[5].state,
        apply::RowState::Running { .. }
    ));
    app.update(Action::Applied(Reply {
        task,
        result: Ok(applied()),
    }));
    assert!(matches!(
        app.steps.apply.rows[5].state,
        apply::RowState::Done { .. }
    ));
    assert!(!app.animating(), "nothing moves once the apply is over");
}

#[test]
fn the_test_step_shows_what_each_check_found() {
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    app.update(Action::Applied(Reply {
        task,
        result: Ok(applied()),
    }));
    let fx = enter(&mut app);
    let Some(Effect::Verify { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    let mut pass = check("list bucket", CheckOutcome::Pass);
    pass.detail = "s3:ListBucket on braze-export-abc123".into();
    let report = TestReport {
        checks: vec![pass, check("write test object", CheckOutcome::Fail)],
    };
    app.update(Action::Verified {
        task: *task,
        report,
    });
    let s = screen(&app);
    assert!(s.contains("s3:ListBucket on braze-export-abc123"), "{s}");
    assert!(
        s.contains("AccessDenied: the key may not put objects"),
        "{s}"
    );
}

#[test]
fn a_sandbox_connector_says_it_ends_with_its_sandbox() {
    let name = crate::domain::names::ConnectorName::parse("braze-export-abc123").unwrap();
    let outcome = |sandbox| Outcome::Completed {
        name: name.clone(),
        fields: vec![],
        saved: Some("/c/sandbox/braze-export-abc123.json".into()),
        verdict: Verdict::Passed,
        sandbox,
    };
    let sandbox = outcome(true).report().join("\n");
    assert!(sandbox.contains("braze-s3 sandbox"), "{sandbox}");
    assert!(!sandbox.contains("Test it again"), "{sandbox}");
    let real = outcome(false).report().join("\n");
    assert!(real.contains("braze-s3 test braze-export-abc123"), "{real}");
}

/// Issue 11, item 1: the wizard and headless setup agree — a connector whose live test failed
/// exits 3 ("a credential check failed"), as the README promises, not 1.
#[test]
fn a_failed_live_test_exits_3_from_the_wizard_as_from_headless() {
    let failed = Outcome::Completed {
        name: crate::domain::names::ConnectorName::parse("acme").unwrap(),
        fields: vec![],
        saved: None,
        verdict: Verdict::Failed,
        sandbox: false,
    };
    assert_eq!(failed.exit_code(), crate::exit::CHECK_FAILED);
    let passed = Outcome::Completed {
        name: crate::domain::names::ConnectorName::parse("acme").unwrap(),
        fields: vec![],
        saved: None,
        verdict: Verdict::Passed,
        sandbox: false,
    };
    assert_eq!(passed.exit_code(), crate::exit::OK);
}
