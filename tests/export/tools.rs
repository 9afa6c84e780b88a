//! The external tools the export tests drive (terraform, cfn-lint, the AWS CLI), found on
//! PATH; a missing one is reported on stderr and its test part skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use braze_s3::sandbox::Sandbox;
use secrecy::ExposeSecret;

/// Says a check was skipped straight to the terminal: the test harness hides what a passing
/// test prints with `eprintln!`, and a skip must never look like a pass.
pub fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

pub struct Tool {
    path: PathBuf,
}

impl Tool {
    /// The program on PATH, or `None` after saying on stderr that the check is skipped.
    pub fn find(name: &str) -> Option<Tool> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let found = std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file());
        if found.is_none() {
            skipped(&format!(
                "`{name}` is not on PATH, so the checks that need it did not run"
            ));
        }
        found.map(|path| Tool { path })
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new(&self.path);
        c.env("CHECKPOINT_DISABLE", "1");
        c
    }

    /// The AWS CLI acting as the sandbox admin against its endpoint.
    pub fn against(self, sb: &Sandbox) -> Aws {
        Aws {
            tool: self,
            endpoint: sb.endpoint.clone(),
            region: sb.region.clone(),
            key: sb.admin.access_key_id.clone(),
            secret: sb.admin.secret_access_key.expose_secret().to_string(),
        }
    }
}

pub struct Aws {
    tool: Tool,
    endpoint: String,
    region: String,
    key: String,
    secret: String,
}

pub trait Text {
    fn text(&self) -> String;
}

impl Text for Output {
    fn text(&self) -> String {
        format!(
            "{}{}",
            String::from_utf8_lossy(&self.stdout),
            String::from_utf8_lossy(&self.stderr)
        )
    }
}

pub fn run(c: &mut Command) -> Output {
    c.output()
        .unwrap_or_else(|e| panic!("could not run {c:?}: {e}"))
}

/// `aws … --output json` as the sandbox admin; panics with the output when it fails.
pub fn aws_json(aws: &Aws, args: &[&str]) -> serde_json::Value {
    let mut c = aws.tool.command();
    c.args(args)
        .args(["--endpoint-url", &aws.endpoint, "--region", &aws.region])
        .args(["--output", "json"])
        .env("AWS_ACCESS_KEY_ID", &aws.key)
        .env("AWS_SECRET_ACCESS_KEY", &aws.secret)
        .env_remove("AWS_PROFILE")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    let out = run(&mut c);
    assert!(out.status.success(), "aws {args:?} failed:\n{}", out.text());
    if out.stdout.is_empty() {
        return serde_json::Value::Null;
    }
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("aws {args:?}: {e}: {}", out.text()))
}

/// Polls the stack until it is no longer in progress; its final status.
pub fn wait_for_stack(aws: &Aws, stack: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let got = aws_json(
            aws,
            &["cloudformation", "describe-stacks", "--stack-name", stack],
        );
        let status = got["Stacks"][0]["StackStatus"]
            .as_str()
            .unwrap_or("")
            .to_string();
        if !status.ends_with("_IN_PROGRESS") || Instant::now() > deadline {
            if status != "CREATE_COMPLETE" {
                let events = aws_json(
                    aws,
                    &[
                        "cloudformation",
                        "describe-stack-events",
                        "--stack-name",
                        stack,
                    ],
                );
                eprintln!("stack events: {events:#}");
            }
            return status;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// The directory that holds `registry.terraform.io/` (a filesystem mirror of providers):
/// `BRAZE_S3_TF_MIRROR`, else the first found within three levels of `/`.
fn mirror() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("BRAZE_S3_TF_MIRROR") {
        return Some(PathBuf::from(dir));
    }
    let mut level = vec![PathBuf::from("/")];
    for _ in 0..3 {
        let mut next = Vec::new();
        for dir in level {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                let path = entry.path();
                if ["/proc", "/sys", "/dev"]
                    .iter()
                    .any(|s| path == Path::new(s))
                {
                    continue;
                }
                if entry
                    .file_type()
                    .is_ok_and(|t| t.is_dir() && !t.is_symlink())
                {
                    if entry.file_name() == "registry.terraform.io" {
                        return Some(dir);
                    }
                    next.push(path);
                }
            }
        }
        level = next;
    }
    None
}

/// Terraform set up to install providers from the filesystem mirror only (never a
/// registry), or `None` after saying why the Terraform checks are skipped.
pub fn terraform() -> Option<Tool> {
    let tool = Tool::find("terraform")?;
    if mirror().is_none() {
        skipped(
            "no Terraform provider mirror (a directory holding registry.terraform.io/; set BRAZE_S3_TF_MIRROR), and the tests never use a registry",
        );
        return None;
    }
    Some(tool)
}

/// Terraform acting as the sandbox admin, with a CLI config of our own.
pub struct Terraform {
    tool: Tool,
    config: PathBuf,
    key: String,
    secret: String,
}

impl Tool {
    pub fn against_sandbox(self, sb: &Sandbox, dir: &Path) -> Terraform {
        let mirror = mirror().unwrap_or_default();
        let config = dir.join("terraform.rc");
        let text = format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = {:?}\n    include = [\"registry.terraform.io/*/*\"]\n  }}\n}}\n",
            mirror.display().to_string()
        );
        std::fs::write(&config, text).unwrap();
        Terraform {
            tool: self,
            config,
            key: sb.admin.access_key_id.clone(),
            secret: sb.admin.secret_access_key.expose_secret().to_string(),
        }
    }
}

impl Terraform {
    pub fn run(&self, dir: &Path, args: &[&str]) -> Output {
        let mut c = self.tool.command();
        c.current_dir(dir)
            .args(args)
            .arg("-no-color")
            .env("TF_CLI_CONFIG_FILE", &self.config)
            .env("TF_IN_AUTOMATION", "1")
            .env("AWS_ACCESS_KEY_ID", &self.key)
            .env("AWS_SECRET_ACCESS_KEY", &self.secret)
            .env_remove("AWS_PROFILE")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        run(&mut c)
    }

    /// Runs and asserts success; stdout.
    pub fn ok(&self, dir: &Path, args: &[&str]) -> String {
        let started = Instant::now();
        let out = self.run(dir, args);
        assert!(
            out.status.success(),
            "terraform {args:?} failed:\n{}",
            out.text()
        );
        eprintln!("terraform {}: {:?}", args[0], started.elapsed());
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// Provider settings that work against moto (a root-module file next to the export).
pub fn moto_provider(endpoint: &str, region: &str) -> String {
    format!(
        r#"provider "aws" {{
  region                      = "{region}"
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true

  endpoints {{
    s3  = "{endpoint}"
    iam = "{endpoint}"
    sts = "{endpoint}"
  }}
}}
"#
    )
}
