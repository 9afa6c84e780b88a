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
