import AzureImport
import Testing
import TopologyModel

/// One VNet with a nested subnet, one NSG with one rule, one NIC: the estate the envelope
/// and child-resource tests write in different shapes.
enum SmallEstate {
    static let base = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-small/providers/Microsoft.Network"
    static let vnetID = base + "/virtualNetworks/vnet1"
    static let subnetID = vnetID + "/subnets/app"
    static let nsgID = base + "/networkSecurityGroups/nsg-app"
    static let ruleID = nsgID + "/securityRules/allow-ssh"
    static let nicID = base + "/networkInterfaces/nic1"

    static let subnetProperties = """
        {"addressPrefix": "10.0.1.0/24", "networkSecurityGroup": {"id": "\(nsgID)"}}
        """
    static let ruleProperties = """
        {"protocol": "Tcp", "access": "Allow", "direction": "Inbound", "priority": 100,
         "sourceAddressPrefix": "10.0.0.0/16", "sourcePortRange": "*",
         "destinationAddressPrefix": "*", "destinationPortRange": "22"}
        """
    static let subnet = """
        {"id": "\(subnetID)", "name": "app", "type": "Microsoft.Network/virtualNetworks/subnets", "properties": \(subnetProperties)}
        """
    static let rule = """
        {"id": "\(ruleID)", "name": "allow-ssh", "type": "Microsoft.Network/networkSecurityGroups/securityRules", "properties": \(ruleProperties)}
        """

    static func vnet(subnets: String = "[\(subnet)]") -> String {
        """
        {"id": "\(vnetID)", "name": "vnet1", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
         "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": \(subnets)}}
        """
    }

    static func nsg(rules: String = "[\(rule)]") -> String {
        """
        {"id": "\(nsgID)", "name": "nsg-app", "type": "Microsoft.Network/networkSecurityGroups", "location": "westeurope",
         "properties": {"securityRules": \(rules)}}
        """
    }

    static let nic = """
        {"id": "\(nicID)", "name": "nic1", "type": "Microsoft.Network/networkInterfaces", "location": "westeurope",
         "properties": {"ipConfigurations": [{"id": "\(nicID)/ipConfigurations/ipconfig1", "name": "ipconfig1",
           "properties": {"privateIPAddress": "10.0.1.4", "primary": true, "subnet": {"id": "\(subnetID)"}}}]}}
        """

    /// The estate as a plain JSON array.
    static var array: String { "[\(vnet()), \(nsg()), \(nic)]" }
}

/// What the model holds, reduced to comparable values.
struct ModelSummary: Equatable, CustomStringConvertible {
    var networks: [String]
    var subnets: [String]
    var securityGroups: [String]
    var rules: [String]
    var interfaces: [String]
    var endpoints: [String]

    init(_ t: Topology) {
        networks = t.networks.values.map { "\($0.name) \($0.addressSpace.map(\.description))" }.sorted()
        subnets = t.subnets.values.map {
            "\($0.name) \($0.prefixes.map(\.description)) nsg=\($0.securityGroup?.name ?? "-") vnet=\($0.network.name)"
        }.sorted()
        securityGroups = t.securityGroups.values.map(\.name).sorted()
        rules = t.securityGroups.values.flatMap { nsg in nsg.rules.map { "\(nsg.name)/" + RuleSignature($0).description } }.sorted()
        interfaces = t.interfaces.values.map { "\($0.name) configs=\($0.ipConfigurations.count)" }.sorted()
        endpoints = t.endpointsByAddress.map { "\($0.key) \($0.value.subnet.name)" }.sorted()
    }

    var description: String { "networks=\(networks) subnets=\(subnets) nsgs=\(securityGroups) rules=\(rules) nics=\(interfaces) endpoints=\(endpoints)" }
}

/// The parts of a rule that decide traffic, as text (IDs and origins left out).
struct RuleSignature: Equatable, Hashable, CustomStringConvertible {
    let text: String
    init(_ r: SecurityRule) {
        let tags = { (m: AddressMatch) in (m.any ? ["*"] : []) + m.prefixes.rangeDescriptions + m.tags.map(\.name) + m.applicationSecurityGroups.map(\.key) }
        text =
            "\(r.name) \(r.direction.rawValue) \(r.priority) \(r.access.rawValue) proto=\(r.protocols.members.map(\.rawValue))"
            + " src=\(tags(r.source)):\(r.sourcePorts.portDescription) dst=\(tags(r.destination)):\(r.destinationPorts.portDescription)"
            + (r.isDefault ? " default" : "")
    }
    var description: String { text }
}

/// Imports in-memory JSON and returns the errors it must throw (recording an issue if it does not).
func importErrors(_ json: String, file: String = "bad.json", sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
    do {
        let result = try AzureImporter.load(json: json, file: file)
        Issue.record("expected an ImportError; imported \(result.topology.resourceCount) resources", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics
    }
}
