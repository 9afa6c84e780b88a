//! Parse the command line, set up logging, dispatch, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

use braze_s3::cli::Cli;
use braze_s3::config::{Command, Config, Global, SetupConfig, SetupFace, Terminal};
use braze_s3::exit::{self, Failure};
use braze_s3::{cli_docs, headless, tui};

fn main() -> ExitCode {
    cli_docs::complete_if_asked();
    let cli = Cli::parse();
    if let Some(refusal) = sensitive_bodies_refusal() {
        eprintln!("error: {refusal}");
        return ExitCode::from(exit::USAGE);
    }
    let _log = init_logging();
    let result = Config::resolve(cli, Terminal::detect()).and_then(dispatch);
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

/// Runs the resolved command on its face.
fn dispatch(config: Config) -> Result<(), Failure> {
    let Config { global, command } = config;
    let g = &global;
    match command {
        Command::Policy(cfg) => headless::policy(&cfg),
        Command::TrustPolicy(cfg) => headless::trust(&cfg),
        Command::Plan(cfg) => headless::plan(g, &cfg),
        Command::Export(cfg) => headless::export(g, &cfg),
        Command::Connectors(cfg) => headless::connectors(g, &cfg),
        Command::Completions(shell) => cli_docs::completions(shell),
        Command::Man(path) => cli_docs::man(&path),
        Command::Setup(cfg) => on_runtime(setup(g, &cfg)),
        Command::Home(cfg) => on_runtime(wizard(tui::home::run(cfg.engine(g)))),
        Command::Test(cfg) => on_runtime(headless::test(g, &cfg)),
        Command::Teardown(cfg) => on_runtime(headless::teardown(g, &cfg)),
        Command::Resume(cfg) => on_runtime(headless::resume(g, &cfg)),
        Command::Sandbox => on_runtime(headless::sandbox(g)),
        Command::Rotate(cfg) => on_runtime(headless::rotate(g, &cfg)),
        Command::Doctor(cfg) => on_runtime(headless::doctor(g, &cfg)),
        Command::Watch(cfg) => on_runtime(headless::watch(g, &cfg)),
    }
}

/// A setup on the face the configuration chose; the wizard honours the same setup flags.
async fn setup(global: &Global, cfg: &SetupConfig) -> Result<(), Failure> {
    match cfg.face {
        SetupFace::Flags => headless::setup(global, cfg).await,
        SetupFace::Prompts => headless::accessible(global, cfg).await,
        SetupFace::Wizard => wizard(tui::run(cfg.engine(global), cfg.draft.clone(), false)).await,
    }
}

/// A full-screen face's outcome as an exit code (it has printed its own report).
async fn wizard(
    face: impl Future<Output = Result<tui::Outcome, tui::TuiError>>,
) -> Result<(), Failure> {
    let outcome = face.await.map_err(|e| Failure::runtime(e.to_string()))?;
    match outcome.exit_code() {
        exit::OK => Ok(()),
        code => Err(Failure::silent(code)),
    }
}

/// Runs a command that talks to AWS (or waits) on a two-thread tokio runtime.
fn on_runtime(command: impl Future<Output = Result<(), Failure>>) -> Result<(), Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::runtime(format!("could not start the async runtime: {e}")))?
        .block_on(command)
}

/// The AWS SDK logs whole response bodies — secret access keys included — when
/// `LOG_SENSITIVE_BODIES` is set. The variable can't be unset from safe code before the clients
/// read it, so refuse to start instead.
fn sensitive_bodies_refusal() -> Option<String> {
    std::env::var_os("LOG_SENSITIVE_BODIES").map(|_| {
        "LOG_SENSITIVE_BODIES is set: it makes the AWS SDK log response bodies, secret access keys included. Unset it (`unset LOG_SENSITIVE_BODIES`) and run again.".to_string()
    })
}

/// Logs go to a file (never the screen, which belongs to the wizard): `RUST_LOG` sets the level.
/// The cache directory is 0700 and the log 0600 whatever the umask (a log may name accounts and
/// keys); either being a symbolic link means no log rather than a redirected one.
fn init_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = directories::ProjectDirs::from("", "", "braze-s3")?
        .cache_dir()
        .to_path_buf();
    braze_s3::store::files::private_dir(&dir).ok()?;
    braze_s3::store::files::open_private_append(&dir.join("braze-s3.log")).ok()?;
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
