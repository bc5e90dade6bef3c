#!/usr/bin/env bash
# Proves that two builds of `aftersales` behave the same: runs BEFORE and AFTER on the same
# inputs and compares exit code, stdout, stderr and every file left in the folder they ran in
# (names, permissions and bytes). Meant for refactorings that must not change behaviour.
#
# Usage: benches/compare_outputs.sh BEFORE_BIN AFTER_BIN [--quick]
#   --quick   the demo matrix and the fixtures only (no large generated workbooks)
#
# Inputs: examples/demo.xlsx under a matrix of commands and flags; workbooks written by
# bench_generate (taken beside BEFORE_BIN, in examples/, or from $BENCH_GENERATE); every file
# in tests/fixtures/ and every workbook in ../shared/fixtures/{foreign-workbooks,excel-carriers}
# (or $SHARED_FIXTURES). Each run gets its own fresh folder holding copies of the inputs under
# the same relative names, is started inside it with relative paths and an identical minimal
# environment, so file names in messages and on the Run sheet (name and SHA-256) match.
#
# Prints one line per case, `same` or `DIFF <what>`, then a total; exits 1 on any
# difference (the run folders are kept for inspection), 2 if it could not run, 0 otherwise.
#
# The one non-deterministic output, normalised before comparing: `--in-place` names its
# backup `<stem>.backup-<local time YYYYmmdd-HHMMSS>.xlsx`; the stamp is replaced by STAMP
# (the backup's contents are still compared byte for byte).
set -euo pipefail

