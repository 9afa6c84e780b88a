//! The process exit codes, in one place for every face: scripts, cron and CI rely on them, and
//! `--help` and the README list them. [`Failure`] is how a command ends when it does not succeed.

/// Done (and, where there was a live test, it passed).
pub const OK: u8 = 0;
/// Something failed at run time: AWS, the network, a file.
pub const RUNTIME: u8 = 1;
/// Bad usage or input; nothing was changed.
pub const USAGE: u8 = 2;
/// The live credential test failed.
pub const CHECK_FAILED: u8 = 3;
/// `doctor`: warnings only, nothing failing.
pub const WARNINGS: u8 = 4;
/// Interrupted (Ctrl-C, SIGTERM).
pub const INTERRUPTED: u8 = 130;

/// How a command failed: the exit code and one line per problem (`main` prints each as
/// `error: …` on stderr).
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub lines: Vec<String>,
}

impl Failure {
    pub fn usage(lines: Vec<String>) -> Failure {
        Failure { code: USAGE, lines }
    }

    pub fn runtime(line: impl Into<String>) -> Failure {
        Failure {
            code: RUNTIME,
            lines: vec![line.into()],
        }
    }

    /// An exit code with nothing more to say (the face has already said it).
    pub fn silent(code: u8) -> Failure {
        Failure {
            code,
            lines: Vec::new(),
        }
    }
}

impl From<crate::engine::EngineError> for Failure {
    fn from(e: crate::engine::EngineError) -> Failure {
        Failure {
            code: e.exit_code(),
            lines: e.to_string().lines().map(str::to_string).collect(),
        }
    }
}

/// Every answer problem, one line each: bad input, exit 2.
impl From<crate::domain::answers::AnswerErrors> for Failure {
    fn from(errors: crate::domain::answers::AnswerErrors) -> Failure {
        Failure::usage(errors.0.iter().map(ToString::to_string).collect())
    }
}
