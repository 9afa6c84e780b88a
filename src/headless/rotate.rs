//! `braze-s3 rotate NAME [--finish]`: a second key, tested and saved; then the old key goes.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use secrecy::ExposeSecret;
use serde_json::{Value, json};

use super::Failure;
use super::day2::{engine_for, epoch_now};
use super::interrupt::{Interrupts, interrupted};
use super::manage::{confirm, find};
use crate::config::{Global, RotateConfig};
use crate::engine::{Engine, FieldValue, Undone, Verdict, braze_fields, key_credential};
use crate::exit;
use crate::store::profile::{ConnectorProfile, SavedCredential};

/// One rotation: the connector, the credential whose key is replaced, and how.
struct Rotate<'a> {
    engine: Engine,
    global: &'a Global,
    cfg: &'a RotateConfig,
    profile: ConnectorProfile,
    credential: SavedCredential,
}

pub async fn rotate(global: &Global, cfg: &RotateConfig) -> Result<(), Failure> {
    let name = &cfg.name;
    let (_, profile) = find(global, name)?;
    let credential = key_credential(&profile, cfg.integration)?;
    let engine = engine_for(global, &profile, cfg.wait).await?;
    if let Some(other) = &profile.answers.share_with {
        return Err(Failure::usage(vec![format!(
            "connector {name} shares connector {other}'s access key (--share-credentials-with): rotate that key with `braze-s3 rotate {other}`, which names every connector using it"
        )]));
    }
    let sharing = engine.sharing_key(name)?;
    if !sharing.is_empty() && !global.json {
        let names: Vec<String> = sharing.iter().map(ToString::to_string).collect();
        eprintln!(
            "Note: connector(s) {} share this access key with {name}: enter the new key in their Braze Currents connectors too, then re-run their setup with --share-credentials-with {name} to record it.",
            names.join(", ")
        );
    }
    let rotate = Rotate {
        engine,
        global,
        cfg,
        profile,
        credential,
    };
    if cfg.finish {
        rotate.finish().await
    } else {
        rotate.begin().await
    }
}

