//! Parse the command line, dispatch, turn the outcome into an exit code. Nothing else.

use std::process::ExitCode;

use clap::Parser;

use braze_s3::cli::{Cli, Command};
use braze_s3::headless::{self, Failure};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Policy(args)) => headless::policy(&cli.global, args),
        Some(Command::TrustPolicy(args)) => headless::trust(&cli.global, args),
        Some(Command::Plan(args)) => headless::plan_offline(&cli.global, args),
        None => Err(Failure::usage(vec![
            "the wizard is not built yet: use `braze-s3 plan --help`".to_string(),
        ])),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            for line in &failure.lines {
                eprintln!("error: {line}");
            }
            ExitCode::from(failure.code)
        }
    }
}
