//! Clap's structs → [`Config`]: each value parsed into its domain type, every problem a usage
//! failure (exit 2) that says what to fix, before anything touches AWS or the files.

use std::io::IsTerminal;
use std::time::Duration;

use super::{
    Command, Config, ConnectorsConfig, DoctorConfig, ExportConfig, ExportOptions, Global,
    PolicyConfig, ResumeConfig, RotateConfig, TeardownConfig, TestConfig, TrustConfig, WatchConfig,
};
use crate::cli::{self, Cli, ConnectorsCmd, ExportOutput};
use crate::domain::answers::DEFAULT_REGION;
use crate::domain::created::BucketDisposal;
use crate::domain::names::{
    AccountId, BucketName, ConnectorName, ExternalId, FolderPath, NameError, Region,
};
use crate::engine::EngineOptions;
use crate::exit::Failure;

/// What the terminal can do, which decides the setup's face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terminal {
    /// `TERM=dumb`: no full-screen UI.
    pub dumb: bool,
    /// stdin and stdout are both a terminal.
    pub interactive: bool,
}

impl Terminal {
    /// This process's terminal.
    pub fn detect() -> Terminal {
        Terminal {
            dumb: std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
            interactive: std::io::stdin().is_terminal() && std::io::stdout().is_terminal(),
        }
    }
}

impl Config {
    /// Resolves the parsed command line. Reads `--answers FILE` and, for
    /// `--share-credentials-with`, the shared connector's profile; nothing else.
    pub fn resolve(cli: Cli, terminal: Terminal) -> Result<Config, Failure> {
        let g = cli.global;
        let global = Global {
            aws: EngineOptions {
                profile: g.profile,
                region: g.region,
                endpoint_url: g.endpoint_url,
                config_dir: g.config_dir,
                sandbox: g.sandbox,
                ..EngineOptions::default()
            },
            json: g.json,
        };
        let command = match cli.command {
            // No command: on a terminal, the home screen (the wizard when nothing is saved).
            None => match super::setup::wizard(&global, terminal)? {
                cfg if cfg.face == super::SetupFace::Wizard => Command::Home(cfg),
                cfg => Command::Setup(cfg),
            },
            Some(command) => command_of(&global, command, terminal)?,
        };
        Ok(Config { global, command })
    }
}

fn command_of(
    global: &Global,
    command: cli::Command,
    terminal: Terminal,
) -> Result<Command, Failure> {
    use cli::Command as C;
    Ok(match command {
        C::Policy(args) => Command::Policy(policy(global, &args)?),
        C::TrustPolicy(args) => Command::TrustPolicy(trust(global, &args)?),
        C::Plan(cmd) => Command::Plan(super::setup::plan(global, &cmd)?),
        C::Setup(cmd) => Command::Setup(super::setup::setup(global, &cmd, terminal)?),
        C::Test(cmd) => Command::Test(TestConfig {
            name: connector_name(&cmd.name)?,
            wait: seconds(cmd.wait),
        }),
        C::Connectors(ConnectorsCmd::List) => Command::Connectors(ConnectorsConfig::List),
        C::Connectors(ConnectorsCmd::Show { name }) => {
            Command::Connectors(ConnectorsConfig::Show(connector_name(&name)?))
        }
        C::Connectors(ConnectorsCmd::Remove { name }) => {
            Command::Connectors(ConnectorsConfig::Remove(connector_name(&name)?))
        }
        C::Teardown(cmd) => Command::Teardown(TeardownConfig {
            name: connector_name(&cmd.name)?,
            confirmed: cmd.yes,
            bucket: match (cmd.delete_bucket, cmd.force) {
                (false, _) => BucketDisposal::Keep,
                (true, false) => BucketDisposal::DeleteIfEmpty,
                (true, true) => BucketDisposal::Force,
            },
        }),
        C::Resume(cmd) => Command::Resume(ResumeConfig {
            name: cmd.name.as_deref().map(connector_name).transpose()?,
            undo: cmd.undo,
            confirmed: cmd.yes,
            show_secret: cmd.show_secret,
            wait: seconds(cmd.wait),
        }),
        C::Sandbox => Command::Sandbox,
        C::Export(cmd) => Command::Export(ExportConfig {
            name: connector_name(&cmd.name)?,
            format: cmd.format.into(),
            output: export_options(cmd.output),
        }),
        C::Rotate(cmd) => Command::Rotate(RotateConfig {
            name: connector_name(&cmd.name)?,
            finish: cmd.finish,
            confirmed: cmd.yes,
            force: cmd.force,
            integration: cmd.integration.map(Into::into),
            show_secret: cmd.show_secret,
            wait: seconds(cmd.wait),
        }),
        C::Doctor(cmd) => Command::Doctor(DoctorConfig {
            at: cmd.at.as_deref().map(epoch_of).transpose()?,
            names: cmd
                .names
                .iter()
                .map(|n| connector_name(n))
                .collect::<Result<_, _>>()?,
            wait: seconds(cmd.wait),
        }),
        C::Watch(cmd) => Command::Watch(WatchConfig {
            name: connector_name(&cmd.name)?,
            timeout: cmd.timeout.map(Duration::from_secs),
            once: cmd.once,
            interval: Duration::from_secs_f64(cmd.interval),
        }),
        C::Completions { shell } => Command::Completions(shell),
        C::Man { command } => Command::Man(command),
    })
}

