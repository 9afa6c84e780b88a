//! Every key of the home screen, driven through `Home::update`.

use crossterm::event::KeyCode;

use super::*;
use crate::tui::home::action::HomeExit;
use crate::tui::home::state::{Confirm, JobKind, Screen};

#[test]
fn opening_looks_up_the_key_ages_of_key_connectors_only() {
    let (home, effects) = home_with(saved(), (120, 40));
    let names: Vec<String> = effects
        .iter()
        .map(|e| match e {
            HomeEffect::LoadKeyAges { profile, .. } => profile.name.to_string(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        ["acme-events", "marketing-analytics-long-connector-name"]
    );
    assert_eq!(home.rows.len(), 4);
}

#[test]
fn n_opens_the_setup_wizard() {
    let mut home = home();
    assert!(matches!(
        ch(&mut home, 'n').as_slice(),
        [HomeEffect::Exit(HomeExit::NewConnector)]
    ));
}

#[test]
fn q_and_esc_quit_and_ctrl_c_quits_as_interrupted() {
    for (key, exit) in [
        (KeyCode::Char('q'), HomeExit::Quit),
        (KeyCode::Esc, HomeExit::Quit),
    ] {
        let mut home = home();
        assert!(matches!(press(&mut home, key).as_slice(), [HomeEffect::Exit(e)] if *e == exit));
    }
    let mut home = home();
    assert!(matches!(
        ctrl_c(&mut home).as_slice(),
        [HomeEffect::Exit(HomeExit::Interrupted)]
    ));
}

#[test]
fn arrows_move_the_selection_within_the_rows() {
    let mut home = home();
    press(&mut home, KeyCode::Up);
    assert_eq!(home.selected, 0);
    for _ in 0..10 {
        ch(&mut home, 'j');
    }
    assert_eq!(home.selected, 3);
    press(&mut home, KeyCode::Up);
    assert_eq!(home.selected_row(), Some(2));
}

#[test]
fn t_d_w_start_their_action_on_the_selected_connector() {
    for (key, kind) in [
        ('t', JobKind::Test),
        ('d', JobKind::Doctor),
        ('w', JobKind::Watch),
    ] {
        let mut home = home();
        press(&mut home, KeyCode::Down);
        let (_, name) = started(&ch(&mut home, key));
        assert_eq!(name, "acme-exports");
        assert!(matches!(&home.screen, Screen::Running(j) if j.kind == kind));
        assert!(home.animating());
        // Keys other than Esc/Ctrl-C do nothing while it runs.
        assert!(ch(&mut home, 'x').is_empty());
        assert!(ch(&mut home, 'q').is_empty());
    }
}

#[test]
fn an_unreadable_connector_says_why_instead_of_acting() {
    let mut home = home();
    for _ in 0..3 {
        press(&mut home, KeyCode::Down);
    }
    assert!(ch(&mut home, 't').is_empty());
    assert!(matches!(home.screen, Screen::Table));
    assert!(
        home.status
            .as_deref()
            .unwrap()
            .contains("broken can't be used")
    );
}

#[test]
fn r_asks_first_and_y_rotates() {
    let mut home = home();
    assert!(ch(&mut home, 'r').is_empty());
    assert_eq!(
        home.screen_confirm(),
        Some(Confirm::Rotate {
            name: "acme-events".into()
        })
    );
    let (_, name) = started(&ch(&mut home, 'y'));
    assert_eq!(name, "acme-events");
    assert!(matches!(&home.screen, Screen::Running(j) if j.kind == JobKind::Rotate));
}

#[test]
fn r_then_any_other_key_changes_nothing() {
    let mut home = home();
    ch(&mut home, 'r');
    assert!(ch(&mut home, 'n').is_empty());
    assert!(matches!(home.screen, Screen::Table));
    assert!(home.status.as_deref().unwrap().contains("not started"));
}

#[test]
fn r_on_a_role_connector_explains_there_is_no_secret() {
    let mut home = home();
    press(&mut home, KeyCode::Down);
    assert!(ch(&mut home, 'r').is_empty());
    assert!(matches!(home.screen, Screen::Table));
    assert!(
        home.status
            .as_deref()
            .unwrap()
            .contains("no secret to rotate")
    );
}

#[test]
fn x_needs_the_name_typed_and_enter() {
    let mut home = home();
    assert!(ch(&mut home, 'x').is_empty());
    type_text(&mut home, "acme");
    // Not the name yet: Enter does nothing.
    assert!(press(&mut home, KeyCode::Enter).is_empty());
    assert!(home.screen_confirm().is_some());
    type_text(&mut home, "-eventz");
    press(&mut home, KeyCode::Backspace);
    // `y` is just a letter of the name here, never a yes.
    assert!(home.screen_confirm().is_some());
    type_text(&mut home, "s");
    let (_, name) = started(&press(&mut home, KeyCode::Enter));
    assert_eq!(name, "acme-events");
    assert!(matches!(&home.screen, Screen::Running(j) if j.kind == JobKind::Teardown));
}

#[test]
fn x_then_esc_or_ctrl_c_cancels_without_quitting() {
    let mut home = home();
    ch(&mut home, 'x');
    type_text(&mut home, "acme-events");
    assert!(press(&mut home, KeyCode::Esc).is_empty());
    assert!(matches!(home.screen, Screen::Table));
    assert!(home.status.as_deref().unwrap().contains("cancelled"));
    ch(&mut home, 'x');
    assert!(ctrl_c(&mut home).is_empty());
    assert!(matches!(home.screen, Screen::Table));
}

#[test]
fn a_running_teardown_is_not_cancelled() {
    let mut home = home();
    ch(&mut home, 'x');
    type_text(&mut home, "acme-events");
    press(&mut home, KeyCode::Enter);
    assert!(press(&mut home, KeyCode::Esc).is_empty());
    assert!(ctrl_c(&mut home).is_empty());
    assert!(matches!(home.screen, Screen::Running(_)));
    assert!(
        home.status
            .as_deref()
            .unwrap()
            .contains("can't stop halfway")
    );
}

#[test]
fn slash_filters_enter_keeps_and_esc_clears() {
    let mut home = home();
    assert!(ch(&mut home, '/').is_empty());
    type_text(&mut home, "ROLE");
    assert_eq!(home.visible(), [1]);
    press(&mut home, KeyCode::Enter);
    assert!(!home.filtering);
    assert_eq!(home.visible(), [1]);
    // The action keys act on the filtered selection.
    let (_, name) = started(&ch(&mut home, 't'));
    assert_eq!(name, "acme-exports");
    let mut home = super::home();
    ch(&mut home, '/');
    type_text(&mut home, "qqq");
    press(&mut home, KeyCode::Backspace);
    assert!(home.visible().is_empty());
    assert!(ch(&mut home, 't').is_empty(), "typed into the filter");
    press(&mut home, KeyCode::Esc);
    assert_eq!(home.visible().len(), 4);
    assert!(home.filter.is_empty());
}

#[test]
fn esc_clears_a_kept_filter_before_it_quits() {
    let mut home = home();
    ch(&mut home, '/');
    type_text(&mut home, "acme");
    press(&mut home, KeyCode::Enter);
    assert!(press(&mut home, KeyCode::Esc).is_empty());
    assert!(home.filter.is_empty());
    assert!(matches!(
        press(&mut home, KeyCode::Esc).as_slice(),
        [HomeEffect::Exit(HomeExit::Quit)]
    ));
}

#[test]
fn help_opens_and_any_key_closes_it_without_acting() {
    let mut home = home();
    assert!(ch(&mut home, '?').is_empty());
    assert!(home.help);
    assert!(ch(&mut home, 't').is_empty());
    assert!(!home.help);
    assert!(matches!(home.screen, Screen::Table));
}

#[test]
fn esc_cancels_a_long_action_not_the_app() {
    let mut home = home();
    let (task, _) = started(&ch(&mut home, 't'));
    let effects = press(&mut home, KeyCode::Esc);
    assert!(matches!(effects.as_slice(), [HomeEffect::Cancel { task: t }] if *t == task));
    assert!(matches!(home.screen, Screen::Table));
    let (task, _) = started(&ch(&mut home, 'w'));
    let effects = ctrl_c(&mut home);
    assert!(matches!(effects.as_slice(), [HomeEffect::Cancel { task: t }] if *t == task));
    assert!(home.status.as_deref().unwrap().contains("Stopped watching"));
}

#[test]
fn the_too_small_notice_ignores_keys_but_ctrl_c() {
    let mut home = home();
    home.update(HomeAction::Resize(70, 20));
    for c in ['t', 'n', 'q', 'x', '/', '?'] {
        assert!(ch(&mut home, c).is_empty(), "{c} acted behind the notice");
    }
    assert!(press(&mut home, KeyCode::Esc).is_empty());
    assert!(matches!(home.screen, Screen::Table));
    assert!(!home.help && !home.filtering);
    assert!(matches!(
        ctrl_c(&mut home).as_slice(),
        [HomeEffect::Exit(HomeExit::Interrupted)]
    ));
    // With an action running, Ctrl-C behind the notice cancels it.
    let mut home = super::home();
    let (task, _) = started(&ch(&mut home, 'd'));
    home.update(HomeAction::Resize(70, 20));
    assert!(matches!(ctrl_c(&mut home).as_slice(), [HomeEffect::Cancel { task: t }] if *t == task));
}

#[test]
fn sigterm_cancels_what_runs_and_leaves() {
    let mut home = home();
    let (task, _) = started(&ch(&mut home, 't'));
    let effects = home.update(HomeAction::Terminate);
    assert!(matches!(
        effects.as_slice(),
        [HomeEffect::Cancel { task: t }, HomeEffect::Exit(HomeExit::Interrupted)] if *t == task
    ));
}

impl Home {
    fn screen_confirm(&self) -> Option<Confirm> {
        match &self.screen {
            Screen::Confirm(c) => Some(c.clone()),
            _ => None,
        }
    }
}
