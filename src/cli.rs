//! The command line: clap-derived commands and flags, with help text people can read.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod day2;
mod export;
mod setup;
pub use day2::{DoctorCmd, RotateCmd, WatchCmd};
pub use export::{ExportCmd, ExportOutput, FormatArg, PlanCmd};
pub use setup::{AuthArg, IntegrationArg, IntegrationChoiceArg, SetupArgs, SetupCmd};

const ABOUT: &str =
    "Connect Amazon S3 to Braze: bucket, least-privilege IAM policy, user key or role, live test.";

const LONG_ABOUT: &str = "\
Connect Amazon S3 to Braze — Currents event export, dashboard data export, or both.

Run with no command to open the setup wizard (or, once connectors are saved, a home screen that
lists them to test, diagnose, rotate, watch or tear down). Every step of Braze's Amazon S3 guide
is done for you: a dedicated bucket, a least-privilege policy per integration, an IAM user and
access key (or a role Braze can assume with your external ID), a live credential test, and a
saved connector profile that says exactly what to type into Braze.

Try it without an AWS account:  braze-s3 --sandbox";

const EXIT_CODES: &str = "\
Exit codes: 0 ok, 1 runtime error, 2 bad usage or input, 3 a credential check failed, 4 doctor
found warnings only, 130 interrupted.";

/// How long a setup's live test waits out IAM propagation unless `--wait` says otherwise.
pub const DEFAULT_WAIT: u64 = 120;

/// `--wait`: at least a second, at most an hour — checked before anything else happens.
fn wait_seconds() -> clap::builder::RangedU64ValueParser {
    clap::value_parser!(u64).range(1..=3600)
}

#[derive(Debug, Parser)]
#[command(name = "braze-s3", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// AWS profile from your shared config/credentials files (as the AWS CLI's --profile).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region of the bucket, e.g. eu-west-1 (default: your AWS config's region, else us-east-1).
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// Send AWS requests to this endpoint instead (S3-compatible storage or an emulator).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Where connector profiles and journals are kept.
    #[arg(long, global = true, env = "BRAZE_S3_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Work against a local AWS emulator (moto) the tool starts and stops: no AWS account needed.
    #[arg(long, global = true)]
    pub sandbox: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the least-privilege permission policy for one integration (offline).
    Policy(PolicyArgs),
    /// Print the role trust policy that lets Braze assume a role (offline).
    TrustPolicy(TrustArgs),
    /// Show every AWS change a setup would make, without changing anything.
    Plan(PlanCmd),
    /// Set up S3 for Braze: the wizard, or the whole flow from flags with --non-interactive.
    Setup(SetupCmd),
    /// Re-run the live credential test for a saved connector.
    Test(TestCmd),
    /// List, show or remove saved connector profiles.
    #[command(subcommand)]
    Connectors(ConnectorsCmd),
    /// Delete what braze-s3 created for a connector, newest first (never what it adopted).
    Teardown(TeardownCmd),
    /// Continue an interrupted setup from its journal, or roll it back with --undo.
    Resume(ResumeCmd),
    /// Run a local AWS emulator in the foreground and print its endpoint and admin key.
    Sandbox,
    /// Write a saved connector's setup as a Terraform module or a CloudFormation template.
    Export(ExportCmd),
    /// Replace a connector's access key: a second key now, the old one deleted with --finish.
    Rotate(RotateCmd),
    /// Check saved connectors: live test, drift, key age and use, Braze's newest files.
    Doctor(DoctorCmd),
    /// Wait for Braze's first files to land in a connector's bucket.
    Watch(WatchCmd),
    /// Print a shell completion script: add `source <(braze-s3 completions bash)` to ~/.bashrc.
    Completions {
        /// The shell the script is for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or a command's: `braze-s3 man | man -l -`.
    Man {
        /// The command whose page to print, e.g. `teardown` or `connectors show`.
        command: Vec<String>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ResumeCmd {
    /// The connector whose setup was interrupted (needed when there are several).
    #[arg(add = crate::cli_docs::saved_names())]
    pub name: Option<String>,
    /// Roll the interrupted setup back instead: delete what that run created, newest first.
    #[arg(long)]
    pub undo: bool,
    /// Don't ask for confirmation.
    #[arg(long)]
    pub yes: bool,
    /// Print the secret access key even when stdout is not a terminal.
    #[arg(long)]
    pub show_secret: bool,
    /// How long the live test waits for IAM to propagate a new key, in seconds (1–3600).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_WAIT, value_parser = wait_seconds())]
    pub wait: u64,
}

#[derive(Debug, Clone, Args)]
pub struct TestCmd {
    /// The connector's name (see `braze-s3 connectors list`).
    #[arg(add = crate::cli_docs::saved_names())]
    pub name: String,
    /// How long to wait for IAM propagation, in seconds (1–3600).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_WAIT, value_parser = wait_seconds())]
    pub wait: u64,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ConnectorsCmd {
    /// Every saved connector, one per line.
    List,
    /// One connector's profile (never its secret).
    Show {
        #[arg(add = crate::cli_docs::saved_names())]
        name: String,
    },
    /// Forget a connector's profile (its AWS resources stay; see `teardown`).
    Remove {
        #[arg(add = crate::cli_docs::saved_names())]
        name: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct TeardownCmd {
    /// The connector's name.
    #[arg(add = crate::cli_docs::saved_names())]
    pub name: String,
    /// Don't ask for confirmation.
    #[arg(long)]
    pub yes: bool,
    /// Also delete the bucket the tool created, if it is empty.
    #[arg(long)]
    pub delete_bucket: bool,
    /// With --delete-bucket: delete the bucket's objects too.
    #[arg(long, requires = "delete_bucket")]
    pub force: bool,
}

#[derive(Debug, Clone, Args)]
pub struct PolicyArgs {
    /// Which integration the policy is for.
    #[arg(long, value_enum)]
    pub integration: IntegrationArg,
    /// The bucket Braze writes to.
    #[arg(long, value_name = "BUCKET")]
    pub bucket: String,
    /// The Currents folder path (used with --scope-to-folder).
    #[arg(long, value_name = "PATH", default_value = "currents")]
    pub folder: String,
    /// Limit Currents object access to the folder (Currents only).
    #[arg(long)]
    pub scope_to_folder: bool,
}

#[derive(Debug, Clone, Args)]
pub struct TrustArgs {
    /// Braze's AWS account ID, as shown on the Braze dashboard's Amazon S3 page.
    #[arg(long, value_name = "ID")]
    pub braze_account_id: String,
    /// The external ID shown next to it on the Braze dashboard.
    #[arg(long, value_name = "ID")]
    pub external_id: String,
}
