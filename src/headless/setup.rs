//! `setup --non-interactive`: the whole flow from flags, as progress lines or one JSON object.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::interrupt::{Interrupts, interrupted};
use super::offline::print_plan;
use super::result::{SetupResult, print_result};
use super::{Failure, note_to_stderr};
use crate::config::{Global, SetupConfig};
use crate::domain::answers::Answers;
use crate::domain::auth::AuthKind;
use crate::domain::plan::Plan;
use crate::domain::progress::{CheckOutcome, CheckResult, Progress};
use crate::domain::update::{FieldChange, changes};
use crate::engine::{Engine, RunLock, Saved, Verdict};

/// One progress event as a line a person can follow.
pub fn progress_line(p: &Progress) -> Option<String> {
    match p {
        Progress::ChangeStarted { .. } | Progress::CheckStarted { .. } => None,
        Progress::ChangeApplied {
            change, elapsed, ..
        } => Some(format!("  ✓ {change} ({} ms)", elapsed.as_millis())),
        Progress::CheckWaiting {
            check,
            phase,
            retry_in,
            waited,
            ..
        } => Some(format!(
            "  … {check}: {}, retrying in {:.1}s (waited {:.0}s)",
            phase.sentence(),
            retry_in.as_secs_f32(),
            waited.as_secs_f32()
        )),
        Progress::CheckFinished { result } => Some(check_line(result)),
        Progress::Saved { path } => Some(format!("Saved connector profile {path}")),
    }
}

fn check_line(r: &CheckResult) -> String {
    let mark = match r.outcome {
        CheckOutcome::Pass => "✓",
        CheckOutcome::Fail | CheckOutcome::Unreachable => "✗",
        CheckOutcome::NotAvailable => "–",
    };
    let code = r
        .code
        .as_deref()
        .map(|c| format!(" [{c}]"))
        .unwrap_or_default();
    format!("  {mark} {}{code}: {}", r.name, r.detail)
}

/// How a headless run reports: text or JSON, and whether a new secret may be printed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Output {
    pub json: bool,
    pub show_secret: bool,
}

/// `braze-s3 setup --non-interactive`.
pub async fn setup(global: &Global, cfg: &SetupConfig) -> Result<(), Failure> {
    // Validate everything before touching AWS, so bad input fails fast and changes nothing.
    let mut typed = cfg.draft.clone();
    let mut answers = typed.build()?;
    let engine = Engine::start(cfg.engine(global), note_to_stderr()).await?;
    if typed.region.is_none() {
        // No region given: use the one the AWS chain resolved (env, profile), as --help says.
        typed.region = Some(engine.region().to_string());
        answers = typed.build()?;
    }
    let output = Output {
        json: global.json,
        show_secret: cfg.show_secret,
    };
    refuse_unseen_secret(output, &answers, cfg.store_secret)?;
    // One lock from before the plan until the profile is saved: a second copy refuses.
    let lock = engine.lock(&answers.name)?;
    Box::pin(run(&engine, output, &answers, lock, None)).await
}

/// A new key whose secret is neither kept in the profile nor shown would be an active
/// credential nobody holds: refuse before any change.
pub(super) fn refuse_unseen_secret(
    output: Output,
    answers: &Answers,
    store_secret: bool,
) -> Result<(), Failure> {
    let shown = output.show_secret || (!output.json && std::io::stdout().is_terminal());
    if store_secret || shown || answers.auth.kind() != AuthKind::SecretKey {
        return Ok(());
    }
    Err(Failure::usage(vec![
        "--no-store-secret with output that is not a terminal (or --json) would leave an active access key whose secret nobody has: add --show-secret to print it, or drop --no-store-secret to keep it in the 0600 profile".into(),
    ]))
}

