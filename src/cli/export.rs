//! The flags of `export` and of `plan --format`: infrastructure as code instead of a run.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::SetupArgs;
use crate::export::Format;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A Terraform module: main.tf, variables.tf, outputs.tf, versions.tf.
    Terraform,
    /// One CloudFormation template (YAML) with parameters.
    Cloudformation,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Terraform => Format::Terraform,
            FormatArg::Cloudformation => Format::CloudFormation,
        }
    }
}

/// Where the files go, and whether they include an access key.
#[derive(Debug, Clone, Default, Args)]
pub struct ExportOutput {
    /// Write the files into DIR (created if missing) instead of printing them.
    #[arg(long, value_name = "DIR", requires = "format")]
    pub out: Option<PathBuf>,
    /// Also create an access key per IAM user: its secret then sits in Terraform state or in
    /// the stack's outputs (by default no key is exported; create one after applying).
    #[arg(long, requires = "format")]
    pub with_key: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ExportCmd {
    /// The connector's name (see `braze-s3 connectors list`).
    pub name: String,
    /// Terraform module or CloudFormation template.
    #[arg(long, value_enum)]
    pub format: FormatArg,
    #[command(flatten)]
    pub output: ExportOutput,
}

#[derive(Debug, Clone, Args)]
pub struct PlanCmd {
    #[command(flatten)]
    pub answers: SetupArgs,
    /// Print the setup as a Terraform module or a CloudFormation template instead of a list
    /// of changes.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    #[command(flatten)]
    pub output: ExportOutput,
}
