//! The home screen through `TestBackend` at 80×24 and 120×40 (plain theme: text, not colours).

use crossterm::event::KeyCode;
use insta::assert_snapshot;

use super::results::diagnosis;
use super::*;
use crate::engine::KeyAge;

/// The home screen with key ages answered: 12 days for one, IAM unreachable for the other.
fn loaded(size: (u16, u16)) -> Home {
    let (mut home, effects) = home_with(saved(), size);
    for e in effects {
        if let HomeEffect::LoadKeyAges { task, profile } = e {
            let result = if profile.name.as_str() == "acme-events" {
                Ok(vec![KeyAge {
                    integration: crate::domain::integration::Integration::Currents,
                    id: "AKIAOLDKEY0000000001".into(),
                    created: Some(EPOCH - 12 * 86_400),
                }])
            } else {
                Ok(vec![KeyAge {
                    integration: crate::domain::integration::Integration::Currents,
                    id: "AKIAOLDKEY0000000003".into(),
                    created: Some(EPOCH - 95 * 86_400),
                }])
            };
            home.update(HomeAction::KeyAges { task, result });
        }
    }
    home
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn name(what: &str, (w, h): (u16, u16)) -> String {
    format!("{what}_{w}x{h}")
}

#[test]
fn table_with_connectors() {
    for size in SIZES {
        assert_snapshot!(name("table", size), screen(&loaded(size)));
    }
}

#[test]
fn table_without_connectors() {
    for size in SIZES {
        let (home, _) = home_with(Vec::new(), size);
        assert_snapshot!(name("empty", size), screen(&home));
    }
}

#[test]
fn table_filtered() {
    for size in SIZES {
        let mut home = loaded(size);
        ch(&mut home, '/');
        type_text(&mut home, "acme");
        assert_snapshot!(name("filtering", size), screen(&home));
        press(&mut home, KeyCode::Enter);
        press(&mut home, KeyCode::Down);
        assert_snapshot!(name("filtered", size), screen(&home));
    }
}

#[test]
fn an_action_running() {
    for size in SIZES {
        let mut home = loaded(size);
        let (task, _) = started(&ch(&mut home, 't'));
        home.update(HomeAction::Tick(home.now + Duration::from_millis(3200)));
        home.update(HomeAction::Progress {
            task,
            line: "put object: key active, permissions still propagating".into(),
        });
        assert_snapshot!(name("running_test", size), screen(&home));
    }
}

#[test]
fn a_doctor_detail_view() {
    for size in SIZES {
        let mut home = loaded(size);
        let (task, _) = started(&ch(&mut home, 'd'));
        home.update(HomeAction::Diagnosed {
            task,
            done: done(Ok(Box::new(diagnosis())), None),
        });
        assert_snapshot!(name("doctor_detail", size), screen(&home));
    }
}

#[test]
fn teardown_confirmation_and_help() {
    let mut home = loaded((80, 24));
    ch(&mut home, 'x');
    type_text(&mut home, "acme-ev");
    assert_snapshot!("teardown_confirm_80x24", screen(&home));
    let mut home = loaded((80, 24));
    ch(&mut home, '?');
    assert_snapshot!("help_80x24", screen(&home));
}

#[test]
fn sandbox_badge_and_too_small() {
    let mut home = loaded((120, 40));
    home.sandbox = true;
    assert!(screen(&home).lines().next().unwrap().contains(" sandbox "));
    home.update(HomeAction::Resize(70, 20));
    assert_snapshot!("too_small", screen(&home));
}
