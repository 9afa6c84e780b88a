//! Key-driven behaviour: forward, back, validation, help, quitting, stale results.

use super::*;
use crate::domain::auth::AuthMethod;
use crate::domain::integration::IntegrationChoice;
use crate::engine::Verdict;

#[test]
fn enter_alone_reaches_done_with_currents_and_a_secret_key() {
    let mut app = start(Draft::default());
    let apply_task = to_apply(&mut app);
    let answers = app.shared.answers.clone().unwrap();
    assert_eq!(answers.integration, IntegrationChoice::Currents);
    assert_eq!(answers.bucket.as_str(), "braze-export-abc123");
    assert_eq!(
        answers.region.as_str(),
        "eu-west-1",
        "the identity's region is the default"
    );
    assert_eq!(answers.folder.as_ref().unwrap().as_str(), "currents");
    assert!(
        matches!(&answers.auth, AuthMethod::SecretKey { user } if user.as_str() == "braze-s3-braze-export-abc123")
    );

    app.update(Action::Applied(Reply {
        task: apply_task,
        result: Ok(applied()),
    }));
    let fx = enter(&mut app);
    let Some(Effect::Verify { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    let report = TestReport {
        checks: vec![check("put object", CheckOutcome::Pass)],
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
        result: Ok("/tmp/c/braze-export-abc123.json".into()),
    }));
    enter(&mut app);
    assert_eq!(app.step, StepId::Done);
    let fx = enter(&mut app);
    assert!(matches!(
        exit_of(&fx),
        Some(Outcome::Completed {
            verdict: Verdict::Passed,
            ..
        })
    ));
}

#[test]
fn esc_goes_back_and_keeps_every_answer() {
    let mut app = start(Draft::default());
    enter(&mut app);
    key(&mut app, KeyCode::Down); // Dashboard data export
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down); // Both
    let fx = enter(&mut app);
    answer_bucket_lookups(&mut app, fx, BucketState::Missing);
    enter(&mut app);
    assert_eq!(app.step, StepId::Options);
    key(&mut app, KeyCode::Tab); // the name → the folder
    clear(&mut app);
    typ(&mut app, "/braze/prod/");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char(' ')); // SSE on
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.step, StepId::Integration);
    assert_eq!(app.steps.integration.choice(), IntegrationChoice::Both);
    enter(&mut app);
    enter(&mut app); // the bucket answer is kept too
    assert_eq!(app.step, StepId::Options);
    assert_eq!(app.steps.options.folder.value(), "/braze/prod/");
    assert!(app.steps.options.sse);
    leave_options(&mut app);
    enter(&mut app);
    let a = app.shared.answers.clone().unwrap();
    assert_eq!(a.folder.unwrap().as_str(), "braze/prod", "normalised");
    assert!(a.sse);
    assert_eq!(a.integration, IntegrationChoice::Both);
}

#[test]
fn invalid_input_blocks_enter_and_says_why() {
    let mut app = start(Draft::default());
    enter(&mut app);
    enter(&mut app);
    clear(&mut app);
    let fx = typ(&mut app, "My_Bucket");
    assert!(fx.is_empty(), "an invalid name is not checked: {fx:?}");
    enter(&mut app);
    assert_eq!(app.step, StepId::Bucket);
    assert!(bucket_problem(&app).contains("lowercase"));
    assert!(screen(&app).contains("use only lowercase letters"));
}

#[test]
fn a_taken_name_blocks_enter_and_enter_while_checking_waits_for_the_check() {
    let mut app = start(Draft::default());
    enter(&mut app);
    let fx = enter(&mut app);
    answer_bucket_lookups(&mut app, fx, BucketState::OwnedByOther);
    enter(&mut app);
    assert_eq!(app.step, StepId::Bucket);
    let fx = typ(&mut app, "x");
    let Some(Effect::CheckBucket { task, name }) = fx.into_iter().next() else {
        panic!()
    };
    assert_eq!(name.as_str(), "braze-export-abc123x");
    enter(&mut app);
    assert_eq!(app.step, StepId::Bucket, "still checking");
    app.update(Action::BucketChecked {
        task,
        name,
        result: Ok(BucketState::Missing),
    });
    assert_eq!(app.step, StepId::Options, "Enter was remembered");
}

