#!/usr/bin/env bash
# One fuzzing session on one core: workbook_bytes (fork mode, goes on past crashes and
# out-of-memory inputs, which land in artifacts/), then read_datetime, then workbook_xml.
# Logs in logs-<name>/<target>/.  Usage: ./run-session.sh NAME [BYTES_S] [DATETIME_S] [XML_S]
set -u
FUZZ=$(cd "$(dirname "$0")" && pwd)
NAME=${1:?a name for the log folder}
LOGS="$FUZZ/logs-$NAME"
mkdir -p "$LOGS"
cargo +nightly fuzz build --fuzz-dir "$FUZZ" > "$LOGS/build.log" 2>&1
run() {
    local target=$1 seconds=$2; shift 2
    mkdir -p "$FUZZ/corpus/$target" "$LOGS/$target"
    (cd "$LOGS/$target" && cargo +nightly fuzz run --fuzz-dir "$FUZZ" "$target" \
        "$FUZZ/corpus/$target" "$FUZZ/seeds/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 \
        -print_final_stats=1 "$@" > run.log 2>&1)
    echo "$target exit $? after ${seconds}s" >> "$LOGS/summary.txt"
}
run workbook_bytes "${2:-900}" -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1
run read_datetime "${3:-300}" -jobs=1
run workbook_xml "${4:-300}" -jobs=1 -dict="$FUZZ/xml.dict"
