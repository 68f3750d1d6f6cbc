import AzureImport
import Reachability
import Testing
import TopologyModel

/// Storage public exposure (ST-1, ST-2, ST-3, §8 case 16).
@Suite("Storage exposure")
struct StorageExposureTests {
    static let account = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"

    func hop(allowBlobPublicAccess: Bool, defaultAction: String = "Allow", containers: [(String, String)]) throws -> Hop? {
        var resources = [#"{"id": "\#(Self.account)", "type": "Microsoft.Storage/storageAccounts", "properties": {"allowBlobPublicAccess": \#(allowBlobPublicAccess), "publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "\#(defaultAction)"}}}"#]
        for (name, access) in containers {
            resources.append(#"{"id": "\#(Self.account)/blobServices/default/containers/\#(name)", "type": "Microsoft.Storage/storageAccounts/blobServices/containers", "properties": {"publicAccess": "\#(access)"}}"#)
        }
        let topology = try AzureImporter.load(json: "[" + resources.joined(separator: ",") + "]").topology
        return EstateIndex(topology: topology).graph().hop(from: "internet", to: "asset:st")
    }

    @Test("§8 case 16: allowBlobPublicAccess=true and a Blob container allow anonymous reads")
    func anonymous() throws {
        let h = try #require(try hop(allowBlobPublicAccess: true, containers: [("weights", "Blob"), ("private", "None")]))
        #expect(h.findings.contains { $0.contains("anonymous read of containers weights (blob)") })
        #expect(!h.findings.contains { $0.contains("private (") })
    }

    @Test("ST-1: allowBlobPublicAccess=false overrides the container setting, except for $web")
    func accountOverrides() throws {
        let h = try #require(try hop(allowBlobPublicAccess: false, containers: [("weights", "Container"), ("$web", "None")]))
        #expect(h.findings.contains { $0.contains("allowBlobPublicAccess=false overrides") })
        #expect(h.findings.contains { $0.contains("$web") })
    }

    @Test("ST-3: defaultAction Deny closes the public endpoint to the Internet")
    func networkRules() throws {
        #expect(try hop(allowBlobPublicAccess: true, defaultAction: "Deny", containers: [("weights", "Blob")]) == nil)
    }

    @Test("ST-4: an open network is reachability only: the hop says credentials are still needed, anonymous containers aside")
    func authenticationStillNeeded() throws {
        let closed = try #require(try hop(allowBlobPublicAccess: false, containers: []))
        #expect(closed.findings == ["public endpoint open to every network: publicNetworkAccess=Enabled, networkAcls.defaultAction=Allow (ST-2, ST-3); a private endpoint does not close it (PE-4)",
                                    "requests still need credentials (key, SAS or Entra ID; ST-4)"])
        #expect(closed.allowedBy.isEmpty)
        #expect(closed.services.ports[.tcp] == PortSet([80...80, 443...443]))
        let anonymous = try #require(try hop(allowBlobPublicAccess: true, containers: [("weights", "Blob")]))
        #expect(anonymous.findings.contains("allowBlobPublicAccess=true: anonymous read of containers weights (blob) (ST-1)"))
    }
}
