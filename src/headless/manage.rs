//! `test`, `connectors`, `teardown` and `sandbox`: life after setup.

use std::io::{BufRead, IsTerminal, Write};

use serde_json::json;

use super::interrupt::{Interrupts, interrupted};
use super::{Failure, note_to_stderr};
use crate::config::{ConnectorsConfig, Global, TestConfig};
use crate::domain::names::ConnectorName;
use crate::engine::{Applied, Engine, StopFlag, Verdict};
use crate::store::files::StoreError;
use crate::store::profile::{ConnectorProfile, ProfileStore};

pub(super) fn store(global: &Global) -> Result<ProfileStore, Failure> {
    ProfileStore::open(global.aws.config_dir.as_deref(), global.sandbox_asked())
        .map_err(|e| Failure::runtime(e.to_string()))
}

/// The connector and the store it is in. Sandbox connectors are kept apart; when the flags do
/// not name a sandbox, a connector found only there is still found (its profile says where).
pub(super) fn find(
    global: &Global,
    name: &ConnectorName,
) -> Result<(ProfileStore, ConnectorProfile), Failure> {
    let store = store(global)?;
    match store.load(name) {
        Err(missing @ StoreError::NotFound { .. }) if !global.sandbox_asked() => {
            let sandbox = ProfileStore::open(global.aws.config_dir.as_deref(), true)
                .map_err(|e| Failure::runtime(e.to_string()))?;
            if !sandbox.exists(name) {
                return Err(store_err(missing));
            }
            let profile = sandbox.load(name).map_err(store_err)?;
            Ok((sandbox, profile))
        }
        found => Ok((store, found.map_err(store_err)?)),
    }
}

pub(super) fn store_err(e: StoreError) -> Failure {
    Failure::from(crate::engine::EngineError::from(e))
}

/// `braze-s3 test NAME`: the live test again, with the saved key.
pub async fn test(global: &Global, cfg: &TestConfig) -> Result<(), Failure> {
    let name = &cfg.name;
    let (store, mut profile) = find(global, name)?;
    let mut opts = global.engine(cfg.wait);
    // A sandbox connector lives in the server it was made in: reach that one.
    opts.sandbox = false;
    if opts.endpoint_url.is_none() {
        opts.endpoint_url = profile.endpoint_url.clone();
    }
    if profile.sandbox {
        let url = opts.endpoint_url.as_deref().unwrap_or("URL");
        eprintln!(
            "note: {name} was made in the local sandbox at {url}; it can be tested only while that sandbox runs (`braze-s3 sandbox` runs one and prints its endpoint): `braze-s3 --endpoint-url {url} test {name}`"
        );
    }
    opts.region = Some(profile.answers.region.to_string());
    let engine = Engine::start(opts, note_to_stderr()).await?;
    if profile
        .credentials
        .iter()
        .any(|c| c.access_key_id.is_some() && c.secret_access_key.is_none())
    {
        return Err(Failure::usage(vec![format!(
            "connector {name} was saved without its secret (--no-store-secret), so its key can't be tested here: use Braze's Test Credentials"
        )]));
    }
    let applied = Applied::saved(&profile);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let text = !global.json;
    let printer = tokio::spawn(async move {
        while let Some(p) = rx.recv().await {
            if text && let Some(line) = super::setup::progress_line(&p) {
                println!("{line}");
            }
        }
    });
    let interrupts = Interrupts::listen(&engine, StopFlag::default())?;
    let report = interrupts
        .verify(&engine, &profile.answers, &applied, tx)
        .await;
    let _ = printer.await;
    let report = report.ok_or_else(|| {
        interrupted(vec![format!(
            "stopped on request: the test of {name} did not finish; its profile is unchanged"
        )])
    })?;
    // An endpoint that cannot be reached says nothing about the key: exit 1, and no record.
    let verdict = report.verdict();
    if let Verdict::Unreachable(why) = &verdict {
        return Err(Failure::runtime(format!(
            "connector {name}: the credential test could not run: {why}"
        )));
    }
    profile.last_test = Some(crate::engine::test_record(&report));
    store.save(&profile).map_err(store_err)?;
    if global.json {
        let checks: Vec<_> = report
            .checks
            .iter()
            .map(|c| json!({"name": c.name, "ok": c.ok(), "code": c.code, "detail": c.detail}))
            .collect();
        super::print_json(&json!({"name": name, "passed": report.passed(), "checks": checks}))?;
    }
    match verdict {
        Verdict::Passed => Ok(()),
        _ => Err(Failure {
            code: verdict.exit_code(),
            lines: vec![format!("connector {name}: the credential test failed")],
        }),
    }
}

