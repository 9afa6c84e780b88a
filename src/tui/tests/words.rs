//! Issue 12, items 7 and 9, and issue 13, item 4 (the wizard's share offer): errors where the
//! mistake is, words that are true, the exit code from the engine's verdict, and sharing a
//! saved Currents connector's user and key.

use crate::store::profile::fixtures;

use super::*;
use crate::domain::auth::AuthKind;
use crate::domain::integration::IntegrationChoice;
use crate::domain::progress::CheckResult;
use crate::engine::{EngineOptions, Verdict, share_offers};
use crate::store::profile::ProfileStore;
use crate::tui::steps::auth::Focus;

/// From Identity to Auth with Enter alone (answering the Bucket step's look-ups); the
/// effects entering Auth asked for.
fn to_auth(app: &mut App) -> Vec<Effect> {
    enter(app); // Identity → Integration
    let fx = enter(app); // → Bucket
    answer_bucket_lookups(app, fx, BucketState::Missing);
    enter(app); // → Options
    let fx = leave_options(app); // → Auth
    assert_eq!(app.step, StepId::Auth);
    fx
}

fn sized(app: &mut App, w: u16, h: u16) {
    app.update(Action::Resize(w, h));
}

#[test]
fn role_field_errors_are_under_their_fields_in_the_wizards_words() {
    let mut app = start(Draft::default());
    to_auth(&mut app);
    sized(&mut app, 80, 24);
    key(&mut app, KeyCode::Down); // AWS role ARN
    enter(&mut app);
    assert_eq!(app.step, StepId::Auth);
    assert_eq!(
        app.steps.auth.focus,
        Focus::Account,
        "focus on the first field in error"
    );
    let s = screen(&app);
    insta::assert_snapshot!("auth_required_fields_80x24", s);
    assert!(!s.contains("--"), "no command-line flag in the wizard: {s}");
    assert!(s.contains("required: Braze's 12-digit"), "{s}");
    assert!(s.contains("required: copy it from the Braze page"), "{s}");
    // The person's own account: warned under the field, not refused.
    typ(&mut app, "123456789012");
    let s = screen(&app);
    assert!(
        s.contains("that is your own AWS account, not Braze's"),
        "{s}"
    );
    enter(&mut app);
    assert_eq!(
        app.steps.auth.focus,
        Focus::External,
        "focus moves to the next field in error"
    );
    typ(&mut app, "braze-ext-42");
    enter(&mut app);
    assert_eq!(app.step, StepId::Policy, "a warning does not block");
}

#[test]
fn answer_problems_no_field_holds_lose_their_flags() {
    use crate::domain::answers::AnswerError;
    use crate::tui::steps::auth::wizard_words;
    let missing = AnswerError::Missing {
        field: "Braze account ID",
        hint: "copy it from the Braze dashboard's Amazon S3 page (--braze-account-id)",
    };
    assert_eq!(wizard_words(&missing), "Braze account ID is required");
    let conflict = AnswerError::Conflict(
        "the Braze account ID and external ID are for role-ARN auth (--auth role-arn)",
    );
    assert_eq!(
        wizard_words(&conflict),
        "the Braze account ID and external ID are for role-ARN auth"
    );
    let plain = AnswerError::Conflict("a folder path is a Currents option (not exports)");
    assert_eq!(
        wizard_words(&plain),
        "a folder path is a Currents option (not exports)"
    );
}

