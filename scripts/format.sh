#!/usr/bin/env bash
# Formats every Swift source with the checked-in .swift-format configuration (the formatter
# ships with the Swift toolchain). scripts/test.sh fails on what this would change.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format format --in-place --parallel --recursive Sources Tests Benchmarks/Sources Package.swift Benchmarks/Package.swift
