//! Runs the real binary in a pseudo-terminal and reads its screen. No extra crate: python3
//! (always present, moto needs it) provides the pty through its standard `pty` module.

mod screen;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use screen::Screen;

/// Runs argv[3:] on a new pty of argv[1]×argv[2]; relays our stdin to it and its output to our
/// stdout; exits with its exit code (128+N for a signal).
const PTY_BRIDGE: &str = r#"
import fcntl, os, pty, select, struct, sys, termios
cols, rows = int(sys.argv[1]), int(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    os.execv(sys.argv[3], sys.argv[3:])
def out(data):
    while data:
        data = data[os.write(1, data):]
stdin_open, status = True, None
while True:
    r, _, _ = select.select([fd] + ([0] if stdin_open else []), [], [], 0.05)
    if fd in r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            break
        out(data)
    elif status is not None:
        break
    if 0 in r:
        data = os.read(0, 4096)
        if data:
            os.write(fd, data)
        else:
            stdin_open = False
    if status is None:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
if status is None:
    _, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
sys.exit(128 - code if code < 0 else code)
"#;

pub struct Wizard {
    child: Child,
    stdin: Option<ChildStdin>,
    output: Receiver<Vec<u8>>,
    screen: Screen,
}

impl Wizard {
    /// Starts `braze-s3 ARGS` on a `cols`×`rows` pty with its config, cache and home in `dir`.
    pub fn start(bin: &str, dir: &Path, cols: u16, rows: u16, args: &[&str]) -> Wizard {
        let mut child = Command::new("python3")
            .arg("-c")
            .arg(PTY_BRIDGE)
            .arg(cols.to_string())
            .arg(rows.to_string())
            .arg(bin)
            .args(args)
            .env("BRAZE_S3_CONFIG_DIR", dir.join("config"))
            .env("HOME", dir.join("home"))
            .env("XDG_CACHE_HOME", dir.join("cache"))
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .env_remove("AWS_PROFILE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs the pty bridge");
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Wizard {
            child,
            stdin,
            output,
            screen: Screen::new(cols, rows),
        }
    }

    pub fn press(&mut self, keys: &[u8]) {
        let stdin = self.stdin.as_mut().expect("the wizard still runs");
        stdin.write_all(keys).unwrap();
        stdin.flush().unwrap();
    }

    /// Reads the wizard's output until the screen shows every one of `texts`; fails with the
    /// screen as it is after `within`.
    pub fn wait_for(&mut self, texts: &[&str], within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let screen = self.screen.text();
            if texts.iter().all(|t| screen.contains(t)) {
                return screen;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.screen.feed(&bytes),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("waited {within:?} for {texts:?}; the screen shows:\n{screen}")
                }
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the wizard ended while waiting for {texts:?}; it printed:\n{}\nlast screen:\n{screen}",
                    self.screen.plain
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
                Ok(bytes) => self.screen.feed(&bytes),
                Err(_) => return,
            }
        }
        panic!(
            "the wizard kept writing for {within:?}:\n{}",
            self.screen.text()
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
            self.screen.feed(&bytes);
        }
        total
    }

    /// Waits for the wizard to end; its exit status and everything it printed.
    pub fn finish(mut self, within: Duration) -> (ExitStatus, String) {
        drop(self.stdin.take());
        let deadline = Instant::now() + within;
        loop {
            match self
                .output
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(bytes) => self.screen.feed(&bytes),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    let _ = self.child.kill();
                    panic!(
                        "the wizard did not exit within {within:?}:\n{}",
                        self.screen.text()
                    );
                }
            }
        }
        (self.child.wait().unwrap(), self.screen.plain.clone())
    }
}

impl Drop for Wizard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
