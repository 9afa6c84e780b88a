//! Issue 12, items 5 and 6: the Done screen and what stays on screen once the wizard ends.

use super::second_pass::finished_test;
use super::*;

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
    app.steps.done.fill(fields);
    app.steps.done.saved = Some(Ok(
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
    // PgDn/PgUp, which the scroll marker offers, go to the last and first field.
    key(&mut app, KeyCode::PageDown);
    assert!(screen(&app).contains("Connector profile saved to"));
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.steps.done.pick.selected, 0);
    assert!(screen(&app).contains("▸ AWS Access ID"));
    key(&mut app, KeyCode::PageDown);
    for _ in 0..2 {
        key(&mut app, KeyCode::Up);
    }
    assert!(s.contains("In Braze: Dashboard data export"), "{s}");
    let arn = body(&s)
        .into_iter()
        .find(|l| l.contains("arn:aws:iam::"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(arn.trim_end().ends_with('…'), "{s}");
    assert!(
        !body(&s)
            .iter()
            .any(|l| l.trim_start().starts_with("data-export")),
        "the rest of the ARN does not wrap onto a row of its own: {s}"
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
    assert!(!app.steps.done.reveal);
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
    app.shared.sandbox = false;
    enter(&mut app);
    let fx = key(&mut app, KeyCode::Char('q'));
    let outcome = exit_of(&fx).unwrap();
    let report = outcome.report().join("\n");
    assert!(report.contains("In Braze, Currents:"), "{report}");
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
