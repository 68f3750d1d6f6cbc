#!/usr/bin/env bash
# The auditor report as a browser shows it: installs Debian's chromium if missing, writes
# report.html for the default estate and for an estate with hostile names, renders each in
# headless Chromium with every request sent to a dead proxy on loopback (a screenshot PNG and
# a PDF, kept in $REPORT_CHECK_OUT, default .build/report-check), and checks with
# scripts/report-check.py that every in-page link resolves, that nothing is loaded from a
# network (in the file, and in Chromium's NetLog), and that every path, way out and finding
# has its section.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
swift build --product lateral >/dev/null
lateral=.build/debug/lateral
out="${REPORT_CHECK_OUT:-.build/report-check}"
rm -rf "$out"
mkdir -p "$out/default" "$out/hostile"
"$lateral" report Topologies/retail-llm --policy Topologies/retail-llm/policy.yaml --isolate --output "$out/default" --quiet
"$lateral" report Tests/Fixtures/Report/hostile-names.json --output "$out/hostile" --quiet
# The section counts the report must hold, from the same analysis in JSON.
counts() {
    "$lateral" analyze "$@" --quiet --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(len(r["paths"]), len(r.get("exfiltration") or []))'
}
read -r paths ways < <(counts Topologies/retail-llm)
render() {
    local dir="$1"
    local flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions --disable-sync
        --disable-background-networking --disable-component-update --disable-default-apps --disable-domain-reliability --no-pings
        --proxy-server=127.0.0.1:9 --host-resolver-rules="MAP * ~NOTFOUND")
    local page="file://$PWD/$dir/report.html"
    timeout 120 chromium "${flags[@]}" --log-net-log="$dir/netlog.json" --window-size=1280,4000 --screenshot="$dir/report.png" "$page" >/dev/null 2>&1
    timeout 120 chromium "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$dir/report.pdf" "$page" >/dev/null 2>&1
    test -s "$dir/report.png" && test -s "$dir/report.pdf"
}
render "$out/default"
render "$out/hostile"
python3 scripts/report-check.py "$out/default/report.html" "$out/default/netlog.json" --paths "$paths" --ways-out "$ways"
python3 scripts/report-check.py "$out/hostile/report.html" "$out/hostile/netlog.json"
echo "Report screenshots and PDFs in $out/"
