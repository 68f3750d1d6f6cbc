/// Writes a planned estate as one JSON array of ARM resources, in REST `GET` shape.
///
/// Order: hub VNets (and, in a global mesh, their firewall subnets' route tables), then
/// each spoke with everything it owns (VNet, ASGs, NSGs, route table, NICs with their own
/// NSGs and public IPs, a storage account and its private endpoint), then the firewalls
/// with their public IPs, policies, rule collection groups and IP Groups. Random choices
/// are drawn in that order from one generator, so the bytes depend on the options only.
struct EstateWriter {
    let plan: EstatePlan
    var random: SplitMix64
    var out: JSONBuffer
    /// Top-level resources written so far.
    var written = 0
    /// Sources and destinations of dense rules, none used twice.
    var privatePrefixes: DistinctPrefixes
    var partnerPrefixes: DistinctPrefixes
    /// Each region's name as service tags spell it (`WestEurope`).
    let tagRegions: [String]

    init(plan: EstatePlan, random: SplitMix64, out: JSONBuffer) {
        self.plan = plan
        self.random = random
        self.out = out
        privatePrefixes = DistinctPrefixes(base: 0x0A00_0000, span: plan.layout.span, lengths: [32, 30, 29, 28, 27])
        // 52.0.0.0/6: partners on the Internet.
        partnerPrefixes = DistinctPrefixes(base: 0x3400_0000, span: 1 << 18, lengths: [32, 29, 28, 26, 24])
        tagRegions = plan.regions.map { Self.regionName($0.name) }
    }

    mutating func write() throws {
        out.openArray()
        if plan.shape.hasHubs {
            for region in plan.regions.indices { try resource { $0.hubNetwork(region) } }
            if plan.shape == .globalMesh {
                for region in plan.regions.indices { try resource { $0.hubRouteTable(region) } }
            }
        }
        for spoke in plan.spokes { try writeSpoke(spoke) }
        if plan.shape.hasHubs { try writeFirewalls() }
        out.newline()
        out.closeArray()
        out.newline()
        try out.flush()
    }

    mutating func writeSpoke(_ spoke: EstatePlan.Spoke) throws {
        let subnets = plan.layout.subnetsPerNetwork
        try resource { $0.spokeNetwork(spoke) }
        if plan.shape != .partialExport {
            for position in 0..<plan.groupCount(spoke) { try resource { $0.applicationSecurityGroup(spoke, position) } }
        }
        for subnet in 0..<subnets where !plan.omitsSecurityGroup(spoke, subnet: subnet) {
            try resource { $0.securityGroup(spoke, subnet: subnet) }
        }
        if plan.shape.hasHubs && !plan.omitsRouteTable(spoke) { try resource { $0.routeTable(spoke) } }
        for subnet in 0..<subnets {
            for nic in 0..<plan.interfaceCount(spoke, subnet: subnet) {
                if plan.shape == .flat { try resource { $0.interfaceSecurityGroup(spoke, subnet: subnet, nic: nic) } }
                try resource { $0.interface(spoke, subnet: subnet, nic: nic) }
                if plan.hasPublicIP(spoke, subnet: subnet, nic: nic) { try resource { $0.interfacePublicIP(spoke, subnet: subnet, nic: nic) } }
            }
        }
        if plan.storageSpokes.contains(spoke.index) {
            try resource { $0.endpointInterface(spoke) }
            try resource { $0.privateEndpoint(spoke) }
            try resource { $0.storageAccount(spoke) }
        }
    }

    mutating func writeFirewalls() throws {
        for region in plan.regions.indices {
            try resource { $0.firewallPublicIP(region) }
            try resource { $0.firewall(region) }
        }
        try resource { $0.basePolicy() }
        try resource { $0.guardrailGroup() }
        for region in plan.regions.indices {
            try resource { $0.regionalPolicy(region) }
            try resource { $0.dnatGroup(region) }
            try resource { $0.eastWestGroup(region) }
            try resource { $0.egressGroup(region) }
            if plan.shape == .globalMesh { try resource { $0.spokeMeshGroup(region) } }
        }
        for role in SpokeRole.allCases { try resource { $0.ipGroup(role) } }
    }

    /// One top-level resource on its own line.
    mutating func resource(_ body: (inout EstateWriter) -> Void) throws {
        out.newline()
        body(&self)
        written += 1
        try out.flushIfFull()
    }

    // MARK: Shared shapes

    /// The members every ARM resource starts with; `properties` is left open for the caller.
    mutating func header(name: String, id: String, type: StaticString, location: String?, tags: KeyValuePairs<StaticString, String>) {
        out.openObject()
        out.field("name", name)
        out.field("id", id)
        etag()
        out.field("type", type)
        if let location { out.field("location", location) }
        if !tags.isEmpty {
            out.object("tags") { out in for (key, value) in tags { out.field(key, value) } }
        }
    }

    /// A nested child's opening (subnet, peering, rule, route, IP configuration).
    mutating func childHeader(name: String, id: String, type: StaticString) {
        out.openObject()
        out.field("name", name)
        out.field("id", id)
        etag()
        out.field("type", type)
    }

    mutating func etag() {
        out.key("etag")
        out.guid(random.next(), random.next(), etag: true)
    }

    mutating func resourceGuid() {
        out.key("resourceGuid")
        out.guid(random.next(), random.next())
    }

    mutating func openProperties() {
        out.key("properties")
        out.openObject()
        out.field("provisioningState", "Succeeded")
    }

    /// Closes `properties` and the resource.
    mutating func close() {
        out.closeObject()
        out.closeObject()
    }

    mutating func addressPrefixes(_ name: StaticString, _ prefixes: [(UInt32, Int)]) {
        out.object(name) { out in
            out.array("addressPrefixes") { out in for (base, length) in prefixes { out.ipv4(base, length: length) } }
        }
    }
}
