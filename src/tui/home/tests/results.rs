//! Task results: matched to the running action by task id, stale ones dropped.

use crossterm::event::KeyCode;

use super::*;
use crate::domain::drift::{Health, KeyUse, ObjectInfo, Problem, Severity};
use crate::engine::{Diagnosis, KeyAge, KeyReport};
use crate::tui::home::state::{Ages, Detail, Screen};

fn tested_profile(passed: bool) -> ConnectorProfile {
    profile(
        "acme-events",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
        "acme-braze-events",
        Some(record(passed, 0)),
    )
}

fn last_test_passed(home: &Home, row: usize) -> Option<bool> {
    let p = home.rows[row].profile.as_ref()?;
    p.last_test.as_ref().map(|t| t.passed)
}

pub fn diagnosis() -> Diagnosis {
    Diagnosis {
        now: EPOCH,
        health: Health::Failing,
        problems: vec![
            Problem {
                severity: Severity::Fail,
                check: "policy attached",
                summary: "policy braze-s3-acme-events is not attached to user braze-s3-acme-events".into(),
                fix: "braze-s3 --region us-east-1 setup --non-interactive --name acme-events".into(),
            },
            Problem {
                severity: Severity::Warn,
                check: "key age",
                summary: "access key AKIAOLDKEY0000000001 is 120 days old (rotate past 90)".into(),
                fix: "braze-s3 rotate acme-events".into(),
            },
        ],
        live_test: Some(TestReport {
            checks: vec![check("put object", CheckOutcome::Fail)],
        }),
        keys: vec![KeyReport {
            integration: crate::domain::integration::Integration::Currents,
            user: "braze-s3-acme-events".into(),
            id: "AKIAOLDKEY0000000001".into(),
            created: Some(EPOCH - 120 * 86_400),
            last_used: KeyUse::NotAvailable {
                why: "the endpoint does not record key use".into(),
            },
        }],
        newest: Some(None),
        notes: vec!["Braze has not written to s3://acme-braze-events/currents/dataexport. yet: `braze-s3 watch acme-events` waits for its first files".into()],
    }
}

#[test]
fn a_test_result_shows_its_checks_and_becomes_the_last_test() {
    let mut home = home();
    let (task, _) = started(&ch(&mut home, 't'));
    home.update(HomeAction::Progress {
        task,
        line: "put object".into(),
    });
    assert!(
        matches!(&home.screen, Screen::Running(j) if j.progress.as_deref() == Some("put object"))
    );
    let effects = home.update(HomeAction::Tested {
        task,
        done: done(Ok(passed_report()), Some(tested_profile(true))),
    });
    assert!(effects.is_empty());
    assert!(
        matches!(&home.screen, Screen::Detail { detail: Detail::Tested { name, .. }, .. } if name == "acme-events")
    );
    assert_eq!(last_test_passed(&home, 0), Some(true));
    assert!(screen(&home).contains("Recorded as the connector's last test."));
    // Any key but the scroll keys goes back to the table.
    press(&mut home, KeyCode::Down);
    assert!(matches!(home.screen, Screen::Detail { scroll: 1, .. }));
    press(&mut home, KeyCode::Enter);
    assert!(matches!(home.screen, Screen::Table));
}

#[test]
fn a_result_after_cancel_is_stale_and_dropped() {
    let mut home = home();
    let (first, _) = started(&ch(&mut home, 't'));
    press(&mut home, KeyCode::Esc);
    home.update(HomeAction::Tested {
        task: first,
        done: done(Ok(passed_report()), Some(tested_profile(true))),
    });
    assert!(matches!(home.screen, Screen::Table));
    // The table still shows the last test from before (3 hours ago, passed), not the cancelled one.
    let at = &home.rows[0]
        .profile
        .as_ref()
        .unwrap()
        .last_test
        .as_ref()
        .unwrap()
        .at;
    assert_eq!(*at, rfc3339(EPOCH - 3 * 3600));

    // A second test runs; the first one's late result does not end it.
    let (second, _) = started(&ch(&mut home, 't'));
    assert_ne!(first, second);
    home.update(HomeAction::Tested {
        task: first,
        done: done(Err("late".into()), None),
    });
    assert!(matches!(&home.screen, Screen::Running(j) if j.task == second));
    home.update(HomeAction::Tested {
        task: second,
        done: done(Ok(passed_report()), Some(tested_profile(false))),
    });
    assert!(matches!(home.screen, Screen::Detail { .. }));
    assert_eq!(last_test_passed(&home, 0), Some(false));
}

#[test]
fn a_doctor_result_shows_problems_and_fills_the_key_age() {
    let mut home = home();
    let (task, _) = started(&ch(&mut home, 'd'));
    home.update(HomeAction::Diagnosed {
        task,
        done: done(Ok(Box::new(diagnosis())), None),
    });
    assert!(
        matches!(&home.rows[0].ages, Ages::Known(a) if a[0].created == Some(EPOCH - 120 * 86_400))
    );
    let text = screen(&home);
    assert!(text.contains("Doctor: acme-events is failing"), "{text}");
    assert!(text.contains("fix: braze-s3 rotate acme-events"), "{text}");
}

