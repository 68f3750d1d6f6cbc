#!/usr/bin/env bash
# The main job: installs what is missing, builds Lateral, analyses Topologies/retail-llm and
# writes Reports/retail-llm/ (summary.md, paths.json, attack-paths.svg, policies.json,
# policies.sarif), then simulates each change file of Topologies/retail-llm/changes/ into
# Reports/retail-llm/whatif/ (text, JSON and the difference drawn).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product lateral
lateral=.build/release/lateral
"$lateral" analyze "$@"
# The what-if reports belong to the bundled estate: only when no input was named.
inputs=0
for arg in "$@"; do case "$arg" in -*) ;; *) inputs=1 ;; esac; done
if [ "$inputs" -eq 0 ]; then
    mkdir -p Reports/retail-llm/whatif
    for change in Topologies/retail-llm/changes/*.yaml; do
        name=$(basename "$change" .yaml)
        "$lateral" whatif Topologies/retail-llm --change "$change" --quiet \
            --output "Reports/retail-llm/whatif/$name.svg" > "Reports/retail-llm/whatif/$name.txt"
        "$lateral" whatif Topologies/retail-llm --change "$change" --quiet --format json > "Reports/retail-llm/whatif/$name.json"
    done
    echo "What-if reports written to Reports/retail-llm/whatif/"
fi
