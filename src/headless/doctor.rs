//! `braze-s3 doctor [NAME…]`: one line per connector, a detail section per problem with the
//! command that fixes it; exit 0 all healthy, 3 any failing, 4 warnings only.

use serde_json::{Value, json};

use super::Failure;
use super::day2::{engine_for, epoch_now, rfc3339};
use super::manage::{find, store, store_err};
use crate::config::{DoctorConfig, Global};
use crate::domain::drift::{Health, KeyUse, Problem, Severity, describe_age};
use crate::engine::Diagnosis;
use crate::exit;
use crate::store::profile::ConnectorProfile;

/// One connector's result: its diagnosis, or why it could not be checked.
pub(super) struct Checked {
    pub name: String,
    pub profile: Option<ConnectorProfile>,
    pub result: Result<Diagnosis, String>,
}

impl Checked {
    fn health(&self) -> Health {
        self.result.as_ref().map_or(Health::Failing, |d| d.health)
    }
}

pub async fn doctor(global: &Global, cfg: &DoctorConfig) -> Result<(), Failure> {
    let now = cfg.at.unwrap_or_else(epoch_now);
    let names = if cfg.names.is_empty() {
        store(global)?.names().map_err(store_err)?
    } else {
        cfg.names.clone()
    };
    if names.is_empty() {
        println!("No connectors saved yet: `braze-s3 setup` makes one.");
        return Ok(());
    }
    let mut all = Vec::new();
    for name in names {
        let checked = match find(global, &name) {
            Err(e) => Checked {
                name: name.to_string(),
                profile: None,
                result: Err(e.lines.join("; ")),
            },
            Ok((_, profile)) => {
                let result = match engine_for(global, &profile, cfg.wait).await {
                    Ok(engine) => Box::pin(engine.diagnose(&profile, now))
                        .await
                        .map_err(|e| e.to_string()),
                    Err(f) => Err(f.lines.join("; ")),
                };
                Checked {
                    name: name.to_string(),
                    profile: Some(profile),
                    result,
                }
            }
        };
        if !global.json {
            println!("{}", line(&checked, now));
        }
        all.push(checked);
    }
    if global.json {
        let out = report_json(&all, now);
        super::print_json(&out)?;
    } else {
        for c in &all {
            print!("{}", details(c));
        }
    }
    let count = |h: Health| all.iter().filter(|c| c.health() == h).count();
    match Health::worst(all.iter().map(Checked::health)) {
        Health::Healthy => Ok(()),
        Health::Warning => Err(Failure {
            code: exit::WARNINGS,
            lines: vec![format!(
                "{} connector(s) with warnings: see the fixes above",
                count(Health::Warning)
            )],
        }),
        Health::Failing => Err(Failure {
            code: exit::CHECK_FAILED,
            lines: vec![format!(
                "{} connector(s) failing: Braze can't deliver to them until the fixes above are made",
                count(Health::Failing)
            )],
        }),
    }
}

fn health_word(h: Health) -> (&'static str, &'static str) {
    match h {
        Health::Healthy => ("✓", "healthy"),
        Health::Warning => ("!", "warning"),
        Health::Failing => ("✗", "failing"),
    }
}

/// The one line of a connector.
pub(super) fn line(c: &Checked, now: u64) -> String {
    let (mark, word) = health_word(c.health());
    let what = c.profile.as_ref().map_or(String::new(), |p| {
        let a = &p.answers;
        format!(
            "{} {} s3://{}",
            a.integration.slug(),
            a.auth.kind().slug(),
            a.location()
        )
    });
    let facts = match &c.result {
        Err(e) => format!("could not be checked: {e}"),
        Ok(d) => {
            let mut facts: Vec<String> = d
                .keys
                .iter()
                .map(|k| {
                    let age = k.created.map_or("age unknown".into(), |t| {
                        format!("made {}", describe_age(now.saturating_sub(t)))
                    });
                    format!("key {} {age}, {}", k.id, k.last_used.sentence(now))
                })
                .collect();
            match &d.newest {
                Some(Some(o)) => facts.push(format!(
                    "newest Braze file {}",
                    o.modified.map_or("of unknown age".into(), |t| describe_age(
                        now.saturating_sub(t)
                    ))
                )),
                Some(None) => facts.push("no Braze files yet".into()),
                None => {}
            }
            if !d.problems.is_empty() {
                facts.push(format!("{} problem(s)", d.problems.len()));
            }
            facts.join(" · ")
        }
    };
    format!("{mark} {:<24} {word:<8} {what}  {facts}", c.name)
}

