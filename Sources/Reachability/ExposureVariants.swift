import TopologyModel

/// Where the lean evaluation reads a map other than a node's own: the spans of the maps
/// for peer classes that ASG conditions meet, and who to evaluate again after a row walk
/// that read the nodes' own maps.
struct ExposureVariants: Sendable {
    private var outboundSpans: [UInt64: (start: Int32, count: Int32)] = [:]
    private var inboundSpans: [UInt64: (start: Int32, count: Int32)] = [:]
    /// By node index: the classes its outbound maps differ for.
    private(set) var outboundClasses: [[Int32]]
    private var hasOutbound: [Bool]
    private var hasInbound: [Bool]
    /// By class: the targets whose inbound map differs for a source of the class.
    private(set) var inboundTargets: [[Int32]]
    /// By class: the targets in it.
    var targetsOfClass: [[Int32]]

    init(nodeCount: Int, classCount: Int) {
        outboundClasses = Array(repeating: [], count: nodeCount)
        hasOutbound = Array(repeating: false, count: nodeCount)
        hasInbound = Array(repeating: false, count: nodeCount)
        inboundTargets = Array(repeating: [], count: classCount)
        targetsOfClass = Array(repeating: [], count: classCount)
    }

    var isEmpty: Bool { outboundSpans.isEmpty && inboundSpans.isEmpty }

    private static func key(_ node: Int, _ peerClass: Int32) -> UInt64 { UInt64(node) << 32 | UInt64(UInt32(bitPattern: peerClass)) }

    mutating func addOutbound(node: Int, peerClass: Int32, span: (start: Int32, count: Int32)) {
        outboundSpans[Self.key(node, peerClass)] = span
        outboundClasses[node].append(peerClass)
        hasOutbound[node] = true
    }

    mutating func addInbound(node: Int, peerClass: Int32, span: (start: Int32, count: Int32)) {
        inboundSpans[Self.key(node, peerClass)] = span
        inboundTargets[Int(peerClass)].append(Int32(node))
        hasInbound[node] = true
    }

    /// The span of `node`'s outbound map for a target of `peerClass`, nil when its own holds.
    func outbound(_ node: Int, _ peerClass: Int32) -> (start: Int32, count: Int32)? {
        guard peerClass >= 0, hasOutbound[node] else { return nil }
        return outboundSpans[Self.key(node, peerClass)]
    }

    /// The span of `node`'s inbound map for a source of `peerClass`, nil when its own holds.
    func inbound(_ node: Int, _ peerClass: Int32) -> (start: Int32, count: Int32)? {
        guard peerClass >= 0, hasInbound[node] else { return nil }
        return inboundSpans[Self.key(node, peerClass)]
    }
}