AS_OF=2026-11-23T09:00
TIME_LIMIT=300 # seconds per run; a hang shows up as exit 124

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }
(($# == 2 || $# == 3)) || usage
[[ $# == 2 || $3 == --quick ]] || usage
before=$(realpath "$1")
after=$(realpath "$2")
quick=$([[ ${3:-} == --quick ]] && echo 1 || echo 0)
for bin in "$before" "$after"; do
    [[ -x $bin ]] || { echo "compare_outputs: not an executable: $bin" >&2; exit 2; }
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${SHARED_FIXTURES:-$root/../shared/fixtures}
generator=${BENCH_GENERATE:-$(dirname "$before")/examples/bench_generate}
if ((!quick)) && [[ ! -x $generator ]]; then
    echo "compare_outputs: no bench_generate at $generator (set BENCH_GENERATE)" >&2
    exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/compare-outputs.XXXXXX")
seed=$work/seed # what the next case starts with, copied into both run folders
inputs=$work/inputs
mkdir -p "$seed" "$inputs"
cases=0
diffs=0
started=$SECONDS
finished=0
# A run stopped by an error of this script (not a difference) keeps its folders and exits 2.
trap '((finished)) || { echo "compare_outputs: stopped early; folders kept in $work" >&2; exit 2; }' EXIT

# ---- Running and comparing one case ----------------------------------------------------

# put SRC [NAME]: copy a file or folder into the seed (as NAME, default its base name).
put() {
    local dest=$seed/${2:-$(basename "$1")}
    mkdir -p "$(dirname "$dest")"
    cp -R "$1" "$dest"
}
fresh() { rm -rf "$seed" && mkdir -p "$seed"; }

# One binary in its own folder. env -i: no locale, colour or terminal settings leak in, and
# stdin/stdout/stderr are not terminals (no progress bar, no colours).
run_side() { # DIR BIN ARGS...
    local dir=$1 bin=$2 rc=0
    shift 2
    mkdir -p "$dir.tmp"
    (cd "$dir" && env -i PATH=/usr/bin:/bin HOME="$dir.tmp" TMPDIR="$dir.tmp" \
        timeout "$TIME_LIMIT" "$bin" "$@" <"/dev/null" >"$dir.stdout" 2>"$dir.stderr") || rc=$?
    echo "$rc" >"$dir.rc"
    # --in-place backups carry the wall-clock time in their name: normalise it.
    local f
    while IFS= read -r f; do
        mv "$f" "$(sed -E 's/\.backup-[0-9]{8}-[0-9]{6}\./.backup-STAMP./' <<<"$f")"
    done < <(find "$dir" -name '*.backup-*')
    sed -i -E 's/\.backup-[0-9]{8}-[0-9]{6}\./.backup-STAMP./g' "$dir.stdout" "$dir.stderr"
}

# Names of the zip entries that differ between two xlsx files (empty if not both zips).
zip_entries() {
    local a=$1 b=$2 e q out=()
    unzip -Z1 "$a" >/dev/null 2>&1 && unzip -Z1 "$b" >/dev/null 2>&1 || return 0
    while IFS= read -r e; do
        q=${e//[/[[]} # unzip reads names as patterns: [Content_Types].xml needs escaping
        cmp -s <(unzip -p "$a" "$q" 2>/dev/null) <(unzip -p "$b" "$q" 2>/dev/null) || out+=("$e")
    done < <(sort -u <(unzip -Z1 "$a") <(unzip -Z1 "$b"))
    ((${#out[@]} == 0)) && { echo " [zip entries same; container differs]"; return; }
    ((${#out[@]} <= 6)) && echo " [${out[*]}]" || echo " [${out[*]:0:6} and $((${#out[@]} - 6)) more]"
}

listing() { (cd "$1" && find . -mindepth 1 -printf '%y %m %P\n' | LC_ALL=C sort); }

# run ARGS...: one case. process/check/kpi get --as-of appended (unless given), so runs
# are repeatable.
run() {
    local args=("$@") what=() f
    if [[ ${1:-} =~ ^(process|check|kpi)$ && " $* " != *" --as-of "* ]]; then
        args+=(--as-of "$AS_OF")
    fi
    cases=$((cases + 1))
    local c=$work/$(printf '%04d' "$cases")
    mkdir -p "$c"
    cp -a "$seed" "$c/before" && cp -a "$seed" "$c/after"
    run_side "$c/before" "$before" "${args[@]}" &
    run_side "$c/after" "$after" "${args[@]}" &
    wait
    [[ $(<"$c/before.rc") == $(<"$c/after.rc") ]] ||
        what+=("exit $(<"$c/before.rc")/$(<"$c/after.rc")")
    cmp -s "$c/before.stdout" "$c/after.stdout" || what+=(stdout)
    cmp -s "$c/before.stderr" "$c/after.stderr" || what+=(stderr)
    if ! cmp -s <(listing "$c/before") <(listing "$c/after"); then
        # diff exits 1 here; under set -e and pipefail that would end the script.
        what+=("files: $({ diff <(listing "$c/before") <(listing "$c/after") || true; } |
            grep '^[<>]' | tr '\n' ' ')")
    fi
    while IFS= read -r f; do
        [[ -f $c/after/$f ]] || continue
        cmp -s "$c/before/$f" "$c/after/$f" ||
            what+=("$f$(zip_entries "$c/before/$f" "$c/after/$f")")
    done < <(cd "$c/before" && find . -type f -printf '%P\n' | LC_ALL=C sort)
    if ((${#what[@]} == 0)); then
        printf 'same  %s\n' "$*"
        rm -rf "$c" "$c".*
    else
        diffs=$((diffs + 1))
        printf 'DIFF  %s: %s  (%s)\n' "$*" "$(IFS=,; echo "${what[*]}")" "$c"
    fi
}

# ---- Inputs shared by several cases ----------------------------------------------------

demo=$root/examples/demo.xlsx
# A policy file overriding one built-in row and adding a platform (demo has "Bhinr").
cat >"$inputs/policies.csv" <<'EOF'
platform,category,return_window_days,quality_window_days,window_start,holiday_rule,refund_rule,requires_original_packaging,requires_video_for_defect,first_response_hours,resolution_days,due_soon_hours
Superbuy,*,10,30,purchase,cn,full_after_inspection,no,no,12,5,48
Bhinr,*,14,14,received,none,partial_if_used,no,yes,24,7,24
EOF
printf 'platform,category\nX,*\n' >"$inputs/bad-policies.csv"
# Reply templates with one text missing: must stop before anything is written.
mkdir -p "$inputs/bad-replies/en"
grep -v '^action-fix_data ' "$root/templates/i18n/en/replies.ftl" >"$inputs/bad-replies/en/replies.ftl"
# Outputs of BEFORE used as inputs (re-processing; a workbook with a Policies sheet).
(cd "$inputs" && cp "$demo" demo.xlsx && "$before" process demo.xlsx --as-of "$AS_OF" >/dev/null) || true
(cd "$inputs" && "$before" init starter >/dev/null)

# ---- The demo matrix -------------------------------------------------------------------

fresh
for cmd in "" process check kpi policies init; do run $cmd --help; done # $cmd unquoted: "" vanishes
run --version
run
run frobnicate
run init
run init shared
run init shared --lang zh
put "$inputs/starter/policies.csv" shared/policies.csv
run init shared # a folder already holding one of its files: refused
put "$inputs/policies.csv"
put "$inputs/bad-policies.csv"
run policies
run policies --policies policies.csv
run policies --policies bad-policies.csv

fresh # the demo workbook, the repository's templates, a policy file
put "$demo" demo.xlsx
put "$root/templates" templates
put "$inputs/policies.csv"
run process demo.xlsx
run process demo.xlsx --redact
run process demo.xlsx -o out.xlsx --lang zh
run process demo.xlsx --lang zh --redact -o sub-out.xlsx
for level in policy warning never; do run process demo.xlsx --fail-on "$level"; done
for order in --day-first --month-first; do run process demo.xlsx "$order"; done
run process demo.xlsx --policies policies.csv
run process demo.xlsx --calendar templates/calendars/cn.csv
run process demo.xlsx --templates templates/i18n --lang zh
run process demo.xlsx --sheet 售后登记
run process demo.xlsx --sheet Nope
run process demo.xlsx --in-place
run process demo.xlsx --in-place --redact --lang zh
run process missing.xlsx
run process demo.xlsx demo.xlsx -o not-a-folder.xlsx
run process templates/policies.csv
for fmt in text json csv; do
    for lang in en zh; do run check demo.xlsx --format "$fmt" --lang "$lang"; done
    run check demo.xlsx --format "$fmt" --day-first --fail-on never
    run kpi demo.xlsx --format "$fmt"
    run kpi demo.xlsx --format "$fmt" --week 2026-W47
    run kpi demo.xlsx --format "$fmt" --from 2026-10-01 --to 2026-10-31
done
for level in policy warning never; do run check demo.xlsx --fail-on "$level"; done
run check demo.xlsx --month-first --format json
run check demo.xlsx --policies policies.csv --calendar templates/calendars/cn.csv
run check demo.xlsx --templates templates/i18n --lang zh
run check demo.xlsx --sheet Nope
run check demo.xlsx --as-of yesterday
run kpi demo.xlsx --week 2026-W47 -o kpi.xlsx
run kpi demo.xlsx -o kpi-all.xlsx --policies policies.csv
run kpi demo.xlsx --week 2026-W99
run kpi demo.xlsx --from 2026-11-30 --to 2026-11-01
run policies demo.xlsx
run policies demo.xlsx --policies policies.csv
put "$inputs/bad-replies" bad-replies
put "$inputs/bad-policies.csv"
run process demo.xlsx --templates bad-replies
run check demo.xlsx --templates bad-replies
run check demo.xlsx --policies bad-policies.csv
put "$demo" '~$demo.xlsx' # Excel's lock file: --in-place must refuse
run process demo.xlsx --in-place

fresh
put "$inputs/demo.annotated.xlsx" demo.annotated.xlsx
run process demo.annotated.xlsx -o again.xlsx # re-processing replaces, never duplicates
run check demo.annotated.xlsx --format json
fresh
put "$inputs/starter/aftersales-cases.xlsx" cases.xlsx
run process cases.xlsx
run check cases.xlsx
run policies cases.xlsx

# Folder input: several workbooks (one unreadable, one output and one backup to skip).
fresh
put "$demo" in/a.xlsx
put "$inputs/starter/aftersales-cases.xlsx" in/b.xlsx
put "$root/tests/fixtures/encrypted.xlsx" in/c.xlsx
put "$demo" in/a.backup-20260101-000000.xlsx
put "$inputs/demo.annotated.xlsx" in/a.annotated.xlsx
mkdir -p "$seed/out"
run process in
run process in -o out
run process in/a.xlsx in/b.xlsx -o out --lang zh --redact
fresh
mkdir -p "$seed/empty"
run process empty

# ---- Fixtures: everything the tests keep, and workbooks from other producers -----------

mapfile -t fixtures < <({
    find "$root/tests/fixtures" -type f
    find "$shared/foreign-workbooks" "$shared/excel-carriers" -type f \
        \( -iname '*.xls*' -o -iname '*.ods' \) 2>/dev/null || true
} | LC_ALL=C sort)
for f in "${fixtures[@]}"; do
    fresh
    name=$(basename "$f")
    put "$f" "$name"
    run check "$name" --format json # most are refused (exit 2): the stderr line must match too
    run check "$name"
    run process "$name"
done

# ---- Large workbooks from BEFORE's bench_generate (generated once, the same files for both) ---

if ((!quick)); then
    gen() { "$generator" "$@" 2>&1 | sed 's/^/  /' >&2; }
    gen 2000 "$inputs/gen-2000.xlsx"
    gen 20000 "$inputs/gen-20000.xlsx"
    gen 20000 "$inputs/gen-20000-sst.xlsx" --sst
    gen 20000 "$inputs/gen-20000-carried.xlsx" --carried
    gen 100000 "$inputs/gen-100000.xlsx"
    for n in 2000 20000 20000-sst 20000-carried; do
        fresh
        put "$inputs/gen-$n.xlsx"
        run process "gen-$n.xlsx"
        run process "gen-$n.xlsx" -o out.xlsx --lang zh --redact
        for fmt in text json csv; do run check "gen-$n.xlsx" --format "$fmt"; done
        run kpi "gen-$n.xlsx" --week 2026-W47 -o kpi.xlsx
        run kpi "gen-$n.xlsx" --format json
    done
    fresh
    put "$inputs/gen-100000.xlsx"
    run process gen-100000.xlsx
    run check gen-100000.xlsx --format json
fi

echo "$cases cases: $((cases - diffs)) same, $diffs different ($((SECONDS - started)) s)"
finished=1
if ((diffs)); then
    echo "run folders of the differences kept in $work"
    exit 1
fi
rm -rf "$work"
