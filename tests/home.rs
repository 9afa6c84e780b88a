//! The home screen end to end: its state machine and runner (not a pty) driving the real
//! engine against moto — the table lists a connector made headless, `t` runs the live test and
//! records it in the profile, a cancelled test leaves nothing behind, `d` runs doctor.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::{Duration, Instant, SystemTime};

use braze_s3::engine::EngineOptions;
use braze_s3::tui::home::{
    Ages, Detail, Home, HomeAction, HomeConfig, HomeEffect, HomeRunner, Screen,
};
use braze_s3::tui::widgets::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use support::cli::{BUCKET, Cli, show};

fn epoch_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

struct Driven {
    home: Home,
    runner: HomeRunner,
}

impl Driven {
    fn start(&mut self, effects: Vec<HomeEffect>) {
        for e in effects {
            assert!(self.runner.start(e).is_none(), "the home screen ended");
        }
    }

    fn key(&mut self, code: KeyCode) {
        let effects = self
            .home
            .update(HomeAction::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.start(effects);
    }

    /// Feeds task results to the state machine until `done` holds.
    async fn until(&mut self, what: &str, done: impl Fn(&Home) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(90);
        while !done(&self.home) {
            let left = deadline.saturating_duration_since(Instant::now());
            let action = tokio::time::timeout(left, self.runner.rx.recv())
                .await
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
                .unwrap();
            let effects = self.home.update(action);
            self.start(effects);
        }
    }
}

fn last_test(cli: &Cli) -> Value {
    let path = cli.config().join(format!("sandbox/{BUCKET}.json"));
    let profile: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    profile["last_test"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_lists_tests_cancels_and_diagnoses_through_the_real_engine() {
    let cli = Cli::start().await;
    let out = cli.setup().wait_with_output().await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let setup_test = last_test(&cli)["at"].as_str().unwrap().to_string();

    let opts = EngineOptions {
        endpoint_url: Some(cli.proxy.url.clone()),
        region: Some("us-east-1".into()),
        credentials: Some(cli.sandbox.admin.clone()),
        config_dir: Some(cli.config()),
        propagation_timeout: Duration::from_secs(30),
        ..EngineOptions::default()
    };
    let listed = braze_s3::tui::home::connectors(&opts);
    assert_eq!(listed.len(), 1);
    let (home, effects) = Home::new(HomeConfig {
        theme: Theme::PLAIN,
        sandbox: true,
        size: (120, 40),
        now: Instant::now(),
        epoch: epoch_now(),
        connectors: listed,
    });
    let mut d = Driven {
        home,
        runner: HomeRunner::new(opts),
    };
    d.start(effects);
    assert_eq!(d.home.rows[0].name, BUCKET);
    d.until("the key age", |h| h.rows[0].ages != Ages::Loading)
        .await;
    assert!(
        matches!(&d.home.rows[0].ages, Ages::Known(a) if a.len() == 1 && a[0].created.is_some()),
        "{:?}",
        d.home.rows[0].ages
    );

    // `t`: the live test through the real engine, recorded in the profile.
    tokio::time::sleep(Duration::from_secs(1)).await;
    d.key(KeyCode::Char('t'));
    assert!(matches!(d.home.screen, Screen::Running(_)));
    d.until("the test", |h| matches!(h.screen, Screen::Detail { .. }))
        .await;
    match &d.home.screen {
        Screen::Detail {
            detail: Detail::Tested { report, .. },
            ..
        } => assert!(report.passed(), "{report:?}"),
        other => panic!("expected a passed test, got {other:?}"),
    }
    let recorded = last_test(&cli);
    assert_eq!(recorded["passed"], Value::Bool(true));
    assert_ne!(recorded["at"].as_str().unwrap(), setup_test);
    let row = d.home.rows[0].profile.as_ref().unwrap();
    assert_eq!(
        row.last_test.as_ref().unwrap().at,
        recorded["at"].as_str().unwrap(),
        "the table shows the recorded test"
    );

    // `t` then Esc: cancelled, its late result dropped, nothing recorded, no test object left.
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('t'));
    d.key(KeyCode::Esc);
    assert!(matches!(d.home.screen, Screen::Table));
    while let Some(joined) = d.runner.tasks.join_next().await {
        joined.unwrap();
    }
    while let Ok(action) = d.runner.rx.try_recv() {
        assert!(d.home.update(action).is_empty());
    }
    assert!(
        matches!(d.home.screen, Screen::Table),
        "a stale result was shown"
    );
    assert_eq!(last_test(&cli)["at"], recorded["at"]);
    let admin = cli.admin().await;
    let left = admin
        .s3
        .list_objects_v2()
        .bucket(BUCKET)
        .send()
        .await
        .unwrap();
    assert_eq!(left.key_count(), Some(0), "{:?}", left.contents());

    // `d`: doctor through the real engine.
    d.key(KeyCode::Char('d'));
    d.until("doctor", |h| matches!(h.screen, Screen::Detail { .. }))
        .await;
    assert!(
        matches!(&d.home.screen, Screen::Detail { detail: Detail::Diagnosed { diagnosis, .. }, .. } if diagnosis.live_test.as_ref().is_some_and(|r| r.passed())),
        "{:?}",
        d.home.screen
    );
}
