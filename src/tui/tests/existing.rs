//! Issue 12, item 2: a saved connector is never overwritten silently. The Options step asks
//! the connector's name; a saved one offers update (the plan shows the diff), a new name, or
//! cancel.

use insta::assert_snapshot;

use super::*;
use crate::domain::names::{BucketName, ConnectorName, FolderPath};
use crate::engine::Neighbour;
use crate::tui::steps::options::Focus;
use crate::tui::steps::options::name::Pick;

/// The saved connector `braze-export-abc123`: same bucket, but us-east-1 and AES-256 on; and
/// another connector on the bucket.
fn saved() -> Saved {
    let draft = Draft {
        bucket: Some("braze-export-abc123".into()),
        region: Some("us-east-1".into()),
        sse: Some(true),
        ..Draft::default()
    };
    Saved {
        same_name: Some(draft.build().unwrap()),
        on_bucket: vec![Neighbour {
            bucket: BucketName::parse("braze-export-abc123").unwrap(),
            name: ConnectorName::parse("staging-events").unwrap(),
            folder: Some(FolderPath::normalize("staging").unwrap()),
        }],
    }
}

/// To the Options step with every default.
fn to_options(app: &mut App) {
    enter(app);
    let fx = enter(app);
    answer_bucket_lookups(app, fx, BucketState::Missing);
    enter(app);
    assert_eq!(app.step, StepId::Options);
}

