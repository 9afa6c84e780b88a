//! Lists you can search (issue 12, item 8): `/` narrows, Enter keeps the choice, Esc goes back
//! to the earlier one; PgUp/PgDn, Home/End; a marker when the list is longer than its window;
//! region names beside codes; the bucket list with headings, unusable buckets greyed out with
//! why, and Ctrl-R to list again.

use super::*;

fn with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    app.update(Action::Key(KeyEvent::new(code, modifiers)))
}

/// The Bucket step with the focus on the region list (eu-west-1 chosen, from the identity).
fn on_regions(size: (u16, u16)) -> App {
    let mut app = start(Draft::default());
    app.update(Action::Resize(size.0, size.1));
    enter(&mut app);
    let fx = enter(&mut app);
    answer_bucket_lookups(&mut app, fx, BucketState::Missing);
    key(&mut app, KeyCode::Down); // Name → Region
    assert_eq!(app.steps.bucket.region(), "eu-west-1");
    app
}

/// The Bucket step on "Use one of my buckets", the focus on the list.
fn on_buckets(size: (u16, u16)) -> App {
    let mut app = on_regions(size);
    key(&mut app, KeyCode::BackTab); // Region → Name
    key(&mut app, KeyCode::BackTab); // → mode list
    key(&mut app, KeyCode::Down); // "Use one of my buckets"
    key(&mut app, KeyCode::Down); // → the list
    assert!(app.steps.bucket.existing());
    app
}

#[test]
fn page_keys_and_home_end_move_in_the_region_list() {
    let mut app = on_regions((100, 30));
    key(&mut app, KeyCode::Home);
    assert_eq!(app.steps.bucket.region(), "af-south-1");
    key(&mut app, KeyCode::PageDown);
    assert_eq!(
        app.steps.bucket.region(),
        "ap-northeast-3",
        "a page is the 5 rows shown"
    );
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.steps.bucket.region(), "af-south-1");
    key(&mut app, KeyCode::End);
    assert_eq!(app.steps.bucket.region(), "us-west-2");
    key(&mut app, KeyCode::PageDown);
    assert_eq!(
        app.steps.bucket.region(),
        "us-west-2",
        "the last stays last"
    );
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Up);
    assert_eq!(
        app.steps.bucket.focus,
        crate::tui::steps::bucket::Focus::Name
    );
}

#[test]
fn a_filter_narrows_enter_keeps_the_choice_and_esc_goes_back() {
    let mut app = on_regions((100, 30));
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "LOND");
    assert_eq!(
        app.steps.bucket.region(),
        "eu-west-2",
        "names match, in any case"
    );
    assert!(screen(&app).contains("eu-west-2       Europe (London)"));
    assert!(
        !screen(&app).contains("eu-west-1 "),
        "what doesn't match is hidden"
    );
    enter(&mut app); // keeps eu-west-2, closes the filter; the step stays
    assert_eq!(app.step, StepId::Bucket);
    assert_eq!(app.steps.bucket.region(), "eu-west-2");
    assert!(screen(&app).contains("eu-west-1 "), "the whole list again");
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "tokyo");
    assert_eq!(app.steps.bucket.region(), "ap-northeast-1");
    key(&mut app, KeyCode::Esc); // clears: back to eu-west-2, still on the step
    assert_eq!(app.step, StepId::Bucket);
    assert_eq!(app.steps.bucket.region(), "eu-west-2");
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "qx");
    assert!(screen(&app).contains("nothing matches"));
    key(&mut app, KeyCode::Tab); // leaving the list closes the filter, keeping the choice
    assert_eq!(app.steps.bucket.region(), "eu-west-2");
    assert!(
        !app.key_ctx().typing,
        "q quits again once the filter is closed"
    );
    enter(&mut app);
    assert_eq!(app.step, StepId::Options);
    assert_eq!(app.shared.draft.region.as_deref(), Some("eu-west-2"));
}

#[test]
fn typing_in_a_filter_is_text_not_keys() {
    let mut app = on_regions((100, 30));
    key(&mut app, KeyCode::Char('/'));
    // q would quit and ? would show help outside a text field; Home is the filter's.
    let fx = typ(&mut app, "ireq");
    assert!(exit_of(&fx).is_none());
    with(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
    assert_eq!(app.steps.bucket.region(), "eu-west-1");
    with(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    key(&mut app, KeyCode::Down);
    assert_ne!(
        app.steps.bucket.region(),
        "eu-west-1",
        "↓ moves in the (whole) list"
    );
}

#[test]
fn the_bucket_list_filters_and_lists_again_with_ctrl_r() {
    let mut app = on_buckets((100, 30));
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "kms");
    enter(&mut app);
    let chosen = |app: &App| {
        app.steps
            .bucket
            .selected_bucket()
            .map(|b| b.name.to_string())
    };
    assert_eq!(chosen(&app).as_deref(), Some("kms-only"));
    let fx = with(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    let Some(Effect::ListBuckets { task }) = fx.first() else {
        panic!("Ctrl-R lists the buckets again: {fx:?}")
    };
    app.update(Action::BucketsListed(Reply {
        task: *task,
        result: Ok(vec![
            bucket_info("kms-only", false, Encryption::Kms),
            bucket_info("new-bucket", false, Encryption::SseS3),
        ]),
    }));
    assert_eq!(
        chosen(&app).as_deref(),
        Some("kms-only"),
        "the choice stays"
    );
    assert!(screen(&app).contains("new-bucket"));
    enter(&mut app);
    let problem = app.steps.bucket.problem.clone().unwrap_or_default();
    assert!(
        problem.contains("SSE-KMS"),
        "a greyed-out bucket is refused: {problem}"
    );
}

#[test]
fn region_list_filtered_at_80x24_and_120x40() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = on_regions((w, h));
        key(&mut app, KeyCode::Char('/'));
        typ(&mut app, "eu-");
        insta::assert_snapshot!(format!("region_filtered_{w}x{h}"), screen(&app));
    }
}

#[test]
fn bucket_list_at_80x24_and_120x40() {
    for (w, h) in [(80, 24), (120, 40)] {
        let app = on_buckets((w, h));
        insta::assert_snapshot!(format!("bucket_list_{w}x{h}"), screen(&app));
    }
}
