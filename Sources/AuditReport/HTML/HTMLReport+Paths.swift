import Reachability
import TopologyModel

extension HTMLReport {
    static func overview(_ input: Input) -> String {
        var html = open("overview")
        if let svg = input.overview {
            html +=
                "<p>Regions and VNets as frames; attack-path hops in red; the targets' VNets shaded. Past \(150) boxes the diagram folds VNets and regions that no path touches into counted boxes; every path stays drawn.</p>\n"
            html += "<figure class=\"diagram overview\">\(InlineSVG.embed(svg, label: "Overview of the attack paths"))</figure>\n"
        } else {
            html += "<p class=\"muted\">No overview diagram was drawn.</p>\n"
        }
        return html + "</section>\n"
    }

    static func pathSections(_ input: Input) -> String {
        var html = open("paths")
        if input.paths.paths.isEmpty { html += "<p>None: no allowed route leads from the entry points to the targets.</p>\n" }
        var scores: [[String]: (rank: Int, score: Int, factors: [String])] = [:]
        for pair in input.ranking {
            for (rank, entry) in pair.paths.enumerated() where scores[entry.path.nodes] == nil {
                scores[entry.path.nodes] = (rank + 1, entry.score.total, entry.score.factors)
            }
        }
        for (i, path) in input.paths.paths.enumerated() {
            let risk = scores[path.nodes].map { "risk score \($0.score) (\(HTMLEscape.text($0.factors.joined(separator: ", "))))" }
            html += pathSection(
                path, id: "path-\(i + 1)", title: "Path \(i + 1)", risk: risk, diagram: input.pathDiagrams.indices.contains(i) ? input.pathDiagrams[i] : nil,
                input: input)
        }
        html += "</section>\n"
        html += open("ways-out")
        html += "<p>Paths from the targets to the Internet: how model weights or training data could leave.</p>\n"
        let out = input.exfiltration?.paths ?? []
        if out.isEmpty { html += "<p>None: no target can reach the Internet.</p>\n" }
        for (i, path) in out.enumerated() {
            html += pathSection(
                path, id: "way-out-\(i + 1)", title: "Way out \(i + 1)", risk: nil,
                diagram: input.wayOutDiagrams.indices.contains(i) ? input.wayOutDiagrams[i] : nil, input: input)
        }
        return html + "</section>\n"
    }

    static func pathSection(_ path: AttackPath, id: String, title: String, risk: String?, diagram: [UInt8]?, input: Input) -> String {
        var html = "<article class=\"path\" id=\"\(id)\">\n<h3>\(title): \(chain(path.nodes))</h3>\n"
        let regions = regionsCrossed(path, input.graph)
        html += "<p class=\"meta\">\(plural(path.hops.count, "hop"))"
        if !regions.isEmpty { html += "; regions \(regions.map(HTMLEscape.code).joined(separator: " → "))" }
        if let risk { html += "; \(risk)" }
        html += ".</p>\n"
        if let diagram { html += "<figure class=\"diagram\">\(InlineSVG.embed(diagram, label: "\(title) drawn"))</figure>\n" }
        for (h, hop) in path.hops.enumerated() { html += hopTable(hop, number: h + 1, input: input) }
        return html + "</article>\n"
    }

    /// The regions of a path's nodes, in order, each once.
    static func regionsCrossed(_ path: AttackPath, _ graph: ReachabilityGraph) -> [String] {
        var regions: [String] = []
        for id in path.nodes {
            guard let region = graph.node(id)?.region, !region.isEmpty, regions.last != region else { continue }
            regions.append(region)
        }
        return regions
    }

    /// One hop: its services and witness flow, then every route, peering, appliance, firewall
    /// rule and NSG rule that carried it, with resource IDs and where the input declares them.
    static func hopTable(_ hop: Hop, number: Int, input: Input) -> String {
        let w = hop.witness
        var html =
            "<table class=\"hop\">\n<caption>Hop \(number): \(node(hop.from)) → \(node(hop.to)) <span class=\"services\">\(HTMLEscape.text(hop.services.summary))</span>"
        html += "<br><span class=\"witness\">Example flow: \(w.proto.rawValue) \(w.source)\(w.sourcePort.map { ":\($0)" } ?? "") → \(w.destination)"
        html += (w.proto.hasPorts ? ":\(w.port)" : "") + (w.translatedDestination.map { " (NSGs see \($0))" } ?? "") + "</span></caption>\n"
        html += "<thead><tr><th>step</th><th>resource</th><th>rule or decision</th><th>declared in</th></tr></thead>\n<tbody>\n"
        for step in hop.via {
            html += row(
                kind: step.kind.rawValue, name: step.resourceName, id: step.resource, detail: HTMLEscape.text(TraceText.detail(step)),
                origin: step.resource.flatMap(input.topology.origin(of:)), input: input)
        }
        for f in hop.firewallRules {
            var detail = "\(f.kind.rawValue) rule \(HTMLEscape.code(f.rule)) in collection \(HTMLEscape.code(f.collection))"
            if let group = f.group { detail += " (group \(HTMLEscape.code(group)))" }
            if let fqdn = f.fqdn { detail += " for FQDN \(HTMLEscape.code(fqdn))" }
            detail += ": \(f.action.rawValue) \(HTMLEscape.text(f.services.summary))"
            html += row(
                kind: "firewall rule", name: f.firewallName, id: f.firewall, detail: detail, origin: input.topology.origin(of: f.firewall), input: input)
        }
        for c in hop.allowedBy {
            var detail =
                "\(c.level == .admin ? "security admin rules" : "\(c.level) NSG"), \(c.direction.rawValue) \(c.rule.access == .alwaysAllow ? "AlwaysAllow " : "")rule \(HTMLEscape.code(c.rule.name)), priority \(c.rule.priority)"
            if c.rule.isDefault { detail += " (default rule)" }
            detail += ": allows \(HTMLEscape.text(c.services.summary))"
            html += row(
                kind: c.level == .admin ? "admin rule" : "NSG rule", name: c.securityGroupName, id: c.rule.id ?? c.securityGroup, detail: detail,
                origin: c.rule.origin ?? input.topology.origin(of: c.securityGroup), input: input)
        }
        for finding in hop.findings {
            html += "<tr class=\"finding\"><td>finding</td><td colspan=\"3\">\(HTMLEscape.text(finding.text))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    static func row(kind: String, name: String, id: ResourceID?, detail: String, origin: SourceLocation?, input: Input) -> String {
        var html = "<tr><td class=\"kind\">\(HTMLEscape.text(kind))</td><td>\(HTMLEscape.code(name))"
        if let id { html += "<br><code class=\"resource-id\">\(HTMLEscape.text(id.text))</code>" }
        return html + "</td><td>\(detail)</td><td class=\"source\">\(source(origin, input))</td></tr>\n"
    }
}
