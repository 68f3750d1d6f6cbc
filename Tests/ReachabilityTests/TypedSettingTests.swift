import Reachability
import Testing
import TopologyModel

/// Typed settings decide reachability the way the reference says, whatever their case in
/// the export.
@Suite("Typed settings in the solver (ST-2, KV-1, GW)")
struct TypedSettingTests {
    static let account = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"

    static func estate(publicNetworkAccess: String?, defaultAction: String?) -> MiniEstate {
        var e = MiniEstate()
        e.vnet("v", ["10.0.0.0/16"], subnets: [("a", "10.0.1.0/24", nil, nil)])
        var properties: [String: Any] = [:]
        if let publicNetworkAccess { properties["publicNetworkAccess"] = publicNetworkAccess }
        if let defaultAction { properties["networkAcls"] = ["defaultAction": defaultAction] }
        e.resources.append([
            "id": account, "name": "st", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
            "tags": ["data": "training"], "properties": properties,
        ])
        return e
    }

    static func internetReachesStorage(_ e: MiniEstate) throws -> Bool {
        let graph = try e.index().graph()
        return graph.hops(from: AttackNode.internetID).contains { graph.node($0.to)?.kind == .asset }
    }

    @Test("ST-2: publicNetworkAccess DISABLED (any case) closes the public endpoint; unset, Enabled and SecuredByPerimeter leave it to the rules")
    func publicAccess() throws {
        #expect(try !Self.internetReachesStorage(Self.estate(publicNetworkAccess: "DISABLED", defaultAction: nil)))
        #expect(try Self.internetReachesStorage(Self.estate(publicNetworkAccess: nil, defaultAction: nil)))
        #expect(try Self.internetReachesStorage(Self.estate(publicNetworkAccess: "enabled", defaultAction: "ALLOW")))
        #expect(try Self.internetReachesStorage(Self.estate(publicNetworkAccess: "SecuredByPerimeter", defaultAction: nil)))
    }

    @Test("ST-3: defaultAction deny (any case) with no IP rule closes the public endpoint; an undefined value is read as Allow")
    func defaultAction() throws {
        #expect(try !Self.internetReachesStorage(Self.estate(publicNetworkAccess: nil, defaultAction: "deny")))
        #expect(try Self.internetReachesStorage(Self.estate(publicNetworkAccess: nil, defaultAction: "Perhaps")))
    }
}
