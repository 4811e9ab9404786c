#!/usr/bin/env bash
# The @Async pool round trip in paired rounds. On a small, shared machine the wake-up
# latency of the worker and of the caller swings with whatever else runs, by more than
# the 3% the instrumentation may add; comparing barePool, untracedPool, tracedPool and
# agentPool (the OpenTelemetry Java agent instead of the starter) within each short round
# (one fork each, about a minute apart at most), on the median of many short iterations,
# and aggregating the ratios over rounds cancels that drift.
# Run from anywhere after ./mvnw -pl benchmarks -am package (which also copies the agent
# that agentPool's fork attaches, relative to the repository root, where this script runs).
# Usage: benchmarks/pool-rounds.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-10}"
out=benchmarks/pool-rounds
mkdir -p "$out"
rm -f "$out"/round-*.json
for i in $(seq 1 "$rounds"); do
	java -jar benchmarks/target/benchmarks.jar 'AsyncMethodBenchmark\.(bare|untraced|traced|agent)Pool' -f 1 -wi 5 -w 1s -i 30 -r 200ms \
		-foe true -prof gc -rf json -rff "$(printf '%s/round-%02d.json' "$out" "$i")"
done
python3 benchmarks/summarize.py --rounds "$out"/round-*.json
