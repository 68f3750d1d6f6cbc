import Reachability
import TopologyModel

extension ExposureReport {
    /// SARIF 2.1.0: a result for each NSG attachment that the Internet or a `--from` source
    /// reaches (at the rule that lets it in), and for each allow a higher-priority deny
    /// shadows (at that allow). What the VirtualNetwork tag reaches is in the text and JSON
    /// only: traffic inside the network is the norm, not a finding. Posture notes follow, a
    /// note-level result each.
    public static func sarif(
        _ exposures: [RuleSetExposure], assets: [AssetExposure] = [], notes: [PostureNote] = [], toolVersion: String, inputs: [String],
        lines: LineLookup
    ) -> String {
        var artifacts: [String] = inputs
        func artifact(_ file: String) -> Int {
            if let i = artifacts.firstIndex(of: file) { return i }
            artifacts.append(file)
            return artifacts.count - 1
        }
        let rules = [
            SARIFLog.Rule(
                id: "internet-exposure", name: "InternetExposure", shortDescription: .init(text: "An NSG lets the Internet in"),
                fullDescription: .init(text: "Services the Internet reaches through an NSG, with the rule that decides them."),
                defaultConfiguration: .init(level: "warning"), properties: .init(kind: "exposure", policyFile: "", policyLine: 0)),
            SARIFLog.Rule(
                id: "source-exposure", name: "SourceExposure", shortDescription: .init(text: "An NSG lets a given source in"),
                fullDescription: .init(text: "Services a --from source reaches through an NSG, with the rule that decides them."),
                defaultConfiguration: .init(level: "note"), properties: .init(kind: "exposure", policyFile: "", policyLine: 0)),
            SARIFLog.Rule(
                id: "shadowed-allow", name: "ShadowedAllow", shortDescription: .init(text: "An allow rule a higher-priority deny shadows"),
                fullDescription: .init(text: "Services an allow rule names that a deny with a lower priority number takes first (NSG-11)."),
                defaultConfiguration: .init(level: "note"), properties: .init(kind: "exposure", policyFile: "", policyLine: 0)),
            SARIFLog.Rule(
                id: "public-endpoint", name: "PublicEndpoint", shortDescription: .init(text: "A public endpoint admits the Internet"),
                fullDescription: .init(
                    text: "A storage account, key vault or registry whose public endpoint admits Internet addresses (ST-2, ST-3, KV-1, ACR-1)."),
                defaultConfiguration: .init(level: "warning"), properties: .init(kind: "exposure", policyFile: "", policyLine: 0)),
        ]
        func location(_ origin: SourceLocation?, group: NetworkSecurityGroup, text: String) -> SARIFLog.Location {
            let place = origin ?? group.origin
            return SARIFLog.Location(
                physicalLocation: place.map { o in
                    .init(
                        artifactLocation: .init(uri: SARIFLog.uri(o.file), index: artifact(o.file)),
                        region: lines(o.file, o.pointer).map { .init(startLine: $0) })
                },
                logicalLocations: [.init(fullyQualifiedName: group.id.text, kind: "resource")], message: .init(text: text))
        }
        var results: [SARIFLog.Result] = []
        for exposure in exposures {
            let group = exposure.securityGroup
            for source in exposure.sources {
                if source.source.kind != .virtualNetwork, !source.allowed.isEmpty {
                    let internet = source.source.kind == .internet
                    let deciding = source.decisions.first { !$0.rule.isDefault } ?? source.decisions.first
                    let text =
                        "\(heading(exposure)) from \(source.source.name): \(source.allowed.summary)"
                        + (deciding.map { " (allowed by \(describe($0.rule)))" } ?? "")
                    results.append(
                        SARIFLog.Result(
                            ruleId: internet ? "internet-exposure" : "source-exposure", ruleIndex: internet ? 0 : 1, level: internet ? "warning" : "note",
                            message: .init(text: text), locations: [location(deciding?.rule.origin, group: group, text: text)], relatedLocations: nil,
                            codeFlows: nil,
                            partialFingerprints: ["lateralExposure/v1": SARIFLog.fingerprint(group.id.key + "|" + heading(exposure) + "|" + source.source.name)]
                        ))
                }
                for shadow in source.shadows {
                    let text =
                        "\(heading(exposure)) from \(source.source.name): \(describe(shadow.rule)) loses \(shadow.services.summary) to "
                        + shadow.by.map(describe).joined(separator: ", ")
                    results.append(
                        SARIFLog.Result(
                            ruleId: "shadowed-allow", ruleIndex: 2, level: "note", message: .init(text: text),
                            locations: [location(shadow.rule.origin, group: group, text: text)], relatedLocations: nil, codeFlows: nil,
                            partialFingerprints: ["lateralShadow/v1": SARIFLog.fingerprint(group.id.key + "|" + shadow.rule.name + "|" + source.source.name)]))
                }
            }
        }
        for asset in assets {
            for reach in asset.sources where reach.source.kind == .internet && !reach.services.isEmpty {
                let text = "\(asset.name) (\(asset.kind)) from internet: \(reach.services.summary) (\(reach.reason))"
                results.append(
                    SARIFLog.Result(
                        ruleId: "public-endpoint", ruleIndex: 3, level: "warning", message: .init(text: text),
                        locations: [
                            SARIFLog.Location(
                                physicalLocation: asset.origin.map { o in
                                    .init(
                                        artifactLocation: .init(uri: SARIFLog.uri(o.file), index: artifact(o.file)),
                                        region: lines(o.file, o.pointer).map { .init(startLine: $0) })
                                }, logicalLocations: [.init(fullyQualifiedName: asset.id.text, kind: "resource")], message: .init(text: text))
                        ], relatedLocations: nil, codeFlows: nil, partialFingerprints: ["lateralPublicEndpoint/v1": SARIFLog.fingerprint(asset.id.key)]))
            }
        }
        results += PostureSARIF.results(notes, ruleOffset: rules.count, artifact: artifact, lines: lines)
        let log = SARIFLog.Log(
            schema: SARIFLog.schemaURI, version: "2.1.0",
            runs: [
                SARIFLog.Run(
                    tool: .init(driver: .init(name: "lateral", version: toolVersion, rules: rules + PostureSARIF.rules)),
                    artifacts: artifacts.map { .init(location: .init(uri: SARIFLog.uri($0), index: nil)) }, results: results, columnKind: "unicodeCodePoints")
            ])
        return JSONOutput.encode(log)
    }
}
