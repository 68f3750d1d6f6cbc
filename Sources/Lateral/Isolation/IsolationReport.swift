import AuditReport
import Reachability
import TopologyModel

/// `isolation.json`: the plan, each change with what it cuts, and its verification, in the
/// shape an HTML report can embed (docs/isolate.md#outputs).
public struct IsolationReport: Codable, Sendable, Hashable {
    public struct Rule: Codable, Sendable, Hashable {
        public let name: String
        public let priority: Int
        public let `protocol`: String
        public let sourceAddressPrefixes: [String]
        public let destinationAddressPrefixes: [String]
        public let destinationPortRanges: [String]
    }

    public struct Cut: Codable, Sendable, Hashable {
        public let from: String
        public let to: String
        public let services: String
    }

    public struct Change: Codable, Sendable, Hashable {
        /// `nsg-deny-rules`, `remove-peering`, `private-subnet` or `disable-public-access`.
        public let kind: String
        /// The NSG (or asset) the change is made on.
        public let resource: String
        public let subnet: String?
        public let direction: String?
        public let createsSecurityGroup: Bool
        /// How many changes the cost model counts (2 when an NSG is created and associated).
        public let count: Int
        public let rules: [Rule]
        public let cuts: [Cut]
        public let policies: [String]
        /// For `remove-peering`: the other side, removed with it.
        public let reverse: String?
    }

    public struct Conflict: Codable, Sendable, Hashable {
        public let policy: String
        public let path: [String]
        public let requirements: [String]
        public let message: String
    }

    public struct Verdict: Codable, Sendable, Hashable {
        public let policy: String
        public let kind: String
        public let holdsBefore: Bool
        public let holdsAfter: Bool
        public let violationsAfter: [String]
    }

    public struct Verification: Codable, Sendable, Hashable {
        public let holds: Bool
        public let pathsClosed: Int
        public let pathsOpened: Int
        public let policies: [Verdict]
    }

    public var schemaVersion = 1
    public var kind = "isolation"
    public let policies: [String]
    /// Deny policies solved as one cut, in the order solved.
    public let groups: [[String]]
    public let changeCount: Int
    public let changes: [Change]
    public let conflicts: [Conflict]
    public let failures: [String]
    public let verification: Verification?
}

extension Isolation {
    public func report(_ verification: IsolationVerification?) -> IsolationReport {
        IsolationReport(
            policies: policies.map(\.id), groups: plan.groups, changeCount: plan.size,
            changes: plan.changes.map(Self.reportChange),
            conflicts: plan.conflicts.map { IsolationReport.Conflict(policy: $0.policy, path: $0.nodes, requirements: $0.requirements, message: $0.message) },
            failures: plan.failures,
            verification: verification.map { v in
                IsolationReport.Verification(
                    holds: v.holds, pathsClosed: v.closed, pathsOpened: v.opened,
                    policies: zip(v.before, v.after).map { b, a in
                        IsolationReport.Verdict(
                            policy: a.policy.id, kind: a.policy.kind.name, holdsBefore: b.holds, holdsAfter: a.holds,
                            violationsAfter: a.violations.map(\.message))
                    })
            })
    }

    public func json(_ verification: IsolationVerification?) -> String { JSONOutput.encode(report(verification)) }

    static func reportChange(_ change: IsolationChange) -> IsolationReport.Change {
        let cuts = change.cuts.map { IsolationReport.Cut(from: $0.from, to: $0.to, services: $0.services.summary) }
        switch change.action {
        case .disablePublicAccess(let asset, _):
            return IsolationReport.Change(
                kind: "disable-public-access", resource: asset.text, subnet: nil, direction: nil, createsSecurityGroup: false, count: change.count, rules: [],
                cuts: cuts, policies: change.policies, reverse: nil)
        case .privateSubnet(let subnet):
            return IsolationReport.Change(
                kind: "private-subnet", resource: subnet.text, subnet: subnet.text, direction: "outbound", createsSecurityGroup: false, count: change.count,
                rules: [], cuts: cuts, policies: change.policies, reverse: nil)
        case .removePeering(let peering, let reverse):
            return IsolationReport.Change(
                kind: "remove-peering", resource: peering.id.text, subnet: nil, direction: nil, createsSecurityGroup: false, count: change.count,
                rules: [], cuts: cuts, policies: change.policies, reverse: reverse?.id.text)
        case .denyRules(let subnet, let nsg, let creates, _, let direction, let rules):
            return IsolationReport.Change(
                kind: "nsg-deny-rules", resource: nsg.text, subnet: subnet.text, direction: direction.rawValue, createsSecurityGroup: creates,
                count: change.count,
                rules: rules.map {
                    IsolationReport.Rule(
                        name: $0.name, priority: $0.priority, protocol: $0.protocolName, sourceAddressPrefixes: $0.sourcePrefixes,
                        destinationAddressPrefixes: $0.destinationPrefixes, destinationPortRanges: $0.destinationPorts)
                }, cuts: cuts, policies: change.policies, reverse: nil)
        }
    }

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
