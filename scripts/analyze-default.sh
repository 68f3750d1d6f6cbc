#!/usr/bin/env bash
# The main job: installs what is missing, builds Lateral, analyses Topologies/retail-llm and
# writes Reports/retail-llm/ (summary.md, paths.json, attack-paths.svg, report.html,
# policies.json, policies.sarif), then simulates each change file of Topologies/retail-llm/changes/, its
# Terraform plan and its ARM template into Reports/retail-llm/whatif/ (text, JSON and the
# difference drawn).
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
    # A planned change (terraform show -json) and an ARM template, deployed over the export.
    planned() {
        local name="$1"
        shift
        "$lateral" whatif Topologies/retail-llm "$@" --quiet \
            --output "Reports/retail-llm/whatif/$name.svg" > "Reports/retail-llm/whatif/$name.txt"
        "$lateral" whatif Topologies/retail-llm "$@" --quiet --format json > "Reports/retail-llm/whatif/$name.json"
    }
    planned peer-training-to-sea --plan Topologies/retail-llm/changes/peer-training-to-sea.tfplan
    planned ingest-rule --template Topologies/retail-llm/changes/ingest-rule.template \
        --subscription 33333333-3333-3333-3333-333333333333 --resource-group rg-llm-germanywestcentral
    echo "What-if reports written to Reports/retail-llm/whatif/"
fi
# The emergency isolation plan for the sample policy (docs/isolate.md), verified before it is
# written: the change file, the az playbook and its rollback, the before/after diagram, JSON.
if [ "$inputs" -eq 0 ]; then
    mkdir -p Reports/retail-llm/isolate
    "$lateral" isolate Topologies/retail-llm --policy Topologies/retail-llm/policy.yaml --quiet \
        --output Reports/retail-llm/isolate > Reports/retail-llm/isolate/isolate.txt
    echo "Isolation plan written to Reports/retail-llm/isolate/"
fi
