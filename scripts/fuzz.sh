#!/usr/bin/env bash
# Builds one fuzz harness with libFuzzer and AddressSanitizer and runs it for a while.
#
#   scripts/fuzz.sh HARNESS SECONDS [libFuzzer options...]
#   scripts/fuzz.sh FuzzJSON 600
#   scripts/fuzz.sh FuzzSelectors 0 -runs=10000000     (0 seconds: no time limit)
#
# Harnesses: FuzzJSON FuzzChange FuzzPolicy FuzzSelectors FuzzDOT FuzzMarkdown (what each
# feeds: docs/reliability.md, "Fuzzing"). Seeds come from Tests/Fixtures; the corpus libFuzzer
# grows is kept in .build-fuzz/corpus/HARNESS and crashing inputs in .build-fuzz/crashes/HARNESS
# (.build-fuzz is ignored by git). Replay a saved input without the sanitizers:
#   swift build --product HARNESS && .build/debug/HARNESS .build-fuzz/crashes/HARNESS/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/fuzz.sh FuzzJSON|FuzzChange|FuzzPolicy|FuzzSelectors|FuzzDOT|FuzzMarkdown SECONDS [libFuzzer options...]"
harness="${1:?$usage}"
seconds="${2:?$usage}"
shift 2

seeds=".build-fuzz/seeds/$harness"
rm -rf "$seeds"
mkdir -p "$seeds" ".build-fuzz/corpus/$harness" ".build-fuzz/crashes/$harness"

# One seed file per line of a list (a tab in the line becomes a NUL when asked).
lines() {
  local list="$1" tabs="${2:-}" n=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    if [ -n "$tabs" ]; then printf '%s' "$line" | tr '\t' '\0' >"$seeds/line-$n"; else printf '%s' "$line" >"$seeds/line-$n"; fi
  done <"$list"
}

case "$harness" in
  FuzzJSON)
    find Tests/Fixtures -name '*.json' -size -65k -print0 | while IFS= read -r -d '' file; do
      cp "$file" "$seeds/$(echo "$file" | tr '/' '_')"
    done ;;
  FuzzChange) cp Tests/Fixtures/Fuzz/change/*.yaml "$seeds/" ;;
  FuzzPolicy) cp Tests/Fixtures/Fuzz/policy/*.yaml "$seeds/" ;;
  FuzzSelectors) lines Tests/Fixtures/Fuzz/selectors.txt ;;
  FuzzMarkdown) lines Tests/Fixtures/Fuzz/names.txt ;;
  FuzzDOT) lines Tests/Fixtures/Fuzz/names.txt tabs ;;
  *) echo "$usage" >&2; exit 2 ;;
esac

swift build -c debug --scratch-path .build-fuzz --product "$harness" --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address

# Without SWIFT_BACKTRACE=enable=no, Swift's crash handler trips AddressSanitizer and hides
# the report.
limit=()
if [ "$seconds" != 0 ]; then limit=(-max_total_time="$seconds"); fi
# Short strings (names, selectors) need no long inputs, and a shorter one runs faster; a
# -max_len given on the command line comes later and wins.
case "$harness" in
  FuzzSelectors) limit+=(-max_len=256) ;;
  FuzzMarkdown | FuzzDOT) limit+=(-max_len=2048) ;;
esac
SWIFT_BACKTRACE=enable=no exec nice -n 10 ".build-fuzz/debug/$harness" "${limit[@]}" -print_final_stats=1 \
  -artifact_prefix=".build-fuzz/crashes/$harness/" "$@" ".build-fuzz/corpus/$harness" "$seeds"
