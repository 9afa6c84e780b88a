//! Issue 12, the wizard's second pass: one key-driven test per item.

use super::*;

/// Item 1: while the "terminal too small" notice is up, no key acts on the hidden step; only
/// Ctrl-C (and a resize) gets through.
#[test]
fn no_key_acts_on_a_screen_that_isnt_shown() {
    let mut app = start(Draft::default());
    enter(&mut app); // → Integration
    let fx = enter(&mut app); // → Bucket
    answer_bucket_lookups(&mut app, fx, BucketState::Missing);
    assert_eq!(app.step, StepId::Bucket);
    let name = app.bucket.name.value().to_string();
    app.update(Action::Resize(70, 20));
    assert!(screen(&app).contains("too small"));
    assert!(typ(&mut app, "q").is_empty(), "q neither quits nor types");
    assert_eq!(app.bucket.name.value(), name);
    for _ in 0..5 {
        assert!(enter(&mut app).is_empty(), "Enter does nothing blind");
    }
    assert!(key(&mut app, KeyCode::Esc).is_empty());
    assert!(key(&mut app, KeyCode::Char('?')).is_empty());
    assert!(!app.help);
    assert_eq!(app.step, StepId::Bucket);
    // Back to a usable size: the step is as it was, and keys act again.
    app.update(Action::Resize(80, 24));
    assert_eq!(app.bucket.name.value(), name);
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
    let change = app.plan.plan().unwrap().changes[index].clone();
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
    app.update(Action::Applied {
        task,
        result: Err(Failure {
            code: None,
            message: "stopped".into(),
            interrupted: true,
        }),
    });
    assert_eq!(app.apply.status, apply::Status::Stopped);
}

fn finished_test(app: &mut App, passed: bool) {
    let task = to_apply(app);
    app.update(Action::Applied {
        task,
        result: Ok(applied()),
    });
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
    app.update(Action::Saved {
        task: *task,
        result: Ok("/c/braze-export-abc123.json".into()),
    });
}

/// Item 3: `q` on a passed Test goes to the Braze fields, not to "Setup stopped…" (exit 1).
#[test]
fn q_and_ctrl_c_mean_one_thing_everywhere_on_a_passed_test() {
    let mut app = start(Draft::default());
    finished_test(&mut app, true);
    assert!(screen(&app).contains("All checks passed"));
    let fx = key(&mut app, KeyCode::Char('q'));
    assert!(exit_of(&fx).is_none(), "{fx:?}");
    assert_eq!(app.step, StepId::Done, "q shows the Braze fields first");
    assert!(screen(&app).contains("AKIAEXAMPLEKEY123456"));
    let fx = key(&mut app, KeyCode::Char('q'));
    let outcome = exit_of(&fx).unwrap();
    assert!(matches!(outcome, Outcome::Completed { passed: true, .. }));
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
        matches!(outcome, Outcome::Completed { passed: false, .. }),
        "{outcome:?}"
    );
    assert_eq!(outcome.exit_code(), crate::exit::CHECK_FAILED);
}

/// Item 3: on a finished Apply, `q` asks; Ctrl-C asks too, and a second Ctrl-C quits.
#[test]
fn q_and_ctrl_c_mean_one_thing_everywhere_on_a_finished_apply() {
    let mut app = start(Draft::default());
    let task = to_apply(&mut app);
    for i in 0..app.apply.rows.len() {
        applied_change(&mut app, task, i);
    }
    app.update(Action::Applied {
        task,
        result: Ok(applied()),
    });
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
    app.update(Action::RolledBack {
        task: *task,
        result: Ok(()),
    });
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

/// Two credential sets, one per integration: Currents with a key, data export with a role.
fn two_sets() -> Vec<crate::engine::BrazeField> {
    use crate::domain::integration::Integration::{Currents, DataExport};
    use crate::engine::{BrazeField, FieldValue};
    let plain = |integration, label, v: &str| BrazeField {
        integration,
        label,
        value: FieldValue::Plain(v.into()),
    };
    let mut fields = super::finish::braze_fields();
    fields.push(plain(Currents, "Server-Side AES-256 Encryption", "on"));
    fields.push(plain(
        DataExport,
        "AWS Role ARN",
        "arn:aws:iam::123456789012:role/braze-s3-braze-export-abc123-data-export",
    ));
    fields.push(plain(
        DataExport,
        "AWS S3 Bucket Name",
        "braze-export-abc123",
    ));
    fields.push(plain(DataExport, "Server-Side AES-256 Encryption", "on"));
    fields
}

fn at_done(size: (u16, u16), fields: Vec<crate::engine::BrazeField>) -> App {
    let mut app = start(Draft::default());
    finished_test(&mut app, true);
    enter(&mut app);
    assert_eq!(app.step, StepId::Done);
    app.done.fill(fields);
    app.done.saved = Some(Ok(
        "/home/me/.config/braze-s3/connectors/braze-export-abc123.json".into(),
    ));
    app.update(Action::Resize(size.0, size.1));
    app
}

/// The body rows of a screen: what is right of the step rail.
fn body(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| {
            l.split('│')
                .nth(1)
                .unwrap_or("")
                .trim_end_matches('"')
                .to_string()
        })
        .collect()
}

