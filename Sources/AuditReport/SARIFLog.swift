import Foundation
import Reachability
import TopologyModel

/// SARIF 2.1.0 (OASIS) output for policy violations, so GitHub code scanning and other
/// SARIF viewers show each violation at the rule or resource in the input that opens
/// the path. One result per violation; the policy is the rule.
public enum SARIFLog {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// - Parameters:
    ///   - inputs: the input files, listed as artifacts.
    ///   - lines: turns a file and JSON pointer into a line.
    public static func encode(_ verdicts: [PolicyVerdict], policyFile: String, toolVersion: String, inputs: [String], lines: LineLookup) -> String {
        var artifacts: [String] = []
        var artifactIndex: [String: Int] = [:]
        func artifact(_ file: String) -> Int {
            if let i = artifactIndex[file] { return i }
            artifactIndex[file] = artifacts.count
            artifacts.append(file)
            return artifacts.count - 1
        }
        for input in inputs { _ = artifact(input) }
        _ = artifact(policyFile)

        let rules: [Rule] = verdicts.map { v in
            Rule(
                id: v.policy.id, name: camelName(v.policy.id), shortDescription: Text(text: v.policy.description),
                fullDescription: Text(text: "\(v.policy.kind.name) policy: \(v.policy.description)"),
                defaultConfiguration: .init(level: level(v.policy.severity)),
                properties: .init(kind: v.policy.kind.name, policyFile: policyFile, policyLine: v.policy.line))
        }
        var results: [Result] = []
        for (ruleIndex, verdict) in verdicts.enumerated() {
            for violation in verdict.violations {
                func location(_ e: Evidence) -> Location? {
                    guard let origin = e.origin else { return nil }
                    return Location(
                        physicalLocation: .init(
                            artifactLocation: .init(uri: uri(origin.file), index: artifact(origin.file)),
                            region: lines(origin.file, origin.pointer).map { Region(startLine: $0) }),
                        logicalLocations: [.init(fullyQualifiedName: e.resource.text, kind: "resource")],
                        message: Text(text: e.text + " (" + origin.pointer + ")"))
                }
                let evidenceLocations = violation.evidence.compactMap(location)
                let policyLocation = Location(
                    physicalLocation: .init(
                        artifactLocation: .init(uri: uri(policyFile), index: artifact(policyFile)),
                        region: Region(startLine: verdict.policy.line)),
                    logicalLocations: nil, message: Text(text: "policy \(verdict.policy.id)"))
                let primary = evidenceLocations.first ?? policyLocation
                var related = Array(evidenceLocations.dropFirst()) + (evidenceLocations.isEmpty ? [] : [policyLocation])
                for i in related.indices { related[i].id = i }
                var text = "\(verdict.policy.id): \(violation.message)"
                if !violation.evidence.isEmpty { text += ". Opened by " + violation.evidence.prefix(4).map(\.text).joined(separator: "; ") + "." }
                let flows: [CodeFlow]? = violation.path.map { path in
                    [
                        CodeFlow(threadFlows: [
                            ThreadFlow(
                                locations: path.hops.map { hop in
                                    let first = hop.allowedBy.first { !$0.rule.isDefault }
                                    let origin = first?.rule.origin
                                    return ThreadFlowLocation(
                                        location: Location(
                                            physicalLocation: origin.map { o in
                                                .init(
                                                    artifactLocation: .init(uri: uri(o.file), index: artifact(o.file)),
                                                    region: lines(o.file, o.pointer).map { Region(startLine: $0) })
                                            },
                                            logicalLocations: nil, message: Text(text: "\(hop.from) -> \(hop.to): \(hop.services.summary)")))
                                })
                        ])
                    ]
                }
                results.append(
                    Result(
                        ruleId: verdict.policy.id, ruleIndex: ruleIndex, level: level(verdict.policy.severity),
                        message: Text(text: text), locations: [primary], relatedLocations: related.isEmpty ? nil : related,
                        codeFlows: flows, partialFingerprints: ["lateralViolation/v1": fingerprint(verdict.policy.id + "|" + violation.message)]))
            }
        }
        let log = Log(
            schema: schemaURI, version: "2.1.0",
            runs: [
                Run(
                    tool: Tool(driver: Driver(name: "lateral", version: toolVersion, rules: rules)),
                    artifacts: artifacts.map { Artifact(location: .init(uri: uri($0), index: nil)) },
                    results: results, columnKind: "unicodeCodePoints")
            ])
        return JSONOutput.encode(log)
    }

    static func level(_ severity: Policy.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A rule name in the PascalCase SARIF viewers expect (`no-internet-ssh` -> `NoInternetSsh`).
    static func camelName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative path stays relative (resolved against the repository by viewers); an
    /// absolute one becomes a file URI. Characters a URI may not hold are percent-encoded.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "%")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    /// FNV-1a, 64 bits: a stable fingerprint so viewers can track a result across runs.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: The subset of SARIF 2.1.0 written

    struct Log: Encodable {
        let schema: String
        let version: String
        let runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }

    struct Run: Encodable {
        let tool: Tool
        let artifacts: [Artifact]
        let results: [Result]
        let columnKind: String
    }

    struct Tool: Encodable { let driver: Driver }

    struct Driver: Encodable {
        let name: String
        let version: String
        let rules: [Rule]
    }

    struct Rule: Encodable {
        let id: String
        let name: String
        let shortDescription: Text
        let fullDescription: Text
        let defaultConfiguration: Configuration
        let properties: Properties
        struct Configuration: Encodable { let level: String }
        struct Properties: Encodable {
            let kind: String
            let policyFile: String
            let policyLine: Int
        }
    }

    struct Text: Encodable { let text: String }

    struct Artifact: Encodable { let location: ArtifactLocation }

    struct ArtifactLocation: Encodable {
        let uri: String
        let index: Int?
    }

    struct Region: Encodable { let startLine: Int }

    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: Region?
    }

    struct LogicalLocation: Encodable {
        let fullyQualifiedName: String
        let kind: String
    }

    struct Location: Encodable {
        var id: Int? = nil
        let physicalLocation: PhysicalLocation?
        let logicalLocations: [LogicalLocation]?
        let message: Text?
    }

    struct CodeFlow: Encodable { let threadFlows: [ThreadFlow] }
    struct ThreadFlow: Encodable { let locations: [ThreadFlowLocation] }
    struct ThreadFlowLocation: Encodable { let location: Location }

    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: Text
        let locations: [Location]
        let relatedLocations: [Location]?
        let codeFlows: [CodeFlow]?
        let partialFingerprints: [String: String]
    }
}
