//! `teardown NAME`, and the undo reports it shares with `resume --undo`: each resource as it
//! goes, and exit 1 while anything remains.

use super::manage::{confirm, store};
use super::{Failure, note_to_stderr};
use crate::config::{Global, TeardownConfig};
use crate::domain::names::ConnectorName;
use crate::engine::{Engine, TeardownOptions, UndoLine, UndoReport};

/// `braze-s3 teardown NAME`
pub async fn teardown(global: &Global, cfg: &TeardownConfig) -> Result<(), Failure> {
    let name = &cfg.name;
    if !cfg.confirmed
        && !confirm(format!(
            "Delete the AWS resources braze-s3 created for {name}?"
        ))
        .await
    {
        return Err(Failure::usage(vec![
            "not confirmed: pass --yes to tear down without a prompt".into(),
        ]));
    }
    let store = store(global)?;
    let mut opts = global.aws.clone();
    opts.sandbox = false;
    if opts.endpoint_url.is_none()
        && let Ok(p) = store.load(name)
    {
        opts.endpoint_url = p.endpoint_url.clone();
        opts.region = Some(p.answers.region.to_string());
    }
    let engine = Engine::start(opts, note_to_stderr()).await?;
    let opts = TeardownOptions { bucket: cfg.bucket };
    let report = engine.teardown(name, opts, &undo_printer(name)).await?;
    if report.anything_remains() {
        return Err(remains(name, &report, &format!("braze-s3 teardown {name}")));
    }
    let _ = store.remove(name);
    println!("Teardown of {name} done.");
    Ok(())
}

/// Prints each line of an undo or teardown as it happens.
pub(super) fn undo_printer(name: &ConnectorName) -> impl Fn(&UndoLine) + Send + Sync + use<> {
    let name = name.clone();
    move |l: &UndoLine| println!("  {}", l.text(&name))
}

/// The failure when an undo or teardown left something behind: exit 1, and what remains.
pub(super) fn remains(name: &ConnectorName, report: &UndoReport, again: &str) -> Failure {
    let left: Vec<String> = report
        .lines
        .iter()
        .filter(|l| l.outcome.remains())
        .map(|l| l.what.clone())
        .collect();
    Failure::runtime(format!(
        "{} of what braze-s3 created for {name} remain(s): {}. The journal keeps them; fix what the ✗ lines say and run `{again}` again",
        left.len(),
        left.join(", ")
    ))
}
