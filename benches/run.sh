#!/usr/bin/env bash
# The benchmark of PRODUCT.md section 8, side by side in one run, on two workbooks:
#
#   backlog    bench_generate --backlog: what section 8 measures, a team's backlog with about
#              1.8 findings per case (overdue, late or missing first responses, expired
#              windows, missing CSAT, a few bad values); 22 recognised + 3 free-text columns
#   tidy       bench_generate: the 25 canonical columns, about 3 % of rows with one finding
#
# and for each workbook and size:
#
#   floor      examples/bench_floor: calamine reads every cell, rust_xlsxwriter writes them
#              back plus 6 computed columns (the bare cost of the job)
#   process    aftersales process IN -o OUT --as-of 2026-11-23T09:00 --no-history (the history
#              has its own benchmark: benches/history.sh)
#   check      aftersales check IN --as-of 2026-11-23T09:00 --format json > /dev/null
#   openpyxl   benches/openpyxl_annotate.py (read_only/write_only), backlog workbook only,
#              sizes <= 100,000 only
#   x4         4 copies of the 100,000-row input: one `process a b c d` against four
#              `process` runs one after another
#   +carried   the 100,000-row input with a second 100,000-row sheet carried to the output
#
# Usage: benches/run.sh [--quick] [--sizes LIST] [--workbooks LIST] [--no-python]
#                       [--no-extras] [--repeat N] [--timeout S] [SIZES...]
#   SIZES, --sizes LIST
#             data rows per input, separated by spaces or commas (default: 10000 100000
#             1048575; at most 1048575); also $BENCH_SIZES
#   --workbooks LIST
#             backlog, tidy or backlog,tidy (the default); also $BENCH_WORKBOOKS
#   --no-python  skip openpyxl (also BENCH_PYTHON=0)
#   --no-extras  skip the x4 and +carried measurements (also BENCH_EXTRAS=0)
#   --quick   10,000 rows only, no Python (a smoke test of this script)
#   --repeat  run each measurement N times and keep the fastest (default 1)
#   --timeout give up on a run after S seconds (default 1800)
#
# Inputs are generated once into target/bench/ (in-ROWS.xlsx for tidy, backlog-ROWS.xlsx)
# and reused while the generator is unchanged; outputs and logs go to target/bench/out/.
# Results are printed as a table and kept in target/bench/results.tsv. Each figure comes from
# GNU time (/usr/bin/time -v): wall-clock seconds and peak resident set size. "vs floor" is
# process (or check) wall time over the floor's on the same workbook and size, in the same
# run. Up to 100,000 rows, `check` is also run once untimed and its JSON counted: the
# "findings/case" column and the per-code breakdown below the table (kept in
# target/bench/out/codes-WORKBOOK-ROWS.tsv). If `aftersales` fails to build or a run fails,
# the table says so and the other measurements still run.
set -euo pipefail

AS_OF=2026-11-23T09:00
DEFAULT_SIZES=(10000 100000 1048575)
MAX_ROWS=1048575
PYTHON_MAX=100000
ALL_WORKBOOKS=(backlog tidy)

die() { echo "run.sh: $*" >&2; exit 2; }
note() { echo "run.sh: $*" >&2; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

quick=0
repeat=1
limit=1800
sizes=()
workbooks=()
python_on=${BENCH_PYTHON:-1}
extras=${BENCH_EXTRAS:-1}

add_sizes() { # add_sizes "10000,100000 1048575"
    local size
    for size in ${1//,/ }; do
        size=${size//_/}
        [[ $size =~ ^[1-9][0-9]*$ ]] || die "not a size (rows): '$size'; see --help"
        ((size <= MAX_ROWS)) || die "size $size is more than Excel's $MAX_ROWS data rows"
        sizes+=("$size")
    done
}
add_workbooks() { # add_workbooks "backlog,tidy"
    local name
    for name in ${1//,/ }; do
        [[ $name == backlog || $name == tidy ]] || die "not a workbook: '$name' (backlog or tidy)"
        workbooks+=("$name")
    done
}

while (($#)); do
    case "$1" in
        --quick) quick=1 ;;
        --sizes)
            [[ -n ${2:-} ]] || die "--sizes needs a list of sizes, e.g. --sizes 10000,100000"
            add_sizes "$2"
            shift
            ;;
        --workbooks)
            [[ -n ${2:-} ]] || die "--workbooks needs backlog, tidy or backlog,tidy"
            add_workbooks "$2"
            shift
            ;;
        --no-python) python_on=0 ;;
        --no-extras) extras=0 ;;
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
        -*) die "unknown option '$1'; see --help" ;;
        *)
            # A lone number keeps its thousands separators: 1,048,575 is one size.
            if [[ $1 =~ ^[0-9]{1,3}(,[0-9]{3})+$ ]]; then add_sizes "${1//,/}"; else add_sizes "$1"; fi
            ;;
    esac
    shift
