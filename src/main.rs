//! Parse the command line, set up logging, dispatch, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

use braze_s3::cli::{Cli, Command};
use braze_s3::headless::{self, Failure};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _log = init_logging();
    let result = match &cli.command {
        Some(Command::Policy(args)) => headless::policy(&cli.global, args),
        Some(Command::TrustPolicy(args)) => headless::trust(&cli.global, args),
        Some(Command::Plan(args)) => headless::plan_offline(&cli.global, args),
        Some(Command::Connectors(cmd)) => headless::connectors(&cli.global, cmd),
        Some(command) => runtime().and_then(|rt| {
            rt.block_on(async {
                match command {
                    Command::Setup(cmd) if cmd.non_interactive => {
                        headless::setup(&cli.global, cmd).await
                    }
                    Command::Setup(_) => wizard(),
                    Command::Test(cmd) => headless::test(&cli.global, cmd).await,
                    Command::Teardown(cmd) => headless::teardown(&cli.global, cmd).await,
                    Command::Resume(cmd) => headless::resume(&cli.global, cmd).await,
                    Command::Sandbox => headless::sandbox(&cli.global).await,
                    _ => Ok(()),
                }
            })
        }),
        None => wizard(),
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

fn wizard() -> Result<(), Failure> {
    Err(Failure::usage(vec![
        "the wizard is not available in this build: use `braze-s3 setup --non-interactive` (see --help)".to_string(),
    ]))
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::runtime(format!("could not start the async runtime: {e}")))
}

/// Logs go to a file (never the screen, which belongs to the wizard): `RUST_LOG` sets the level.
fn init_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = directories::ProjectDirs::from("", "", "braze-s3")?
        .cache_dir()
        .to_path_buf();
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::never(dir, "braze-s3.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("braze_s3=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