#[test]
fn stale_results_are_dropped() {
    let mut app = start(Draft::default());
    enter(&mut app);
    let fx = enter(&mut app);
    let Some(Effect::CheckBucket { task: old, name }) = fx.into_iter().next() else {
        panic!()
    };
    typ(&mut app, "z");
    app.update(Action::BucketChecked {
        task: old,
        name,
        result: Ok(BucketState::OwnedByOther),
    });
    assert_eq!(
        app.steps.bucket.availability,
        crate::tui::steps::bucket::Availability::Checking
    );
}

#[test]
fn help_opens_and_closes_without_moving() {
    let mut app = start(Draft::default());
    enter(&mut app);
    key(&mut app, KeyCode::Char('?'));
    assert!(app.help);
    assert!(screen(&app).contains("Help: Integration"));
    enter(&mut app); // any other key only closes the help
    assert!(!app.help);
    assert_eq!(app.step, StepId::Integration);
}

#[test]
fn q_types_in_a_text_field_and_quits_elsewhere() {
    let mut app = start(Draft::default());
    enter(&mut app);
    enter(&mut app);
    let fx = typ(&mut app, "q");
    assert!(exit_of(&fx).is_none());
    assert_eq!(app.steps.bucket.name.value(), "braze-export-abc123q");
    key(&mut app, KeyCode::Tab); // region list
    let fx = typ(&mut app, "q");
    assert_eq!(
        exit_of(&fx),
        Some(&Outcome::Cancelled {
            name: None,
            changed: false,
            signal: false
        })
    );
}

#[test]
fn key_releases_are_ignored() {
    let mut app = start(Draft::default());
    let mut release = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    app.update(Action::Key(release));
    assert_eq!(app.step, StepId::Identity);
}

#[test]
fn ctrl_c_before_the_plan_is_confirmed_quits_at_once() {
    let mut app = start(Draft::default());
    to_policy(&mut app);
    let fx = ctrl_c(&mut app);
    let outcome = exit_of(&fx).unwrap();
    assert_eq!(
        outcome,
        &Outcome::Cancelled {
            name: app.shared.answers.as_ref().map(|a| a.name.clone()),
            changed: false,
            signal: true
        }
    );
    assert!(outcome.report()[0].contains("nothing was changed"));
}

#[test]
fn without_credentials_plan_only_prints_the_plan_and_changes_nothing() {
    let (mut app, fx) = App::new(Config {
        sandbox: false,
        ..config(Draft::default())
    });
    let Some(Effect::StartEngine {
        task,
        sandbox: false,
    }) = fx.first()
    else {
        panic!()
    };
    let fx = app.update(Action::EngineStarted(Reply {
        task: *task,
        result: Ok(()),
    }));
    let Some(Effect::LoadIdentity { task }) = fx.first() else {
        panic!()
    };
    let no_creds = Failure {
        code: None,
        message: "no AWS credentials found".into(),
        interrupted: false,
    };
    app.update(Action::IdentityLoaded(Reply {
        task: *task,
        result: Err(no_creds),
    }));
    let fx = enter(&mut app); // first choice: the sandbox
    assert!(matches!(
        fx.first(),
        Some(Effect::StartEngine { sandbox: true, .. })
    ));
    let Some(Effect::StartEngine { task, .. }) = fx.first() else {
        panic!()
    };
    let broken = Failure::new("moto_server was not found");
    app.update(Action::EngineStarted(Reply {
        task: *task,
        result: Err(broken),
    }));
    let fx = enter(&mut app); // now the first choice is plan-only
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.shared.plan_only);
    assert_eq!(app.step, StepId::Integration);
    let fx = enter(&mut app);
    assert!(fx.is_empty(), "no AWS look-ups offline: {fx:?}");
    enter(&mut app);
    enter(&mut app);
    enter(&mut app);
    let fx = enter(&mut app);
    assert!(fx.is_empty(), "the plan is computed without AWS: {fx:?}");
    assert!(app.steps.plan.plan().is_some());
    let fx = enter(&mut app);
    let Some(Outcome::PlanOnly { plan: Some(plan) }) = exit_of(&fx) else {
        panic!("{fx:?}")
    };
    assert!(plan.lines()[0].contains("create bucket braze-export-abc123"));
}