done
if ((quick)); then
    sizes=(10000)
    python_on=0
elif ((${#sizes[@]} == 0)); then
    if [[ -n ${BENCH_SIZES:-} ]]; then add_sizes "$BENCH_SIZES"; else sizes=("${DEFAULT_SIZES[@]}"); fi
fi
if ((${#workbooks[@]} == 0)); then
    if [[ -n ${BENCH_WORKBOOKS:-} ]]; then add_workbooks "$BENCH_WORKBOOKS"; else workbooks=("${ALL_WORKBOOKS[@]}"); fi
fi
has_workbook() { [[ " ${workbooks[*]} " == *" $1 "* ]]; }

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
if ((python_on)) && has_workbook backlog; then
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

# input_for WORKBOOK SIZE [--carried]
input_for() {
    local stem=in
    [[ $1 == backlog ]] && stem=backlog
    echo "$bench/$stem-$2${3:+-carried}.xlsx"
}
# make_input WORKBOOK SIZE [--carried]: generate unless an input newer than the generator exists.
make_input() {
    local input flags=()
    input=$(input_for "$@")
    [[ $1 == backlog ]] && flags+=(--backlog)
    [[ -n ${3:-} ]] && flags+=("$3")
    if [[ -s $input && $input -nt $generate ]]; then
        note "reusing $input"
    else
        note "generating $input"
        "$generate" "$2" "$input" "${flags[@]}" || die "bench_generate ${flags[*]} failed for $2 rows"
    fi
}

for size in "${sizes[@]}"; do
    for workbook in "${workbooks[@]}"; do make_input "$workbook" "$size"; done
done

# ---------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------

# Seconds from GNU time's "h:mm:ss" or "m:ss.ss".
to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'; }

# measure WORKBOOK LABEL TOOL STDOUT EXPECTED_OUTPUT OK_CODES -- COMMAND...
# Runs COMMAND $repeat times under GNU time, keeps the fastest wall time and the highest
# peak RSS, and appends a line to $results. OK_CODES is a regex of acceptable exit codes;
# EXPECTED_OUTPUT (may be empty) must exist afterwards.
measure() {
    local workbook=$1 label=$2 tool=$3 stdout=$4 expected=$5 ok=$6
    shift 7
    local log=$out/${tool// /_}-$workbook-$label.log
    local times=$out/${tool// /_}-$workbook-$label.time
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
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$workbook" "$label" "$tool" "$best" "$peak_mib" "$status" >>"$results"
    note "$(printf '%-8s %-14s %-22s %8s s %9s MiB  %s' "$workbook" "$label" "$tool" "$best" "$peak_mib" "$status")"
}

# A tool that could not be built still gets its row: missing WORKBOOK LABEL TOOL STATUS.
missing() { printf '%s\t%s\t%s\t-\t-\t%s\n' "$1" "$2" "$3" "$4" >>"$results"; }

# count_findings JSON CODES_TSV: "FINDINGS CASES" from check's JSON report (pretty-printed,
# one field a line), and the findings per code into CODES_TSV; streaming, any size.
count_findings() {
    awk -v codes="$2" '
        /^  "cases": [0-9]+/ { gsub(/[^0-9]/, ""); cases = $0 }
        /^ +"code": "/ { split($0, q, "\""); n[q[4]]++; total++ }
        END {
            for (c in n) printf "%s\t%d\n", c, n[c] | ("sort -t \"\t\" -k2,2nr > " codes)
            if (cases != "") printf "%d %d\n", total, cases
        }' "$1"
}

: >"$results"
ratios=$bench/findings.tsv
: >"$ratios"
note "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

for size in "${sizes[@]}"; do
    for workbook in "${workbooks[@]}"; do
        input=$(input_for "$workbook" "$size")
        tag=$workbook-$size
        measure "$workbook" "$size" floor "$out/floor-$tag.stdout" "$out/floor-$tag.xlsx" 0 -- \
            "$floor" "$input" "$out/floor-$tag.xlsx"
        if ((have_aftersales)); then
            # Exit 1 means "done, with error findings": the inputs carry some on purpose.
            measure "$workbook" "$size" process "$out/process-$tag.stdout" "$out/process-$tag.xlsx" '0|1' -- \
                "$aftersales" process "$input" -o "$out/process-$tag.xlsx" --as-of "$AS_OF" --no-history
            # A check that prints nothing would look fast: on the smaller inputs, run it once
            # untimed, make sure it prints a JSON report and count its findings per case.
            counted=1
            if ((size <= PYTHON_MAX)); then
                json=$out/check-$tag.json
                "$aftersales" check "$input" --as-of "$AS_OF" --format json >"$json" 2>/dev/null || true
                counts=$(count_findings "$json" "$out/codes-$tag.tsv")
                if [[ $(head -c 1 "$json") == "{" && -n $counts ]]; then
                    read -r found cases <<<"$counts"
                    printf '%s\t%s\t%s\t%s\n' "$workbook" "$size" "$found" "$cases" >>"$ratios"
                else
                    counted=0
                fi
                rm -f "$json"
            fi
            if ((!counted)); then
                missing "$workbook" "$size" check "FAILED (no JSON report on stdout)"
            else
                measure "$workbook" "$size" check /dev/null "" '0|1' -- \
                    "$aftersales" check "$input" --as-of "$AS_OF" --format json
            fi
        else
            missing "$workbook" "$size" process "FAILED (build)"
            missing "$workbook" "$size" check "FAILED (build)"
        fi
        if ((want_python && size <= PYTHON_MAX)) && [[ $workbook == backlog ]]; then
            measure "$workbook" "$size" openpyxl "$out/openpyxl-$tag.stdout" "$out/openpyxl-$tag.xlsx" 0 -- \
                "$python" benches/openpyxl_annotate.py "$input" "$out/openpyxl-$tag.xlsx"
        fi
    done
done

# Four files at once against four in a row, on the 100,000-row input (or the largest
# size at or below it that was asked for), and the same input with a second sheet of as many
# rows (`Orders`) that the tool carries to its output row by row: peak memory should stay that
# of a plain `process`. Once per workbook.
multi_size=""
if ((extras)); then
    for size in "${sizes[@]}"; do
        if ((size <= 100000)) && [[ -z $multi_size || $size -gt $multi_size ]]; then multi_size=$size; fi
    done
fi
if [[ -n $multi_size ]]; then
    for workbook in "${workbooks[@]}"; do
        label="4x$multi_size"
        if ((have_aftersales)); then
            multi=$bench/multi-$workbook
            mkdir -p "$multi"
            copies=()
            for name in a b c d; do
                cp "$(input_for "$workbook" "$multi_size")" "$multi/$name.xlsx"
                copies+=("$multi/$name.xlsx")
            done
            measure "$workbook" "$label" "process x4 together" "$out/multi-$workbook.stdout" "$multi/d.annotated.xlsx" '0|1' -- \
                "$aftersales" process "${copies[@]}" --as-of "$AS_OF" --no-history
            # shellcheck disable=SC2016 # expanded by the inner bash
            measure "$workbook" "$label" "process x4 in a row" "$out/multi-seq-$workbook.stdout" "$multi/d.annotated.xlsx" '0|1' -- \
                bash -c 'bin=$1 as_of=$2; shift 2; worst=0
                         for f; do "$bin" process "$f" --as-of "$as_of" --no-history; rc=$?
                                   ((rc > 1)) && exit "$rc"; ((rc > worst)) && worst=$rc; done
                         exit "$worst"' _ "$aftersales" "$AS_OF" "${copies[@]}"
        else
            missing "$workbook" "$label" "process x4 together" "FAILED (build)"
            missing "$workbook" "$label" "process x4 in a row" "FAILED (build)"
        fi
        label="${multi_size}+carried"
        if ((have_aftersales)); then
            make_input "$workbook" "$multi_size" --carried
            carried_input=$(input_for "$workbook" "$multi_size" --carried)
            measure "$workbook" "$label" "process (+ carried sheet)" "$out/carried-$workbook.stdout" "$out/carried-$workbook.xlsx" '0|1' -- \
                "$aftersales" process "$carried_input" -o "$out/carried-$workbook.xlsx" --as-of "$AS_OF" --no-history
        else
            missing "$workbook" "$label" "process (+ carried sheet)" "FAILED (build)"
        fi
    done
fi
note "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"

# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------

echo
awk -F'\t' '
    # findings.tsv first (workbook, size, findings, cases), then results.tsv.
    FNR == NR { if ($4 > 0) fpc[$1, $2] = sprintf("%.2f", $3 / $4); next }
    function ratio(book, label, tool, wall,   base, n) {
        if (label ~ /\+carried$/) return "-"
        base = label
        n = 1
        if (label ~ /^4x/) { base = substr(label, 3); n = 4 }
        if (wall == "-" || !((book, base, "floor") in w) || w[book, base, "floor"] <= 0) return "-"
        return sprintf("%.2fx", wall / (n * w[book, base, "floor"]))
    }
    { book[++rows] = $1; label[rows] = $2; tool[rows] = $3; wall[rows] = $4; rss[rows] = $5; status[rows] = $6
      if ($4 != "-") w[$1, $2, $3] = $4; if ($5 != "-") m[$1, $2, $3] = $5 }
    function verdict(ok) { return ok ? "PASS" : "FAIL" }
    END {
        printf "%-8s %-14s %-26s %8s %9s %9s %9s  %s\n", "workbook", "size", "tool", "wall s",
               "peak MiB", "vs floor", "find/case", "status"
        for (i = 1; i <= rows; i++) {
            f = (tool[i] == "check" && (book[i], label[i]) in fpc) ? fpc[book[i], label[i]] : "-"
            printf "%-8s %-14s %-26s %8s %9s %9s %9s  %s\n", book[i], label[i], tool[i], wall[i],
                   rss[i], ratio(book[i], label[i], tool[i], wall[i]), f, status[i]
        }
        print ""
        print "PRODUCT.md section 8 (measured on the backlog workbook; tidy for comparison):"
        nb = split("backlog tidy", books, " ")
        ns = split("100000 1048575", sizes, " ")
        for (b = 1; b <= nb; b++) for (s = 1; s <= ns; s++) {
            k = books[b] SUBSEP sizes[s]
            if (!((k, "process") in w) && !((k, "floor") in w)) continue
            if ((k, "process") in w && (k, "floor") in w && w[k, "floor"] > 0)
                printf "  %-7s process at %7s rows: %.2fx the floor (target <= 1.0x): %s\n", books[b], sizes[s],
                       w[k, "process"] / w[k, "floor"], verdict(w[k, "process"] <= w[k, "floor"])
            else printf "  %-7s process at %7s rows vs floor: n/a (a run failed)\n", books[b], sizes[s]
            if ((k, "process") in m)
                printf "  %-7s process peak memory at %7s rows: %s MiB (target <= 1024): %s\n", books[b], sizes[s],
                       m[k, "process"], verdict(m[k, "process"] <= 1024)
        }
        best = ""
        for (k in w) { split(k, p, SUBSEP)
            if (p[1] == "backlog" && p[3] == "openpyxl" && ("backlog", p[2], "process") in w && (best == "" || p[2] + 0 > best + 0)) best = p[2] }
        if (best != "" && w["backlog", best, "process"] > 0)
            printf "  backlog openpyxl / process at %s rows: %.1fx (target >= 20x): %s\n", best,
                   w["backlog", best, "openpyxl"] / w["backlog", best, "process"],
                   verdict(w["backlog", best, "openpyxl"] >= 20 * w["backlog", best, "process"])
        else print "  openpyxl vs process: n/a (not measured)"
        for (b = 1; b <= nb; b++) if ((books[b], "10000", "check") in w)
            printf "  %-7s check at 10000 rows: %.2f s (target < 1 s): %s\n", books[b], w[books[b], "10000", "check"],
                   verdict(w[books[b], "10000", "check"] < 1)
        for (k in fpc) { split(k, p, SUBSEP)
            if (p[1] == "backlog")
                printf "  backlog findings per case at %s rows: %s (section 8: about 1.8): %s\n", p[2], fpc[k],
                       verdict(fpc[k] >= 1.7 && fpc[k] <= 1.9) }
    }' "$ratios" "$results"
echo
# Per-code breakdown of the counted check runs.
for workbook in "${workbooks[@]}"; do
    for size in "${sizes[@]}"; do
        codes=$out/codes-$workbook-$size.tsv
        [[ -s $codes ]] || continue
        cases=$(awk -F'\t' -v b="$workbook" -v s="$size" '$1 == b && $2 == s { print $4 }' "$ratios")
        [[ -n $cases && $cases -gt 0 ]] || continue
        echo "findings per code, $workbook $size rows ($cases cases):"
        awk -F'\t' -v n="$cases" '{ printf "  %-24s %8d  %5.3f per case\n", $1, $2, $2 / n }' "$codes"
    done
done
echo
echo "(wall = fastest of $repeat run(s); figures from /usr/bin/time -v; raw rows in $results)"
