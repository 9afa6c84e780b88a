//! The lines of a finished action's result: a test's checks, doctor's problems with their
//! fixes, a rotation's new key and what to paste into Braze, a teardown's report.

use ratatui::text::{Line, Span};
use secrecy::ExposeSecret;

use super::state::{Detail, Home, JobKind};
use crate::domain::drift::{Health, Severity, describe_age};
use crate::engine::{FieldValue, TestReport};
use crate::tui::widgets::theme::Theme;

fn checks(report: &TestReport, t: Theme) -> Vec<Line<'static>> {
    report
        .checks
        .iter()
        .map(|c| {
            let (mark, style) = if c.ok() {
                ("✓", t.ok())
            } else {
                ("✗", t.error())
            };
            let code = c
                .code
                .as_ref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::raw(format!("{}: {}{code}", c.name, c.detail)),
            ])
        })
        .collect()
}

fn verdict(passed: bool) -> &'static str {
    if passed { "passed" } else { "FAILED" }
}

/// The title and lines of `detail`.
pub fn lines(home: &Home, detail: &Detail) -> (String, Vec<Line<'static>>) {
    let t = home.theme;
    match detail {
        Detail::Tested { name, report } => {
            let mut lines = checks(report, t);
            lines.push(Line::default());
            lines.push(Line::styled(
                "Recorded as the connector's last test.",
                t.dim(),
            ));
            (
                format!("Test of {name}: {}", verdict(report.passed())),
                lines,
            )
        }
        Detail::Diagnosed { name, diagnosis: d } => {
            let now = home.epoch_now();
            let word = match d.health {
                Health::Healthy => "healthy",
                Health::Warning => "warning",
                Health::Failing => "failing",
            };
            let mut lines = Vec::new();
            for p in &d.problems {
                let (mark, style) = match p.severity {
                    Severity::Fail => ("✗", t.error()),
                    Severity::Warn => ("!", t.warn()),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{mark} "), style),
                    Span::raw(format!("{}: {}", p.check, p.summary)),
                ]));
                lines.push(Line::styled(format!("    fix: {}", p.fix), t.dim()));
            }
            if d.problems.is_empty() {
                lines.push(Line::styled("✓ no problems found", t.ok()));
            }
            lines.push(Line::default());
            for k in &d.keys {
                let age = k.created.map_or("age unknown".into(), |c| {
                    format!("made {}", describe_age(now.saturating_sub(c)))
                });
                lines.push(Line::from(format!(
                    "· key {} {age}, {}",
                    k.id,
                    k.last_used.sentence(now)
                )));
            }
            match &d.newest {
                Some(Some(o)) => lines.push(Line::from(format!(
                    "· newest Braze file {} ({})",
                    o.key,
                    o.modified.map_or("of unknown age".into(), |m| describe_age(
                        now.saturating_sub(m)
                    ))
                ))),
                Some(None) => lines.push(Line::from("· no Braze files yet")),
                None => {}
            }
            match &d.live_test {
                Some(r) => lines.push(Line::from(format!(
                    "· live test {} (recorded as the last test)",
                    verdict(r.passed())
                ))),
                None => lines.push(Line::from("· live test not run")),
            }
            lines.extend(
                d.notes
                    .iter()
                    .map(|n| Line::styled(format!("· {n}"), t.dim())),
            );
            (format!("Doctor: {name} is {word}"), lines)
        }
        Detail::Rotated {
            name,
            rotated: r,
            revealed,
        } => {
            let old = r.old_id.as_deref().unwrap_or("(none)");
            let mut lines = vec![
                Line::from(format!(
                    "New key {}; the old key {old} keeps working.",
                    r.new_id
                )),
                Line::default(),
            ];
            lines.extend(checks(&r.report, t));
            lines.push(Line::default());
            if let Some(first) = r.fields.first() {
                lines.push(Line::styled(
                    format!(
                        "Enter the new key in Braze ({}: {}), then Test Credentials and save:",
                        first.integration.title(),
                        first.integration.braze_location()
                    ),
                    t.label(),
                ));
            }
            for f in &r.fields {
                let value = match &f.value {
                    FieldValue::Plain(v) => Span::raw(v.clone()),
                    FieldValue::Secret(s) if *revealed => {
                        Span::styled(s.expose_secret().to_string(), t.focus())
                    }
                    FieldValue::Secret(_) => Span::styled("••••••••  (v reveals)", t.dim()),
                };
                lines.push(Line::from(vec![
                    Span::raw(format!("  {:<31} ", f.label)),
                    value,
                ]));
            }
            lines.push(Line::default());
            lines.push(Line::from(
                "Treat the secret like a password: paste it into Braze, not into chat.",
            ));
            lines.push(Line::from(format!(
                "Once Braze uses the new key, `braze-s3 rotate {name} --finish` deletes the old one."
            )));
            (
                format!(
                    "Rotated the key of {name}: test {}",
                    verdict(r.report.passed())
                ),
                lines,
            )
        }
        Detail::TornDown {
            name,
            lines: done,
            remains,
        } => {
            let mut lines: Vec<Line<'static>> =
                done.iter().map(|l| Line::from(l.clone())).collect();
            lines.push(Line::default());
            if *remains {
                lines.push(Line::styled(
                    format!("Something remains (the ✗ lines): the journal and profile keep it; fix what they say and press x again, or run `braze-s3 teardown {name}`."),
                    t.warn(),
                ));
                (format!("Teardown of {name}: incomplete"), lines)
            } else {
                lines.push(Line::from(
                    "Its profile was removed; the bucket was kept. Remove the connector in Braze too.",
                ));
                (format!("Teardown of {name}: done"), lines)
            }
        }
        Detail::Failed { name, what, error } => {
            let doing = match what {
                JobKind::Test => "test",
                JobKind::Doctor => "doctor",
                JobKind::Rotate => "rotation",
                JobKind::Watch => "watch",
                JobKind::Teardown => "teardown",
            };
            let mut lines: Vec<Line<'static>> = error
                .lines()
                .map(|l| Line::styled(format!("✗ {l}"), t.error()))
                .collect();
            lines.push(Line::default());
            lines.push(Line::styled(
                "The table is unchanged; fix what the line says and press the key again.",
                t.dim(),
            ));
            (format!("The {doing} of {name} did not finish"), lines)
        }
    }
}