/// Item 5: at 80×24 no value wraps, the hint is gone from the table, the copy confirmation is
/// in the footer, labels are Braze's own, and two credential sets each have their heading.
#[test]
fn a_done_screen_that_fits_80x24() {
    use insta::assert_snapshot;
    let mut app = at_done((80, 24), two_sets());
    let s = screen(&app);
    assert_snapshot!("done_two_sets_80x24", s);
    assert!(s.contains("AWS Access ID"), "{s}");
    assert!(!s.contains("r reveals"), "no hint in the table: {s}");
    assert!(s.contains("r reveal"), "the footer offers reveal: {s}");
    assert!(s.contains("In Braze: Currents"), "{s}");
    // The role ARN is long: it stands under its label, cut with … rather than wrapped.
    for _ in 0..5 {
        key(&mut app, KeyCode::Down);
    }
    let s = screen(&app);
    assert_snapshot!("done_two_sets_80x24_scrolled", s);
    assert!(s.contains("In Braze: Dashboard data export"), "{s}");
    let arn = body(&s)
        .into_iter()
        .find(|l| l.contains("arn:aws:iam::"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(
        arn.trim_end().ends_with('…') || arn.contains("data-export"),
        "{s}"
    );
    // Revealed, the secret stays on a row of its own under its label, unwrapped.
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char('r'));
    let s = screen(&app);
    assert!(
        s.contains("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        "{s}"
    );
    // The copy confirmation is in the footer, and the next key clears it.
    key(&mut app, KeyCode::Char('c'));
    let s = screen(&app);
    let footer = s.lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("Copied AWS Secret Access Key"), "{s}");
    key(&mut app, KeyCode::Down);
    assert!(!screen(&app).contains("Copied"));
}

/// Item 5: with no secret (a role), `r reveal` is not offered; at 120×40 all is on one screen.
#[test]
fn a_done_screen_that_fits_80x24_offers_reveal_only_for_a_secret() {
    use insta::assert_snapshot;
    let role: Vec<_> = two_sets()
        .into_iter()
        .filter(|f| f.integration == crate::domain::integration::Integration::DataExport)
        .collect();
    let mut app = at_done((80, 24), role);
    let s = screen(&app);
    assert!(!s.contains("reveal"), "{s}");
    assert!(!s.contains("The secret is shown"), "{s}");
    key(&mut app, KeyCode::Char('r'));
    assert!(!app.done.reveal);
    let app = at_done((120, 40), two_sets());
    let s = screen(&app);
    assert_snapshot!("done_two_sets_120x40", s);
    assert!(!s.contains("── lines"), "no scrolling at 120×40: {s}");
}

/// Item 6: once the wizard ends, the Braze fields (secret masked unless revealed), the
/// profile path and the next commands, with the real name, are printed.
#[test]
fn when_the_wizard_ends_the_answer_stays_on_screen() {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let mut app = start(Draft::default());
    finished_test(&mut app, true);
    app.identity.sandbox = false;
    enter(&mut app);
    let fx = key(&mut app, KeyCode::Char('q'));
    let outcome = exit_of(&fx).unwrap();
    let report = outcome.report().join("\n");
    assert!(report.contains("In Braze: Currents"), "{report}");
    assert!(report.contains("AWS Access ID"), "{report}");
    assert!(report.contains("AKIAEXAMPLEKEY123456"), "{report}");
    assert!(report.contains("AWS S3 Bucket Name"), "{report}");
    assert!(!report.contains(secret), "masked unless revealed: {report}");
    assert!(report.contains("not revealed"), "{report}");
    assert!(report.contains("/c/braze-export-abc123.json"), "{report}");
    assert!(
        report.contains("braze-s3 test braze-export-abc123"),
        "{report}"
    );
    assert!(report.contains("braze-s3 doctor"), "{report}");
    assert!(
        report.contains("braze-s3 teardown braze-export-abc123"),
        "{report}"
    );
    assert!(!format!("{outcome:?}").contains(secret));
    // Revealed on the Done step, it is printed too (and still never in Debug).
    key(&mut app, KeyCode::Char('r'));
    let fx = enter(&mut app);
    let outcome = exit_of(&fx).unwrap();
    assert!(outcome.report().join("\n").contains(secret));
    assert!(!format!("{outcome:?}").contains(secret));
}

/// Item 6: a connector that passed is never hidden: Ctrl-C on the passed Test prints its
/// fields too.
#[test]
fn when_the_wizard_ends_the_answer_stays_on_screen_after_ctrl_c() {
    let mut app = start(Draft::default());
    finished_test(&mut app, true);
    let fx = ctrl_c(&mut app);
    let report = exit_of(&fx).unwrap().report().join("\n");
    assert!(report.contains("AKIAEXAMPLEKEY123456"), "{report}");
}
