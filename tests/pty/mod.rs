//! Runs the real binary in a pseudo-terminal (`portable-pty`) and reads its screen as a terminal
//! would show it (`vt100`).
//!
//! A scenario is: `Wizard::start` on a terminal of a given size, `press` keys, `wait_for` words
//! on the screen (failing with the screen after a timeout), `resize` the terminal, and `finish`:
//! the exit code and what stays printed in the terminal once the wizard has left.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Lines of scrollback kept, so that a summary longer than the screen is still read whole.
const SCROLLBACK: usize = 1000;

pub struct Wizard {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    keys: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    terminal: vt100::Parser,
    /// Every byte the wizard wrote, escapes included.
    transcript: Vec<u8>,
}

/// How the wizard ended.
pub struct Ended {
    pub code: u32,
    /// The terminal's main screen and scrollback after the wizard left its alternate screen:
    /// what a person still sees once it has ended.
    pub printed: String,
    /// Everything the wizard wrote, frames included (escape bytes kept).
    pub transcript: String,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal is at least one cell wide and high")
}

impl Wizard {
    /// Starts `braze-s3 ARGS` on a `cols`×`rows` pty with its config, cache and home in `dir`.
    pub fn start(bin: &str, dir: &Path, cols: u16, rows: u16, args: &[&str]) -> Wizard {
        Wizard::start_on(bin, dir, (cols, rows), args, "xterm-256color")
    }

    /// [`Wizard::start`] on a terminal of kind `term` (e.g. "dumb").
    pub fn start_on(
        bin: &str,
        dir: &Path,
        (cols, rows): (u16, u16),
        args: &[&str],
        term: &str,
    ) -> Wizard {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("a pseudo-terminal opens");
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.cwd(std::env::current_dir().unwrap());
        cmd.env("BRAZE_S3_CONFIG_DIR", dir.join("config"));
        cmd.env("HOME", dir.join("home"));
        cmd.env("XDG_CACHE_HOME", dir.join("cache"));
        cmd.env("TERM", term);
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("AWS_PROFILE");
        let child = pair.slave.spawn_command(cmd).expect("the wizard starts");
        // Only the wizard holds the terminal's other end, so reading ends when it does.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let keys = pair.master.take_writer().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // Linux answers EIO once the last writer has closed: the end, like 0.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Wizard {
            child,
            master: pair.master,
            keys,
            output,
            terminal: vt100::Parser::new(nonzero(rows), nonzero(cols), SCROLLBACK),
            transcript: Vec::new(),
        }
    }

    pub fn press(&mut self, keys: &[u8]) {
        self.keys.write_all(keys).unwrap();
        self.keys.flush().unwrap();
    }

    /// Resizes the terminal, as a person dragging its window would (the wizard gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(size(cols, rows)).unwrap();
        self.terminal.set_size(nonzero(rows), nonzero(cols));
    }

    /// The screen as it is now, after reading what the wizard has written so far.
    pub fn screen(&mut self) -> String {
        while let Ok(bytes) = self.output.try_recv() {
            self.feed(&bytes);
        }
        self.terminal.screen().contents()
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.terminal.process(bytes);
        self.transcript.extend_from_slice(bytes);
    }

    /// Reads the wizard's output until the screen shows every one of `texts`; fails with the
    /// screen as it is after `within`.
    pub fn wait_for(&mut self, texts: &[&str], within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let screen = self.terminal.screen().contents();
            if texts.iter().all(|t| screen.contains(t)) {
                return screen;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.feed(&bytes),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("waited {within:?} for {texts:?}; the screen shows:\n{screen}")
                }
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the wizard ended while waiting for {texts:?}; the screen shows:\n{screen}"
                ),
            }
        }
    }

    /// Reads until the wizard has written nothing for `quiet` (the tail of a frame: ratatui
    /// writes a frame in several writes); fails if that does not happen `within`.
    pub fn quiet_for(&mut self, quiet: Duration, within: Duration) {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            match self.output.recv_timeout(quiet) {
                Ok(bytes) => self.feed(&bytes),
                Err(_) => return,
            }
        }
        panic!(
            "the wizard kept writing for {within:?}:\n{}",
            self.terminal.screen().contents()
        );
    }

    /// Bytes the wizard writes during `window` with no key pressed.
    pub fn written_during(&mut self, window: Duration) -> usize {
        let deadline = Instant::now() + window;
        let mut total = 0;
        while let Ok(bytes) = self
            .output
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            total += bytes.len();
            self.feed(&bytes);
        }
        total
    }

    /// Waits for the wizard to end and reads all it wrote; fails if it runs on past `within`.
    pub fn finish(mut self, within: Duration) -> Ended {
        let deadline = Instant::now() + within;
        let status = loop {
            // A process the wizard started may keep the terminal open after the wizard exits,
            // so the wizard's own exit, not the end of output, says when it is done.
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                panic!(
                    "the wizard did not exit within {within:?}:\n{}",
                    self.terminal.screen().contents()
                );
            }
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(50)) {
                self.feed(&bytes);
            }
        };
        // What it wrote just before exiting.
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
            self.feed(&bytes);
        }
        Ended {
            code: status.exit_code(),
            printed: self.printed(),
            transcript: String::from_utf8_lossy(&self.transcript).into_owned(),
        }
    }

    /// The screen's rows with the scrollback above them, top to bottom.
    fn printed(&mut self) -> String {
        let screen = self.terminal.screen_mut();
        let cols = screen.size().1.get();
        screen.set_scrollback(usize::MAX);
        let mut lines = Vec::new();
        // Scrolled back by `n` rows, the first row shown is the n-th row above the screen.
        for back in (1..=screen.scrollback()).rev() {
            screen.set_scrollback(back);
            lines.extend(screen.rows(0, cols).next());
        }
        screen.set_scrollback(0);
        lines.extend(screen.rows(0, cols));
        let text = lines.join("\n");
        text.trim_end().to_string()
    }
}

impl Drop for Wizard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
