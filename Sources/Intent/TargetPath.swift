import AzureImport
import TopologyModel

/// A readable name for a resource or a part of one, as change files and policies write
/// it: `nsg:web-nsg/rule:allow-ssh`, `vnet:spoke/subnet:train`,
/// `firewall-policy:hub/group:core/collection:allow-web/rule:https`, or a full resource
/// ID starting with `/`.
struct TargetPath: CustomStringConvertible {
    struct Segment {
        let kind: String
        let name: String
    }

    let text: String
    /// Empty for a resource ID.
    let segments: [Segment]

    /// Kinds that name resources, with the lowercased Azure type (children are types under
    /// their parent's).
    static let resourceKinds: [String: String] = [
        "vnet": "microsoft.network/virtualnetworks",
        "subnet": "microsoft.network/virtualnetworks/subnets",
        "peering": "microsoft.network/virtualnetworks/virtualnetworkpeerings",
        "nsg": "microsoft.network/networksecuritygroups",
        "rule": "microsoft.network/networksecuritygroups/securityrules",
        "route-table": "microsoft.network/routetables",
        "route": "microsoft.network/routetables/routes",
        "nic": "microsoft.network/networkinterfaces",
        "firewall": "microsoft.network/azurefirewalls",
        "firewall-policy": "microsoft.network/firewallpolicies",
        "group": "microsoft.network/firewallpolicies/rulecollectiongroups",
        "storage": "microsoft.storage/storageaccounts",
        "private-endpoint": "microsoft.network/privateendpoints",
        "public-ip": "microsoft.network/publicipaddresses",
        "load-balancer": "microsoft.network/loadbalancers",
        "app-gateway": "microsoft.network/applicationgateways",
        "ip-group": "microsoft.network/ipgroups",
        "asg": "microsoft.network/applicationsecuritygroups",
        "key-vault": "microsoft.keyvault/vaults",
        "registry": "microsoft.containerregistry/registries",
        "vpn-gateway": "microsoft.network/virtualnetworkgateways",
    ]

    var description: String { text }
    var isResourceID: Bool { text.hasPrefix("/") }

    init(_ text: String, at node: YAMLNode) throws(IntentError) {
        self.text = text
        if text.hasPrefix("/") {
            segments = []
            return
        }
        var parsed: [Segment] = []
        for part in text.split(separator: "/", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2, !pieces[1].isEmpty else {
                throw node.fail("cannot read the target '\(text)': expected KIND:NAME segments separated by '/' (e.g. nsg:web/rule:allow-ssh) or a resource ID")
            }
            let kind = pieces[0].lowercased()
            guard Self.resourceKinds[kind] != nil || kind == "collection" else {
                let known = (Self.resourceKinds.keys.sorted() + ["collection"]).joined(separator: ", ")
                throw node.fail("unknown kind '\(pieces[0])' in the target '\(text)'; known kinds: \(known)")
            }
            parsed.append(Segment(kind: kind, name: String(pieces[1])))
        }
        segments = parsed
    }
}