/// `--wait SECONDS` (clap has bounded it to 1–3600).
pub(super) fn seconds(wait: u64) -> Duration {
    Duration::from_secs(wait)
}

pub(super) fn connector_name(name: &str) -> Result<ConnectorName, Failure> {
    ConnectorName::parse(name.trim()).map_err(|e| Failure::usage(vec![e.to_string()]))
}

pub(super) fn export_options(o: ExportOutput) -> ExportOptions {
    ExportOptions {
        out: o.out,
        with_key: o.with_key,
    }
}

/// Collects every invalid value instead of stopping at the first.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn take<T>(&mut self, parsed: Result<T, NameError>) -> Option<T> {
        parsed.map_err(|e| self.0.push(e.to_string())).ok()
    }
}

/// `--region`, or the default an offline command assumes.
fn region_or_default(global: &Global) -> Result<Region, NameError> {
    Region::parse(global.aws.region.as_deref().unwrap_or(DEFAULT_REGION))
}

fn policy(global: &Global, args: &cli::PolicyArgs) -> Result<PolicyConfig, Failure> {
    let mut p = Problems::default();
    let parsed = (
        p.take(BucketName::parse(args.bucket.trim())),
        p.take(region_or_default(global)),
        p.take(FolderPath::normalize(&args.folder)),
    );
    let (Some(bucket), Some(region), Some(folder)) = parsed else {
        return Err(Failure::usage(p.0));
    };
    Ok(PolicyConfig {
        integration: args.integration.into(),
        bucket,
        region,
        scope: args.scope_to_folder.then_some(folder),
    })
}

fn trust(global: &Global, args: &cli::TrustArgs) -> Result<TrustConfig, Failure> {
    let mut p = Problems::default();
    let parsed = (
        p.take(AccountId::parse(args.braze_account_id.trim())),
        p.take(ExternalId::parse(args.external_id.trim())),
        p.take(region_or_default(global)),
    );
    let (Some(braze_account), Some(external_id), Some(region)) = parsed else {
        return Err(Failure::usage(p.0));
    };
    Ok(TrustConfig {
        braze_account,
        external_id,
        region,
    })
}

/// An RFC 3339 time (`doctor --at`) as seconds since the epoch.
fn epoch_of(text: &str) -> Result<u64, Failure> {
    humantime::parse_rfc3339_weak(text)
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
        .ok_or_else(|| {
            Failure::usage(vec![format!(
                "--at {text} is not a time like 2026-12-01T12:00:00Z"
            )])
        })
}
