//! The command line, resolved once into what each command needs (as ripgrep turns its flags
//! into one `HiArgs`): `cli` parses, [`Config::resolve`] validates and types, and the faces
//! (`headless`, `tui`) see only these plain types — never a clap struct. Every value here is
//! already valid: names are `ConnectorName`s, waits `Duration`s, `plan`'s answers `Answers`.

mod resolve;
mod setup;

#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::time::Duration;

use crate::domain::answers::{Answers, Draft};
use crate::domain::created::BucketDisposal;
use crate::domain::integration::Integration;
use crate::domain::names::{AccountId, BucketName, ConnectorName, ExternalId, FolderPath, Region};
use crate::engine::{EngineOptions, is_loopback};
use crate::export::Format;

pub use resolve::Terminal;

/// One run of the binary: what every command shares, and the command.
#[derive(Debug)]
pub struct Config {
    pub global: Global,
    pub command: Command,
}

/// What every command shares: where AWS is, where the files are, how to print.
#[derive(Debug, Clone)]
pub struct Global {
    /// Profile, region, endpoint, config directory and sandbox from the global flags; a
    /// command adds its own wait and secret choice ([`Global::engine`]).
    pub aws: EngineOptions,
    /// Print machine-readable JSON instead of text.
    pub json: bool,
}

impl Global {
    /// Engine options for a command whose live test waits `wait` for IAM propagation.
    pub fn engine(&self, wait: Duration) -> EngineOptions {
        EngineOptions {
            propagation_timeout: wait,
            ..self.aws.clone()
        }
    }

    /// `--sandbox`, or an endpoint on this machine: sandbox connectors are kept apart.
    pub fn sandbox_asked(&self) -> bool {
        self.aws.sandbox || self.aws.endpoint_url.as_deref().is_some_and(is_loopback)
    }
}

/// The command, resolved.
#[derive(Debug)]
pub enum Command {
    Policy(PolicyConfig),
    TrustPolicy(TrustConfig),
    Plan(PlanConfig),
    /// `setup`, and the binary without a command off a full terminal (the prompts).
    Setup(SetupConfig),
    /// The binary without a command on a terminal: the saved connectors first, then the
    /// wizard (straight away when none is saved).
    Home(SetupConfig),
    Test(TestConfig),
    Connectors(ConnectorsConfig),
    Teardown(TeardownConfig),
    Resume(ResumeConfig),
    Sandbox,
    Export(ExportConfig),
    Rotate(RotateConfig),
    Doctor(DoctorConfig),
    Watch(WatchConfig),
    Completions(clap_complete::Shell),
    /// The command path whose man page to print (empty: the main page).
    Man(Vec<String>),
}

/// `policy`: one integration's permission policy, offline.
#[derive(Debug, Clone)]
pub struct PolicyConfig {
    pub integration: Integration,
    pub bucket: BucketName,
    pub region: Region,
    /// The folder Currents object access is limited to (`--scope-to-folder`).
    pub scope: Option<FolderPath>,
}

/// `trust-policy`: the role trust policy, offline.
#[derive(Debug, Clone)]
pub struct TrustConfig {
    pub braze_account: AccountId,
    pub external_id: ExternalId,
    pub region: Region,
}

/// `plan`: the answers, validated as a whole, and how to show the plan.
#[derive(Debug, Clone)]
pub struct PlanConfig {
    pub answers: Answers,
    /// Print the setup as code instead of a list of changes.
    pub format: Option<Format>,
    pub output: ExportOptions,
}

/// Where a Terraform module or CloudFormation template goes, and whether it makes a key.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Write the files into this directory instead of printing them.
    pub out: Option<PathBuf>,
    pub with_key: bool,
}

/// Which face runs a setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupFace {
    /// The full-screen wizard (stdin and stdout are a terminal).
    Wizard,
    /// The wizard's questions as plain line prompts (`--accessible`, or `TERM=dumb`).
    Prompts,
    /// The whole flow from flags and `--answers FILE` (`--non-interactive`).
    Flags,
}

/// `setup` (and the wizard), whichever face runs it.
#[derive(Debug, Clone)]
pub struct SetupConfig {
    pub face: SetupFace,
    /// `--answers FILE` with the flags over it, and a shared connector's user, bucket and
    /// region filled in: where the wizard starts, what the headless flow validates. (The
    /// prompts ask every question themselves and start empty.)
    pub draft: Draft,
    /// Keep the secret access key in the 0600 profile (not with `--no-store-secret`).
    pub store_secret: bool,
    /// Print the secret even when stdout is not a terminal, and in JSON.
    pub show_secret: bool,
    /// How long the live test waits out IAM propagation.
    pub wait: Duration,
}

impl SetupConfig {
    /// The engine options of this setup: the global ones, its wait and its secret choice.
    pub fn engine(&self, global: &Global) -> EngineOptions {
        EngineOptions {
            store_secret: self.store_secret,
            ..global.engine(self.wait)
        }
    }
}

/// `test NAME`.
#[derive(Debug, Clone)]
pub struct TestConfig {
    pub name: ConnectorName,
    pub wait: Duration,
}

/// `connectors list|show|remove`.
#[derive(Debug, Clone)]
pub enum ConnectorsConfig {
    List,
    Show(ConnectorName),
    Remove(ConnectorName),
}

/// `teardown NAME`.
#[derive(Debug, Clone)]
pub struct TeardownConfig {
    pub name: ConnectorName,
    /// `--yes`: don't ask.
    pub confirmed: bool,
    pub bucket: BucketDisposal,
}

/// `resume [NAME] [--undo]`.
#[derive(Debug, Clone)]
pub struct ResumeConfig {
    /// Which interrupted setup (needed when there are several).
    pub name: Option<ConnectorName>,
    pub undo: bool,
    /// `--yes`: don't ask.
    pub confirmed: bool,
    pub show_secret: bool,
    pub wait: Duration,
}

/// `export NAME --format …`.
#[derive(Debug, Clone)]
pub struct ExportConfig {
    pub name: ConnectorName,
    pub format: Format,
    pub output: ExportOptions,
}

/// `rotate NAME [--finish]`.
#[derive(Debug, Clone)]
pub struct RotateConfig {
    pub name: ConnectorName,
    pub finish: bool,
    /// `--yes`: don't ask.
    pub confirmed: bool,
    pub force: bool,
    /// Which credential, when the connector has one per integration.
    pub integration: Option<Integration>,
    pub show_secret: bool,
    pub wait: Duration,
}

/// `doctor [NAME…]`.
#[derive(Debug, Clone)]
pub struct DoctorConfig {
    /// The connectors to check; empty: every saved one.
    pub names: Vec<ConnectorName>,
    pub wait: Duration,
    /// Judge ages as of this time (seconds since the Unix epoch) instead of now.
    pub at: Option<u64>,
}

/// `watch NAME`.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    pub name: ConnectorName,
    /// Give up after this long (exit 3); `None`: wait until stopped.
    pub timeout: Option<Duration>,
    /// Stop at the first new file.
    pub once: bool,
    /// Time between two looks at the bucket.
    pub interval: Duration,
}
