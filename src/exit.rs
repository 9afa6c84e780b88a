//! The process exit codes, in one place for every face: scripts, cron and CI rely on them, and
//! `--help` and the README list them.

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