#[test]
fn a_failure_says_what_failed() {
    let mut home = home();
    let (task, _) = started(&ch(&mut home, 't'));
    home.update(HomeAction::Tested {
        task,
        done: done(
            Err(
                "connector acme-events: the credential test could not run: connection refused"
                    .into(),
            ),
            None,
        ),
    });
    let text = screen(&home);
    assert!(
        text.contains("The test of acme-events did not finish"),
        "{text}"
    );
    assert!(text.contains("connection refused"), "{text}");
}

#[test]
fn a_rotation_shows_the_fields_masked_until_v_and_looks_the_ages_up_again() {
    let mut home = home();
    ch(&mut home, 'r');
    let (task, _) = started(&ch(&mut home, 'y'));
    let fields = vec![crate::engine::BrazeField {
        integration: crate::domain::integration::Integration::Currents,
        label: "AWS Secret Access Key",
        value: crate::engine::FieldValue::Secret(SecretString::from("n3w-s3cr3t".to_string())),
    }];
    let rotated = crate::tui::home::action::Rotated {
        new_id: "AKIANEWKEY0000000002".into(),
        old_id: Some("AKIAOLDKEY0000000001".into()),
        report: passed_report(),
        fields,
    };
    let effects = home.update(HomeAction::Rotated {
        task,
        done: done(Ok(Box::new(rotated)), Some(tested_profile(true))),
    });
    assert!(matches!(
        effects.as_slice(),
        [HomeEffect::LoadKeyAges { .. }]
    ));
    assert!(!screen(&home).contains("n3w-s3cr3t"));
    assert!(!format!("{:?}", home.screen).contains("n3w-s3cr3t"));
    ch(&mut home, 'v');
    assert!(screen(&home).contains("n3w-s3cr3t"));
}

#[test]
fn a_watch_lists_new_files_until_cancelled() {
    let mut home = home();
    let (task, _) = started(&ch(&mut home, 'w'));
    let file = |key: &str| ObjectInfo {
        key: key.into(),
        size: 2048,
        modified: Some(EPOCH),
    };
    home.update(HomeAction::Watched {
        task,
        result: Ok(Vec::new()),
    });
    assert!(screen(&home).contains("no files from Braze yet"));
    home.update(HomeAction::Watched {
        task,
        result: Ok(vec![file("currents/dataexport.prod-01/a.avro")]),
    });
    let text = screen(&home);
    assert!(
        text.contains("new: currents/dataexport.prod-01/a.avro  2048 bytes"),
        "{text}"
    );
    let effects = press(&mut home, KeyCode::Esc);
    assert!(matches!(effects.as_slice(), [HomeEffect::Cancel { .. }]));
    // A look that was under way when it was cancelled is dropped.
    home.update(HomeAction::Watched {
        task,
        result: Ok(Vec::new()),
    });
    assert!(matches!(home.screen, Screen::Table));
}

#[test]
fn a_finished_teardown_removes_the_row_and_a_partial_one_keeps_it() {
    for (remains, rows) in [(false, 3), (true, 4)] {
        let mut home = home();
        ch(&mut home, 'x');
        type_text(&mut home, "acme-events");
        let (task, _) = started(&press(&mut home, KeyCode::Enter));
        home.update(HomeAction::TeardownLine {
            task,
            line: "✓ deleted access key AKIAOLDKEY0000000001".into(),
        });
        home.update(HomeAction::TornDown {
            task,
            result: Ok(remains),
        });
        assert_eq!(home.rows.len(), rows);
        let text = screen(&home);
        assert!(text.contains("✓ deleted access key"), "{text}");
        assert_eq!(text.contains("incomplete"), remains, "{text}");
    }
}

#[test]
fn key_ages_fill_their_row_and_stale_ones_are_dropped() {
    let (mut home, effects) = home_with(saved(), (120, 40));
    let tasks: Vec<TaskId> = effects
        .iter()
        .filter_map(|e| match e {
            HomeEffect::LoadKeyAges { task, .. } => Some(*task),
            _ => None,
        })
        .collect();
    assert_eq!(home.rows[0].ages, Ages::Loading);
    assert_eq!(home.rows[1].ages, Ages::NoKey);
    home.update(HomeAction::KeyAges {
        task: tasks[0],
        result: Ok(vec![KeyAge {
            integration: crate::domain::integration::Integration::Currents,
            id: "AKIAOLDKEY0000000001".into(),
            created: Some(EPOCH - 12 * 86_400),
        }]),
    });
    home.update(HomeAction::KeyAges {
        task: tasks[1],
        result: Err("connection refused".into()),
    });
    assert!(matches!(home.rows[0].ages, Ages::Known(_)));
    assert_eq!(home.rows[2].ages, Ages::Unknown);
    home.update(HomeAction::KeyAges {
        task: 999,
        result: Ok(Vec::new()),
    });
    assert!(matches!(home.rows[0].ages, Ages::Known(_)));
}
