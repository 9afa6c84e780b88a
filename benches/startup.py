#!/usr/bin/env python3
"""Start-up, as whole processes of the release binary:
  - `braze-s3 --version` and `braze-s3 policy …`: median wall time over N runs (target < 10 ms);
  - the wizard's first frame in a pseudo-terminal: time from spawn to the first drawn screen
    (target < 30 ms). AWS is taken out of the picture by pointing the wizard at a closed
    loopback port: the first frame is drawn before any AWS answer.

Usage: python3 benches/startup.py [N]      (builds the release binary first)
       BRAZE_S3_BIN=path/to/braze-s3 python3 benches/startup.py [N]   (that binary, no build:
       e.g. one built with another [profile.release], see benches/README.md)
"""
import os
import pty
import fcntl
import select
import statistics
import struct
import termios
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BRAZE_S3_BIN") or os.path.join(ROOT, "target", "release", "braze-s3")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 50


def wall(cmd, env):
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def first_frame(env):
    """Spawns the wizard in a pty and returns seconds until the step rail is on screen."""
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execve(BIN, [BIN, "--endpoint-url", "http://127.0.0.1:9", "--region", "eu-west-1"],
                  dict(env, COLUMNS="120", LINES="40", TERM="xterm-256color"))
    start = time.perf_counter()
    seen = b""
    try:
        while time.perf_counter() - start < 5:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if b"Integration" in seen and b"Identity" in seen:
                return time.perf_counter() - start
        raise SystemExit("the wizard drew no frame within 5 s")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def main():
    if not os.environ.get("BRAZE_S3_BIN"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_CACHE_HOME=home, BRAZE_S3_CONFIG_DIR=home)
        env.pop("AWS_PROFILE", None)
        for _ in range(5):  # warm the page cache
            wall([BIN, "--version"], env)
        version = [wall([BIN, "--version"], env) for _ in range(N)]
        policy = [wall([BIN, "policy", "--integration", "currents", "--bucket", "acme-braze"], env)
                  for _ in range(N)]
        frames = [first_frame(env) for _ in range(max(5, N // 5))]
    for name, xs, target in [("braze-s3 --version", version, 10), ("braze-s3 policy", policy, 10),
                             ("wizard first frame", frames, 30)]:
        print(f"{name:<20} median {statistics.median(xs)*1000:6.2f} ms  "
              f"(min {min(xs)*1000:.2f}, max {max(xs)*1000:.2f}, n={len(xs)}; target < {target} ms)")


if __name__ == "__main__":
    main()
