#!/usr/bin/env bash
# The benchmark of PRODUCT.md section 8, side by side in one run:
#
#   floor      examples/bench_floor: calamine reads every cell, rust_xlsxwriter writes them
#              back plus 6 computed columns (the bare cost of the job)
#   process    aftersales process IN -o OUT --as-of 2026-11-23T09:00
#   check      aftersales check IN --as-of 2026-11-23T09:00 --format json > /dev/null
#   openpyxl   benches/openpyxl_annotate.py (read_only/write_only), sizes <= 100,000 only
#   x4         4 copies of the 100,000-row input: one `process a b c d` against four
#              `process` runs one after another
#   +carried   the 100,000-row input with a second 100,000-row sheet carried to the output
#
# Usage: benches/run.sh [--quick] [--repeat N] [--timeout S] [SIZES...]
#   SIZES     data rows per input (default: 10000 100000 1048575; at most 1048575)
#   --quick   10,000 rows only, no Python (a smoke test of this script)
#   --repeat  run each measurement N times and keep the fastest (default 1)
#   --timeout give up on a run after S seconds (default 1800)
#
# Inputs are generated once into target/bench/ (examples/bench_generate) and reused while
# the generator is unchanged; outputs and logs go to target/bench/out/. Results are printed
# as a table and kept in target/bench/results.tsv. Each figure comes from GNU time
# (/usr/bin/time -v): wall-clock seconds and peak resident set size. If `aftersales` fails
# to build or a run fails, the table says so and the other measurements still run.
set -euo pipefail

AS_OF=2026-11-23T09:00
DEFAULT_SIZES=(10000 100000 1048575)
MAX_ROWS=1048575
PYTHON_MAX=100000