/// Runs the live test to its end with `checks`, the profile saved.
fn tested(app: &mut App, checks: Vec<CheckResult>) {
    let task = to_apply(app);
    app.update(Action::Applied(Reply {
        task,
        result: Ok(applied()),
    }));
    let fx = enter(app);
    let Some(Effect::Verify { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    let fx = app.update(Action::Verified {
        task: *task,
        report: TestReport { checks },
    });
    let Some(Effect::Save { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    app.update(Action::Saved(Reply {
        task: *task,
        result: Ok("/c/braze-export-abc123.json".into()),
    }));
}

#[test]
fn a_passed_test_says_how_many_checks_could_not_run_here() {
    let mut app = start(Draft::default());
    let mut checks: Vec<CheckResult> = (0..5)
        .map(|i| check(&format!("check {i}"), CheckOutcome::Pass))
        .collect();
    checks.extend((0..2).map(|i| check(&format!("simulated {i}"), CheckOutcome::NotAvailable)));
    tested(&mut app, checks);
    let s = screen(&app);
    assert!(
        s.contains("5 checks passed; 2 could not run at this endpoint — use Braze's Test"),
        "{s}"
    );
    assert!(!s.contains("All checks passed"), "{s}");
}

#[test]
fn an_unreachable_endpoint_exits_1_from_the_wizard_as_from_headless() {
    let mut app = start(Draft::default());
    let mut down = check("list bucket", CheckOutcome::Unreachable);
    down.detail = "connection refused".into();
    tested(&mut app, vec![down]);
    assert!(screen(&app).contains("could not be reached"));
    let fx = key(&mut app, KeyCode::Char('q'));
    let outcome = exit_of(&fx).unwrap();
    assert!(
        matches!(
            outcome,
            Outcome::Completed {
                verdict: Verdict::Unreachable(_),
                ..
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(outcome.exit_code(), crate::exit::RUNTIME);
    assert!(outcome.report()[0].contains("could not reach the endpoint (connection refused)"));
}

#[test]
fn the_done_step_says_where_the_secret_is_kept() {
    for store_secret in [true, false] {
        let (mut app, _) = App::new(Config {
            store_secret,
            ..config(Draft::default())
        });
        app.step = StepId::Done;
        app.steps.done.fill(super::finish::braze_fields());
        app.steps.done.saved = Some(Ok("/c/acme.json".into()));
        app.steps.done.store_secret = store_secret;
        let s = screen(&app);
        let kept = s.contains("The secret is kept in the connector profile");
        let nowhere = s.contains("The secret is shown only now and kept nowhere");
        assert_eq!((kept, nowhere), (store_secret, !store_secret), "{s}");
    }
}

#[test]
fn a_loopback_endpoint_wears_the_badge_but_is_not_the_tools_sandbox() {
    let (mut app, fx) = App::new(Config {
        sandbox: false,
        ..config(Draft::default())
    });
    let Some(Effect::StartEngine {
        task,
        sandbox: false,
    }) = fx.first()
    else {
        panic!("{fx:?}")
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
    let s = screen(&app);
    assert!(s.lines().next().unwrap().contains(" sandbox "), "{s}");
    assert!(!s.contains("the tool started"), "{s}");
    assert!(s.contains("the endpoint is on this machine"), "{s}");
}

#[test]
fn help_text_never_touches_its_border() {
    let mut app = start(Draft::default());
    for size in [(80, 24), (120, 40)] {
        sized(&mut app, size.0, size.1);
        key(&mut app, KeyCode::Char('?'));
        let s = screen(&app);
        let rows: Vec<&str> = s.lines().filter(|l| l.matches('│').count() >= 2).collect();
        assert!(!rows.is_empty(), "{s}");
        for row in rows {
            let inner: Vec<char> = row.trim_matches('"').chars().collect();
            let (l, r) = (
                inner.iter().position(|c| *c == '│').unwrap(),
                inner.iter().rposition(|c| *c == '│').unwrap(),
            );
            assert_eq!(inner[l + 1], ' ', "{row}");
            assert_eq!(inner[r - 1], ' ', "{row}");
        }
        key(&mut app, KeyCode::Esc);
    }
}

// ---- the share offer (issue 13, item 4) ----

/// Saves Currents connector `name` on `bucket`, writing to `folder`, with its key's secret.
fn save_currents(dir: &std::path::Path, name: &str, bucket: &str, folder: &str) {
    let answers = Draft {
        name: Some(name.into()),
        integration: Some(IntegrationChoice::Currents),
        auth: Some(AuthKind::SecretKey),
        bucket: Some(bucket.into()),
        folder: Some(folder.into()),
        ..Draft::default()
    }
    .build()
    .unwrap();
    let profile = fixtures::saved(answers, Some("old-secret"), "2027-01-15T08:00:00Z", true);
    // The wizard's engine runs against its sandbox: its connectors are in the sandbox store.
    ProfileStore::open(Some(dir), true)
        .unwrap()
        .save(&profile)
        .unwrap();
}

/// To Auth for connector `events-two` on bucket `lake`, folder `folder`, with the saved
/// connectors of `dir` answering the offer look-up.
fn at_auth_with_offers(dir: &std::path::Path, folder: &str) -> App {
    let mut app = start(Draft {
        name: Some("events-two".into()),
        bucket: Some("lake".into()),
        folder: Some(folder.into()),
        ..Draft::default()
    });
    let fx = to_auth(&mut app);
    let Some(Effect::FindShareOffers { task, bucket }) = fx.first() else {
        panic!("{fx:?}")
    };
    let opts = EngineOptions {
        config_dir: Some(dir.to_path_buf()),
        sandbox: true,
        ..EngineOptions::default()
    };
    let result = share_offers(&opts, bucket).map_err(|e| Failure::new(e.to_string()));
    app.update(Action::ShareOffersFound(Reply {
        task: *task,
        result,
    }));
    app
}

#[test]
fn the_auth_step_offers_a_saved_currents_connectors_user_and_key() {
    let dir = tempfile::tempdir().unwrap();
    save_currents(dir.path(), "events-one", "lake", "one");
    save_currents(dir.path(), "elsewhere", "other-lake", "one");
    let mut app = at_auth_with_offers(dir.path(), "two");
    sized(&mut app, 80, 24);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down); // the offer
    let s = screen(&app);
    insta::assert_snapshot!("auth_share_offer_80x24", s);
    assert!(
        s.contains("Share connector events-one's user and key"),
        "{s}"
    );
    assert!(
        !s.contains("elsewhere"),
        "another bucket's connector is not offered: {s}"
    );
    assert!(!s.contains("IAM user name"), "no user to name: {s}");
    enter(&mut app);
    assert_eq!(app.step, StepId::Policy);
    let answers = app.shared.answers.clone().unwrap();
    assert_eq!(answers.share_with.as_ref().unwrap().as_str(), "events-one");
    // Its user and policy: the plan makes no new user or key (domain::plan_share).
    let user = match &answers.auth {
        crate::domain::auth::AuthMethod::SecretKey { user } => user.as_str(),
        other => panic!("{other:?}"),
    };
    assert_eq!(user, "braze-s3-events-one");
    assert!(answers.shared_policy.is_some());
    // Back, and a user of its own again: nothing of the share is left in the answers.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    enter(&mut app);
    let answers = app.shared.answers.clone().unwrap();
    assert!(answers.share_with.is_none() && answers.shared_policy.is_none());
}

#[test]
fn sharing_a_connectors_folder_is_refused_on_the_auth_step() {
    let dir = tempfile::tempdir().unwrap();
    save_currents(dir.path(), "events-one", "lake", "one");
    let mut app = at_auth_with_offers(dir.path(), "one");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    enter(&mut app);
    assert_eq!(
        app.step,
        StepId::Auth,
        "the same folder is refused before the plan"
    );
    let s = screen(&app);
    assert!(s.contains("it writes to folder one too"), "{s}");
    assert!(s.contains("need folders of their own"), "{s}");
}
