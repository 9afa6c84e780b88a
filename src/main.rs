//! Parse the command line, set up logging, dispatch, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

use std::io::IsTerminal;

use braze_s3::cli::{Cli, Command, GlobalArgs, SetupArgs, SetupCmd};
use braze_s3::domain::answers::Draft;
use braze_s3::headless::{self, Failure};
use braze_s3::tui;

fn main() -> ExitCode {
    braze_s3::cli_docs::complete_if_asked();
    let cli = Cli::parse();
    if let Some(refusal) = sensitive_bodies_refusal() {
        eprintln!("error: {refusal}");
        return ExitCode::from(headless::EXIT_USAGE);
    }
    let _log = init_logging();
    let result = match &cli.command {
        Some(Command::Policy(args)) => headless::policy(&cli.global, args),
        Some(Command::TrustPolicy(args)) => headless::trust(&cli.global, args),
        Some(Command::Plan(cmd)) => headless::plan(&cli.global, cmd),
        Some(Command::Export(cmd)) => headless::export(&cli.global, cmd),
        Some(Command::Connectors(cmd)) => headless::connectors(&cli.global, cmd),
        Some(Command::Completions { shell }) => braze_s3::cli_docs::completions(*shell),
        Some(Command::Man { command }) => braze_s3::cli_docs::man(command),
        Some(command) => runtime().and_then(|rt| {
            rt.block_on(async {
                match command {
                    Command::Setup(cmd) if cmd.non_interactive => {
                        headless::setup(&cli.global, cmd).await
                    }
                    Command::Setup(cmd) => wizard(&cli.global, Some(cmd)).await,
                    Command::Test(cmd) => headless::test(&cli.global, cmd).await,
                    Command::Teardown(cmd) => headless::teardown(&cli.global, cmd).await,
                    Command::Resume(cmd) => headless::resume(&cli.global, cmd).await,
                    Command::Sandbox => headless::sandbox(&cli.global).await,
                    Command::Rotate(cmd) => headless::rotate(&cli.global, cmd).await,
                    Command::Doctor(cmd) => headless::doctor(&cli.global, cmd).await,
                    Command::Watch(cmd) => headless::watch(&cli.global, cmd).await,
                    _ => Ok(()),
                }
            })
        }),
        None => runtime().and_then(|rt| rt.block_on(wizard(&cli.global, None))),
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

/// The wizard needs a terminal; scripts get the headless flow instead.
async fn wizard(global: &GlobalArgs, setup: Option<&SetupCmd>) -> Result<(), Failure> {
    // A terminal that can't draw a full-screen UI gets the same questions as plain prompts.
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    if dumb || setup.is_some_and(|c| c.accessible) {
        let plain = SetupCmd {
            answers: SetupArgs::default(),
            non_interactive: false,
            accessible: true,
            no_store_secret: false,
            show_secret: false,
            wait: 120,
        };
        return headless::accessible(global, setup.unwrap_or(&plain)).await;
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::usage(vec![
            "the setup wizard needs a terminal: in scripts use `braze-s3 setup --non-interactive` with flags or --answers FILE (see `braze-s3 setup --help`)".to_string(),
        ]));
    }
    let draft = match setup {
        Some(cmd) => headless::draft(global, &cmd.answers)?,
        None => Draft::default(),
    };
    // The wizard honours the same setup flags as the headless flow.
    let mut opts = headless::engine_options(global);
    if let Some(cmd) = setup {
        opts.store_secret = !cmd.no_store_secret;
        opts.propagation_timeout = std::time::Duration::from_secs(cmd.wait);
    }
    // No command: the home screen lists the saved connectors first (the wizard when none).
    let outcome = match setup {
        None => tui::home::run(opts).await,
        Some(_) => tui::run(opts, draft, false).await,
    }
    .map_err(|e| Failure::runtime(e.to_string()))?;
    match outcome.exit_code() {
        0 => Ok(()),
        code => Err(Failure {
            code,
            lines: Vec::new(),
        }),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::runtime(format!("could not start the async runtime: {e}")))
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
