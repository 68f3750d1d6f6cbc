import Reachability
import TopologyModel

/// Posture notes as SARIF 2.1.0 rules and results, for the logs that carry them
/// (`exposure --format sarif`): each result at the resource the note names.
enum PostureSARIF {
    /// One rule per note code, in ``PostureNote/codes`` order.
    static let rules: [SARIFLog.Rule] = [
        rule("unattached-nsg", "UnattachedNsg", "An NSG attached to nothing", "An NSG attached to no subnet and no NIC guards nothing (NSG-1)."),
        rule(
            "overlapping-subnets", "OverlappingSubnets", "Subnets of one VNet overlap",
            "Azure refuses overlapping subnets in one VNet (NetcfgSubnetRangesOverlap); one of the two receives no traffic for the overlap."),
        rule(
            "one-sided-peering", "OneSidedPeering", "A Connected peering without a Connected peering back",
            "Traffic crosses a peering only when both sides exist and are Connected (PEER-1)."),
        rule(
            "missing-subnet", "MissingSubnet", "A firewall, gateway or load balancer in a subnet not in the input",
            "What passes through the resource there is not analysed."),
        rule(
            "missing-public-ip", "MissingPublicIp", "A firewall, gateway or load balancer using a public IP not in the input",
            "The address is unknown, so Internet flows to it cannot be traced."),
    ]

    static func rule(_ id: String, _ name: String, _ short: String, _ full: String) -> SARIFLog.Rule {
        SARIFLog.Rule(
            id: id, name: name, shortDescription: .init(text: short), fullDescription: .init(text: full),
            defaultConfiguration: .init(level: "note"), properties: .init(kind: "posture", policyFile: "", policyLine: 0))
    }

    /// - Parameters:
    ///   - ruleOffset: the index of the first posture rule in the log's rule list.
    ///   - artifact: the index of a file in the log's artifacts, adding it if new.
    static func results(_ notes: [PostureNote], ruleOffset: Int, artifact: (String) -> Int, lines: LineLookup) -> [SARIFLog.Result] {
        notes.map { note in
            let text = PostureText.sentence(note)
            let index = PostureNote.codes.firstIndex(of: note.code) ?? 0
            let origin = note.subject.origin
            return SARIFLog.Result(
                ruleId: note.code, ruleIndex: ruleOffset + index, level: "note", message: .init(text: text),
                locations: [
                    SARIFLog.Location(
                        physicalLocation: origin.map { o in
                            .init(
                                artifactLocation: .init(uri: SARIFLog.uri(o.file), index: artifact(o.file)),
                                region: lines(o.file, o.pointer).map { .init(startLine: $0) })
                        }, logicalLocations: [.init(fullyQualifiedName: note.subject.id.text, kind: "resource")], message: .init(text: text))
                ], relatedLocations: nil, codeFlows: nil,
                partialFingerprints: ["lateralPosture/v1": SARIFLog.fingerprint(note.code + "|" + note.subject.id.key + "|" + note.detailKey)])
        }
    }
}
