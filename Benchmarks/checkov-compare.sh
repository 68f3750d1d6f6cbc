#!/usr/bin/env bash
# Lateral and Checkov side by side on the same ARM templates and Terraform plans
# (Tests/Fixtures/Comparison): recall and precision of Internet exposure on SSH, RDP and all
# ports against the hand-made labels there, and seconds per file. docs/comparison.md holds the
# result and says how to read it.
#
# Checkov is not a dependency of Lateral: it is installed from PyPI into a virtual environment
# under a scratch directory (SCRATCH, default ${TMPDIR:-/tmp}/lateral-checkov-compare), pinned
# to CHECKOV_VERSION. Lateral is the release build (built if missing; LATERAL overrides).
#
#   Benchmarks/checkov-compare.sh            # prints the tables
#   RUNS=5 Benchmarks/checkov-compare.sh     # more timing runs per file (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH:-${TMPDIR:-/tmp}/lateral-checkov-compare}
version=${CHECKOV_VERSION:-3.3.30}
runs=${RUNS:-3}
fixtures=Tests/Fixtures/Comparison
mkdir -p "$scratch/results"

if [ ! -x "$scratch/venv/bin/checkov" ] || [ "$("$scratch/venv/bin/checkov" --version)" != "$version" ]; then
    python3 -m venv "$scratch/venv"
    "$scratch/venv/bin/pip" install --quiet "checkov==$version"
fi
checkov="$scratch/venv/bin/checkov"

lateral=${LATERAL:-.build/release/lateral}
if [ ! -x "$lateral" ]; then swift build -c release --product lateral; fi

# Seconds of wall clock for one command, its output to a file.
timed() {
    local out="$1"
    shift
    local start end
    start=$(date +%s.%N)
    "$@" > "$out" 2> "$out.stderr" || true
    end=$(date +%s.%N)
    python3 -c "print(f'{$end - $start:.3f}')"
}

: > "$scratch/results/times.tsv"
files=$(python3 -c "import json,sys; print('\n'.join(json.load(open(sys.argv[1]))))" "$fixtures/labels.json")
for file in $files; do
    case "$file" in
    *.tfplan.json) framework=terraform_plan ;;
    *) framework=arm ;;
    esac
    for run in $(seq 1 "$runs"); do
        t=$(timed "$scratch/results/$file.lateral.json" "$lateral" exposure "$fixtures/$file" --format json --quiet)
        printf 'lateral\t%s\t%s\t%s\n' "$file" "$run" "$t" >> "$scratch/results/times.tsv"
        # --skip-download: no call to Prisma Cloud for guidelines (offline, and not timed).
        t=$(timed "$scratch/results/$file.checkov.json" "$checkov" -f "$fixtures/$file" --framework "$framework" \
            --check CKV_AZURE_9,CKV_AZURE_10,CKV_AZURE_77 -o json --quiet --skip-download)
        printf 'checkov\t%s\t%s\t%s\n' "$file" "$run" "$t" >> "$scratch/results/times.tsv"
    done
done

echo "Checkov $version, Lateral $("$lateral" --version 2>/dev/null || echo "?") at $(git rev-parse --short HEAD), $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg)"
echo
python3 Benchmarks/checkov_compare.py "$fixtures" "$scratch/results"
