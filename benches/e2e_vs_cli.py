#!/usr/bin/env python3
"""End to end vs. the manual way: one Currents + secret-key setup, done by
`braze-s3 setup --non-interactive` and by the AWS CLI calls a person would script, against the
same local moto server (started with `braze-s3 sandbox`). Prints the median wall time of each
over several runs and the ratio.

Usage: python3 benches/e2e_vs_cli.py [RUNS]      (builds the release binary first)
Needs: moto_server (or python3 to install it) and the `aws` CLI on PATH.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "braze-s3")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
REGION = "eu-west-1"


def start_sandbox():
    proc = subprocess.Popen(
        [BIN, "--region", REGION, "sandbox"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True,
    )
    lines, deadline = [], time.time() + 120
    while time.time() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if "Press Ctrl-C" in line:
            break
    text = "".join(lines)
    endpoint = re.search(r"running at (\S+)", text).group(1)
    key = re.search(r"AWS_ACCESS_KEY_ID=(\S+)", text).group(1)
    secret = re.search(r"AWS_SECRET_ACCESS_KEY=(\S+)", text).group(1)
    return proc, endpoint, key, secret


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(cmd, env, check=True):
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if check and out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    return out.stdout


def braze_setup(env, endpoint, config, bucket):
    run([BIN, "--endpoint-url", endpoint, "--region", REGION, "--config-dir", config,
         "setup", "--non-interactive", "--bucket", bucket, "--json"], env)


def cli_setup(env, endpoint, bucket, body_file):
    aws = ["aws", "--endpoint-url", endpoint, "--region", REGION, "--output", "json"]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
         "Resource": [f"arn:aws:s3:::{bucket}"]},
        {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"],
         "Resource": [f"arn:aws:s3:::{bucket}/*"]}]})
    user = f"braze-{bucket}"
    account = json.loads(run(aws + ["sts", "get-caller-identity"], env))["Account"]
    run(aws + ["s3api", "create-bucket", "--bucket", bucket,
               "--create-bucket-configuration", f"LocationConstraint={REGION}"], env)
    run(aws + ["s3api", "put-public-access-block", "--bucket", bucket,
               "--public-access-block-configuration",
               "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"], env)
    run(aws + ["iam", "create-policy", "--policy-name", f"{user}-currents",
               "--policy-document", policy], env)
    run(aws + ["iam", "create-user", "--user-name", user], env)
    run(aws + ["iam", "attach-user-policy", "--user-name", user, "--policy-arn",
               f"arn:aws:iam::{account}:policy/{user}-currents"], env)
    key = json.loads(run(aws + ["iam", "create-access-key", "--user-name", user], env))["AccessKey"]
    as_key = dict(env, AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"])
    run(aws + ["s3api", "list-objects-v2", "--bucket", bucket, "--max-keys", "1"], as_key)
    run(aws + ["s3api", "get-bucket-location", "--bucket", bucket], as_key)
    run(aws + ["s3api", "put-object", "--bucket", bucket, "--key", "currents/test.txt",
               "--body", body_file], as_key)
    run(aws + ["s3api", "get-object", "--bucket", bucket, "--key", "currents/test.txt",
               os.devnull], as_key)
    run(aws + ["s3api", "delete-object", "--bucket", bucket, "--key", "currents/test.txt"], env)


def main():
    if not shutil.which("aws"):
        raise SystemExit("the aws CLI is needed for the manual baseline")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    proc, endpoint, key, secret = start_sandbox()
    env = dict(os.environ, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret)
    env.pop("AWS_PROFILE", None)
    try:
        with tempfile.TemporaryDirectory() as config:
            body = os.path.join(config, "body.txt")
            with open(body, "w") as f:
                f.write("braze-s3 bench\n")
            braze_setup(env, endpoint, config, "warm-up-bucket")  # first-call costs out of the way
            ours, theirs = [], []
            for i in range(RUNS):
                ours.append(timed(lambda: braze_setup(env, endpoint, config, f"bench-ours-{i}")))
                theirs.append(timed(lambda: cli_setup(env, endpoint, f"bench-cli-{i}", body)))
    finally:
        proc.terminate()
        proc.wait()
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"braze-s3 setup --non-interactive: median {a*1000:.0f} ms over {RUNS} runs "
          f"(min {min(ours)*1000:.0f}, max {max(ours)*1000:.0f})")
    print(f"aws CLI, 12 calls:                median {b*1000:.0f} ms over {RUNS} runs "
          f"(min {min(theirs)*1000:.0f}, max {max(theirs)*1000:.0f})")
    print(f"ratio: braze-s3 is {b/a:.1f}x faster (target: >= 10x, aim 20x)")


if __name__ == "__main__":
    main()
