#!/usr/bin/env bash
# Fuzzes the three targets for 30 minutes in all, one after another, on one core.
# libFuzzer's own output of each run is in logs/<target>/fuzz-0.log.
set -u
FUZZ=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$FUZZ/logs"
run() {
    local target=$1 seconds=$2; shift 2
    mkdir -p "$FUZZ/corpus/$target" "$FUZZ/logs/$target"
    (cd "$FUZZ/logs/$target" && cargo +nightly fuzz run --fuzz-dir "$FUZZ" "$target" \
        "$FUZZ/corpus/$target" "$FUZZ/seeds/$target" -- \
        -jobs=1 -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 \
        -print_final_stats=1 "$@" > run.log 2>&1)
    echo "$target exit $?" >> "$FUZZ/logs/summary.txt"
}
run workbook_bytes 600
run workbook_xml 900 -dict="$FUZZ/xml.dict"
run read_datetime 300
