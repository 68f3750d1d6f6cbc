#!/usr/bin/env python3
"""Checks one report.html as a browser would read it: every in-page link resolves to a unique
id, nothing is loaded from a network (no script, link, import, url() or remote src/href),
every attack path, way out and finding has its section, and a Chromium NetLog (when given)
shows no request other than the file itself.

Usage: report-check.py REPORT.html [NETLOG.json] [--paths N] [--ways-out N] [--findings N]
"""
import html.parser
import json
import re
import sys


class Reader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.loads, self.scripts, self.styles = [], [], [], 0, []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        for name in ("href", "xlink:href"):
            value = attributes.get(name)
            if value is None:
                continue
            if value.startswith("#"):
                self.links.append(value[1:])
            else:
                self.loads.append(f"<{tag} {name}={value}>")
        for name in ("src", "srcset", "data", "poster", "background", "action", "formaction"):
            if attributes.get(name) is not None:
                self.loads.append(f"<{tag} {name}={attributes[name]}>")
        if tag in ("script", "link", "iframe", "object", "embed", "img", "image", "base", "meta") and not (
            tag == "meta" and set(attributes) <= {"charset", "name", "content"}
        ):
            if tag != "meta" or "http-equiv" in attributes:
                self.loads.append(f"<{tag}>")
        if tag == "script":
            self.scripts += 1
        if any(name.startswith("on") for name in attributes):
            self.loads.append(f"<{tag}> with an event handler")
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.styles.append(data)


def main(argv):
    args = [a for a in argv[1:]]
    expected = {}
    for key in ("--paths", "--ways-out", "--findings"):
        if key in args:
            i = args.index(key)
            expected[key[2:]] = int(args[i + 1])
            del args[i : i + 2]
    report = args[0]
    text = open(report, encoding="utf-8").read()
    reader = Reader()
    reader.feed(text)
    problems = []
    duplicates = sorted({i for i in reader.ids if reader.ids.count(i) > 1})
    if duplicates:
        problems.append(f"ids used more than once: {duplicates[:10]}")
    missing = sorted(set(reader.links) - set(reader.ids))
    if missing:
        problems.append(f"links to no id: {missing[:10]}")
    if reader.scripts:
        problems.append(f"{reader.scripts} script elements")
    if reader.loads:
        problems.append(f"resource loads: {reader.loads[:10]}")
    css = "".join(reader.styles)
    for pattern in ("@import", "url(", "http://", "https://"):
        if pattern in css:
            problems.append(f"style sheet holds {pattern}")
    for prefix, key in (("path-", "paths"), ("way-out-", "ways-out"), ("finding-", "findings")):
        found = sorted(int(i[len(prefix) :]) for i in reader.ids if re.fullmatch(re.escape(prefix) + r"\d+", i))
        if found != list(range(1, len(found) + 1)):
            problems.append(f"{prefix}N sections are not numbered 1 to {len(found)}")
        if key in expected and len(found) != expected[key]:
            problems.append(f"{len(found)} {key} sections, expected {expected[key]}")
    for section in ("cover", "contents", "verdict", "overview", "paths", "ways-out", "findings", "residency", "policies", "isolation", "method"):
        if section not in reader.ids:
            problems.append(f"no section {section}")
    if len(args) > 1:
        requests = set()
        for line in open(args[1], encoding="utf-8", errors="replace"):
            requests.update(re.findall(r'"url":"([^"]+)"', line))
        # Chromium's own services (updates, time, accounts, dictionaries) ask regardless of
        # the page; the check is about what the page asks for.
        own = re.compile(r"^https?://([a-z0-9.-]+\.)?(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)/")
        remote = sorted(u for u in requests if not u.startswith(("file:", "data:", "about:", "chrome:")) and not own.match(u))
        if remote:
            problems.append(f"requests while rendering: {remote[:10]}")
    for problem in problems:
        print(f"{report}: {problem}", file=sys.stderr)
    if not problems:
        print(f"{report}: {len(reader.links)} links resolve, no resource loads, sections present")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