impl Rotate<'_> {
    fn parts(
        &self,
    ) -> (
        &Engine,
        &Global,
        &RotateConfig,
        &ConnectorProfile,
        &SavedCredential,
    ) {
        (
            &self.engine,
            self.global,
            self.cfg,
            &self.profile,
            &self.credential,
        )
    }

    /// Step one: a second key, tested as Braze would and saved; the old one keeps working.
    async fn begin(&self) -> Result<(), Failure> {
        let (engine, global, cfg, profile, credential) = self.parts();
        let name = &profile.name;
        let store_secret = credential.secret_access_key.is_some();
        let show = cfg.show_secret || (!global.json && std::io::stdout().is_terminal());
        if !store_secret && !show {
            return Err(Failure::usage(vec![format!(
                "connector {name} keeps no secret in its profile and stdout is not a terminal: the new key's secret would be neither saved nor shown; add --show-secret"
            )]));
        }
        let text = !global.json;
        let interrupts = Interrupts::listen(engine, Arc::new(AtomicBool::new(false)))?;
        let rotation = engine
            .rotate_begin(profile, credential, store_secret)
            .await?;
        let new_id = rotation.new_key_id().to_string();
        let unsaved = |when: &str| {
            interrupted(vec![
                format!(
                    "stopped on request {when}: the new key {new_id} was created but not saved; the old key still works"
                ),
                format!(
                    "`braze-s3 resume {name}` deletes the new key (its secret was never saved or shown); then rotate again"
                ),
            ])
        };
        if interrupts.happened() {
            return Err(unsaved("after the new key was made"));
        }
        if text {
            println!(
                "Created a second access key {new_id} for user {}; testing it as Braze would…",
                rotation.user
            );
        }
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let printer = tokio::spawn(async move {
            while let Some(p) = rx.recv().await {
                if text && let Some(line) = super::setup::progress_line(&p) {
                    println!("{line}");
                }
            }
        });
        let report = interrupts
            .verify(engine, &rotation.answers, &rotation.applied, tx)
            .await;
        let _ = printer.await;
        let report = report.ok_or_else(|| unsaved("during the test of the new key"))?;
        let fields = braze_fields(&rotation.answers, &rotation.applied);
        let old = rotation.old_id.clone().unwrap_or_default();
        let integration = rotation.integration;
        let path = engine.rotate_save(rotation, &report).await?;
        if global.json {
            let braze: serde_json::Map<String, Value> = fields
                .iter()
                .map(|f| {
                    let value = match &f.value {
                        FieldValue::Plain(v) => v.clone(),
                        FieldValue::Secret(s) if cfg.show_secret => s.expose_secret().to_string(),
                        FieldValue::Secret(_) => "(hidden: add --show-secret)".into(),
                    };
                    (f.label.to_string(), Value::String(value))
                })
                .collect();
            let out = json!({
                "name": name,
                "integration": integration,
                "access_key_id": new_id,
                "previous_access_key_id": old,
                "passed": report.passed(),
                "checks": report.checks.iter().map(|c| json!({
                    "name": c.name, "ok": c.ok(), "outcome": c.outcome, "detail": c.detail,
                })).collect::<Vec<_>>(),
                "braze_fields": braze,
                "profile": path.display().to_string(),
            });
            super::print_json(&out)?;
        } else {
            println!();
            println!(
                "Enter the new key in Braze ({}: {}), then Test Credentials and save:",
                integration.title(),
                integration.braze_location()
            );
            for f in &fields {
                match &f.value {
                    FieldValue::Plain(v) => println!("  {:<32} {v}", f.label),
                    FieldValue::Secret(s) if show => {
                        println!("  {:<32} {}", f.label, s.expose_secret())
                    }
                    FieldValue::Secret(_) => println!(
                        "  {:<32} (hidden: stdout is not a terminal; add --show-secret, or read the 0600 profile)",
                        f.label
                    ),
                }
            }
            println!("Treat the secret like a password: paste it into Braze, not into chat.");
            println!(
                "The old key {old} keeps working until `braze-s3 rotate {name} --finish` deletes it: run that once Braze uses the new key."
            );
            println!("Saved in {}", path.display());
        }
        let verdict = report.verdict();
        if verdict == Verdict::Passed {
            return Ok(());
        }
        Err(Failure {
            code: verdict.exit_code(),
            lines: vec![format!(
                "the new key's test did not pass (it is saved; the old key still works): fix what the ✗ lines say, then `braze-s3 test {name}`"
            )],
        })
    }

    /// Step two: the old key deleted, once Braze uses the new one (or when told to anyway).
    async fn finish(&self) -> Result<(), Failure> {
        let (engine, global, cfg, profile, credential) = self.parts();
        let name = &profile.name;
        let status = engine.rotation_status(profile, credential).await?;
        let now = epoch_now();
        let (old, new) = (&status.old, &status.new);
        let own_test = if new.last_used.was_used() && !status.new_key_in_use() {
            " — by braze-s3's own test during the rotation, not by Braze since"
        } else {
            ""
        };
        if !global.json {
            println!("old key {}: {}", old.id, old.last_used.sentence(now));
            println!(
                "new key {}: {}{own_test}",
                new.id,
                new.last_used.sentence(now)
            );
        }
        if old.exists && !status.new_key_in_use() {
            let why = format!(
                "the new key {} shows no use by Braze ({}{own_test}), so Braze may still use the old key {}",
                new.id,
                new.last_used.sentence(now),
                old.id
            );
            if cfg.confirmed && !cfg.force {
                return Err(Failure {
                    code: exit::CHECK_FAILED,
                    lines: vec![format!(
                        "{why}: enter the new key in Braze first (Test Credentials, save), or add --force to delete the old key anyway"
                    )],
                });
            }
            if !cfg.confirmed {
                println!("Careful: {why}.");
            }
        }
        if old.exists
            && !cfg.confirmed
            && !confirm(format!(
                "Delete the old key {} of user {}?",
                old.id, status.user
            ))
            .await
        {
            return Err(Failure::usage(vec![
                "not confirmed: pass --yes to delete the old key without a prompt".into(),
            ]));
        }
        let outcome = engine.rotate_finish(profile, &status).await?;
        let said = match outcome {
            Undone::Deleted => format!("✓ deleted the old key {} of user {}", old.id, status.user),
            _ => format!("= the old key {} was already gone", old.id),
        };
        if global.json {
            let out = json!({
                "name": name,
                "deleted": old.id,
                "already_gone": outcome != Undone::Deleted,
                "access_key_id": new.id,
                "old_key_last_used": old.last_used,
                "new_key_last_used": new.last_used,
            });
            super::print_json(&out)?;
        } else {
            println!("{said}");
            println!("Rotation of {name} finished: Braze's key is {}.", new.id);
        }
        Ok(())
    }
}
