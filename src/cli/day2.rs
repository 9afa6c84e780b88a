//! The day-2 commands' flags: `rotate`, `doctor`, `watch`.

use clap::Args;

use super::{IntegrationArg, wait_seconds};

#[derive(Debug, Clone, Args)]
pub struct RotateCmd {
    /// The connector's name (a secret-key connector).
    pub name: String,
    /// Step two: delete the old key once Braze uses the new one.
    #[arg(long)]
    pub finish: bool,
    /// Don't ask; with --finish, refuses when the new key has never been used (see --force).
    #[arg(long)]
    pub yes: bool,
    /// With --finish --yes: delete the old key even though the new key shows no use.
    #[arg(long, requires = "finish")]
    pub force: bool,
    /// Which credential, when the connector has one per integration.
    #[arg(long, value_enum)]
    pub integration: Option<IntegrationArg>,
    /// Print the new secret access key even when stdout is not a terminal, and in --json.
    #[arg(long)]
    pub show_secret: bool,
    /// How long the live test waits for IAM to propagate the new key, in seconds (1–3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 120, value_parser = wait_seconds())]
    pub wait: u64,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = "Exit codes: 0 all healthy, 3 a connector is failing, 4 warnings only.")]
pub struct DoctorCmd {
    /// The connectors to check [default: every saved connector].
    pub names: Vec<String>,
    /// How long each live test waits out IAM propagation, in seconds (1–3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 15, value_parser = wait_seconds())]
    pub wait: u64,
    /// Judge ages as of this time (RFC 3339) instead of now.
    #[arg(long, value_name = "TIME", hide = true)]
    pub at: Option<String>,
}

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Exit codes: 0 a file arrived (with --once) or stopped by hand, 3 timed out, 130 interrupted."
)]
pub struct WatchCmd {
    /// The connector's name.
    pub name: String,
    /// Give up after this many seconds (exit 3) [default: wait until Ctrl-C].
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,
    /// Exit 0 as soon as the first new file arrives.
    #[arg(long)]
    pub once: bool,
    /// Seconds between two looks at the bucket (0.1–600).
    #[arg(long, value_name = "SECONDS", default_value_t = 15.0, value_parser = interval)]
    pub interval: f64,
}

fn interval(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.1..=600.0).contains(&v) => Ok(v),
        _ => Err("expected a number of seconds from 0.1 to 600".into()),
    }
}
