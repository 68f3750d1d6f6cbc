import Reachability
import TopologyModel

extension ReportSchema {
    /// `lateral whatif` and `lateral diff`: what a change does to the paths between the
    /// selectors. `opened` and `closed` hold paths in the same shape as `paths`.
    public struct Diff: Encodable, Sendable {
        public let schemaVersion = ReportSchema.schemaVersion
        public let kind: String
        /// The change file's operations, or the two snapshots compared.
        public let changes: [String]
        public let from: [String]
        public let to: [String]
        public let opened: [Path]
        public let closed: [Path]
        public let changed: [HopChange]
        public let nowReachable: [Pair]
        public let nowUnreachable: [Pair]
        /// Pairs reachable one way only (the reply cannot return) whose services changed.
        public let oneWay: [OneWayChange]
        public let warnings: [String]
    }

    public struct OneWayChange: Encodable, Sendable {
        public let from: String
        public let to: String
        public let before: [Service]
        public let after: [Service]
        public let added: [Service]
        public let removed: [Service]
        /// Why the reply cannot return, on the side where the pair is one way (after the change when it is).
        public let reply: String
    }

    public struct HopChange: Encodable, Sendable {
        public let from: String
        public let to: String
        public let before: [Service]
        public let after: [Service]
        public let added: [Service]
        public let removed: [Service]
    }

    public struct Pair: Encodable, Sendable {
        public let source: String
        public let target: String
    }
}

extension ReportBuilder {
    /// - Parameter kind: `whatif` or `diff`.
    public static func diff(_ diff: ReachabilityDiff, kind: String, changes: [String], query: PathQuery, warnings: [String]) -> ReportSchema.Diff {
        ReportSchema.Diff(
            kind: kind, changes: changes, from: query.from.map(\.description), to: query.to.map(\.description),
            opened: diff.opened.map(path), closed: diff.closed.map(path),
            changed: diff.changedHops.map {
                ReportSchema.HopChange(
                    from: $0.from, to: $0.to, before: services($0.before?.services ?? ServiceSet()),
                    after: services($0.after?.services ?? ServiceSet()), added: services($0.added), removed: services($0.removed))
            },
            nowReachable: diff.pairs.filter(\.nowReachable).map { ReportSchema.Pair(source: $0.source, target: $0.target) },
            nowUnreachable: diff.pairs.filter { !$0.nowReachable }.map { ReportSchema.Pair(source: $0.source, target: $0.target) },
            oneWay: diff.oneWay.map {
                ReportSchema.OneWayChange(
                    from: $0.from, to: $0.to, before: services($0.before?.services ?? ServiceSet()),
                    after: services($0.after?.services ?? ServiceSet()), added: services($0.added), removed: services($0.removed),
                    reply: ($0.after ?? $0.before)!.reply.detail)
            },
            warnings: warnings)
    }
}

extension TextFormatter {
    public static func diff(_ diff: ReachabilityDiff, title: String, changes: [String], query: PathQuery) -> String {
        var lines = [title]
        for change in changes { lines.append("  " + change) }
        let from = query.from.map(\.description).joined(separator: ", "), to = query.to.map(\.description).joined(separator: ", ")
        lines.append("")
        if diff.isEmpty {
            lines.append("No difference in reachability from \(from) to \(to).")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append(
            "From \(from) to \(to): \(diff.opened.count) path\(diff.opened.count == 1 ? "" : "s") opened, \(diff.closed.count) closed, \(diff.changedHops.count) hop\(diff.changedHops.count == 1 ? "" : "s") changed"
                + (diff.oneWay.isEmpty ? "." : ", \(diff.oneWay.count) reachable one way only changed."))
        for pair in diff.pairs {
            lines.append("  \(pair.nowReachable ? "NOW REACHABLE  " : "NOW UNREACHABLE") \(pair.source) -> \(pair.target)")
        }
        for (title, paths) in [("Opened", diff.opened), ("Closed", diff.closed)] where !paths.isEmpty {
            lines.append("")
            lines.append("\(title) paths:")
            for (i, path) in paths.enumerated() {
                lines.append("  \(i + 1). (\(path.hops.count) hop\(path.hops.count == 1 ? "" : "s")) " + path.nodes.joined(separator: " -> "))
                for hop in path.hops { lines += hopLines(hop, indent: "     ") }
            }
        }
        if !diff.changedHops.isEmpty {
            lines.append("")
            lines.append("Changed hops:")
            for change in diff.changedHops {
                let state = change.before == nil ? " (new hop)" : change.after == nil ? " (hop gone)" : ""
                lines.append("  \(change.from) -> \(change.to)\(state): " + changeText(added: change.added, removed: change.removed))
            }
        }
        if !diff.oneWay.isEmpty {
            lines.append("")
            lines.append("Reachable one way only (requests arrive, replies cannot return; UDP and other single packets still deliver a payload):")
            for change in diff.oneWay {
                let state = change.before == nil ? " (new)" : change.after == nil ? " (gone)" : ""
                lines.append("  \(change.from) -> \(change.to)\(state): " + changeText(added: change.added, removed: change.removed))
                lines.append("     reply: " + (change.after ?? change.before)!.reply.detail)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `+ tcp/443; - udp/53`: what a pair gained and lost.
    static func changeText(added: ServiceSet, removed: ServiceSet) -> String {
        var parts: [String] = []
        if !added.isEmpty { parts.append("+ " + added.summary) }
        if !removed.isEmpty { parts.append("- " + removed.summary) }
        return parts.joined(separator: "; ")
    }
}