/// Enter on Options, answered with the saved connector: the choice is asked.
fn to_choice(app: &mut App) {
    to_options(app);
    let fx = enter(app);
    let Some(Effect::LookupSaved { name, bucket, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!(name.as_str(), "braze-export-abc123", "the bucket's name");
    assert_eq!(bucket.as_str(), "braze-export-abc123");
    assert!(answer_saved(app, fx, saved()).is_empty());
    assert_eq!(app.step, StepId::Options, "asks before going on");
}

fn pick(app: &App) -> Option<Pick> {
    app.steps.options.name.choice.as_ref().map(|c| c.pick)
}

#[test]
fn the_name_defaults_to_the_bucket_and_is_validated_as_typed() {
    let mut app = start(Draft::default());
    to_options(&mut app);
    assert_eq!(app.steps.options.name.input.value(), "braze-export-abc123");
    assert_eq!(app.steps.options.focus, Focus::Name);
    clear(&mut app);
    typ(&mut app, "no spaces");
    let message = ConnectorName::parse("no spaces").unwrap_err().reason;
    assert!(screen(&app).contains(&message[..20]), "{}", screen(&app));
    let fx = enter(&mut app);
    assert!(fx.is_empty(), "no look-up for a bad name: {fx:?}");
    assert_eq!(app.step, StepId::Options);
    let problem = app.steps.options.problem.clone().unwrap();
    assert_eq!(problem, format!("connector name: {message}"));
}

#[test]
fn a_new_name_goes_on_with_nothing_saved() {
    let mut app = start(Draft::default());
    to_options(&mut app);
    clear(&mut app);
    typ(&mut app, "prod-events");
    let fx = enter(&mut app);
    assert!(
        matches!(fx.first(), Some(Effect::LookupSaved { name, .. }) if name.as_str() == "prod-events")
    );
    answer_saved(&mut app, fx, Saved::default());
    assert_eq!(app.step, StepId::Auth);
    assert_eq!(app.shared.draft.name.as_deref(), Some("prod-events"));
}

#[test]
fn an_existing_name_offers_update_new_name_or_cancel() {
    let mut app = start(Draft::default());
    to_choice(&mut app);
    assert_eq!(pick(&app), Some(Pick::Update));
    let s = screen(&app);
    for words in [
        "already called braze-export-abc123",
        "Update it",
        "New name",
        "Cancel",
    ] {
        assert!(s.contains(words), "{words}: {s}");
    }
    assert!(s.contains("Enter choose"), "{s}");
    assert!(!app.key_ctx().typing, "the choice takes the keys");
    key(&mut app, KeyCode::Down);
    assert_eq!(pick(&app), Some(Pick::NewName));
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    assert_eq!(pick(&app), Some(Pick::Cancel), "wraps");
}

#[test]
fn update_shows_the_diff_against_the_saved_profile_on_the_plan() {
    let mut app = start(Draft::default());
    to_choice(&mut app);
    enter(&mut app); // Update it
    assert_eq!(app.step, StepId::Auth);
    enter(&mut app);
    let fx = enter(&mut app);
    let Some(Effect::Prepare { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    let p = prepared(&app);
    app.update(Action::Prepared(Reply {
        task: *task,
        result: Ok(Box::new(p)),
    }));
    assert_eq!(app.step, StepId::Plan);
    let s = screen(&app);
    assert!(
        s.contains("Updates saved connector braze-export-abc123"),
        "{s}"
    );
    assert!(s.contains("~ Region: us-east-1 → eu-west-1"), "{s}");
    assert!(s.contains("~ AES-256 encryption: on → off"), "{s}");
    // The sentence wraps at this width.
    assert!(
        s.contains("! bucket braze-export-abc123 is also used by connector staging-events"),
        "{s}"
    );
    // Above the changes.
    assert!(s.find("Region: us-east-1").unwrap() < s.find("changes, in this order").unwrap());
}

#[test]
fn update_of_unchanged_answers_says_so() {
    let mut app = start(Draft::default());
    to_options(&mut app);
    let fx = enter(&mut app);
    let same = Draft {
        bucket: Some("braze-export-abc123".into()),
        region: Some("eu-west-1".into()),
        ..Draft::default()
    };
    let saved = Saved {
        same_name: Some(same.build().unwrap()),
        on_bucket: Vec::new(),
    };
    answer_saved(&mut app, fx, saved);
    enter(&mut app); // Update it
    enter(&mut app);
    let fx = enter(&mut app);
    let Some(Effect::Prepare { task, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    let p = prepared(&app);
    app.update(Action::Prepared(Reply {
        task: *task,
        result: Ok(Box::new(p)),
    }));
    assert!(
        screen(&app).contains("= no answer changed"),
        "{}",
        screen(&app)
    );
}

#[test]
fn new_name_puts_focus_back_on_the_name_field() {
    let mut app = start(Draft::default());
    to_choice(&mut app);
    key(&mut app, KeyCode::Down);
    let fx = enter(&mut app);
    assert!(fx.is_empty());
    assert_eq!(app.step, StepId::Options);
    assert!(app.steps.options.name.choice.is_none());
    assert_eq!(app.steps.options.focus, Focus::Name);
    assert!(app.key_ctx().typing);
    typ(&mut app, "-2");
    let fx = enter(&mut app);
    assert!(
        matches!(fx.first(), Some(Effect::LookupSaved { name, .. }) if name.as_str() == "braze-export-abc123-2")
    );
    answer_saved(&mut app, fx, Saved::default());
    assert_eq!(app.step, StepId::Auth);
    assert_eq!(app.shared.saved, Saved::default(), "nothing to update");
}

#[test]
fn esc_on_the_choice_is_a_new_name() {
    let mut app = start(Draft::default());
    to_choice(&mut app);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.step, StepId::Options);
    assert_eq!(app.steps.options.focus, Focus::Name);
    assert!(app.steps.options.name.choice.is_none());
}

#[test]
fn cancel_quits_as_q_does_with_nothing_changed() {
    let mut app = start(Draft::default());
    to_choice(&mut app);
    key(&mut app, KeyCode::Up); // Cancel
    let fx = enter(&mut app);
    assert_eq!(fx.len(), 1, "only the exit: {fx:?}");
    assert!(matches!(
        exit_of(&fx),
        Some(Outcome::Cancelled {
            changed: false,
            signal: false,
            ..
        })
    ));
}

#[test]
fn a_chosen_update_is_not_asked_again() {
    let mut app = start(Draft::default());
    to_choice(&mut app);
    enter(&mut app); // Update it
    key(&mut app, KeyCode::Esc); // back to Options
    let fx = enter(&mut app);
    answer_saved(&mut app, fx, saved());
    assert_eq!(app.step, StepId::Auth, "the same name goes on");
    assert!(app.shared.saved.same_name.is_some());
}

#[test]
fn snapshots_of_the_choice_and_the_plan_with_its_diff() {
    for size in [(80, 24), (120, 40)] {
        let mut app = start(Draft::default());
        app.size = size;
        to_choice(&mut app);
        assert_snapshot!(format!("choice_{}x{}", size.0, size.1), screen(&app));
        enter(&mut app);
        enter(&mut app);
        let fx = enter(&mut app);
        let Some(Effect::Prepare { task, .. }) = fx.first() else {
            panic!("{fx:?}")
        };
        let p = prepared(&app);
        app.update(Action::Prepared(Reply {
            task: *task,
            result: Ok(Box::new(p)),
        }));
        assert_snapshot!(format!("plan_update_{}x{}", size.0, size.1), screen(&app));
    }
}
