//! `export NAME --format …` and `plan --format …`: the setup as a Terraform module or a
//! CloudFormation template, printed or written to `--out DIR`.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use serde_json::json;

use super::Failure;
use super::manage::{find, store_err};
use super::offline::plan_offline;
use crate::config::{ExportConfig, ExportOptions, Global, PlanConfig};
use crate::domain::answers::Answers;
use crate::domain::existing::Existing;
use crate::domain::plan::{Plan, PlanError};
use crate::export::{Adopted, Export, File, Format, render};
use crate::store::journal::JournalState;

const KEY_WARNING: &str = "warning: --with-key puts a secret access key in Terraform state or in the stack's outputs, readable by anyone who can read those: keep them encrypted and access-controlled, or export without --with-key and create the key after applying";

/// `braze-s3 plan`: the list of changes, or with `--format` the setup as code (offline).
pub fn plan(global: &Global, cfg: &PlanConfig) -> Result<(), Failure> {
    let answers = &cfg.answers;
    let Some(format) = cfg.format else {
        return plan_offline(global, answers);
    };
    // The same refusals as `plan`, so an export never holds what setup would refuse. Offline
    // nothing is known to exist, so an existing bucket can't be found missing either.
    if let Err(errors) = Plan::from(answers, &Existing::default()) {
        let lines: Vec<String> = errors
            .iter()
            .filter(|e| !matches!(e, PlanError::BucketMissing(_)))
            .map(ToString::to_string)
            .collect();
        if !lines.is_empty() {
            return Err(Failure::usage(lines));
        }
    }
    emit(
        global,
        format,
        &cfg.output,
        answers,
        Adopted::planned(answers),
    )
}

/// `braze-s3 export NAME`: a saved connector, with what it adopted imported.
pub fn export(global: &Global, cfg: &ExportConfig) -> Result<(), Failure> {
    let (store, profile) = find(global, &cfg.name)?;
    let journal = JournalState::read(store.dir(), &cfg.name).map_err(store_err)?;
    let live = journal.map(|j| j.live());
    let adopted = Adopted::saved(&profile.answers, live.as_deref(), &profile.account);
    emit(global, cfg.format, &cfg.output, &profile.answers, adopted)
}

fn emit(
    global: &Global,
    format: Format,
    output: &ExportOptions,
    answers: &Answers,
    adopted: Adopted,
) -> Result<(), Failure> {
    let export = Export {
        answers,
        adopted,
        with_key: output.with_key,
    };
    let files = render(format, &export).map_err(|e| Failure::usage(vec![e.to_string()]))?;
    if output.with_key {
        eprintln!("{KEY_WARNING}");
    }
    let written = match &output.out {
        Some(dir) => Some(write_all(dir, &files, output.with_key)?),
        None => None,
    };
    if global.json {
        let listed: Vec<_> = files
            .iter()
            .zip(
                written
                    .iter()
                    .flatten()
                    .map(Some)
                    .chain(std::iter::repeat(None)),
            )
            .map(|(f, path)| match path {
                Some(path) => json!({"name": f.name, "path": path}),
                None => json!({"name": f.name, "contents": f.contents}),
            })
            .collect();
        let out = json!({"name": answers.name, "files": listed});
        super::print_json(&out)?;
    } else if let Some(paths) = &written {
        for path in paths {
            println!("wrote {path}");
        }
    } else if let [only] = files.as_slice() {
        print!("{}", only.contents);
    } else {
        // Terraform reads any number of .tf files as one: the files back to back are one
        // valid configuration (`> main.tf` works).
        let texts: Vec<String> = files
            .iter()
            .map(|f| format!("# ==> {} <==\n{}", f.name, f.contents))
            .collect();
        print!("{}", texts.join("\n"));
    }
    Ok(())
}

/// Writes every file into `dir`: 0644, or 0600 when they may hold a secret.
fn write_all(dir: &Path, files: &[File], secret: bool) -> Result<Vec<String>, Failure> {
    let shown = dir.display();
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::runtime(format!(
            "could not create the output directory {shown}: {e}; choose another --out DIR"
        ))
    })?;
    let mode = if secret { 0o600 } else { 0o644 };
    let mut written = Vec::new();
    for file in files {
        let path = dir.join(&file.name);
        let fail = |e: std::io::Error| {
            Failure::runtime(format!(
                "could not write {}: {e}; check the directory's permissions or choose another --out DIR",
                path.display()
            ))
        };
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(mode)
            .open(&path)
            .map_err(fail)?;
        // A file that existed keeps its old mode unless set again.
        f.set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(fail)?;
        f.write_all(file.contents.as_bytes()).map_err(fail)?;
        written.push(path.display().to_string());
    }
    Ok(written)
}
