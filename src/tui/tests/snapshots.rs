//! Every step through `TestBackend` (plain theme: snapshots hold text, not colours).

use super::*;
use insta::assert_snapshot;

#[test]
fn identity_steps() {
    let (mut app, fx) = App::new(config(Draft::default()));
    assert_snapshot!("identity_loading", screen(&app));
    let Some(Effect::StartEngine { task, .. }) = fx.first() else {
        panic!()
    };
    app.update(Action::Note(
        "starting the local sandbox (moto) on 127.0.0.1:5000…".into(),
    ));
    assert_snapshot!("identity_starting_sandbox", screen(&app));
    let fx = app.update(Action::EngineStarted(Reply {
        task: *task,
        result: Ok(()),
    }));
    let Some(Effect::LoadIdentity { task }) = fx.first() else {
        panic!()
    };
    app.update(Action::IdentityLoaded(Reply {
        task: *task,
        result: Ok(identity()),
    }));
    assert_snapshot!("identity_loaded", screen(&app));

    let (mut app, fx) = App::new(Config {
        sandbox: false,
        ..config(Draft::default())
    });
    let Some(Effect::StartEngine { task, .. }) = fx.first() else {
        panic!()
    };
    let e = Failure::new(
        "no AWS credentials found: run `aws configure` or `aws sso login`, or pass --profile",
    );
    app.update(Action::EngineStarted(Reply {
        task: *task,
        result: Err(e),
    }));
    assert_snapshot!("identity_no_credentials", screen(&app));
}

#[test]
fn form_steps() {
    let mut app = start(Draft::default());
    enter(&mut app);
    assert_snapshot!("integration", screen(&app));
    let fx = enter(&mut app);
    assert_snapshot!("bucket_checking", screen(&app));
    answer_bucket_lookups(&mut app, fx, BucketState::Missing);
    assert_snapshot!("bucket_available", screen(&app));
    clear(&mut app);
    typ(&mut app, "Braze_Export");
    enter(&mut app);
    assert_snapshot!("bucket_invalid", screen(&app));
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    assert_snapshot!("bucket_existing_list", screen(&app));
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Tab);
    clear(&mut app);
    typ(&mut app, "braze-export-abc123");
    app.steps.bucket.availability =
        crate::tui::steps::bucket::Availability::Known(BucketState::Missing);
    app.steps.bucket.check_task = None;
    enter(&mut app);
    assert_snapshot!("options", screen(&app));
    leave_options(&mut app);
    assert_snapshot!("auth_secret_key", screen(&app));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typ(&mut app, "12ab");
    assert_snapshot!("auth_role_arn_invalid", screen(&app));
}

#[test]
fn review_steps() {
    let mut app = start(Draft::default());
    to_policy(&mut app);
    assert_snapshot!("policy", screen(&app));
    key(&mut app, KeyCode::PageDown);
    assert_snapshot!("policy_scrolled", screen(&app));
    let fx = enter(&mut app);
    assert_snapshot!("plan_discovering", screen(&app));
    let Some(Effect::Prepare { task, answers }) = fx.first() else {
        panic!()
    };
    let existing = Existing {
        bucket: BucketState::OwnedByOther,
        ..Existing::default()
    };
    let conflicts = Prepared {
        plan: Plan::from(answers, &existing),
        existing,
    };
    app.update(Action::Prepared(Reply {
        task: *task,
        result: Ok(Box::new(conflicts)),
    }));
    assert_snapshot!("plan_conflicts", screen(&app));
    let fx = key(&mut app, KeyCode::Char('r'));
    let Some(Effect::Prepare { task, .. }) = fx.first() else {
        panic!()
    };
    let p = prepared(&app);
    app.update(Action::Prepared(Reply {
        task: *task,
        result: Ok(Box::new(p)),
    }));
    assert_snapshot!("plan_ready", screen(&app));
}