/// The flow after the answers are known, under the run's lock: used by `setup` and `resume`.
pub(super) async fn run(
    engine: &Engine,
    output: Output,
    answers: &Answers,
    lock: RunLock,
    confirm: Option<&dyn Fn(&Plan) -> bool>,
) -> Result<(), Failure> {
    let text = !output.json;
    let Output { json, show_secret } = output;
    let stop = Arc::new(AtomicBool::new(false));
    let interrupts = Interrupts::listen(engine, stop.clone())?;
    let untouched = || {
        interrupted(vec![
            "stopped on request before this run changed anything in AWS".into(),
        ])
    };
    let identity = interrupts
        .unless(engine.identity())
        .await
        .ok_or_else(untouched)??;
    if text {
        println!(
            "Signed in as {} (account {}){}",
            identity.arn,
            identity.account,
            if identity.sandbox {
                " — local sandbox"
            } else {
                ""
            }
        );
        println!("Looking at what already exists…");
    }
    let prepared = interrupts
        .unless(engine.prepare(answers))
        .await
        .ok_or_else(untouched)??;
    let plan = prepared
        .plan
        .map_err(|errors| Failure::usage(errors.iter().map(ToString::to_string).collect()))?;
    // A saved connector of this name is updated: say what its profile gets, before the plan.
    let saved = engine.saved(&answers.name, &answers.bucket)?;
    let changed = saved
        .same_name
        .as_ref()
        .map(|s| changes(s, answers))
        .unwrap_or_default();
    if text {
        print_saved(answers, &saved, &changed);
        println!("Plan for connector {}:", answers.name);
        print_plan(&plan);
        if plan.changes.is_empty() {
            println!("  (nothing to change)");
        }
    }
    if let Some(confirm) = confirm
        && !confirm(&plan)
    {
        println!("Nothing was changed.");
        return Ok(());
    }
    if text {
        println!("Applying…");
    }
    if interrupts.happened() {
        return Err(untouched());
    }

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let printer = tokio::spawn(async move {
        let mut testing = false;
        while let Some(p) = rx.recv().await {
            if text && !testing && matches!(p, Progress::CheckStarted { .. }) {
                testing = true;
                println!("Testing the credentials as Braze would, with the new key…");
            }
            if text && let Some(line) = progress_line(&p) {
                println!("{line}");
            }
        }
    });
    // Apply is never cut short: it stops between two AWS calls, so all it created is journaled.
    let apply = engine.apply(lock, answers, &plan, tx.clone(), stop);
    tokio::pin!(apply);
    let applied = tokio::select! {
        applied = &mut apply => applied,
        () = interrupts.wait() => {
            eprintln!("Stopping after the current AWS call… (the journal keeps what was created)");
            apply.await
        }
    };
    let applied = applied.map_err(|e| {
        let mut f = Failure::from(e);
        f.lines.push(format!(
            "the journal keeps what this run created: `braze-s3 resume {0}` continues once the problem is fixed, `braze-s3 resume {0} --undo` deletes it",
            answers.name
        ));
        f
    })?;
    let report = interrupts
        .verify(engine, answers, &applied, tx.clone())
        .await;
    let Some(report) = report else {
        drop(tx);
        let _ = printer.await;
        return Err(stopped_testing(answers, &plan));
    };
    let path = engine
        .save(answers, &applied, &report, &identity.account)
        .await?;
    let _ = tx.send(Progress::Saved {
        path: path.display().to_string(),
    });
    drop(tx);
    let _ = printer.await;

    let result = SetupResult {
        identity: &identity,
        answers,
        applied: &applied,
        changes: plan.changes.len(),
        changed_answers: &changed,
        report: &report,
        profile: &path,
    };
    print_result(&result, json, show_secret)?;
    let verdict = report.verdict();
    let line = match &verdict {
        Verdict::Passed => return Ok(()),
        Verdict::Unreachable(why) => format!(
            "the credential test could not run: {why}; the connector is saved: run `braze-s3 test {}` once the endpoint answers",
            answers.name
        ),
        Verdict::Failed => format!(
            "the credential test failed; fix what the ✗ lines say, then run `braze-s3 test {}`",
            answers.name
        ),
    };
    Err(Failure {
        code: verdict.exit_code(),
        lines: vec![line],
    })
}

/// What the setup rewrites in a saved connector's profile (nothing when an idempotent re-run
/// changes no answer), and the other connectors on its bucket.
fn print_saved(answers: &Answers, saved: &Saved, changed: &[FieldChange]) {
    if !changed.is_empty() {
        println!(
            "Connector {} is saved already; this setup updates its profile:",
            answers.name
        );
        for c in changed {
            println!("  ~ {}", c.line());
        }
    }
    for n in &saved.on_bucket {
        println!("Note: {}", n.sentence());
    }
}

/// Interrupted while testing: everything was applied (and journaled), nothing saved.
fn stopped_testing(answers: &Answers, plan: &Plan) -> Failure {
    let mut lines = vec![
        "stopped on request during the credential test: the setup was applied, but its connector profile (and any new key's secret) was not saved".to_string(),
    ];
    if !plan.changes.is_empty() {
        let changes: Vec<String> = plan.changes.iter().map(ToString::to_string).collect();
        lines.push(format!("done before the stop: {}", changes.join("; ")));
    }
    lines.push(format!(
        "the journal keeps what this run created: `braze-s3 resume {0}` finishes the setup (with a fresh key), `braze-s3 resume {0} --undo` deletes it",
        answers.name
    ));
    interrupted(lines)
}