/// `braze-s3 connectors list|show|remove`
pub fn connectors(global: &Global, cfg: &ConnectorsConfig) -> Result<(), Failure> {
    let store = store(global)?;
    match cfg {
        ConnectorsConfig::List => {
            let names = store.names().map_err(store_err)?;
            let mut rows = Vec::new();
            for name in names {
                match store.load(&name) {
                    Ok(p) => {
                        let test = match &p.last_test {
                            Some(t) if t.passed => format!("passed {}", t.at),
                            Some(t) => format!("FAILED {}", t.at),
                            None => "never tested".into(),
                        };
                        if !global.json {
                            println!(
                                "{:<28} {:<12} {:<10} s3://{}  {test}",
                                p.name,
                                p.answers.integration.slug(),
                                p.answers.auth.kind().slug(),
                                p.answers.location()
                            );
                        }
                        rows.push(json!({"name": name, "bucket": p.answers.bucket, "ok": true}));
                    }
                    Err(e) => {
                        if !global.json {
                            println!("{name:<28} unreadable: {e}");
                        }
                        rows.push(json!({"name": name, "error": e.to_string()}));
                    }
                }
            }
            if global.json {
                super::print_json(&rows)?;
            } else if rows.is_empty() {
                println!("No connectors saved in {} yet.", store.dir().display());
            }
            Ok(())
        }
        ConnectorsConfig::Show(name) => {
            let mut profile = store.load(name).map_err(store_err)?;
            let had_secret: Vec<bool> = profile
                .credentials
                .iter_mut()
                .map(|c| c.secret_access_key.take().is_some())
                .collect();
            let mut value = serde_json::to_value(&profile).map_err(|e| {
                Failure::runtime(format!("profile {name} could not be written as JSON: {e}"))
            })?;
            if let Some(credentials) = value["credentials"].as_array_mut() {
                for (c, had) in credentials.iter_mut().zip(had_secret) {
                    if had && let Some(obj) = c.as_object_mut() {
                        obj.insert(
                            "secret_access_key".into(),
                            json!("(stored in the 0600 profile file; not shown)"),
                        );
                    }
                }
            }
            super::print_json(&value)?;
            println!("# file: {}", store.path(name).display());
            Ok(())
        }
        ConnectorsConfig::Remove(name) => {
            store.remove(name).map_err(store_err)?;
            println!(
                "Removed connector profile {name}. Its AWS resources remain: `braze-s3 teardown {name}` deletes what the tool created."
            );
            Ok(())
        }
    }
}

/// Asks a yes/no question on the terminal (no terminal: no). Waiting for the person happens on
/// the blocking pool, never on a runtime worker.
pub(super) async fn confirm(question: String) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    let asked = tokio::task::spawn_blocking(move || {
        print!("{question} [y/N] ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).is_ok()
            && line.trim().eq_ignore_ascii_case("y")
    });
    asked.await.unwrap_or(false)
}

/// `braze-s3 sandbox`: one emulator in the foreground until Ctrl-C.
pub async fn sandbox(global: &Global) -> Result<(), Failure> {
    let mut opts = global.aws.clone();
    opts.sandbox = true;
    let engine = Engine::start(opts, note_to_stderr()).await?;
    let endpoint = engine.endpoint().unwrap_or_default();
    println!("Local AWS sandbox (moto) running at {endpoint}");
    if let Some(admin) = engine.sandbox_admin() {
        use secrecy::ExposeSecret;
        println!("Use it from another terminal with:");
        println!("  export AWS_ACCESS_KEY_ID={}", admin.access_key_id);
        println!(
            "  export AWS_SECRET_ACCESS_KEY={}",
            admin.secret_access_key.expose_secret()
        );
        println!(
            "  braze-s3 --endpoint-url {endpoint} setup --non-interactive --bucket acme-braze"
        );
    }
    println!("Press Ctrl-C to stop it (everything in it is forgotten).");
    let _ = tokio::signal::ctrl_c().await;
    Ok(())
}
