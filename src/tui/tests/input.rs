//! Text fields in the wizard (issue 12, item 4): a paste is a value, never Enter; the readline
//! keys work in every field.

use super::*;

fn to_bucket(app: &mut App) {
    enter(app); // Identity → Integration
    let fx = enter(app); // → Bucket
    answer_bucket_lookups(app, fx, BucketState::Missing);
    assert_eq!(app.step, StepId::Bucket);
}

fn with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    app.update(Action::Key(KeyEvent::new(code, modifiers)))
}

#[test]
fn a_paste_is_trimmed_drops_line_breaks_and_never_submits() {
    let mut app = start(Draft::default());
    to_bucket(&mut app);
    clear(&mut app);
    let fx = app.update(Action::Paste("  name\n".into()));
    assert_eq!(app.steps.bucket.name.value(), "name");
    assert_eq!(app.step, StepId::Bucket, "a pasted line break is not Enter");
    assert!(
        matches!(fx.as_slice(), [Effect::CheckBucket { name, .. }] if name.as_str() == "name"),
        "the pasted name is checked once, as typed: {fx:?}"
    );
}

#[test]
fn a_paste_goes_nowhere_without_a_focused_field() {
    let mut app = start(Draft::default());
    to_bucket(&mut app);
    key(&mut app, KeyCode::Up); // focus on the mode list
    let before = app.steps.bucket.name.value().to_string();
    assert!(app.update(Action::Paste("other".into())).is_empty());
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('?'));
    assert!(app.help);
    app.update(Action::Paste("other".into()));
    assert_eq!(app.steps.bucket.name.value(), before);
}

#[test]
fn readline_keys_edit_every_field() {
    let mut app = start(Draft::default());
    to_bucket(&mut app);
    // Bucket name: "braze-export-abc123" → Ctrl-W deletes the last word.
    with(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(app.steps.bucket.name.value(), "braze-export-");
    with(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    typ(&mut app, "my-");
    with(&mut app, KeyCode::Char('e'), KeyModifiers::CONTROL);
    typ(&mut app, "x");
    assert_eq!(app.steps.bucket.name.value(), "my-braze-export-x");
    with(&mut app, KeyCode::Char('b'), KeyModifiers::ALT);
    with(&mut app, KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(app.steps.bucket.name.value(), "my-braze-export-");
    with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.steps.bucket.name.value(), "");
    typ(&mut app, "braze-export-abc123");
    app.steps.bucket.availability =
        crate::tui::steps::bucket::Availability::Known(BucketState::Missing);
    app.steps.bucket.check_task = None;
    enter(&mut app);
    // Options: the folder field takes the same keys.
    assert_eq!(app.step, StepId::Options);
    key(&mut app, KeyCode::Tab); // the name → the folder
    with(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(app.steps.options.folder.value(), "");
    app.update(Action::Paste(" events/braze \n".into()));
    assert_eq!(app.steps.options.folder.value(), "events/braze");
    with(&mut app, KeyCode::Home, KeyModifiers::NONE);
    with(&mut app, KeyCode::Char('f'), KeyModifiers::ALT);
    with(&mut app, KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(app.steps.options.folder.value(), "events/");
}
