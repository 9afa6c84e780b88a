//! How the Test step looks: each check with its time, countdown or error, then the verdict.

use ratatui::text::{Line, Span};

use super::{CheckState, Status, TestStep};
use crate::domain::progress::{CheckOutcome, CheckResult};
use crate::engine::Verdict;
use crate::tui::steps::View;
use crate::tui::widgets::spinner;

impl TestStep {
    pub(super) fn lines(&self, v: &View) -> Vec<Line<'static>> {
        let t = v.theme;
        let mut out = Vec::new();
        for c in &self.checks {
            let (mark, style, tail) = match &c.state {
                CheckState::Running { since } => (
                    spinner::frame(v.tick).to_string(),
                    t.focus(),
                    spinner::elapsed(v.now.saturating_duration_since(*since)),
                ),
                CheckState::Waiting {
                    phase,
                    attempt,
                    until,
                    ..
                } => {
                    let left = until.saturating_duration_since(v.now);
                    let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                    (
                        spinner::frame(v.tick).to_string(),
                        t.warn(),
                        format!(
                            "{}, retrying in {secs}s (attempt {attempt})",
                            phase.sentence()
                        ),
                    )
                }
                CheckState::Finished(r) => match r.outcome {
                    CheckOutcome::Pass => ("✓".into(), t.ok(), spinner::elapsed(r.elapsed)),
                    CheckOutcome::NotAvailable => {
                        ("–".into(), t.dim(), "not available at this endpoint".into())
                    }
                    CheckOutcome::Fail | CheckOutcome::Unreachable => {
                        ("✗".into(), t.error(), spinner::elapsed(r.elapsed))
                    }
                },
            };
            out.push(Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(c.name.clone()),
                Span::styled(
                    format!("  {tail}"),
                    if matches!(c.state, CheckState::Waiting { .. }) {
                        t.warn()
                    } else {
                        t.dim()
                    },
                ),
            ]));
            if let CheckState::Finished(r) = &c.state {
                out.extend(detail(r, v));
            }
        }
        if self.checks.is_empty() {
            out.push(Line::from(format!(
                "{} starting the live test…",
                spinner::frame(v.tick)
            )));
        }
        out.push(Line::default());
        match &self.status {
            Status::Running => {}
            Status::Finished { saved: None, .. } => {
                out.push(Line::from("Saving the connector profile…"))
            }
            Status::Finished {
                verdict,
                saved: Some(saved),
            } => {
                match saved {
                    Ok(path) => {
                        out.push(Line::styled(format!("Connector saved to {path}"), t.ok()))
                    }
                    Err(e) => out.push(Line::styled(
                        format!("✗ could not save the connector profile: {}", e.message),
                        t.error(),
                    )),
                }
                out.push(match verdict {
                    Verdict::Passed => Line::styled(self.passed_summary(), t.ok()),
                    Verdict::Failed => Line::styled(
                        "A check failed: r runs the test again · Enter shows the Braze fields anyway · q quits",
                        t.error(),
                    ),
                    Verdict::Unreachable(_) => Line::styled(
                        "The endpoint could not be reached, so the credentials are untested: r runs the test again · Enter shows the Braze fields anyway · q quits",
                        t.error(),
                    ),
                });
            }
        }
        out
    }

    /// A passed test in true words: how many checks passed, and how many could not run at
    /// this endpoint (those Braze's own Test Credentials still has to prove).
    pub(super) fn passed_summary(&self) -> String {
        let count = |outcome| {
            self.checks
                .iter()
                .filter(|c| matches!(&c.state, CheckState::Finished(r) if r.outcome == outcome))
                .count()
        };
        let (passed, unavailable) = (count(CheckOutcome::Pass), count(CheckOutcome::NotAvailable));
        let checks = |n: usize| if n == 1 { "check" } else { "checks" };
        if unavailable == 0 {
            let all = match passed {
                1 => "The check passed".to_string(),
                n => format!("All {n} checks passed"),
            };
            return format!("{all}. Enter shows what to enter in Braze.");
        }
        format!(
            "{passed} {} passed; {unavailable} could not run at this endpoint — use Braze's Test Credentials too. Enter shows what to enter in Braze.",
            checks(passed)
        )
    }
}

/// What a finished check found, under its name: dim when it passed, the AWS error code and
/// what to do when it failed.
fn detail(r: &CheckResult, v: &View) -> Option<Line<'static>> {
    let t = v.theme;
    match r.outcome {
        CheckOutcome::Fail | CheckOutcome::Unreachable => {
            let code = r
                .code
                .as_ref()
                .map(|c| format!("{c}: "))
                .unwrap_or_default();
            Some(Line::styled(format!("   {code}{}", r.detail), t.error()))
        }
        _ if r.detail.is_empty() => None,
        _ => Some(Line::styled(format!("   {}", r.detail), t.dim())),
    }
}
