//! `braze-s3 resume`: finish or roll back a setup that was interrupted.

use std::time::Duration;

use super::manage::{confirm, print_undo_line};
use super::setup::run;
use super::{Failure, engine_options, note_to_stderr};
use crate::cli::{GlobalArgs, ResumeCmd, SetupArgs, SetupCmd};
use crate::engine::{BucketDisposal, Engine, TeardownOptions};

pub async fn resume(global: &GlobalArgs, cmd: &ResumeCmd) -> Result<(), Failure> {
    let mut opts = engine_options(global);
    opts.propagation_timeout = Duration::from_secs(cmd.wait);
    let engine = Engine::start(opts, note_to_stderr()).await?;
    let unfinished = engine.unfinished()?;
    let answers = match (&cmd.name, unfinished.as_slice()) {
        (_, []) => {
            println!("No interrupted setups: nothing to resume.");
            return Ok(());
        }
        (Some(name), all) => all
            .iter()
            .find(|a| a.name.as_str() == name.trim())
            .cloned()
            .ok_or_else(|| {
                Failure::usage(vec![format!(
                    "no interrupted setup named {name}; interrupted: {}",
                    all.iter()
                        .map(|a| a.name.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )])
            })?,
        (None, [one]) => one.clone(),
        (None, all) => {
            let mut lines = vec!["several setups were interrupted; name one:".to_string()];
            lines.extend(
                all.iter()
                    .map(|a| format!("  braze-s3 resume {}  (bucket {})", a.name, a.bucket)),
            );
            return Err(Failure::usage(lines));
        }
    };
    let name = answers.name.clone();
    if cmd.undo {
        if !cmd.yes
            && !confirm(&format!(
                "Delete what the interrupted setup of {name} created?"
            ))
        {
            return Err(Failure::usage(vec![
                "not confirmed: pass --yes to undo without a prompt".into(),
            ]));
        }
        println!("Rolling back the interrupted setup of {name}…");
        let opts = TeardownOptions {
            bucket: BucketDisposal::DeleteIfEmpty,
        };
        engine
            .teardown_last_run(&name, opts, &print_undo_line)
            .await?;
        println!("Rolled back: what that run created is gone.");
        return Ok(());
    }
    println!(
        "Resuming the setup of {name} (bucket {} in {})…",
        answers.bucket, answers.region
    );
    let dropped = engine.drop_orphan_keys(&name).await?;
    if dropped > 0 {
        println!(
            "Deleted {dropped} access key(s) the interrupted run created: their secret was never saved."
        );
    }
    let setup = SetupCmd {
        answers: SetupArgs::default(),
        non_interactive: true,
        no_store_secret: !engine.options().store_secret,
        show_secret: false,
        wait: cmd.wait,
    };
    run(&engine, global, &setup, &answers).await
}
