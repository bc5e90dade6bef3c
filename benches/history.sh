#!/usr/bin/env bash
# The history benchmark of PRODUCT.md section 8: `process` on a backlog workbook with a
# history of 30 recorded runs, against the same run with --no-history, side by side.
#
#   1. bench_generate --backlog ROWS (reused from benches/run.sh when present)
#   2. examples/bench_history builds 30 nightly runs into a fresh history through the library
#      (no workbooks written; 1.5 % of the cases change each night)
#   3. the real binary, fastest of REPEAT runs each:
#        process IN -o OUT --as-of 2026-11-23T09:00 --no-history
#        process IN -o OUT --as-of 2026-11-23T09:00 --history H   (a copy of the 30-run
#        history each time, so every run is the 31st)
#
# Usage: benches/history.sh [ROWS] [REPEAT]   (default 100000 1)
set -euo pipefail
rows=${1:-100000}
repeat=${2:-1}
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
bench=$target/bench
mkdir -p "$bench/out"
cargo build --release --example bench_generate --example bench_history --bin aftersales >&2
input=$bench/backlog-$rows.xlsx
[[ -s $input ]] || "$target/release/examples/bench_generate" "$rows" "$input" --backlog
history=$bench/out/history-$rows.sqlite
rm -f "$history"
start=$(date +%s.%N)
"$target/release/examples/bench_history" "$input" "$history" 30 1.5 | tail -3
echo "built the 30-run history in $(echo "$(date +%s.%N) - $start" | bc) s: $(stat -c %s "$history") bytes"
best() { # best LABEL COMMAND...: fastest wall time of $repeat runs
    local label=$1 t best=
    shift
    for _ in $(seq "$repeat"); do
        cp "$history" "$bench/out/h-run.sqlite"
        /usr/bin/time -f %e -o "$bench/out/h-time" "$@" >/dev/null 2>&1 || true
        t=$(tail -1 "$bench/out/h-time")
        if [[ -z $best ]] || (( $(echo "$t < $best" | bc) )); then best=$t; fi
    done
    echo "$label $best"
}
a=$(best no-history "$target/release/aftersales" process "$input" -o "$bench/out/h-none.xlsx" --as-of 2026-11-23T09:00 --no-history --fail-on never)
b=$(best history "$target/release/aftersales" process "$input" -o "$bench/out/h-30.xlsx" --as-of 2026-11-23T09:00 --history "$bench/out/h-run.sqlite" --fail-on never)
echo "$a"
echo "$b"
echo "ratio $(echo "scale=3; ${b#* } / ${a#* }" | bc)"
echo "history after the 31st run: $(stat -c %s "$bench/out/h-run.sqlite") bytes"
