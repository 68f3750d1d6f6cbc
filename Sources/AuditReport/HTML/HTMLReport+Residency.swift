import Reachability
import TopologyModel

extension HTMLReport {
    /// Region names of Microsoft Cloud Germany, closed on 29 October 2021 (findings catalog,
    /// LAT-RES-001): a resource there is stale or invalid input, not a compliant location.
    static let retiredRegions: [String: String] = [
        "germanycentral": "Germany Central (Microsoft Cloud Germany, closed 29 October 2021)",
        "germanynortheast": "Germany Northeast (Microsoft Cloud Germany, closed 29 October 2021)",
    ]

    /// The regions each path and way out crosses, where the targets and the VNets of each
    /// role tag are, where the data stores are, and any retired region names.
    static func residency(_ input: Input) -> String {
        let t = input.topology
        var html = open("residency")
        html += "<p>Region names are ARM <code>location</code> values as exported. Which regions are allowed is the owner's decision: "
        html += "a <code>residency</code> policy (docs/policies.md) checks it, and its verdict is under <a href=\"#policies\">Policy verdicts</a>.</p>\n"
        html += "<h3>Regions each path crosses</h3>\n"
        let listed =
            input.paths.paths.enumerated().map { ("path-\($0.offset + 1)", "Path \($0.offset + 1)", $0.element) }
            + (input.exfiltration?.paths ?? []).enumerated().map { ("way-out-\($0.offset + 1)", "Way out \($0.offset + 1)", $0.element) }
        if listed.isEmpty {
            html += "<p>No path or way out.</p>\n"
        } else {
            html += "<table class=\"residency\">\n<thead><tr><th>path</th><th>regions, in order</th><th>crosses a region border</th></tr></thead>\n<tbody>\n"
            for (anchor, title, path) in listed {
                let regions = regionsCrossed(path, input.graph)
                html += "<tr><td><a href=\"#\(anchor)\">\(title)</a></td><td>\(regions.map(HTMLEscape.code).joined(separator: " → "))</td>"
                html += "<td>\(Set(regions).count > 1 ? "<strong>yes</strong>" : "no")</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        html += "<h3>Where the targets are</h3>\n<table class=\"residency\">\n<thead><tr><th>target</th><th>region</th></tr></thead>\n<tbody>\n"
        for target in input.paths.targets {
            html += "<tr><td>\(node(target))</td><td>\(input.graph.node(target)?.region.map(HTMLEscape.code) ?? "-")</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        html += rolesTable(t)
        html += storesTable(t)
        html += retired(t)
        return html + "</section>\n"
    }

    /// VNets by their `role` tag (training, inference, frontends...), with their regions.
    static func rolesTable(_ t: Topology) -> String {
        var byRole: [String: [VirtualNetwork]] = [:]
        for network in t.networks.values {
            guard let role = network.tags.first(where: { $0.key.lowercased() == "role" })?.value else { continue }
            byRole[role, default: []].append(network)
        }
        guard !byRole.isEmpty else { return "" }
        var html = "<h3>VNets by role tag</h3>\n<table class=\"residency\">\n<thead><tr><th>role</th><th>VNet</th><th>region</th></tr></thead>\n<tbody>\n"
        for role in byRole.keys.sorted() {
            for network in byRole[role]!.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
                html += "<tr><td>\(HTMLEscape.code(role))</td><td>\(HTMLEscape.code(network.name))</td><td>\(HTMLEscape.code(network.location))</td></tr>\n"
            }
        }
        return html + "</tbody>\n</table>\n"
    }

    /// Storage accounts, key vaults and registries, with their regions and tags: where the
    /// weights and data rest.
    static func storesTable(_ t: Topology) -> String {
        var stores: [(kind: String, name: String, id: ResourceID, location: String, tags: [String: String])] = t.storageAccounts.values.map {
            ("storage account", $0.name, $0.id, $0.location, $0.tags)
        }
        stores += t.serviceResources.values.map { ($0.kind.rawValue, $0.name, $0.id, $0.location, $0.tags) }
        guard !stores.isEmpty else { return "" }
        var html =
            "<h3>Where the data stores are</h3>\n<table class=\"residency\">\n<thead><tr><th>store</th><th>kind</th><th>region</th><th>tags</th></tr></thead>\n<tbody>\n"
        for store in stores.sorted(by: { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }) {
            let tags = store.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            html +=
                "<tr><td>\(HTMLEscape.code(store.name))</td><td>\(store.kind)</td><td>\(HTMLEscape.code(store.location))</td><td>\(HTMLEscape.text(tags))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    static func retired(_ t: Topology) -> String {
        var found: [(name: String, id: ResourceID, region: String)] = []
        func check(_ name: String, _ id: ResourceID, _ location: String) {
            let key = location.lowercased().filter { $0 != " " }
            if let region = retiredRegions[key] { found.append((name, id, region)) }
        }
        for n in t.networks.values { check(n.name, n.id, n.location) }
        for s in t.storageAccounts.values { check(s.name, s.id, s.location) }
        for s in t.serviceResources.values { check(s.name, s.id, s.location) }
        for f in t.firewalls.values { check(f.name, f.id, f.location) }
        var html = "<h3>Retired region names</h3>\n"
        guard !found.isEmpty else {
            return html
                + "<p>None: no VNet, data store or firewall names a retired region (\(retiredRegions.values.sorted().map(HTMLEscape.text).joined(separator: "; "))).</p>\n"
        }
        html += "<ul>\n"
        for r in found.sorted(by: { $0.id < $1.id }) {
            html +=
                "<li>\(HTMLEscape.code(r.name)) is in \(HTMLEscape.text(r.region)): the input is stale or invalid — <code class=\"resource-id\">\(HTMLEscape.text(r.id.text))</code></li>\n"
        }
        return html + "</ul>\n"
    }
}
