//! `setup --accessible` (and the wizard's place when `TERM=dumb`): the wizard's questions as
//! plain line prompts on stdout/stdin — no alternate screen, no cursor movement, no colour, so
//! a screen reader or a serial console can follow. Numbered choices, the default in brackets
//! and taken by Enter, a refused answer explained and the same question asked again; then the
//! same flow as `setup --non-interactive`, with the plan confirmed before any change.

use std::io::{BufRead, Write};

use super::setup::{Output, refuse_unseen_secret, run};
use super::{Failure, note_to_stderr};
use crate::config::{Global, SetupConfig};
use crate::domain::answers::{DEFAULT_FOLDER, Draft};
use crate::domain::auth::AuthKind;
use crate::domain::integration::{Integration, IntegrationChoice};
use crate::domain::names::{AccountId, BucketName, ExternalId, FolderPath, Region};
use crate::domain::plan::Plan;
use crate::engine::{Engine, suggested_bucket_name};

/// The questions, read from `input`, written to `output`.
struct Prompter<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> Prompter<R, W> {
    /// One line of input; `None` at the end of input.
    fn line(&mut self, question: &str) -> Option<String> {
        let _ = write!(self.output, "{question} ");
        let _ = self.output.flush();
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) | Err(_) => {
                let _ = writeln!(self.output);
                None
            }
            Ok(_) => Some(line.trim().to_string()),
        }
    }

    /// Asks until `check` accepts the answer; Enter (or the end of input) takes `default`.
    fn ask(
        &mut self,
        question: &str,
        default: Option<&str>,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Result<String, Failure> {
        let shown = match default {
            Some(d) if !d.is_empty() => format!("{question} [{d}]:"),
            _ => format!("{question}:"),
        };
        loop {
            let answer = match (self.line(&shown), default) {
                (Some(a), _) if !a.is_empty() => a,
                (_, Some(d)) => d.to_string(),
                (None, None) => {
                    return Err(Failure::usage(vec![format!(
                        "no answer for \"{question}\", and it has no default"
                    )]));
                }
                (Some(_), None) => continue,
            };
            match check(&answer) {
                Ok(()) => return Ok(answer),
                Err(why) => {
                    let _ = writeln!(self.output, "  not accepted: {why}");
                }
            }
        }
    }

    /// A numbered choice; returns the index of the option picked.
    fn choose(&mut self, question: &str, options: &[&str]) -> Result<usize, Failure> {
        let _ = writeln!(self.output, "{question}");
        for (i, option) in options.iter().enumerate() {
            let _ = writeln!(self.output, "  {}) {option}", i + 1);
        }
        let n = options.len();
        let picked = self.ask("Choice", Some("1"), |a| match a.parse::<usize>() {
            Ok(i) if (1..=n).contains(&i) => Ok(()),
            _ => Err(format!("type a number from 1 to {n}")),
        })?;
        Ok(picked.parse::<usize>().map_or(0, |i| i - 1))
    }

    fn yes(&mut self, question: &str, default: bool) -> Result<bool, Failure> {
        let d = if default { "y" } else { "n" };
        let a = self.ask(question, Some(d), |a| {
            match a.to_ascii_lowercase().as_str() {
                "y" | "yes" | "n" | "no" => Ok(()),
                _ => Err("answer y or n".into()),
            }
        })?;
        Ok(a.to_ascii_lowercase().starts_with('y'))
    }
}

fn reason<T, E: std::fmt::Display>(parsed: Result<T, E>) -> Result<(), String> {
    parsed.map(drop).map_err(|e| e.to_string())
}

/// The questions of the wizard, in its order, into a draft.
fn questions<R: BufRead, W: Write>(p: &mut Prompter<R, W>, region: &str) -> Result<Draft, Failure> {
    let mut d = Draft::default();
    let integration = IntegrationChoice::ALL[p.choose(
        "What should Braze export?",
        &IntegrationChoice::ALL.map(|c| c.title()),
    )?];
    d.integration = Some(integration);
    let bucket = p.ask(
        "S3 bucket (created when missing)",
        Some(&suggested_bucket_name()),
        |a| reason(BucketName::parse(a)),
    )?;
    d.region = Some(p.ask("Region of the bucket", Some(region), |a| {
        reason(Region::parse(a))
    })?);
    d.bucket = Some(bucket);
    if integration.includes(Integration::Currents) {
        d.folder = Some(p.ask("Currents folder path", Some(DEFAULT_FOLDER), |a| {
            reason(FolderPath::normalize(a))
        })?);
    }
    d.sse = Some(p.yes(
        "Server-side AES-256 encryption on Braze's writes? (y/n)",
        false,
    )?);
    let kind =
        AuthKind::ALL[p.choose("How does Braze sign in?", &AuthKind::ALL.map(|k| k.title()))?];
    d.auth = Some(kind);
    if kind == AuthKind::RoleArn {
        d.braze_account_id = Some(p.ask(
            "Braze's AWS account ID (12 digits, from the Braze page)",
            None,
            |a| reason(AccountId::parse(a)),
        )?);
        let external = |p: &mut Prompter<R, W>, page: &str| {
            p.ask(&format!("External ID ({page})"), None, |a| {
                reason(ExternalId::parse(a))
            })
        };
        if integration.includes(Integration::Currents) {
            d.currents_external_id = Some(external(p, "from the Currents page")?);
        }
        if integration.includes(Integration::DataExport) {
            d.export_external_id = Some(external(p, "from Technology Partners → Amazon S3")?);
        }
    }
    Ok(d)
}

/// `braze-s3 setup --accessible`.
pub async fn accessible(global: &Global, cfg: &SetupConfig) -> Result<(), Failure> {
    let engine = Engine::start(cfg.engine(global), note_to_stderr()).await?;
    println!(
        "braze-s3 setup, one question at a time. Enter takes the answer in [brackets]; nothing in AWS changes before you confirm the plan."
    );
    let prompter = || Prompter {
        input: std::io::stdin().lock(),
        output: std::io::stdout(),
    };
    let draft = questions(&mut prompter(), engine.region())?;
    let answers = draft.build()?;
    let output = Output {
        json: global.json,
        show_secret: cfg.show_secret,
    };
    refuse_unseen_secret(output, &answers, cfg.store_secret)?;
    let lock = engine.lock(&answers.name)?;
    let confirm = |plan: &Plan| {
        plan.changes.is_empty()
            || prompter()
                .yes(
                    &format!("Make these {} changes? (y/n)", plan.changes.len()),
                    true,
                )
                .unwrap_or(false)
    };
    Box::pin(run(&engine, output, &answers, lock, Some(&confirm))).await
}
