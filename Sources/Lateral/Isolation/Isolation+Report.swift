import AuditReport
import Reachability
import TopologyModel

extension Isolation {
    /// The plan and its verification as `isolation.json` holds them.
    public func report(_ verification: IsolationVerification?) -> ReportSchema.Isolation {
        ReportBuilder.isolation(
            plan, policies: policies.map(\.id), verification: verification.map { ($0.before, $0.after, $0.opened, $0.closed) })
    }

    public func json(_ verification: IsolationVerification?) -> String { JSONOutput.encode(report(verification)) }

    /// Prefixes as text; the public IPv4 space (the Internet's) in words.
    static func addresses(_ prefixes: [String]) -> String {
        prefixes == IsolationChange.internetPrefixes ? "the Internet (public IPv4 space, \(prefixes.count) prefixes)" : prefixes.joined(separator: ",")
    }

    /// The plan, change by change with what each cuts, then the verification.
    public func text(_ verification: IsolationVerification?) -> String {
        var out = ""
        if !plan.conflicts.isEmpty {
            out += "No isolation plan keeps every required flow:\n"
            for c in plan.conflicts { out += "  \(c.message)\n" }
            return out
        }
        out += "Isolation plan for \(denyIDs.joined(separator: ", ")): \(plan.size) change\(plan.size == 1 ? "" : "s")\n"
        for (n, change) in plan.changes.enumerated() {
            switch change.action {
            case .disablePublicAccess(let asset, _):
                out += "\n\(n + 1). disable public network access on \(asset.name)\n"
            case .privateSubnet(let subnet):
                out += "\n\(n + 1). make \(subnet.parent?.name ?? "")/\(subnet.name) private (defaultOutboundAccess: false)\n"
            case .removePeering(let peering, let reverse):
                out +=
                    "\n\(n + 1). remove the peering \(peering.localNetwork.name)/\(peering.name)\(reverse.map { " and its other side \($0.localNetwork.name)/\($0.name)" } ?? "")\n"
            case .denyRules(let subnet, let nsg, let creates, _, let direction, let rules):
                out +=
                    "\n\(n + 1). \(creates ? "create \(nsg.name), associate it with \(subnet.parent?.name ?? "")/\(subnet.name), and " : "")deny \(direction.rawValue) in \(nsg.name):\n"
                for r in rules {
                    out +=
                        "   \(r.name) priority \(r.priority): deny \(r.protocolName) from \(Self.addresses(r.sourcePrefixes)) to \(Self.addresses(r.destinationPrefixes)) ports \(r.destinationPorts.joined(separator: ","))\n"
                }
            }
            out += "   cuts (\(change.policies.joined(separator: ", "))):\n"
            for cut in change.cuts { out += "     \(cut.from) -> \(cut.to)  \(cut.services.summary)\n" }
        }
        for f in plan.failures { out += "\nerror: \(f)\n" }
        if let v = verification {
            out += "\nVerification (the plan applied as a change file, every path of any length):\n"
            for (b, a) in zip(v.before, v.after) {
                out += "  \(a.policy.kind.name) \(a.policy.id): \(b.holds ? "held" : "violated") before, \(a.holds ? "holds" : "VIOLATED") after\n"
            }
            out += "  attack paths closed: \(v.closed), opened: \(v.opened)\n"
            out +=
                v.holds
                ? "  verified: every deny policy holds and every required flow is kept\n" : "  NOT VERIFIED:\n" + v.failures.map { "    \($0)\n" }.joined()
        }
        return out
    }
}