die() { echo "run.sh: $*" >&2; exit 2; }
note() { echo "run.sh: $*" >&2; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

quick=0
repeat=1
limit=1800
sizes=()
while (($#)); do
    case "$1" in
        --quick) quick=1 ;;
        --repeat)
            [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--repeat needs a positive whole number"
            repeat=$2
            shift
            ;;
        --timeout)
            [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--timeout needs a number of seconds"
            limit=$2
            shift
            ;;
        -h | --help) usage; exit 0 ;;
        *)
            size=${1//[_,]/}
            [[ $size =~ ^[1-9][0-9]*$ ]] || die "not a size (rows): '$1'; see --help"
            ((size <= MAX_ROWS)) || die "size $size is more than Excel's $MAX_ROWS data rows"
            sizes+=("$size")
            ;;
    esac
    shift
done
if ((quick)); then
    sizes=(10000)
elif ((${#sizes[@]} == 0)); then
    sizes=("${DEFAULT_SIZES[@]}")
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
bench=$target/bench
out=$bench/out
results=$bench/results.tsv
mkdir -p "$out"

# ---------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------

if ! /usr/bin/time -v true >/dev/null 2>&1; then
    note "GNU time is missing at /usr/bin/time; installing it (apt-get install -y time)"
    sudo=()
    ((EUID == 0)) || sudo=(sudo)
    "${sudo[@]}" apt-get install -y time >/dev/null 2>&1 ||
        { "${sudo[@]}" apt-get update >/dev/null && "${sudo[@]}" apt-get install -y time >/dev/null; } ||
        die "could not install GNU time; install the 'time' package and run again"
    /usr/bin/time -v true >/dev/null 2>&1 || die "/usr/bin/time is not GNU time"
fi

note "building release binaries (cargo build --release)"
cargo build --release --example bench_generate --example bench_floor ||
    die "the benchmark examples do not build (see above)"
generate=$target/release/examples/bench_generate
floor=$target/release/examples/bench_floor
aftersales=$target/release/aftersales
have_aftersales=1
if ! cargo build --release --bin aftersales; then
    note "aftersales does not build: its rows will show FAILED (build)"
    have_aftersales=0
fi

want_python=0
if ((!quick)); then
    for size in "${sizes[@]}"; do
        if ((size <= PYTHON_MAX)); then want_python=1; fi
    done
fi
python=$target/bench-venv/bin/python
if ((want_python)); then
    if [[ ! -x $python ]]; then
        note "creating the Python venv $target/bench-venv"
        python3 -m venv "$target/bench-venv" || { note "python3 -m venv failed: skipping openpyxl"; want_python=0; }
    fi
    if ((want_python)) && ! "$python" -c 'import openpyxl' 2>/dev/null; then
        note "installing openpyxl into the venv"
        "$python" -m pip install --quiet openpyxl || { note "pip install openpyxl failed: skipping openpyxl"; want_python=0; }
    fi
fi

# ---------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------

input_for() { echo "$bench/in-$1.xlsx"; }

for size in "${sizes[@]}"; do
    input=$(input_for "$size")
    if [[ -s $input && $input -nt $generate ]]; then
        note "reusing $input"
    else
        note "generating $input"
        "$generate" "$size" "$input" || die "bench_generate failed for $size rows"
    fi
done

# ---------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------

# Seconds from GNU time's "h:mm:ss" or "m:ss.ss".
to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'; }

# measure LABEL TOOL STDOUT EXPECTED_OUTPUT OK_CODES -- COMMAND...
# Runs COMMAND $repeat times under GNU time, keeps the fastest wall time and the highest
# peak RSS, and appends a line to $results. OK_CODES is a regex of acceptable exit codes;
# EXPECTED_OUTPUT (may be empty) must exist afterwards.
measure() {
    local label=$1 tool=$2 stdout=$3 expected=$4 ok=$5
    shift 6
    local log=$out/${tool// /_}-$label.log
    local times=$out/${tool// /_}-$label.time
    local best="" peak=0 peak_mib status=ok rc wall rss run
    for ((run = 1; run <= repeat; run++)); do
        [[ -n $expected ]] && rm -f "$expected"
        rc=0
        /usr/bin/time -v -o "$times" timeout --kill-after=10 "$limit" "$@" >"$stdout" 2>"$log" || rc=$?
        if ((rc == 124 || rc == 137)); then
            status="FAILED (timed out after $limit s)"
            break
        elif [[ ! $rc =~ ^($ok)$ ]]; then
            status="FAILED (exit $rc, see $log)"
            break
        fi
        if [[ -n $expected && ! -s $expected ]]; then
            status="FAILED (no $expected)"
            break
        fi
        wall=$(grep 'Elapsed (wall clock)' "$times" | awk '{print $NF}' | to_seconds)
        rss=$(grep 'Maximum resident set size' "$times" | awk '{print $NF}')
        if [[ -z $best ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; fi
        if ((rss > peak)); then peak=$rss; fi
    done
    if [[ $status != ok ]]; then
        best="-" peak_mib="-"
    else
        peak_mib=$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$tool" "$best" "$peak_mib" "$status" >>"$results"
    note "$(printf '%-12s %-22s %8s s %9s MiB  %s' "$label" "$tool" "$best" "$peak_mib" "$status")"
}

# A tool that could not be built still gets its row.
missing() { printf '%s\t%s\t-\t-\t%s\n' "$1" "$2" "$3" >>"$results"; }

: >"$results"
note "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

for size in "${sizes[@]}"; do
    input=$(input_for "$size")
    measure "$size" floor "$out/floor-$size.stdout" "$out/floor-$size.xlsx" 0 -- \
        "$floor" "$input" "$out/floor-$size.xlsx"
    if ((have_aftersales)); then
        # Exit 1 means "done, with error findings": the inputs carry some on purpose.
        measure "$size" process "$out/process-$size.stdout" "$out/process-$size.xlsx" '0|1' -- \
            "$aftersales" process "$input" -o "$out/process-$size.xlsx" --as-of "$AS_OF"
        # A check that prints nothing would look fast: on the smaller inputs, make sure it
        # prints a JSON object first (untimed).
        first=""
        if ((size <= PYTHON_MAX)); then
            first=$("$aftersales" check "$input" --as-of "$AS_OF" --format json 2>/dev/null | head -c 1 || true)
        fi
        if ((size <= PYTHON_MAX)) && [[ $first != "{" ]]; then
            missing "$size" check "FAILED (no JSON object on stdout)"
        else
            measure "$size" check /dev/null "" '0|1' -- \
                "$aftersales" check "$input" --as-of "$AS_OF" --format json
        fi
    else
        missing "$size" process "FAILED (build)"
        missing "$size" check "FAILED (build)"
    fi
    if ((want_python && size <= PYTHON_MAX)); then
        measure "$size" openpyxl "$out/openpyxl-$size.stdout" "$out/openpyxl-$size.xlsx" 0 -- \
            "$python" benches/openpyxl_annotate.py "$input" "$out/openpyxl-$size.xlsx"
    fi
done

# Four files at once against four in a row, on the 100,000-row input (or the largest
# size at or below it that was asked for).
multi_size=""
for size in "${sizes[@]}"; do
    if ((size <= 100000)) && [[ -z $multi_size || $size -gt $multi_size ]]; then multi_size=$size; fi
done
if [[ -n $multi_size ]]; then
    label="4x$multi_size"
    if ((have_aftersales)); then
        multi=$bench/multi
        mkdir -p "$multi"
        copies=()
        for name in a b c d; do
            cp "$(input_for "$multi_size")" "$multi/$name.xlsx"
            copies+=("$multi/$name.xlsx")
        done
        measure "$label" "process x4 together" "$out/multi.stdout" "$multi/d.annotated.xlsx" '0|1' -- \
            "$aftersales" process "${copies[@]}" --as-of "$AS_OF"
        # shellcheck disable=SC2016 # expanded by the inner bash
        measure "$label" "process x4 in a row" "$out/multi-seq.stdout" "$multi/d.annotated.xlsx" '0|1' -- \
            bash -c 'bin=$1 as_of=$2; shift 2; worst=0
                     for f; do "$bin" process "$f" --as-of "$as_of"; rc=$?
                               ((rc > 1)) && exit "$rc"; ((rc > worst)) && worst=$rc; done
                     exit "$worst"' _ "$aftersales" "$AS_OF" "${copies[@]}"
    else
        missing "$label" "process x4 together" "FAILED (build)"
        missing "$label" "process x4 in a row" "FAILED (build)"
    fi
fi
# The same size again with a second sheet of as many rows (`Orders`), which the tool carries
# to its output row by row: peak memory should stay that of a plain `process`.
if [[ -n $multi_size ]]; then
    label="${multi_size}+carried"
    if ((have_aftersales)); then
        carried_input=$bench/in-$multi_size-carried.xlsx
        if [[ -s $carried_input && $carried_input -nt $generate ]]; then
            note "reusing $carried_input"
        else
            note "generating $carried_input"
            "$generate" "$multi_size" "$carried_input" --carried ||
                die "bench_generate --carried failed for $multi_size rows"
        fi
        measure "$label" "process (+ carried sheet)" "$out/carried.stdout" "$out/carried.xlsx" '0|1' -- \
            "$aftersales" process "$carried_input" -o "$out/carried.xlsx" --as-of "$AS_OF"
    else
        missing "$label" "process (+ carried sheet)" "FAILED (build)"
    fi
fi
note "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"

# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------

echo
awk -F'\t' '
    function ratio(label, tool, wall,   base, n) {
        base = label
        n = 1
        if (label ~ /^4x/) { base = substr(label, 3); n = 4 }
        if (wall == "-" || !((base, "floor") in w) || w[base, "floor"] <= 0) return "-"
        return sprintf("%.2fx", wall / (n * w[base, "floor"]))
    }
    { label[NR] = $1; tool[NR] = $2; wall[NR] = $3; rss[NR] = $4; status[NR] = $5
      if ($3 != "-") w[$1, $2] = $3; if ($4 != "-") m[$1, $2] = $4 }
    END {
        printf "%-11s %-21s %9s %10s %9s  %s\n", "size", "tool", "wall s", "peak MiB", "vs floor", "status"
        for (i = 1; i <= NR; i++)
            printf "%-11s %-21s %9s %10s %9s  %s\n", label[i], tool[i], wall[i], rss[i],
                   ratio(label[i], tool[i], wall[i]), status[i]
        print ""
        print "PRODUCT.md section 8:"
        big = "1048575"
        if ((big, "process") in w && (big, "floor") in w)
            printf "  process at %s rows: %.2fx the floor (target <= 1.5x): %s\n", big,
                   w[big, "process"] / w[big, "floor"], (w[big, "process"] <= 1.5 * w[big, "floor"] ? "PASS" : "FAIL")
        else print "  process at 1048575 rows vs floor: n/a (not measured)"
        if ((big, "process") in m)
            printf "  process peak memory at %s rows: %s MiB (target <= 4096): %s\n", big, m[big, "process"],
                   (m[big, "process"] <= 4096 ? "PASS" : "FAIL")
        else print "  process peak memory at 1048575 rows: n/a (not measured)"
        best = ""
        for (k in w) { split(k, p, SUBSEP); if (p[2] == "openpyxl" && (p[1], "process") in w && (best == "" || p[1] + 0 > best + 0)) best = p[1] }
        if (best != "" && w[best, "process"] > 0)
            printf "  openpyxl / process at %s rows: %.1fx (target >= 20x): %s\n", best,
                   w[best, "openpyxl"] / w[best, "process"], (w[best, "openpyxl"] >= 20 * w[best, "process"] ? "PASS" : "FAIL")
        else print "  openpyxl vs process: n/a (not measured)"
        if (("10000", "check") in w)
            printf "  check at 10000 rows: %.2f s (target < 1 s): %s\n", w["10000", "check"],
                   (w["10000", "check"] < 1 ? "PASS" : "FAIL")
        else print "  check at 10000 rows: n/a (not measured)"
    }' "$results"
echo
echo "(wall = fastest of $repeat run(s); figures from /usr/bin/time -v; raw rows in $results)"
