#!/usr/bin/env bash
# The whole test suite: installs what is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The formatting habit: any difference from .swift-format's layout fails (scripts/format.sh fixes it).
swift format lint --strict --parallel --recursive Sources Tests Benchmarks/Sources Package.swift Benchmarks/Package.swift
swift test "$@"
# The brute-force oracle on 2,000 more random estates than the suite's own 160, from seeds no
# other run uses (a failure prints its seed; Tests/ReachabilityTests/Oracle/FINDINGS.md says how
# to replay it). Skipped when the suite is filtered.
if [ "$#" -eq 0 ]; then
    ORACLE_SEED="${ORACLE_SEED:-1000000}" ORACLE_COUNT="${ORACLE_COUNT:-2000}" \
        swift test --skip-build --filter OracleAgreementTests
    # The auditor report in headless Chromium: links, no network loads, every section.
    scripts/report-check.sh
fi
