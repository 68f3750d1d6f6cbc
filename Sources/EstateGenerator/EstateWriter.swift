/// Writes a planned estate as one JSON array of ARM resources, in REST `GET` shape.
///
/// Order: hub VNets, then each spoke with everything it owns (VNet, NSGs, route table,
/// NICs and their public IPs, a storage account and its private endpoint), then the
/// firewalls with their public IPs, policies, rule collection groups and IP Groups. Random
/// choices are drawn in that order from one generator, so the bytes depend on the seed only.
struct EstateWriter {
    let plan: EstatePlan
    var random: SplitMix64
    var out: JSONBuffer
    /// Top-level resources written so far.
    var written = 0

    init(plan: EstatePlan, random: SplitMix64, out: JSONBuffer) {
        self.plan = plan
        self.random = random
        self.out = out
    }

    mutating func write() throws {
        out.openArray()
        for region in plan.regions.indices { try resource { $0.hubNetwork(region) } }
        for spoke in plan.spokes {
            try resource { $0.spokeNetwork(spoke) }
            for subnet in 0..<plan.options.subnetsPerSpoke { try resource { $0.securityGroup(spoke, subnet: subnet) } }
            try resource { $0.routeTable(spoke) }
            for subnet in 0..<plan.options.subnetsPerSpoke {
                for nic in 0..<plan.options.interfacesPerSubnet {
                    try resource { $0.interface(spoke, subnet: subnet, nic: nic) }
                    if plan.hasPublicIPs(spoke, subnet: subnet) { try resource { $0.interfacePublicIP(spoke, subnet: subnet, nic: nic) } }
                }
            }
            if plan.storageSpokes.contains(spoke.index) {
                try resource { $0.endpointInterface(spoke) }
                try resource { $0.privateEndpoint(spoke) }
                try resource { $0.storageAccount(spoke) }
            }
        }
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
        }
        for role in SpokeRole.allCases { try resource { $0.ipGroup(role) } }
        out.newline()
        out.closeArray()
        out.newline()
        try out.flush()
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
