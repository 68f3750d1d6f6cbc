import Reachability
import TopologyModel

/// Plain text for people at a terminal.
public enum TextFormatter {
    public static func flow(_ result: FlowResult) -> String {
        let q = result.query
        var lines: [String] = []
        let port = q.proto.hasPorts ? ":\(q.destinationPort)" : ""
        let sport = q.sourcePort == nil ? "\(result.sourcePort) (ephemeral, assumed)" : "\(result.sourcePort)"
        lines.append("Flow \(q.proto.rawValue) \(q.source) -> \(q.destination)\(port), source port \(sport)")
        lines.append("Verdict: \(result.allowed ? "ALLOW" : "DENY") (\(result.disposition.rawValue))")
        lines.append("Trace:")
        for (i, step) in result.trace.enumerated() {
            lines.append("  \(i + 1). [\(step.decision.rawValue)] \(step.detail)")
            if let id = step.ruleID ?? step.resource { lines.append("      \(id.text)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func paths(_ result: PathResult, graph: ReachabilityGraph) -> String {
        var lines: [String] = []
        let from = result.query.from.map(\.description).joined(separator: ", ")
        let to = result.query.to.map(\.description).joined(separator: ", ")
        lines.append("Paths from \(from) to \(to): \(result.reachable ? "\(result.paths.count) found" : "none (not reachable)")")
        for selector in result.emptySelectors { lines.append("warning: selector \(selector) selects nothing") }
        for (i, path) in result.paths.enumerated() {
            lines.append("")
            lines.append("Path \(i + 1) (\(path.hops.count) hop\(path.hops.count == 1 ? "" : "s")): " + path.nodes.joined(separator: " -> "))
            for hop in path.hops { lines += hopLines(hop, indent: "  ") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func hopLines(_ hop: Hop, indent: String) -> [String] {
        var lines = ["\(indent)\(hop.from) -> \(hop.to): \(hop.services.summary)"]
        let w = hop.witness
        let translated = w.translatedDestination.map { " (seen as \($0))" } ?? ""
        let port = w.proto.hasPorts ? ":\(w.port)" : ""
        lines.append("\(indent)  example: \(w.proto.rawValue) \(w.source)\(w.sourcePort.map { ":\($0)" } ?? "") -> \(w.destination)\(port)\(translated)")
        for via in hop.via { lines.append("\(indent)  via \(via.kind.rawValue) \(via.resourceName): \(via.detail)") }
        for f in hop.firewallRules {
            lines.append(
                "\(indent)  allowed by firewall \(f.firewallName) \(f.kind.rawValue) rule \(f.rule) (collection \(f.collection)\(f.group.map { ", group \($0)" } ?? ""))\(f.fqdn.map { ", FQDN \($0)" } ?? ""): \(f.services.summary)"
            )
        }
        for finding in hop.findings { lines.append("\(indent)  finding: \(finding.text)") }
        for c in hop.allowedBy {
            lines.append(
                "\(indent)  allowed by \(c.layer) \(c.securityGroupName) \(c.direction.rawValue) rule \(c.rule.name) (priority \(c.rule.priority)\(c.rule.isDefault ? ", default" : "")): \(c.services.summary)"
            )
        }
        return lines
    }

    public static func routeTables(_ tables: [(ResourceID, [EffectiveRouteEntry])], topology: Topology) -> String {
        var lines: [String] = []
        for (subnet, entries) in tables {
            if !lines.isEmpty { lines.append("") }
            lines.append("Effective routes of \(ReportBuilder.subnetName(subnet, topology))")
            lines.append(pad("Source", 22) + pad("State", 9) + pad("Prefix", 20) + pad("Next hop type", 22) + pad("Next hop IP", 16) + "Name")
            for e in entries {
                var ip = ""
                if case .virtualAppliance(let a) = e.route.nextHop { ip = a.map { "\($0)" } ?? "?" }
                lines.append(
                    pad(e.route.source.rawValue, 22) + pad(e.active ? "Active" : "Invalid", 9) + pad(e.route.prefix.description, 20)
                        + pad(e.route.nextHop.name, 22) + pad(ip, 16) + e.route.name)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A virtual hub's route tables, like the portal's effective routes of a hub table.
    public static func hubRouteTables(_ tables: [HubRouteTableView], topology: Topology) -> String {
        var lines: [String] = []
        for table in tables {
            if !lines.isEmpty { lines.append("") }
            lines.append("Routes of virtual hub \(table.hubName), table \(table.name)")
            let associated = table.associated.map { topology.virtualWAN.connections[$0]?.name ?? $0.name }
            lines.append("Associated connections: " + (associated.isEmpty ? "none" : associated.joined(separator: ", ")))
            lines.append(pad("Source", 12) + pad("State", 9) + pad("Prefix", 20) + pad("Next hop type", 16) + pad("Next hop", 36) + "Name")
            for r in table.routes {
                lines.append(
                    pad(r.isStatic ? "Static" : "Propagated", 12) + pad(r.active ? "Active" : "Invalid", 9) + pad(r.prefix.description, 20)
                        + pad(r.nextHopType, 16) + pad(r.nextHopName, 36) + r.name)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
