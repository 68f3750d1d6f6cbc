import Reachability
import TopologyModel

extension ReportSchema {
    /// A posture note (`paths.json` `postureNotes`, `exposure --format json` `postureNotes`).
    public struct PostureEntry: Encodable, Sendable {
        /// `unattached-nsg`, `overlapping-subnets`, `one-sided-peering`, `missing-subnet`,
        /// `missing-public-ip`.
        public let code: String
        /// `securityGroup`, `subnet`, `peering`, `firewall`, `virtualNetworkGateway`,
        /// `applicationGateway`, `natGateway`, `loadBalancer`.
        public let resourceType: String
        public let resource: String
        public let name: String
        public let message: String
        public let file: String?
        public let pointer: String?
        public let line: Int?
        /// Other resources the note names, by role: `network` and `receiver` (overlapping
        /// subnets), `remote` and `reverse` (peerings), `missing` (missing references).
        public let related: [Related]
        /// The overlapping ranges (`overlapping-subnets` only).
        public let overlap: [String]?
    }

    public struct Related: Encodable, Sendable {
        public let role: String
        public let id: String
        public let name: String
    }
}

extension ReportBuilder {
    /// The notes in the report schema, in the order given.
    public static func postureNotes(_ notes: [PostureNote], lines: LineLookup) -> [ReportSchema.PostureEntry] {
        notes.map { note in
            var related: [ReportSchema.Related] = []
            var overlap: [String]?
            func add(_ role: String, _ s: PostureNote.Subject?) {
                if let s { related.append(ReportSchema.Related(role: role, id: s.id.text, name: s.name)) }
            }
            switch note.kind {
            case .unattachedSecurityGroup: break
            case .overlappingSubnets(let network, let receiver, let ranges, _):
                add("network", network)
                add("receiver", receiver)
                overlap = ranges.map(\.description)
            case .oneSidedPeering(let remote, let reverse, _):
                add("remote", remote)
                add("reverse", reverse)
            case .missingReference(_, let id):
                related.append(ReportSchema.Related(role: "missing", id: id.text, name: id.name))
            }
            let origin = note.subject.origin
            return ReportSchema.PostureEntry(
                code: note.code, resourceType: note.resourceKind.rawValue, resource: note.subject.id.text, name: note.subject.name,
                message: PostureText.sentence(note), file: origin?.file, pointer: origin?.pointer,
                line: origin.flatMap { lines($0.file, $0.pointer) }, related: related, overlap: overlap)
        }
    }
}