#[test]
fn object_lock_and_kms_buckets_are_refused() {
    let mut app = start(Draft::default());
    enter(&mut app);
    let fx = enter(&mut app);
    answer_bucket_lookups(&mut app, fx, BucketState::Missing);
    key(&mut app, KeyCode::Up); // to the mode list
    key(&mut app, KeyCode::Down); // "Use one of my buckets"
    key(&mut app, KeyCode::Down); // into the list
    key(&mut app, KeyCode::Down); // compliance-archive (Object Lock)
    enter(&mut app);
    assert!(bucket_problem(&app).contains("Object Lock"));
    key(&mut app, KeyCode::Down); // kms-only
    enter(&mut app);
    assert!(bucket_problem(&app).contains("SSE-KMS"));
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up); // analytics-lake
    enter(&mut app);
    assert_eq!(app.step, StepId::Options);
    assert_eq!(app.shared.draft.bucket.as_deref(), Some("analytics-lake"));
    assert!(app.shared.draft.existing_bucket);
}

#[test]
fn role_arn_needs_the_braze_values_and_validates_them_as_typed() {
    let mut app = start(Draft::default());
    enter(&mut app);
    let fx = enter(&mut app);
    answer_bucket_lookups(&mut app, fx, BucketState::Missing);
    enter(&mut app);
    leave_options(&mut app);
    key(&mut app, KeyCode::Down); // Role ARN
    enter(&mut app);
    assert_eq!(app.step, StepId::Auth);
    // Issue 12, item 7: the problem is under its field, and focus goes there.
    assert_eq!(
        app.steps.auth.focus,
        crate::tui::steps::auth::Focus::Account
    );
    assert!(screen(&app).contains("required: Braze's 12-digit AWS account ID"));
    typ(&mut app, "12345");
    assert!(screen(&app).contains("must be exactly 12 digits"));
    typ(&mut app, "6789012");
    key(&mut app, KeyCode::Tab);
    typ(&mut app, "braze-ext-42");
    enter(&mut app);
    assert_eq!(app.step, StepId::Policy);
    assert!(
        app.steps
            .policy
            .documents
            .iter()
            .any(|d| d.json.contains("sts:ExternalId"))
    );
}

/// Item 7: the bucket step reads an existing bucket's policy: a statement that would certainly
/// block Braze refuses the bucket, one that only may is no refusal (the plan warns).
#[test]
fn item_7_a_bucket_whose_policy_blocks_braze_is_refused() {
    use crate::domain::bucket_policy::BucketPolicy;
    use crate::tui::steps::bucket::refusal;
    let doc = |condition: &str| {
        BucketPolicy::parse(&format!(
            r#"{{"Statement": {{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": "arn:aws:s3:::vpc-only/*", "Condition": {condition}}}}}"#
        ))
        .unwrap()
    };
    let mut b = bucket_info("vpc-only", false, Encryption::SseS3);
    b.policy = doc(r#"{"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c"}}"#);
    let why = refusal(&b, IntegrationChoice::Both).unwrap();
    assert!(
        why.contains("bucket policy") && why.contains("aws:SourceVpce"),
        "{why}"
    );
    b.policy = doc(r#"{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#);
    assert_eq!(refusal(&b, IntegrationChoice::Both), None);
}
