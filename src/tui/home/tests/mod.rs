//! Key-driven tests of `Home` and `TestBackend` snapshots of the home screen.

mod keys;
mod results;
mod snapshots;

use crate::store::profile::fixtures;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use secrecy::SecretString;

use super::action::{Done, HomeAction, HomeEffect, TaskId};
use super::state::{Home, HomeConfig};
use crate::domain::answers::Draft;
use crate::domain::auth::AuthKind;
use crate::domain::integration::IntegrationChoice;
use crate::domain::progress::{CheckOutcome, CheckResult};
use crate::engine::{Listed, TestReport};
use crate::store::profile::{CheckRecord, ConnectorProfile, TestRecord};
use crate::tui::widgets::theme::Theme;

/// 2027-01-15T08:00:00Z: every age on screen is measured from here.
const EPOCH: u64 = 1_800_000_000;

fn rfc3339(secs: u64) -> String {
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + Duration::from_secs(secs)).to_string()
}

fn record(passed: bool, ago: u64) -> TestRecord {
    TestRecord {
        at: rfc3339(EPOCH - ago),
        passed,
        checks: vec![CheckRecord {
            name: "put object".into(),
            ok: passed,
            detail: "ok".into(),
        }],
    }
}

/// A saved connector: `auth` secret-key or role-arn, with its last test if any.
fn profile(
    name: &str,
    integration: IntegrationChoice,
    auth: AuthKind,
    bucket: &str,
    last_test: Option<TestRecord>,
) -> ConnectorProfile {
    let role = auth == AuthKind::RoleArn;
    let answers = Draft {
        name: Some(name.into()),
        integration: Some(integration),
        auth: Some(auth),
        bucket: Some(bucket.into()),
        braze_account_id: role.then(|| "210987654321".into()),
        external_id: role.then(|| "braze-external-id-123".into()),
        ..Draft::default()
    }
    .build()
    .unwrap();
    let mut saved = fixtures::saved(
        answers,
        Some("old-secret"),
        &rfc3339(EPOCH - 40 * 86_400),
        false,
    );
    saved.last_test = last_test;
    saved
}

fn saved() -> Vec<Listed> {
    use AuthKind::{RoleArn, SecretKey};
    use IntegrationChoice::{Both, Currents, DataExport};
    let p = |name, i, a, b, t| Listed::Saved(Box::new(profile(name, i, a, b, t)));
    vec![
        p(
            "acme-events",
            Currents,
            SecretKey,
            "acme-braze-events",
            Some(record(true, 3 * 3600)),
        ),
        p(
            "acme-exports",
            DataExport,
            RoleArn,
            "acme-braze-exports",
            None,
        ),
        p(
            "marketing-analytics-long-connector-name",
            Both,
            SecretKey,
            "marketing-analytics-braze-exports-eu-west-1",
            Some(record(false, 2 * 86_400)),
        ),
        Listed::Unreadable {
            name: crate::domain::names::ConnectorName::parse("broken").unwrap(),
            error: "connector profile /cfg/broken.json is corrupt: expected value at line 1".into(),
        },
    ]
}

fn home_with(connectors: Vec<Listed>, size: (u16, u16)) -> (Home, Vec<HomeEffect>) {
    Home::new(HomeConfig {
        theme: Theme::PLAIN,
        sandbox: false,
        size,
        now: Instant::now(),
        epoch: EPOCH,
        connectors,
    })
}

fn home() -> Home {
    home_with(saved(), (120, 40)).0
}

fn press(home: &mut Home, code: KeyCode) -> Vec<HomeEffect> {
    home.update(HomeAction::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ch(home: &mut Home, c: char) -> Vec<HomeEffect> {
    press(home, KeyCode::Char(c))
}

fn type_text(home: &mut Home, text: &str) {
    for c in text.chars() {
        assert!(ch(home, c).is_empty());
    }
}

fn ctrl_c(home: &mut Home) -> Vec<HomeEffect> {
    home.update(HomeAction::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )))
}

/// The task of the one effect started, and the connector it is for.
fn started(effects: &[HomeEffect]) -> (TaskId, String) {
    match effects {
        [
            HomeEffect::Test { task, profile }
            | HomeEffect::Doctor { task, profile }
            | HomeEffect::Rotate { task, profile }
            | HomeEffect::Watch { task, profile }
            | HomeEffect::Teardown { task, profile },
        ] => (*task, profile.name.to_string()),
        other => panic!("expected one action started, got {other:?}"),
    }
}

fn check(name: &str, outcome: CheckOutcome) -> CheckResult {
    CheckResult {
        name: name.into(),
        outcome,
        code: (outcome == CheckOutcome::Fail).then(|| "AccessDenied".into()),
        detail: if outcome == CheckOutcome::Fail {
            "the key may not put objects: check the policy is attached".into()
        } else {
            "ok".into()
        },
        elapsed: Duration::from_millis(120),
    }
}

fn passed_report() -> TestReport {
    TestReport {
        checks: vec![
            check("list bucket", CheckOutcome::Pass),
            check("put object", CheckOutcome::Pass),
        ],
    }
}

fn done<T>(result: Result<T, String>, profile: Option<ConnectorProfile>) -> Done<T> {
    Done {
        result,
        profile: profile.map(Box::new),
    }
}

fn screen(home: &Home) -> String {
    let (w, h) = home.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| super::view::render(home, f)).unwrap();
    terminal.backend().to_string()
}

/// Ages read as words a person says: never "now ago".
#[test]
fn ages_are_short_and_read_with_ago() {
    use super::view::short_age;
    assert_eq!(short_age(5), "<1m");
    assert_eq!(short_age(120), "2m");
    assert_eq!(short_age(7200), "2h");
    assert_eq!(short_age(3 * 86_400), "3d");
}
