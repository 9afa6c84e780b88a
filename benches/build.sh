#!/usr/bin/env bash
# Build: the release binary's size (stripped, opt-level "z", fat LTO: see [profile.release] in
# Cargo.toml; CARGO_PROFILE_RELEASE_* variables override it, as benches/README.md's table did)
# and the wall time of `cargo build --release` from nothing, in a fresh temporary target dir
# (dependencies already downloaded; the registry cache is not cleared).
#
# WARNING: the clean build compiles every dependency: it takes several minutes (about 4 on
# 2 cores). Don't run other builds meanwhile, they compete for the cores.
#
# Usage: benches/build.sh           size of target/release/braze-s3 + timed clean build
#        benches/build.sh --size    size only (builds target/release/braze-s3 if needed)
set -euo pipefail
cd "$(dirname "$0")/.."

size_of() {
  local bytes
  bytes=$(stat -c %s "$1")
  awk -v b="$bytes" -v p="$1" 'BEGIN { printf "binary: %s is %d bytes (%.1f MiB)\n", p, b, b / 1048576 }'
}

cargo build --release --quiet
size_of target/release/braze-s3

if [ "${1:-}" = "--size" ]; then
  exit 0
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "build: cargo build --release into an empty target dir ($dir); this takes several minutes…" >&2
start=$(date +%s.%N)
CARGO_TARGET_DIR="$dir" cargo build --release --quiet
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v c="$(nproc)" \
  'BEGIN { t = e - s; printf "build: clean release build took %.0f s (%dm%02ds) on %d cores\n", t, t / 60, t % 60, c }'
size_of "$dir/release/braze-s3"
