#!/usr/bin/env bash
# Propagation wait: the fault-injection proxy (tests/support/proxy/) refuses the new access
# key for N = 3 s, as AWS does for 10–15 s after CreateAccessKey; the live test must pass
# within N + 1 s, i.e. the backoff may overshoot the window by less than a second.
#
# Runs the test in tests/faults.rs that measures it (release build, its own moto server) and
# prints its figure line, once per run:
#   propagation: key refused for 3 s, live test passed X.XX s after the window closed
#
# Usage: benches/propagation.sh [RUNS]     (default 3; needs moto_server on PATH, as .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-3}"
test=a_new_key_unknown_for_a_few_seconds_is_waited_out_and_reported

# Build first, so a build failure shows and build time is not mistaken for the test's.
cargo test --release --test faults --no-run --quiet

figures=()
for _ in $(seq "$runs"); do
  if ! out=$(cargo test --release --quiet --test faults "$test" -- --exact --nocapture 2>&1); then
    printf '%s\n' "$out" >&2
    echo "propagation: the test failed (output above)" >&2
    exit 1
  fi
  line=$(printf '%s\n' "$out" | grep -m1 '^propagation:')
  echo "$line"
  figures+=("$(printf '%s\n' "$line" | sed -E 's/.*passed ([0-9.]+) s.*/\1/')")
done

if [ "$runs" -gt 1 ]; then
  printf '%s\n' "${figures[@]}" | sort -n | awk '
    { v[NR] = $1 }
    END {
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "propagation: median overshoot %.2f s over %d runs (target < 1 s)\n", m, NR
    }'
fi
