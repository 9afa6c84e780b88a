//! `braze-s3 watch NAME`: wait for Braze's files, printing each new one; a spinner with the
//! elapsed time on a terminal. SIGINT/SIGTERM stop it at once (exit 130); `--timeout` gives
//! up with advice (exit 3).

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use super::Failure;
use super::day2::{engine_for, rfc3339};
use super::interrupt::{Interrupts, interrupted};
use super::manage::find;
use crate::config::{Global, WatchConfig};
use crate::domain::drift::{ObjectInfo, braze_prefixes};
use crate::domain::integration::Integration;
use crate::domain::names::ConnectorName;
use crate::exit;

const SPINNER: [char; 4] = ['|', '/', '-', '\\'];

fn describe(o: &ObjectInfo) -> String {
    let at = o.modified.map_or("time unknown".into(), rfc3339);
    format!("{}  {} bytes  {at}", o.key, o.size)
}

pub async fn watch(global: &Global, cfg: &WatchConfig) -> Result<(), Failure> {
    let name = &cfg.name;
    let (_, profile) = find(global, name)?;
    let engine = engine_for(global, &profile, Duration::from_secs(1)).await?;
    let a = &profile.answers;
    let interrupts = Interrupts::listen(&engine, Arc::new(AtomicBool::new(false)))?;
    let stopped = || interrupted(vec![format!("stopped watching {name} on request")]);
    let first = interrupts
        .unless(engine.braze_objects(a))
        .await
        .ok_or_else(stopped)??;
    let mut seen: BTreeSet<String> = first.iter().map(|o| o.key.clone()).collect();
    let places: Vec<String> = a
        .integrations()
        .iter()
        .flat_map(|&i| braze_prefixes(a, i))
        .map(|p| format!("s3://{}/{p}", a.bucket))
        .collect();
    if let Some(newest) = first.last() {
        println!(
            "Braze has written {} file(s) already; the newest: {}",
            first.len(),
            describe(newest)
        );
    }
    println!("Watching {} for new files…", places.join(" and "));
    let spinner = std::io::stderr().is_terminal();
    let started = tokio::time::Instant::now();
    // A timeout too far to represent is no timeout.
    let deadline = cfg.timeout.and_then(|t| started.checked_add(t));
    let interval = cfg.interval;
    let mut next_look = started + interval;
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    let mut frame = 0usize;
    let mut arrived = 0usize;
    loop {
        tokio::select! {
            () = interrupts.wait() => {
                clear(spinner);
                return Err(stopped());
            }
            _ = tick.tick(), if spinner => {
                frame += 1;
                let secs = started.elapsed().as_secs();
                eprint!("\r{} waiting for Braze's files… {}m {:02}s ", SPINNER[frame % 4], secs / 60, secs % 60);
                let _ = std::io::stderr().flush();
            }
            () = tokio::time::sleep_until(next_look) => {
                next_look = tokio::time::Instant::now() + interval;
                let now = interrupts.unless(engine.braze_objects(a)).await.ok_or_else(stopped)??;
                for o in now.iter().filter(|o| !seen.contains(&o.key)) {
                    clear(spinner);
                    println!("new: {}", describe(o));
                    arrived += 1;
                }
                seen.extend(now.into_iter().map(|o| o.key));
                if cfg.once && arrived > 0 {
                    return Ok(());
                }
            }
            () = async { match deadline {
                Some(d) => tokio::time::sleep_until(d).await,
                None => std::future::pending().await,
            } } => {
                clear(spinner);
                if arrived > 0 {
                    return Ok(());
                }
                return Err(timed_out(name, a.integrations(), cfg.timeout.unwrap_or_default()));
            }
        }
    }
}

fn clear(spinner: bool) {
    if spinner {
        eprint!("\r\x1b[2K");
    }
}

/// No file within the timeout: exit 3, with what makes Braze write.
fn timed_out(name: &ConnectorName, integrations: &[Integration], waited: Duration) -> Failure {
    let mut lines = vec![format!(
        "no new file from Braze within {} s for connector {name}",
        waited.as_secs()
    )];
    if integrations.contains(&Integration::Currents) {
        lines.push("Currents writes a file every 5 minutes or every 15,000 events, whichever comes first; on the Currents page in Braze, \"Send Test Events\" makes some now".into());
    }
    if integrations.contains(&Integration::DataExport) {
        lines.push("data exports arrive when someone exports (a segment CSV, a report, an API export) or message archiving writes sent_messages/".into());
    }
    lines.push(format!(
        "check that the connector in Braze uses the credentials `braze-s3 connectors show {name}` lists, and `braze-s3 doctor {name}`"
    ));
    Failure {
        code: exit::CHECK_FAILED,
        lines,
    }
}
