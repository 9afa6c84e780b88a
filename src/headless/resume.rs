//! `braze-s3 resume`: finish or roll back a setup that was interrupted.

use super::manage::confirm;
use super::setup::{Output, refuse_unseen_secret, run};
use super::teardown::{remains, undo_printer};
use super::{Failure, note_to_stderr};
use crate::config::{Global, ResumeConfig};
use crate::domain::created::BucketDisposal;
use crate::engine::{Engine, TeardownOptions};
use crate::store::journal::Unfinished;

pub async fn resume(global: &Global, cfg: &ResumeConfig) -> Result<(), Failure> {
    let engine = Engine::start(global.engine(cfg.wait), note_to_stderr()).await?;
    let unfinished = engine.unfinished()?;
    let Unfinished {
        answers,
        store_secret,
    } = match (&cfg.name, unfinished.as_slice()) {
        (_, []) => {
            println!("No interrupted setups: nothing to resume.");
            return Ok(());
        }
        (Some(name), all) => all
            .iter()
            .find(|u| &u.answers.name == name)
            .cloned()
            .ok_or_else(|| {
                Failure::usage(vec![format!(
                    "no interrupted setup named {name}; interrupted: {}",
                    all.iter()
                        .map(|u| u.answers.name.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )])
            })?,
        (None, [one]) => one.clone(),
        (None, all) => {
            let mut lines = vec!["several setups were interrupted; name one:".to_string()];
            lines.extend(all.iter().map(|u| {
                format!(
                    "  braze-s3 resume {}  (bucket {})",
                    u.answers.name, u.answers.bucket
                )
            }));
            return Err(Failure::usage(lines));
        }
    };
    let name = answers.name.clone();
    if cfg.undo {
        if !cfg.confirmed
            && !confirm(format!(
                "Delete what the interrupted setup of {name} created?"
            ))
            .await
        {
            return Err(Failure::usage(vec![
                "not confirmed: pass --yes to undo without a prompt".into(),
            ]));
        }
        let lock = engine.lock(&name)?;
        println!("Rolling back the interrupted setup of {name}…");
        let opts = TeardownOptions {
            bucket: BucketDisposal::DeleteIfEmpty,
        };
        let report = engine
            .teardown_last_run(&lock, opts, &undo_printer(&name))
            .await?;
        if report.anything_remains() {
            return Err(remains(
                &name,
                &report,
                &format!("braze-s3 resume {name} --undo"),
            ));
        }
        println!("Rolled back: what that run created is gone.");
        return Ok(());
    }
    // The interrupted run's choice about the secret holds for its resumption.
    let output = Output {
        json: global.json,
        show_secret: cfg.show_secret,
    };
    refuse_unseen_secret(output, &answers, store_secret)?;
    let mut lock = engine.lock(&name)?;
    lock.set_store_secret(store_secret);
    println!(
        "Resuming the setup of {name} (bucket {} in {})…",
        answers.bucket, answers.region
    );
    let dropped = engine.drop_orphan_keys(&lock).await?;
    if !dropped.is_empty() {
        println!(
            "Deleted {} access key(s) the interrupted run created ({}): their secret was never saved.",
            dropped.len(),
            dropped.join(", ")
        );
    }
    Box::pin(run(&engine, output, &answers, lock, None)).await
}
