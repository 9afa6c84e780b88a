//! The flags of `setup` (and the answers `plan` shares with it), and the values they take.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{DEFAULT_WAIT, wait_seconds};
use crate::domain::auth::AuthKind;
use crate::domain::integration::{Integration, IntegrationChoice};

#[derive(Debug, Clone, Args)]
pub struct SetupCmd {
    #[command(flatten)]
    pub answers: SetupArgs,
    /// Run without the wizard: print progress lines (or one JSON object with --json).
    #[arg(long)]
    pub non_interactive: bool,
    /// The wizard's questions as plain line prompts (screen readers, serial consoles); also
    /// chosen when TERM=dumb.
    #[arg(long, conflicts_with = "non_interactive")]
    pub accessible: bool,
    /// Don't keep the secret access key in the connector profile (it is shown once).
    #[arg(long)]
    pub no_store_secret: bool,
    /// Print the secret access key even when stdout is not a terminal, and in --json output.
    #[arg(long)]
    pub show_secret: bool,
    /// How long the live test waits for IAM to propagate a new key, in seconds (1–3600).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_WAIT, value_parser = wait_seconds())]
    pub wait: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IntegrationArg {
    /// Currents: continuous event export (Avro files under a folder).
    Currents,
    /// Dashboard data export: CSV exports and reports.
    DataExport,
}

impl From<IntegrationArg> for Integration {
    fn from(a: IntegrationArg) -> Integration {
        match a {
            IntegrationArg::Currents => Integration::Currents,
            IntegrationArg::DataExport => Integration::DataExport,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IntegrationChoiceArg {
    Currents,
    DataExport,
    /// Both integrations on one bucket (two separate policies).
    Both,
}

impl From<IntegrationChoiceArg> for IntegrationChoice {
    fn from(a: IntegrationChoiceArg) -> IntegrationChoice {
        match a {
            IntegrationChoiceArg::Currents => IntegrationChoice::Currents,
            IntegrationChoiceArg::DataExport => IntegrationChoice::DataExport,
            IntegrationChoiceArg::Both => IntegrationChoice::Both,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthArg {
    /// An IAM user and access key (ID + secret) entered in Braze.
    SecretKey,
    /// A role Braze assumes with your external ID; its ARN is entered in Braze.
    RoleArn,
}

impl From<AuthArg> for AuthKind {
    fn from(a: AuthArg) -> AuthKind {
        match a {
            AuthArg::SecretKey => AuthKind::SecretKey,
            AuthArg::RoleArn => AuthKind::RoleArn,
        }
    }
}

/// Everything a setup needs; flags override the fields of `--answers FILE`.
#[derive(Debug, Clone, Default, Args)]
pub struct SetupArgs {
    /// Read answers from a JSON file (the same fields as these flags, snake_case).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// What Braze will export: currents, data-export or both [default: currents].
    #[arg(long, value_enum)]
    pub integration: Option<IntegrationChoiceArg>,
    /// How Braze authenticates [default: secret-key].
    #[arg(long, value_enum)]
    pub auth: Option<AuthArg>,
    /// The bucket (created when missing).
    #[arg(long, value_name = "BUCKET")]
    pub bucket: Option<String>,
    /// The bucket must already exist; never create it.
    #[arg(long)]
    pub existing_bucket: bool,
    /// Currents folder path inside the bucket [default: currents].
    #[arg(long, value_name = "PATH")]
    pub folder: Option<String>,
    /// Braze encrypts what it writes with SSE-S3 (AES256).
    #[arg(long, overrides_with = "no_sse")]
    pub sse: bool,
    /// No server-side encryption header (the default).
    #[arg(long, overrides_with = "sse")]
    pub no_sse: bool,
    /// Limit Currents object access to the folder (Currents only).
    #[arg(long)]
    pub scope_to_folder: bool,
    /// IAM user for secret-key auth [default: braze-s3-<bucket>].
    #[arg(long, value_name = "NAME")]
    pub user_name: Option<String>,
    /// IAM role for role-ARN auth [default: braze-s3-<bucket>].
    #[arg(long, value_name = "NAME")]
    pub role_name: Option<String>,
    /// Braze's AWS account ID (role-ARN auth), from the Braze dashboard.
    #[arg(long, value_name = "ID")]
    pub braze_account_id: Option<String>,
    /// The external ID Braze shows (role-ARN auth); with both integrations, for both pages.
    #[arg(long, value_name = "ID")]
    pub external_id: Option<String>,
    /// The external ID on Braze's Currents page (role-ARN auth) [default: --external-id].
    #[arg(long, value_name = "ID")]
    pub currents_external_id: Option<String>,
    /// The external ID on Braze's Technology Partners → Amazon S3 page (role-ARN auth)
    /// [default: --external-id].
    #[arg(long, value_name = "ID")]
    pub export_external_id: Option<String>,
    /// The connector's name, used for its saved profile [default: the bucket name].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Use saved Currents connector NAME's user and access key, with a folder of your own
    /// (--folder): no new user or key; its policy is extended to both folders.
    #[arg(long, value_name = "NAME")]
    pub share_credentials_with: Option<String>,
}
