#!/usr/bin/env bash
# The benchmark of issues 7, 11 and 12, in one command (`make bench` runs this):
#
#   BENCH_N=300 BENCH_PARALLELISM=10 ./bench/run.sh
#
# Builds the harness (bench/cmd/benchrun), which builds the provider, the no-op floor provider
# and the emulator, runs everything against a loopback emulator (then the adaptive scenario: a
# server slower than the provider's default pace; last the console scenario: the catalog through
# the emulator's console gateway), prints a table and writes
# bench/out/results.json and bench/out/details.json. Arguments go to the harness (e.g.
# -adaptive-n 100; -h lists them). See bench/README.md.
#
# Environment: BENCH_N (default 300), BENCH_PARALLELISM (default 10), BENCH_REPEAT (default 3,
# figures are medians), BENCH_PROFILE=1 (CPU and heap profiles of every provider process into
# bench/out/profiles), BENCH_TERRAFORM (else TF_ACC_TERRAFORM_PATH, else terraform on PATH).
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
out="$repo/bench/out"
mkdir -p "$out/bin/tools"

export BENCH_N="${BENCH_N:-300}"
export BENCH_PARALLELISM="${BENCH_PARALLELISM:-10}"

started=$SECONDS
go build -o "$out/bin/tools/benchrun" ./bench/cmd/benchrun

# The harness stops everything it starts (emulators, Terraform) on its own, including on
# SIGINT/SIGTERM; this trap only passes the signal on and waits for it to finish.
pid=
forward() {
	if [[ -n "$pid" ]]; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	exit 130
}
trap forward INT TERM

"$out/bin/tools/benchrun" -repo "$repo" -out "$out" "$@" &
pid=$!
status=0
wait "$pid" || status=$?
pid=
echo "bench/run.sh: finished in $((SECONDS - started)) s (exit $status)" >&2
exit "$status"
