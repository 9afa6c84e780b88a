//! Issue 12, item 2, headless: `setup --non-interactive` on the name of a saved connector
//! re-runs idempotently, and when an answer changed it prints what the saved profile gets
//! (the same lines the wizard's plan shows) before the plan; `--json` lists them as
//! `changed_answers`. Against moto (one server for the test).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::cli::{BUCKET, Cli, show, text};

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_rerun_prints_what_the_saved_profile_gets_before_the_plan() {
    let cli = Cli::start().await;
    let first = cli.setup().wait_with_output().await.unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", show(&first));
    assert!(
        !text(&first.stdout).contains("is saved already"),
        "{}",
        show(&first)
    );

    let changed = cli
        .setup_with(&["--auth", "secret-key", "--sse"])
        .wait_with_output()
        .await
        .unwrap();
    assert_eq!(changed.status.code(), Some(0), "{}", show(&changed));
    let out = text(&changed.stdout);
    let heading = format!("Connector {BUCKET} is saved already; this setup updates its profile:");
    let diff = out
        .find(&heading)
        .unwrap_or_else(|| panic!("{}", show(&changed)));
    let line = out.find("\n  ~ AES-256 encryption: off → on\n").unwrap();
    let plan = out.find("Plan for connector").unwrap();
    assert!(
        diff < line && line < plan,
        "the diff comes before the plan: {out}"
    );

    let json = cli
        .setup_with(&["--auth", "secret-key", "--json"])
        .wait_with_output()
        .await
        .unwrap();
    assert_eq!(json.status.code(), Some(0), "{}", show(&json));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        v["changed_answers"],
        serde_json::json!([{"field": "AES-256 encryption", "saved": "on", "now": "off"}])
    );

    let same = cli.setup().wait_with_output().await.unwrap();
    assert_eq!(same.status.code(), Some(0), "{}", show(&same));
    assert!(
        !text(&same.stdout).contains("is saved already"),
        "an unchanged re-run prints no diff: {}",
        show(&same)
    );
}
