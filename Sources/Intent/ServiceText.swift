import Reachability
import TopologyModel

/// The services a policy names, one text at a time: `tcp/443`, `tcp/22,3389`,
/// `tcp/8000-8100`, `udp/*`, `icmp`, `any`. Kept apart from the YAML so the fuzz harness
/// can feed it text directly.
package enum ServiceText {
    package struct Failure: Error {
        package let message: String
    }

    /// Every protocol on every port.
    package static var everything: ServiceSet {
        var set = ServiceSet()
        for proto in IPProtocol.allCases { set.insert(proto, .full) }
        return set
    }

    /// - Throws: ``Failure`` saying what the text should have been.
    package static func parse(_ text: String) throws(Failure) -> ServiceSet {
        let lower = text.lowercased()
        if lower == "any" || lower == "*" { return everything }
        let parts = lower.split(separator: "/", maxSplits: 1).map(String.init)
        // `/` alone splits into nothing.
        guard let first = parts.first, let proto = IPProtocol(rawValue: first), proto != .other else {
            if UInt16(text) != nil {
                throw Failure(
                    message:
                        "cannot read the service '\(text)': a bare port; in a [flow, list] YAML splits tcp/22,3389 at the comma, so quote it (\"tcp/22,3389\") or write one item per line"
                )
            }
            throw Failure(message: "cannot read the service '\(text)': expected tcp/PORTS, udp/PORTS, icmp, esp, ah or any")
        }
        var set = ServiceSet()
        guard proto.hasPorts else {
            guard parts.count == 1 else { throw Failure(message: "the service '\(text)': \(proto.rawValue) has no ports") }
            set.insert(proto, .full)
            return set
        }
        guard parts.count == 2 else {
            throw Failure(message: "the service '\(text)' needs ports: \(proto.rawValue)/443, \(proto.rawValue)/1024-65535 or \(proto.rawValue)/*")
        }
        if parts[1] == "*" {
            set.insert(proto, .full)
            return set
        }
        // Empty pieces are refused rather than skipped: `tcp/,` would otherwise name no port,
        // and a policy requiring no service holds whatever the estate is.
        for piece in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = piece.split(separator: "-", maxSplits: 1).map { UInt16($0.trimmingCharacters(in: .whitespaces)) }
            guard let low = bounds.first ?? nil, let high = bounds.count == 2 ? bounds[1] : low, low <= high else {
                throw Failure(message: "cannot read the ports '\(piece)' in '\(text)': expected a port or LOW-HIGH between 0 and 65535")
            }
            set.insert(proto, PortSet(low...high))
        }
        return set
    }
}
