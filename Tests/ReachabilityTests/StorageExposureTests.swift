import AuditReport
import AzureImport
import Reachability
import Testing
import TopologyModel

/// Storage public exposure (ST-1, ST-2, ST-3, §8 case 16).
@Suite("Storage exposure")
struct StorageExposureTests {
    static let account = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"

    func hop(allowBlobPublicAccess: Bool, defaultAction: String = "Allow", containers: [(String, String)]) throws -> Hop? {
        var resources = [
            #"{"id": "\#(Self.account)", "type": "Microsoft.Storage/storageAccounts", "properties": {"allowBlobPublicAccess": \#(allowBlobPublicAccess), "publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "\#(defaultAction)"}}}"#
        ]
        for (name, access) in containers {
            resources.append(
                #"{"id": "\#(Self.account)/blobServices/default/containers/\#(name)", "type": "Microsoft.Storage/storageAccounts/blobServices/containers", "properties": {"publicAccess": "\#(access)"}}"#
            )
        }
        let topology = try AzureImporter.load(json: "[" + resources.joined(separator: ",") + "]").topology
        return EstateIndex(topology: topology).graph().hop(from: "internet", to: "asset:st")
    }

    @Test("§8 case 16: allowBlobPublicAccess=true and a Blob container allow anonymous reads")
    func anonymous() throws {
        let h = try #require(try hop(allowBlobPublicAccess: true, containers: [("weights", "Blob"), ("private", "None")]))
        #expect(h.findings.contains { $0.text.contains("anonymous read of containers weights (blob)") })
        #expect(!h.findings.contains { $0.text.contains("private (") })
    }

    @Test("ST-1: allowBlobPublicAccess=false overrides the container setting, except for $web")
    func accountOverrides() throws {
        let h = try #require(try hop(allowBlobPublicAccess: false, containers: [("weights", "Container"), ("$web", "None")]))
        #expect(h.findings.contains { $0.text.contains("allowBlobPublicAccess=false overrides") })
        #expect(h.findings.contains { $0.text.contains("$web") })
    }

    @Test("ST-3: defaultAction Deny closes the public endpoint to the Internet")
    func networkRules() throws {
        #expect(try hop(allowBlobPublicAccess: true, defaultAction: "Deny", containers: [("weights", "Blob")]) == nil)
    }

    @Test("ST-4: an open network is reachability only: the hop says credentials are still needed, anonymous containers aside")
    func authenticationStillNeeded() throws {
        let closed = try #require(try hop(allowBlobPublicAccess: false, containers: []))
        #expect(
            closed.findings.map(\.text) == [
                "public endpoint open to every network: publicNetworkAccess=Enabled, networkAcls.defaultAction=Allow (ST-2, ST-3); a private endpoint does not close it (PE-4)",
                "requests still need credentials (key, SAS or Entra ID; ST-4)",
            ])
        #expect(closed.allowedBy.isEmpty)
        #expect(closed.services.ports[.tcp] == PortSet([80...80, 443...443]))
        let anonymous = try #require(try hop(allowBlobPublicAccess: true, containers: [("weights", "Blob")]))
        #expect(anonymous.findings.map(\.text).contains("allowBlobPublicAccess=true: anonymous read of containers weights (blob) (ST-1)"))
    }
}

/// ST-3 with IP rules, and §8 case 17: private ranges in ipRules admit nothing.
@Suite("Storage IP rules")
struct StorageIPRuleTests {
    static let account = StorageExposureTests.account

    func load(_ ipRules: [String]) throws -> (ImportResult, EstateIndex) {
        let rules = ipRules.map { #"{"value": "\#($0)", "action": "Allow"}"# }.joined(separator: ",")
        let json = """
            [{"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
              "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [{"name": "s", "properties": {"addressPrefix": "10.1.1.0/24"}}]}},
             {"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic", "type": "Microsoft.Network/networkInterfaces", "location": "westeurope",
              "properties": {"ipConfigurations": [{"name": "ip", "properties": {"privateIPAddress": "10.1.1.4", "subnet": {"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"}}}]}},
             {"id": "\(Self.account)", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
              "properties": {"allowBlobPublicAccess": false, "publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Deny", "ipRules": [\(rules)]}}}]
            """
        let imported = try AzureImporter.load(json: json)
        return (imported, EstateIndex(topology: imported.topology))
    }

    @Test("ST-3: with defaultAction Deny, the public addresses in ipRules still reach the public endpoint, and only they")
    func publicRule() throws {
        let (_, index) = try load(["203.0.113.0/24"])
        let hop = try #require(index.graph().hop(from: "internet", to: "asset:st"))
        #expect(
            hop.findings.first?.text
                == "public endpoint open only to the Internet addresses in networkAcls.ipRules: 203.0.113.0-203.0.113.255 (defaultAction Deny, ST-3)")
        #expect(hop.witness.source == IPAddress("203.0.113.0"))
    }

    @Test("§8 case 17: a private range in ipRules admits nothing: the VNet host has no way to the account, and the import says why")
    func privateRule() throws {
        let (imported, index) = try load(["10.1.0.0/16"])
        #expect(imported.topology.storageAccounts.values.first?.ipRules.isEmpty == true)
        #expect(imported.diagnostics.contains { $0.message.hasPrefix("storage IP rule 10.1.0.0/16 is a private range") })
        let graph = index.graph()
        #expect(graph.hop(from: "internet", to: "asset:st") == nil)
        #expect(graph.hops.filter { $0.to == "asset:st" }.isEmpty)
    }

    @Test("an unreadable IP rule is a warning, not a silent skip")
    func badRule() throws {
        let (imported, _) = try load(["not-an-address"])
        #expect(imported.diagnostics.contains { $0.message.contains("'not-an-address' is not an address or CIDR range") })
    }
}