/// The detail section of a connector: each problem with its fix, then notes.
pub(super) fn details(c: &Checked) -> String {
    let mut out = String::new();
    let (problems, notes): (Vec<Problem>, Vec<String>) = match &c.result {
        Err(e) => (
            vec![Problem {
                severity: Severity::Fail,
                check: "doctor",
                summary: format!("could not check connector {}: {e}", c.name),
                fix: "check your AWS credentials and the endpoint, then `braze-s3 doctor` again"
                    .into(),
            }],
            Vec::new(),
        ),
        Ok(d) => (d.problems.clone(), d.notes.clone()),
    };
    if problems.is_empty() && notes.is_empty() {
        return out;
    }
    out.push_str(&format!("\n{}:\n", c.name));
    for p in &problems {
        let mark = if p.severity == Severity::Fail {
            "✗"
        } else {
            "!"
        };
        out.push_str(&format!(
            "  {mark} {}: {}\n      fix: {}\n",
            p.check, p.summary, p.fix
        ));
    }
    for n in &notes {
        out.push_str(&format!("  · {n}\n"));
    }
    out
}

fn key_use_json(u: &KeyUse) -> Value {
    match u {
        KeyUse::Used {
            at,
            service,
            region,
        } => {
            json!({"state": "used", "at": rfc3339(*at), "service": service, "region": region})
        }
        KeyUse::NeverUsed => json!({"state": "never-used"}),
        KeyUse::NotAvailable { why } => json!({"state": "not-available", "why": why}),
    }
}

/// The `--json` report, for monitoring.
pub(super) fn report_json(all: &[Checked], now: u64) -> Value {
    let connectors: Vec<Value> = all.iter().map(|c| connector_json(c, now)).collect();
    json!({
        "status": Health::worst(all.iter().map(Checked::health)),
        "checked_at": rfc3339(now),
        "connectors": connectors,
    })
}

fn connector_json(c: &Checked, now: u64) -> Value {
    let mut v = json!({"name": c.name, "status": c.health()});
    if let Some(p) = &c.profile {
        let a = &p.answers;
        v["integration"] = json!(a.integration);
        v["auth"] = json!(a.auth.kind());
        v["bucket"] = json!(a.bucket);
        v["region"] = json!(a.region);
        v["folder"] = json!(a.folder);
    }
    let d = match &c.result {
        Err(e) => {
            v["error"] = json!(e);
            return v;
        }
        Ok(d) => d,
    };
    v["live_test"] = d.live_test.as_ref().map_or(Value::Null, |r| {
        json!({
            "passed": r.passed(),
            "checks": r.checks.iter().map(|c| json!({
                "name": c.name, "outcome": c.outcome, "detail": c.detail,
            })).collect::<Vec<_>>(),
        })
    });
    v["keys"] = d
        .keys
        .iter()
        .map(|k| {
            json!({
                "integration": k.integration,
                "user": k.user,
                "access_key_id": k.id,
                "created": k.created.map(rfc3339),
                "age_days": k.created.map(|t| now.saturating_sub(t) / 86_400),
                "last_used": key_use_json(&k.last_used),
            })
        })
        .collect();
    v["newest_braze_file"] = match &d.newest {
        Some(Some(o)) => json!({
            "key": o.key,
            "size": o.size,
            "written": o.modified.map(rfc3339),
            "age_hours": o.modified.map(|t| now.saturating_sub(t) / 3600),
        }),
        _ => Value::Null,
    };
    v["problems"] = json!(d.problems);
    v["notes"] = json!(d.notes);
    v
}

#[cfg(test)]
mod tests;
