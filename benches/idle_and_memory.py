#!/usr/bin/env python3
"""Idle cost and memory of the release binary:
  - idle: the wizard open on the sandbox, no key pressed for 10 s: CPU time the braze-s3
    process used in that window (all threads, from /proc/<pid>/task/*/schedstat; target < 20 ms);
  - memory: peak RSS of a full headless setup + live test (target < 30 MB), run against a
    separate `braze-s3 sandbox` so the emulator's own memory is not counted.

Usage: python3 benches/idle_and_memory.py      (builds the release binary first; Linux only)
"""
import fcntl
import glob
import os
import pty
import re
import select
import struct
import subprocess
import tempfile
import termios
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "braze-s3")
IDLE_SECONDS = 10


def cpu_ns(pid):
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total


def read_until(fd, marker, seconds):
    seen, deadline = b"", time.time() + seconds
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            seen += os.read(fd, 65536)
            if marker in seen:
                return seen
    raise SystemExit(f"did not see {marker!r} within {seconds} s")


def drain(fd, seconds):
    """Reads whatever the wizard draws for `seconds`; returns the byte count."""
    count, deadline = 0, time.time() + seconds
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.time()))
        if ready:
            count += len(os.read(fd, 65536))
    return count


def idle(env):
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execve(BIN, [BIN, "--sandbox"], dict(env, TERM="xterm-256color"))
    try:
        read_until(fd, b"Account", 120)  # the identity answer is on screen
        drain(fd, 1.0)  # let the last frame settle
        before = cpu_ns(pid)
        drawn = drain(fd, IDLE_SECONDS)
        used = (cpu_ns(pid) - before) / 1e6
        return used, drawn, before / 1e6
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def peak_rss(env, home):
    sandbox = subprocess.Popen([BIN, "sandbox"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL, text=True, env=env)
    text = ""
    while "Press Ctrl-C" not in text:
        line = sandbox.stdout.readline()
        if not line:
            raise SystemExit("the sandbox did not start")
        text += line
    endpoint = re.search(r"running at (\S+)", text).group(1)
    key = re.search(r"AWS_ACCESS_KEY_ID=(\S+)", text).group(1)
    secret = re.search(r"AWS_SECRET_ACCESS_KEY=(\S+)", text).group(1)
    # A fresh Python whose only child is the setup, so ru_maxrss is the setup's own peak.
    measure = ("import resource, subprocess, sys; "
               "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    try:
        out = subprocess.run(
            ["python3", "-c", measure, BIN, "--endpoint-url", endpoint, "--config-dir", home,
             "setup", "--non-interactive", "--bucket", "rss-bench", "--json"],
            env=dict(env, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret),
            capture_output=True, text=True, check=True)
        return int(out.stdout.strip()) / 1024
    finally:
        sandbox.terminate()
        sandbox.wait()


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_CACHE_HOME=home, BRAZE_S3_CONFIG_DIR=home)
        env.pop("AWS_PROFILE", None)
        used, drawn, startup = idle(env)
        print(f"idle wizard, {IDLE_SECONDS} s without keys: {used:.2f} ms CPU, {drawn} bytes drawn "
              f"(target < 20 ms; the same counter read {startup:.1f} ms for start-up + identity)")
        rss = peak_rss(env, home)
        print(f"headless setup + live test: peak RSS {rss:.1f} MB (target < 30 MB)")


if __name__ == "__main__":
    main()
