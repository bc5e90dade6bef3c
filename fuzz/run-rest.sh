#!/usr/bin/env bash
# Second round after the first crashes: the two workbook targets again, one core, with the
# tool's panic policy (fuzz_targets/common.rs). Logs in logs/<target>/fuzz-0.log.
set -u
FUZZ=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$FUZZ/logs"
cargo +nightly fuzz build --fuzz-dir "$FUZZ" > "$FUZZ/logs/build.log" 2>&1
run() {
    local target=$1 seconds=$2; shift 2
    mkdir -p "$FUZZ/corpus/$target" "$FUZZ/logs/$target"
    (cd "$FUZZ/logs/$target" && cargo +nightly fuzz run --fuzz-dir "$FUZZ" "$target" \
        "$FUZZ/corpus/$target" "$FUZZ/seeds/$target" -- \
        -jobs=1 -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 \
        -print_final_stats=1 "$@" > run.log 2>&1)
    echo "$target exit $?" >> "$FUZZ/logs/summary.txt"
}
run workbook_bytes "${BYTES_SECONDS:-600}"
run workbook_xml "${XML_SECONDS:-840}" -dict="$FUZZ/xml.dict"
