#!/usr/bin/env bash
# The main job: installs what is missing, builds Lateral, analyses Topologies/retail-llm and
# writes Reports/retail-llm/ (summary.md, paths.json, attack-paths.svg).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product lateral
.build/release/lateral analyze "$@"