#[test]
fn apply_and_test_steps() {
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    let changes = app.steps.plan.plan().unwrap().changes.clone();
    let at = t0() + Duration::from_secs(1);
    app.update(Action::Progress {
        task,
        event: Progress::ChangeStarted {
            index: 0,
            change: changes[0].clone(),
        },
        at,
    });
    app.update(Action::Progress {
        task,
        event: Progress::ChangeApplied {
            index: 0,
            change: changes[0].clone(),
            elapsed: Duration::from_millis(420),
        },
        at,
    });
    app.update(Action::Progress {
        task,
        event: Progress::ChangeStarted {
            index: 1,
            change: changes[1].clone(),
        },
        at,
    });
    app.update(Action::Tick(at + Duration::from_millis(1300)));
    assert_snapshot!("apply_running", screen(&app));
    ctrl_c(&mut app);
    assert_snapshot!("apply_stopping", screen(&app));
    let stopped = Failure {
        code: None,
        message: "stopped".into(),
        interrupted: true,
    };
    app.update(Action::Applied(Reply {
        task,
        result: Err(stopped),
    }));
    assert_snapshot!("apply_stopped", screen(&app));
    key(&mut app, KeyCode::Char('c'));
    let fx = {
        let p = prepared(&app);
        let task = app.steps.plan.task.unwrap();
        app.update(Action::Prepared(Reply {
            task,
            result: Ok(Box::new(p)),
        }))
    };
    let Some(Effect::Apply { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    let task = *task;
    let denied = Failure {
        code: Some("AccessDenied".into()),
        message: "you may not create IAM users here: ask an administrator for iam:CreateUser, then press r".into(),
        interrupted: false,
    };
    app.update(Action::Progress {
        task,
        event: Progress::ChangeStarted {
            index: 3,
            change: changes[3].clone(),
        },
        at,
    });
    app.update(Action::Applied(Reply {
        task,
        result: Err(denied),
    }));
    assert_snapshot!("apply_failed", screen(&app));

    app.steps.apply.status = apply::Status::Finished;
    app.shared.applied = Some(std::sync::Arc::new(applied()));
    let fx = enter(&mut app);
    let Some(Effect::Verify { task, .. }) = fx.first() else {
        panic!()
    };
    let task = *task;
    wait_for_propagation(&mut app, task, t0() + Duration::from_secs(10));
    assert_snapshot!("test_waiting_for_propagation", screen(&app));
    let report = TestReport {
        checks: vec![
            check("list bucket", CheckOutcome::Pass),
            check("put object with AES256", CheckOutcome::Pass),
            check("delete object", CheckOutcome::Fail),
            check("simulate policy", CheckOutcome::NotAvailable),
        ],
    };
    let fx = app.update(Action::Verified { task, report });
    let Some(Effect::Save { task, .. }) = fx.first() else {
        panic!()
    };
    app.update(Action::Saved(Reply {
        task: *task,
        result: Ok("/home/me/.config/braze-s3/connectors/braze-export-abc123.json".into()),
    }));
    assert_snapshot!("test_failed_check", screen(&app));
    enter(&mut app);
    app.steps.done.fill(super::finish::braze_fields());
    assert_snapshot!("done_masked", screen(&app));
    key(&mut app, KeyCode::Char('r'));
    assert_snapshot!("done_revealed", screen(&app));
}

#[test]
fn help_and_small_terminal() {
    let mut app = start(Draft::default());
    enter(&mut app);
    enter(&mut app);
    key(&mut app, KeyCode::Char('?'));
    assert_snapshot!("help_bucket", screen(&app));
    app.update(Action::Resize(70, 20));
    assert_snapshot!("too_small", screen(&app));
    app.update(Action::Resize(80, 24));
    assert_snapshot!("help_bucket_at_80x24_scrolls", screen(&app));
    key(&mut app, KeyCode::PageDown);
    assert!(app.help, "scrolling keeps the help open");
    assert!(screen(&app).contains("Ctrl-C    quit at once"));
    key(&mut app, KeyCode::Esc);
    assert!(!app.help);
    assert_snapshot!("bucket_at_80x24", screen(&app));
}

#[test]
fn empty_bucket_list_says_what_to_do() {
    let mut app = start(Draft::default());
    enter(&mut app);
    let fx = enter(&mut app);
    for e in fx {
        if let Effect::ListBuckets { task } = e {
            app.update(Action::BucketsListed(Reply {
                task,
                result: Ok(vec![]),
            }));
        }
    }
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Down);
    enter(&mut app);
    assert_eq!(app.step, StepId::Bucket);
    assert_snapshot!("bucket_existing_empty", screen(&app));
}
