#!/usr/bin/env python3
"""Scores Lateral and Checkov against the hand-made labels of Tests/Fixtures/Comparison.

Called by Benchmarks/checkov-compare.sh, which runs both tools and leaves their JSON here:
  RESULTS/<file>.lateral.json   lateral exposure FILE --format json
  RESULTS/<file>.checkov.json   checkov -f FILE --framework ... -o json
  RESULTS/times.tsv             tool, file, run, seconds
Prints the Markdown tables docs/comparison.md holds.

A label says, for each NSG, whether the Internet reaches it on SSH (tcp/22), RDP (tcp/3389)
and all ports (every TCP port). Lateral's answer is the `internet` source of `lateral exposure`.
Checkov's is CKV_AZURE_10 (SSH) and CKV_AZURE_9 (RDP) failing on the NSG or on one of its rules;
Checkov has no all-ports check, so that row shows its nearest proxy (both checks fail).
"""

import json
import os
import statistics
import sys

CHECKS = {"ssh": "CKV_AZURE_10", "rdp": "CKV_AZURE_9"}
KINDS = ["ssh", "rdp", "all"]


def load(path):
    with open(path) as f:
        return json.load(f)


def ranges(ports):
    out = []
    for p in ports:
        if p == "*":
            out.append((0, 65535))
        elif "-" in p:
            a, b = p.split("-")
            out.append((int(a), int(b)))
        else:
            out.append((int(p), int(p)))
    return out


def covers(rs, port):
    return any(a <= port <= b for a, b in rs)


def every_port(rs):
    nxt = 0
    for a, b in sorted(rs):
        if a > nxt:
            return False
        nxt = max(nxt, b + 1)
    return nxt > 65535


def lateral_answers(report):
    """NSG name -> set of kinds the Internet reaches (union over attachments)."""
    found = {}
    for group in report["securityGroups"]:
        kinds = found.setdefault(group["name"], set())
        for source in group["sources"]:
            if source["source"] != "internet":
                continue
            tcp = [r for s in source["services"] if s["protocol"] == "tcp" for r in ranges(s["ports"])]
            if covers(tcp, 22):
                kinds.add("ssh")
            if covers(tcp, 3389):
                kinds.add("rdp")
            if every_port(tcp):
                kinds.add("all")
    return found


def nsg_of(resource, fixture):
    """The NSG name a Checkov result is about: ARM resource names, or a plan's values."""
    for kind in ("Microsoft.Network/networkSecurityGroups/securityRules.", "Microsoft.Network/networkSecurityGroups."):
        if resource.startswith(kind):
            return resource[len(kind) :].split("/")[0]
    for item in fixture.get("planned_values", {}).get("root_module", {}).get("resources", []):
        if item["address"] == resource:
            values = item["values"]
            return values.get("network_security_group_name") or values.get("name")
    return resource


def checkov_answers(report, fixture):
    found = {}
    runs = report if isinstance(report, list) else [report]
    for run in runs:
        for result in run.get("results", {}).get("failed_checks", []):
            found.setdefault(nsg_of(result["resource"], fixture), set()).add(result["check_id"])
    answers = {}
    for nsg, checks in found.items():
        kinds = {k for k, c in CHECKS.items() if c in checks}
        if CHECKS["ssh"] in checks and CHECKS["rdp"] in checks:
            kinds.add("all")  # proxy only: Checkov has no all-ports check
        answers[nsg] = kinds
    return answers


def score(labels, answers):
    """kind -> (tp, fp, fn) over every labelled NSG."""
    counts = {k: [0, 0, 0] for k in KINDS}
    misses = []
    for file, groups in labels.items():
        for nsg, label in groups.items():
            said = answers.get(file, {}).get(nsg, set())
            for k in KINDS:
                truth, claim = label[k], k in said
                if truth and claim:
                    counts[k][0] += 1
                elif claim:
                    counts[k][1] += 1
                    misses.append((k, "false positive", file, nsg, label["why"]))
                elif truth:
                    counts[k][2] += 1
                    misses.append((k, "missed", file, nsg, label["why"]))
    return counts, misses


def ratio(a, b):
    return "n/a" if b == 0 else f"{a / b:.2f} ({a}/{b})"


def main():
    fixtures, results = sys.argv[1], sys.argv[2]
    labels = load(os.path.join(fixtures, "labels.json"))
    answers = {"lateral": {}, "checkov": {}}
    for file in labels:
        fixture = load(os.path.join(fixtures, file))
        answers["lateral"][file] = lateral_answers(load(os.path.join(results, file + ".lateral.json")))
        answers["checkov"][file] = checkov_answers(load(os.path.join(results, file + ".checkov.json")), fixture)
    positives = {k: sum(g[k] for f in labels.values() for g in f.values()) for k in KINDS}
    total = sum(len(f) for f in labels.values())
    print(f"{total} NSGs in {len(labels)} files; exposed on SSH {positives['ssh']}, RDP {positives['rdp']}, all ports {positives['all']}.")
    print()
    print("| exposure | tool | recall | precision |")
    print("|---|---|---|---|")
    all_misses = {}
    for k in KINDS:
        for tool in ("lateral", "checkov"):
            counts, misses = score(labels, answers[tool])
            all_misses[tool] = misses
            tp, fp, fn = counts[k]
            name = {"ssh": "SSH tcp/22", "rdp": "RDP tcp/3389", "all": "all TCP ports"}[k]
            shown = tool if not (tool == "checkov" and k == "all") else "checkov (proxy: CKV_AZURE_9 and CKV_AZURE_10 both fail)"
            print(f"| {name} | {shown} | {ratio(tp, tp + fn)} | {ratio(tp, tp + fp)} |")
    print()
    print("By file (recall / precision):")
    print()
    print("| file | tool | SSH | RDP | all TCP ports |")
    print("|---|---|---|---|---|")
    for file in labels:
        for tool in ("lateral", "checkov"):
            counts, _ = score({file: labels[file]}, answers[tool])
            cells = []
            for k in KINDS:
                tp, fp, fn = counts[k]
                r = "n/a" if tp + fn == 0 else f"{tp / (tp + fn):.2f}"
                p = "n/a" if tp + fp == 0 else f"{tp / (tp + fp):.2f}"
                cells.append(f"{r} / {p}")
            print(f"| `{file}` | {tool} | " + " | ".join(cells) + " |")
    print()
    times = {}
    with open(os.path.join(results, "times.tsv")) as f:
        for line in f:
            tool, file, _, seconds = line.rstrip("\n").split("\t")
            times.setdefault((tool, file), []).append(float(seconds))
    runs = max(len(v) for v in times.values())
    print(f"Seconds per file (median of {runs} runs, wall clock, one process per file):")
    print()
    print("| file | NSGs | lateral | checkov |")
    print("|---|---|---|---|")
    for file in labels:
        lat, chk = statistics.median(times[("lateral", file)]), statistics.median(times[("checkov", file)])
        print(f"| `{file}` | {len(labels[file])} | {lat:.2f} | {chk:.2f} |")
    print()
    for tool in ("lateral", "checkov"):
        print(f"{tool} disagrees with the labels on:" if all_misses[tool] else f"{tool} agrees with every label.")
        print()
        grouped = {}
        for k, what, file, nsg, why in all_misses[tool]:
            grouped.setdefault((why, k, what), []).append(nsg)
        for (why, k, what), nsgs in sorted(grouped.items()):
            print(f"- {why}: {k} {what} in " + ", ".join(f"`{n}`" for n in sorted(nsgs)))
        if all_misses[tool]:
            print()


if __name__ == "__main__":
    main()
