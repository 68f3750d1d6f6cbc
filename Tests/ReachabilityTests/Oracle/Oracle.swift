import TopologyModel

/// One packet: addresses as numbers, the protocol, both ports.
struct OraclePacket: Hashable, Sendable, CustomStringConvertible {
    var source: UInt32
    var destination: UInt32
    var proto: IPProtocol
    var destinationPort: UInt16
    var sourcePort: UInt16

    var description: String {
        proto.hasPorts
            ? "\(proto.rawValue) \(oracleText(source)):\(sourcePort) -> \(oracleText(destination)):\(destinationPort)"
            : "\(proto.rawValue) \(oracleText(source)) -> \(oracleText(destination))"
    }
}

/// A brute-force evaluator that decides one packet at a time from an ``OracleEstate``
/// alone, written from the semantics reference (rule IDs in the comments) and
/// docs/azure-model.md, not from the engine.
///
/// A packet's fate splits in two: the *path* (routes, peerings, appliances, public IPs),
/// which depends only on the two addresses, and the NSG checks along it, which see the
/// whole five-tuple. ``path(from:to:)`` computes the first, ``evaluate(_:_:)`` the second;
/// ``decide(_:)`` does both.
struct Oracle {
    typealias ConfigRef = OracleEstate.ConfigRef

    /// A subnet, by VNet and subnet index.
    struct SubnetRef: Hashable, Sendable {
        let vnet: Int
        let subnet: Int
    }

    /// One NSG consulted on the way, with the subnet whose service tags it expands (the
    /// reference's `ctx`, §1.12).
    struct Check: Hashable, Sendable {
        let nsg: Int
        let inbound: Bool
        let context: SubnetRef
        /// PE-6: an NSG guarding a private endpoint treats every source port range as `*`.
        var anySourcePort = false
        /// The source this NSG sees when a firewall on the way translated it (FW-17).
        var source: UInt32? = nil
        /// The VNet's security admin rules rather than an NSG (`nsg` unused): they decide
        /// first on their side (AVNM-4).
        var admin = false
        /// Admin rules in front of a Standard public IP with no NSG: only an AlwaysAllow gets
        /// past it (NSG-40; the reference leaves AVNM-9 open and takes the choice that hides
        /// no exposure).
        var closedBehind = false
    }

    /// One Azure Firewall on the way, with the source address it sees.
    struct FirewallCheck: Hashable, Sendable {
        let firewall: Int
        let source: UInt32
    }

    enum End: Hashable, Sendable {
        case delivered
        case dropped(String)
        /// The packet needs a feature the oracle does not model; tests skip it.
        case unsupported(String)
    }

    struct Path: Sendable {
        var checks: [Check] = []
        var firewalls: [FirewallCheck] = []
        var end: End
        /// The destination the NSGs see (the private address behind a public IP, NSG-6).
        var seenDestination: UInt32
    }

    enum Outcome: Equatable, Sendable {
        case accepted
        case refused(String)
        case unsupported(String)
    }

    let estate: OracleEstate
    private let holders: [UInt32: ConfigRef]
    private let publicHolders: [UInt32: ConfigRef]
    /// Private endpoints by address.
    private let endpointHolders: [UInt32: Int]
    /// Azure Firewalls by private address.
    private let firewallHolders: [UInt32: Int]
    /// Azure Firewalls by public address (DNAT).
    private let firewallPublic: [UInt32: Int]
    /// Per ASG: the addresses of its members (IP configurations and private endpoints).
    private let asgMembers: [Set<UInt32>]
    /// Per subnet: the private endpoints whose /32 route is active there (PE-5, PE-7).
    private let endpointRoutes: [SubnetRef: [Int]]
    /// Per NSG: custom rules of one direction by ascending priority, then the defaults.
    private let inboundRules: [[OracleEstate.Rule]]
    private let outboundRules: [[OracleEstate.Rule]]
    /// The security admin rules by direction, in priority order (unique, AVNM-3), and the
    /// VNets they apply to.
    private let adminInbound: [OracleEstate.Rule]
    private let adminOutbound: [OracleEstate.Rule]
    private let adminVNets: Set<Int>
    private let virtualNetworkTag: [SubnetRef: [OraclePrefix]]
    private let routes: [SubnetRef: [Candidate]]
    /// Every Virtual WAN hub table's routes, `[hub][table]` (VWAN-4, VWAN-8, VWAN-20).
    let hubRoutes: [[[HubRoute]]]

    /// A route: prefix, next hop, and where it comes from (RT-13: user, gateway, system).
    struct Candidate: Sendable {
        enum Hop: Hashable, Sendable {
            case none, internet, vnetLocal
            case peering(Int)
            case appliance(UInt32)
            /// A private endpoint's /32 (PE-5).
            case privateEndpoint(Int)
            /// The Virtual WAN hub router, entered through hub connection `c` (VWAN-13.2).
            case hub(Int)
            /// The hidden peering to hub `h`'s range (VWAN-13.1).
            case hubRange(Int)
        }

        let prefix: OraclePrefix
        let hop: Hop
        let user: Bool
        /// Learned from a gateway (here a Virtual WAN hub, VWAN-13): between user and system
        /// routes on equal prefixes (RT-13).
        var gateway = false

        /// RT-13: user over gateway over system.
        var rank: Int { user ? 2 : gateway ? 1 : 0 }

        /// RT-14: a VNet-local or peering system route, which a more specific gateway route
        /// cannot override.
        var shieldsFromGateway: Bool {
            guard !user else { return false }
            switch hop {
            case .vnetLocal, .peering, .hubRange: return true
            default: return false
            }
        }
    }

    init(_ given: OracleEstate) {
        // AVNM-14, AVNM-15: a connected group's members reach one another as over peerings
        // that are Connected on both sides, in the VirtualNetwork tag, forwarded traffic
        // allowed (the reference's choices for what Learn leaves open).
        var estate = given
        for a in given.meshMembers {
            for b in given.meshMembers where a != b {
                estate.vnets[a].peerings.append(.init(remote: b, state: "Connected", allowVirtualNetworkAccess: true, allowForwardedTraffic: true))
            }
        }
        self.estate = estate
        var holders: [UInt32: ConfigRef] = [:], publicHolders: [UInt32: ConfigRef] = [:]
        for ref in estate.configRefs {
            holders[estate.config(ref).address] = ref
            if let pip = estate.config(ref).publicIP { publicHolders[pip.address] = ref }
        }
        self.holders = holders
        self.publicHolders = publicHolders
        firewallPublic = Dictionary(uniqueKeysWithValues: estate.firewalls.indices.compactMap { f in estate.firewalls[f].publicIP.map { ($0, f) } })
        firewallHolders = Dictionary(
            uniqueKeysWithValues: estate.firewalls.indices.filter { estate.firewalls[$0].hub == nil }.map { (estate.firewalls[$0].address, $0) })
        endpointHolders = Dictionary(uniqueKeysWithValues: estate.privateEndpoints.indices.map { (estate.privateEndpoints[$0].address, $0) })
        var members = Array(repeating: Set<UInt32>(), count: estate.asgs.count)
        for config in estate.nics.flatMap(\.configs) { for a in config.asgs { members[a].insert(config.address) } }
        for pe in estate.privateEndpoints { for a in pe.asgs { members[a].insert(pe.address) } }
        asgMembers = members
        // NSG-11: ascending priority, first match; NSG-12: defaults after every custom rule.
        inboundRules = estate.nsgs.map { $0.rules.filter(\.inbound).sorted { $0.priority < $1.priority } + Self.defaults(inbound: true) }
        outboundRules = estate.nsgs.map { $0.rules.filter { !$0.inbound }.sorted { $0.priority < $1.priority } + Self.defaults(inbound: false) }
        adminInbound = estate.adminRules.filter(\.inbound).sorted { $0.priority < $1.priority }
        adminOutbound = estate.adminRules.filter { !$0.inbound }.sorted { $0.priority < $1.priority }
        adminVNets = Set(estate.adminMembers)
        let hubRoutes = Self.hubTables(estate)
        self.hubRoutes = hubRoutes
        var tags: [SubnetRef: [OraclePrefix]] = [:], routes: [SubnetRef: [Candidate]] = [:], endpointRoutes: [SubnetRef: [Int]] = [:]
        for v in estate.vnets.indices {
            for s in estate.vnets[v].subnets.indices {
                let ref = SubnetRef(vnet: v, subnet: s)
                let hub = Self.hubCandidates(estate, ref, hubRoutes)
                // VWAN-28 (conservative, as docs/azure-model.md): every route the hub programs
                // in the spoke joins its VirtualNetwork tag.
                tags[ref] = Self.virtualNetworkTag(estate, ref) + hub.map(\.prefix)
                routes[ref] = Self.effectiveRoutes(estate, ref) + hub
                endpointRoutes[ref] = Self.activeEndpointRoutes(estate, ref)
            }
        }
        self.endpointRoutes = endpointRoutes
        virtualNetworkTag = tags
        self.routes = routes
    }

    // MARK: - NSG rules

    /// The six default rules (NSG-12 table). `AzureLoadBalancer` is 168.63.129.16 (NSG-32).
    static func defaults(inbound: Bool) -> [OracleEstate.Rule] {
        func rule(_ name: String, _ priority: Int, _ allow: Bool, _ source: OracleEstate.Address, _ destination: OracleEstate.Address) -> OracleEstate.Rule {
            OracleEstate.Rule(
                name: name, priority: priority, inbound: inbound, allow: allow, proto: .any, sources: [source], sourcePorts: [],
                destinations: [destination], destinationPorts: [], pluralFields: false)
        }
        return inbound
            ? [
                rule("AllowVnetInBound", 65000, true, .virtualNetwork, .virtualNetwork),
                rule("AllowAzureLoadBalancerInBound", 65001, true, .prefix(OraclePrefix("168.63.129.16")), .any),
                rule("DenyAllInBound", 65500, false, .any, .any),
            ]
            : [
                rule("AllowVnetOutBound", 65000, true, .virtualNetwork, .virtualNetwork),
                rule("AllowInternetOutBound", 65001, true, .any, .internet),
                rule("DenyAllOutBound", 65500, false, .any, .any),
            ]
    }

    /// NSG-31 heuristic: public IPv4 space is everything but these.
    static let nonPublic = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4",
    ].map(OraclePrefix.init)

    static func isPublic(_ address: UInt32) -> Bool { !nonPublic.contains { $0.contains(address) } }

    /// NSG-30 for one subnet: the VNet's space (1), the remote space of every peering that
    /// is Connected on both sides (PEER-1) and whose *local* side allows virtual network
    /// access (2, PEER-6: the flag on the VNet's own peering resource, as docs/azure-model.md
    /// chooses), every prefix of every route in the subnet's table, whatever its next hop,
    /// `0.0.0.0/0` included (4: the reference says to include them all), and 168.63.129.16
    /// (5). On-premises prefixes (3) do not occur in these estates.
    static func virtualNetworkTag(_ estate: OracleEstate, _ ref: SubnetRef) -> [OraclePrefix] {
        let vnet = estate.vnets[ref.vnet]
        var tag = [vnet.space, OraclePrefix("168.63.129.16")]
        for p in vnet.peerings where p.allowVirtualNetworkAccess && live(estate, ref.vnet, p.remote) { tag.append(estate.vnets[p.remote].space) }
        if let table = vnet.subnets[ref.subnet].routeTable { tag += estate.routeTables[table].routes.map(\.prefix) }
        return tag
    }

    /// PEER-1: a peering carries traffic only when both sides exist and are Connected.
    static func live(_ estate: OracleEstate, _ a: Int, _ b: Int) -> Bool {
        estate.vnets[a].peerings.contains { $0.remote == b && $0.state == "Connected" }
            && estate.vnets[b].peerings.contains { $0.remote == a && $0.state == "Connected" }
    }

    private func addressMatches(_ item: OracleEstate.Address, _ address: UInt32, _ context: SubnetRef) -> Bool {
        switch item {
        case .any: return true
        case .prefix(let p): return p.contains(address)
        case .virtualNetwork: return virtualNetworkTag[context]!.contains { $0.contains(address) }
        case .internet:
            // NSG-31: public space minus the context's VirtualNetwork set.
            return Self.isPublic(address) && !virtualNetworkTag[context]!.contains { $0.contains(address) }
        case .tag(let i):
            // TAG-10: a tag the published data holds matches its prefixes, like a literal.
            return estate.serviceTags[i].contains { $0.contains(address) }
        case .asg(let i):
            // NSG-25: the address of a member; NSG-26 (and docs/azure-model.md): only members in
            // the VNet where the NSG is applied, so a source-ASG side never matches a peer's host.
            return estate.asgs[i].vnet == context.vnet && asgMembers[i].contains(address)
        }
    }

    /// Whether `rule` matches the packet: all five fields (§1.2), each side the union of
    /// its items (NSG-10).
    private func matches(_ rule: OracleEstate.Rule, _ packet: OraclePacket, _ context: SubnetRef, anySourcePort: Bool) -> Bool {
        switch rule.proto {
        case .any: break  // NSG-15: `*` matches every IP protocol (the documented default choice).
        case .tcp: guard packet.proto == .tcp else { return false }
        case .udp: guard packet.proto == .udp else { return false }
        case .icmp: guard packet.proto == .icmp else { return false }
        case .esp: guard packet.proto == .esp else { return false }
        case .ah: guard packet.proto == .ah else { return false }
        }
        if packet.proto.hasPorts {
            // NSG-16: ports only mean something for TCP and UDP. NSG-19: source ports exact.
            guard anySourcePort || rule.sourcePorts.isEmpty || rule.sourcePorts.contains(where: { $0.contains(packet.sourcePort) }),
                rule.destinationPorts.isEmpty || rule.destinationPorts.contains(where: { $0.contains(packet.destinationPort) })
            else { return false }
        }
        return rule.sources.contains { addressMatches($0, packet.source, context) }
            && rule.destinations.contains { addressMatches($0, packet.destination, context) }
    }

    /// What the security admin rules of `check`'s VNet do with a packet (AVNM-4): the first
    /// matching rule by priority; nil when none matches (the NSGs decide).
    func adminDecision(_ check: Check, _ packet: OraclePacket) -> OracleEstate.Rule? {
        (check.inbound ? adminInbound : adminOutbound).first { matches($0, packet, check.context, anySourcePort: false) }
    }

    /// AVNM-5, AVNM-6: the admin rules' check on one side of a subnet, first; none for a
    /// VNet outside the group or for the firewall's subnet.
    private func withAdmin(_ checks: [Check], at: SubnetRef, inbound: Bool) -> [Check] {
        guard adminVNets.contains(at.vnet), !(inbound ? adminInbound : adminOutbound).isEmpty,
            estate.vnets[at.vnet].subnets[at.subnet].name != "AzureFirewallSubnet"
        else { return checks }
        return [Check(nsg: -1, inbound: inbound, context: at, admin: true)] + checks
    }

    /// NSG-11: the first matching rule by priority decides; the defaults end every list.
    func allows(_ check: Check, _ packet: OraclePacket) -> Bool {
        for rule in check.inbound ? inboundRules[check.nsg] : outboundRules[check.nsg]
        where matches(rule, packet, check.context, anySourcePort: check.anySourcePort) {
            return rule.allow
        }
        return false
    }

    // MARK: - Routes

    /// The effective routes of one subnet (RT-1, RT-2, RT-3, RT-5, RT-15).
    static func effectiveRoutes(_ estate: OracleEstate, _ ref: SubnetRef) -> [Candidate] {
        let vnet = estate.vnets[ref.vnet]
        let user = vnet.subnets[ref.subnet].routeTable.map { estate.routeTables[$0].routes } ?? []
        var routes = [Candidate(prefix: vnet.space, hop: .vnetLocal, user: false), Candidate(prefix: OraclePrefix("0.0.0.0/0"), hop: .internet, user: false)]
        // RT-1: reserved ranges dropped, unless the VNet's range equals or holds them (RT-2:
        // never here, VNets are /26 to /28) or a user 0.0.0.0/0 removes them (RT-15).
        if !user.contains(where: { $0.prefix.length == 0 }) {
            for reserved in ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(OraclePrefix.init) where !vnet.space.contains(reserved) {
                routes.append(Candidate(prefix: reserved, hop: .none, user: false))
            }
        }
        // RT-3 / PEER-3: a route per remote range of every live peering.
        for p in vnet.peerings where live(estate, ref.vnet, p.remote) {
            routes.append(Candidate(prefix: estate.vnets[p.remote].space, hop: .peering(p.remote), user: false))
        }
        for r in user {
            let hop: Candidate.Hop =
                switch r.nextHop {
                case .none: .none
                case .internet: .internet
                case .vnetLocal: .vnetLocal
                case .appliance(let ip): .appliance(ip)
                }
            routes.append(Candidate(prefix: r.prefix, hop: hop, user: true))
        }
        return routes
    }

    /// PE-5: a private endpoint's /32 is in every subnet of its VNet and of the VNets live
    /// peered with it directly (PEER-1). PE-7: when the endpoint's subnet enables route
    /// policies, a user route of this subnet that holds the address and is no broader than
    /// the endpoint's VNet range removes the /32; `0.0.0.0/0` never does.
    static func activeEndpointRoutes(_ estate: OracleEstate, _ ref: SubnetRef) -> [Int] {
        let user = estate.vnets[ref.vnet].subnets[ref.subnet].routeTable.map { estate.routeTables[$0].routes } ?? []
        return estate.privateEndpoints.indices.filter { p in
            let pe = estate.privateEndpoints[p]
            guard pe.vnet == ref.vnet || live(estate, ref.vnet, pe.vnet) else { return false }
            guard (estate.vnets[pe.vnet].subnets[pe.subnet].endpointPolicies ?? .disabled).routeTables else { return true }
            return !user.contains { $0.prefix.contains(pe.address) && $0.prefix.length >= estate.vnets[pe.vnet].space.length }
        }
    }

    /// RT-12: longest prefix match; RT-13: user over gateway over system on the same prefix;
    /// RT-14: no gateway route for a destination in the VNet's own range or a live peer's
    /// (VWAN-17: between peered spokes the peering wins). An active private-endpoint /32 is a
    /// system route like the others, so it beats every shorter user route; a user /32 for the endpoint's own address beats it
    /// (choice: §5.2 says the /32 wins "by LPM", which leaves the tie to RT-13, and a /32
    /// user route per endpoint is the documented way to steer endpoint traffic from before
    /// route policies existed).
    func lookup(_ subnet: SubnetRef, _ destination: UInt32) -> Candidate {
        let endpoint = endpointRoutes[subnet]!.first { estate.privateEndpoints[$0].address == destination }.map {
            Candidate(prefix: OraclePrefix(destination, 32), hop: .privateEndpoint($0), user: false)
        }
        let candidates = routes[subnet]! + (endpoint.map { [$0] } ?? [])
        let shielded = candidates.contains { $0.shieldsFromGateway && $0.prefix.contains(destination) }
        var best: Candidate?
        for route in candidates where route.prefix.contains(destination) && !(shielded && route.gateway) {
            guard let current = best else { best = route; continue }
            if route.prefix.length > current.prefix.length || (route.prefix.length == current.prefix.length && route.rank > current.rank) { best = route }
        }
        return best!  // 0.0.0.0/0 always matches
    }

    // MARK: - Paths

    private func subnet(of ref: ConfigRef) -> SubnetRef {
        let c = estate.config(ref)
        return SubnetRef(vnet: c.vnet, subnet: c.subnet)
    }

    /// NSG-3: leaving a NIC, its NIC NSG, then its subnet's (NSG-4: none passes).
    private func outbound(_ ref: ConfigRef) -> [Check] {
        let at = subnet(of: ref)
        return withAdmin(
            [estate.nics[ref.nic].nsg, estate.vnets[at.vnet].subnets[at.subnet].nsg].compactMap { $0 }.map { Check(nsg: $0, inbound: false, context: at) },
            at: at, inbound: false)
    }

    /// NSG-2: arriving at a NIC, its subnet's NSG, then the NIC NSG.
    private func inbound(_ ref: ConfigRef) -> [Check] {
        let at = subnet(of: ref)
        return withAdmin(
            [estate.vnets[at.vnet].subnets[at.subnet].nsg, estate.nics[ref.nic].nsg].compactMap { $0 }.map { Check(nsg: $0, inbound: true, context: at) },
            at: at, inbound: true)
    }

    /// The inbound checks of whatever takes `destination` in `vnet`: a NIC holding it, or
    /// (choice, after docs/azure-model.md's vacant subnets: "a host that could be placed
    /// there") a host with no NIC NSG on a free usable address of a subnet; nil when nothing
    /// can: outside every subnet, or one of the five addresses Azure keeps in each subnet
    /// (the first four and the last).
    private func arrival(_ destination: UInt32, in vnet: Int) -> (checks: [Check], subnet: SubnetRef)? {
        if let holder = holders[destination] { return estate.config(holder).vnet == vnet ? (inbound(holder), subnet(of: holder)) : nil }
        guard let s = estate.vnets[vnet].subnets.firstIndex(where: { $0.prefix.contains(destination) }),
            OracleEstate.usableHosts(estate.vnets[vnet].subnets[s].prefix).contains(destination)
        else { return nil }
        let at = SubnetRef(vnet: vnet, subnet: s)
        return (withAdmin(estate.vnets[vnet].subnets[s].nsg.map { [Check(nsg: $0, inbound: true, context: at)] } ?? [], at: at, inbound: true), at)
    }

    /// RT-18: the reply is routed on its own, from the destination's subnet. The oracle
    /// follows its first route (choice, as docs/azure-model.md: what an appliance then does
    /// with it is not in the input): a `None` route, the Internet route for the private
    /// client, or an appliance address that nothing reachable holds or that does not
    /// forward (RT-7) loses it, and no connection is made. An Azure Firewall keeps state
    /// (FW-11): `stateful`, the last one that forwarded the request without SNAT, must be the
    /// reply's first next hop, and one that never saw the request drops the reply.
    private func replyLost(from at: SubnetRef, to client: UInt32, stateful: Int?) -> String? {
        let route = lookup(at, client)
        if case .hub(let c) = route.hop { return hubReplyLost(from: c, to: client, stateful: stateful) }
        if let f = stateful {
            // FW-11, RT-18: the firewall that forwarded the request without SNAT keeps its
            // state, so the reply must be routed to it; a reply routed past it is dropped. An
            // NVA met instead is assumed to pass the reply on (docs/azure-model.md: its state
            // is not in the input; the choice that hides no exposure).
            let fw = estate.firewalls[f]
            guard case .appliance(let ip) = route.hop, ip != client else {
                return "RT-18 the reply takes \(route.prefix), not firewall \(fw.name), which forwarded the request without SNAT"
            }
            if ip == fw.address {
                return fw.vnet == at.vnet || Self.live(estate, at.vnet, fw.vnet) ? nil : "RT-7 the reply's firewall \(fw.name) is out of reach"
            }
        }
        switch route.hop {
        case .vnetLocal, .peering, .privateEndpoint, .hubRange, .hub: return nil
        case .none: return "RT-18 the reply meets None route \(route.prefix)"
        case .internet: return Self.isPublic(client) ? nil : "RT-18 the reply goes to the Internet route \(route.prefix)"
        case .appliance(let ip):
            if ip == client {
                // The reply's next hop is the client itself: delivered, if the responder's VNet
                // can reach it there at all (RT-7: its VNet or a live peer, as for any next hop).
                let vnet = holders[ip].map { estate.config($0).vnet } ?? firewallHolders[ip].map { estate.firewalls[$0].vnet }
                guard let vnet, vnet == at.vnet || Self.live(estate, at.vnet, vnet) else {
                    return "RT-18 the reply's next hop \(oracleText(ip)), the client, is out of reach (RT-7)"
                }
                return nil
            }
            if let g = firewallHolders[ip] { return "RT-18 the reply meets firewall \(estate.firewalls[g].name), which never saw the request" }
            guard let nva = holders[ip], estate.config(nva).vnet == at.vnet || Self.live(estate, at.vnet, estate.config(nva).vnet),
                estate.nics[nva.nic].forwarding
            else { return "RT-18 the reply's next hop \(oracleText(ip)) drops it (RT-7)" }
            return nil
        }
    }

    /// PEER-7 (Learn's wording, the receiving side): a packet entering VNet `into` from
    /// peer `from` with a source outside `from`'s space needs `into`'s peering to `from` to
    /// allow forwarded traffic.
    private func forwardedAllowed(source: UInt32, into: Int, from: Int) -> Bool {
        into == from || estate.vnets[from].space.contains(source)
            || estate.vnets[into].peerings.contains { $0.remote == from && $0.allowForwardedTraffic }
    }

    /// The path of a packet from `source` to `destination`: the NSGs it meets and where it ends.
    func path(from source: UInt32, to destination: UInt32) -> Path {
        guard let start = holders[source] else { return internetPath(from: source, to: destination) }
        if publicHolders[destination] != nil { return Path(end: .unsupported("a host to a public IP of the estate"), seenDestination: destination) }
        if estate.inFirewallSubnet(destination) { return Path(end: .unsupported("an address in a firewall's subnet"), seenDestination: destination) }
        if estate.inHubRange(destination) { return Path(end: .unsupported("an address in a Virtual WAN hub's range"), seenDestination: destination) }
        return walk(from: subnet(of: start), source: source, to: destination, checks: outbound(start), appliances: [])
    }

    /// The way on from subnet `start` for a packet from `source` (which passed `checks` and
    /// `appliances` already) to `destination`.
    private func walk(from start: SubnetRef, source: UInt32, to destination: UInt32, checks: [Check], appliances: [UInt32]) -> Path {
        var path = Path(checks: checks, end: .delivered, seenDestination: destination)
        var here = start
        var appliances = appliances
        // The source after any SNAT (FW-17), and the last firewall that forwarded without it.
        var current = source
        var stateful: Int?
        func seen(_ checks: [Check]) -> [Check] {
            current == source
                ? checks
                : checks.map {
                    var c = $0; c.source = current; return c
                }
        }
        /// PE-2: only an Approved connection carries traffic. PE-6: the subnet NSG applies only
        /// when the network policies enable NSGs (no property: `Disabled`, PE-10), with source
        /// ports as `*`; an endpoint's NIC takes no NSG of its own. PE-8: the endpoint answers
        /// the client directly, so no route decides the reply, and a firewall that forwarded
        /// the request without SNAT misses the reply (FW-18).
        func endpointArrival(_ p: Int) -> Path {
            let pe = estate.privateEndpoints[p]
            guard pe.state == .approved else { path.end = .dropped("PE-2 connection \(pe.state.rawValue)"); return path }
            let subnet = estate.vnets[pe.vnet].subnets[pe.subnet]
            if (subnet.endpointPolicies ?? .disabled).securityGroups, let nsg = subnet.nsg {
                path.checks += seen([Check(nsg: nsg, inbound: true, context: SubnetRef(vnet: pe.vnet, subnet: pe.subnet), anySourcePort: true)])
            }
            if let f = stateful { path.end = .dropped("PE-8 the endpoint answers directly, not through \(estate.firewalls[f].name)") }
            return path
        }
        /// `overHub`: delivered by a Virtual WAN hub, over the hidden peering, not a peering
        /// of the estate (PEER-7 does not apply).
        func arrive(into vnet: Int, overHub: Bool = false) -> Path {
            if let p = endpointHolders[destination], estate.privateEndpoints[p].vnet == vnet {
                guard overHub || forwardedAllowed(source: current, into: vnet, from: here.vnet) else {
                    path.end = .dropped("PEER-7 forwarded traffic refused"); return path
                }
                return endpointArrival(p)
            }
            guard let (checks, at) = arrival(destination, in: vnet) else { path.end = .dropped("nothing holds it in \(estate.vnets[vnet].name)"); return path }
            guard overHub || forwardedAllowed(source: current, into: vnet, from: here.vnet) else {
                path.end = .dropped("PEER-7 forwarded traffic refused"); return path
            }
            path.checks += seen(checks)
            if let lost = replyLost(from: at, to: current, stateful: stateful) { path.end = .dropped(lost) }
            return path
        }
        /// An Azure Firewall on the way, in a VNet or a hub: RT-17 counts it, its rules judge
        /// the packet with the source it sees (FW-2), and it SNATs unless the destination is in
        /// its private ranges (FW-15, FW-16). False: a loop.
        func cross(_ f: Int) -> Bool {
            let fw = estate.firewalls[f]
            guard !appliances.contains(fw.address), appliances.count < 4 else {
                path.end = .dropped("RT-17 loop")
                return false
            }
            appliances.append(fw.address)
            path.firewalls.append(FirewallCheck(firewall: f, source: current))
            if Self.snats(fw, destination) {
                current = fw.address
                stateful = nil
            } else {
                stateful = f
            }
            return true
        }
        while true {
            let route = lookup(here, destination)
            switch route.hop {
            case .none:
                path.end = .dropped("RT-1/RT-6 None route \(route.prefix)")
                return path
            case .internet:
                // A private destination sent to the Internet is lost; a public one leaves the
                // estate, which is not a delivery to a host.
                path.end = .dropped("Internet next hop")
                return path
            case .vnetLocal:
                return arrive(into: here.vnet)
            case .peering(let remote):
                return arrive(into: remote)
            case .privateEndpoint(let p):
                return arrive(into: estate.privateEndpoints[p].vnet)
            case .hubRange(let h):
                path.end = .dropped("nothing of the estate in hub \(estate.wan!.hubs[h].name)'s range")
                return path
            case .hub(let c):
                // VWAN-9, VWAN-10: the hub router, its firewalls (FW-2, FW-15, FW-16 as any Azure
                // Firewall), then the connected VNet.
                let journey = hubJourney(from: c, to: destination)
                for f in journey.firewalls where !cross(f) { return path }
                switch journey.end {
                case .dropped(let why):
                    path.end = .dropped(why)
                    return path
                case .vnet(let v):
                    return arrive(into: v, overHub: true)
                }
            case .appliance(let ip) where firewallHolders[ip] != nil:
                // An Azure Firewall: reachable like any next hop (RT-7), crossed as any firewall,
                // and the packet goes on from its subnet.
                let f = firewallHolders[ip]!, fw = estate.firewalls[f]
                guard fw.vnet == here.vnet || Self.live(estate, here.vnet, fw.vnet) else {
                    path.end = .dropped("RT-7 firewall \(fw.name) out of reach")
                    return path
                }
                guard forwardedAllowed(source: current, into: fw.vnet, from: here.vnet) else {
                    path.end = .dropped("PEER-7 forwarded traffic refused at the firewall")
                    return path
                }
                guard cross(f) else { return path }
                here = SubnetRef(vnet: fw.vnet, subnet: fw.subnet)
            case .appliance(let ip):
                // RT-7: the next hop must be a NIC in this VNet or a live peer (docs/azure-model.md).
                guard let nva = holders[ip], estate.config(nva).vnet == here.vnet || Self.live(estate, here.vnet, estate.config(nva).vnet) else {
                    path.end = .dropped("RT-7 next hop \(oracleText(ip)) held by nothing reachable")
                    return path
                }
                // The next hop is the destination itself: delivered, forwarding or not (choice:
                // the NIC owns the address; IP forwarding is only needed for others' packets).
                if ip == destination { return arrive(into: estate.config(nva).vnet) }
                guard forwardedAllowed(source: current, into: estate.config(nva).vnet, from: here.vnet) else {
                    path.end = .dropped("PEER-7 forwarded traffic refused at the appliance")
                    return path
                }
                guard estate.nics[nva.nic].forwarding else { path.end = .dropped("RT-7 \(oracleText(ip)) does not forward"); return path }
                // RT-17: an appliance met twice is a loop (routes depend only on the subnet and
                // the destination); more than four appliances count as a loop too.
                guard !appliances.contains(ip), appliances.count < 4 else { path.end = .dropped("RT-17 loop"); return path }
                appliances.append(ip)
                // NSG-9: the appliance's inbound then outbound NSGs, with the original addresses.
                path.checks += seen(inbound(nva) + outbound(nva))
                here = subnet(of: nva)
            }
        }
    }

    /// From an Internet address: only to a public IP of a NIC (PUB-1), through the
    /// destination's inbound NSGs on its private address (NSG-6); a Standard public IP with
    /// no NSG on the subnet or the NIC is closed (NSG-40), a Basic one open (NSG-4). Inbound
    /// from the Internet uses no route of the estate (RT-18: UDRs apply to traffic leaving a
    /// subnet). RT-16: the reply leaves by the destination subnet's route to the client; if
    /// that route is not the Internet route, the reply never reaches the client through the
    /// public IP and no connection is made: a refusal.
    private func internetPath(from source: UInt32, to destination: UInt32) -> Path {
        guard Self.isPublic(source), !estate.vnets.contains(where: { $0.space.contains(source) }) else {
            return Path(end: .unsupported("source neither a host nor an Internet address"), seenDestination: destination)
        }
        guard let target = publicHolders[destination] else {
            return Path(end: .unsupported("Internet to a non-public-IP destination"), seenDestination: destination)
        }
        var checks = inbound(target)
        let config = estate.config(target)
        if config.publicIP!.standard && checks.isEmpty { return Path(end: .dropped("NSG-40 Standard public IP without NSG"), seenDestination: config.address) }
        if config.publicIP!.standard && checks.count == 1 && checks[0].admin { checks[0].closedBehind = true }
        if lookup(subnet(of: target), source).hop != .internet {
            return Path(checks: checks, end: .dropped("RT-16 reply bypasses the public IP"), seenDestination: config.address)
        }
        return Path(checks: checks, end: .delivered, seenDestination: config.address)
    }

    /// The NSG checks of `path` for `packet` (whose destination may be public: the checks
    /// see ``Path/seenDestination``).
    func evaluate(_ path: Path, _ packet: OraclePacket) -> Outcome {
        switch path.end {
        case .unsupported(let why): return .unsupported(why)
        case .dropped(let why): return .refused(why)
        case .delivered:
            var seen = packet
            seen.destination = path.seenDestination
            for check in path.firewalls where !firewallAllows(check.firewall, source: check.source, seen) {
                return .refused("\(estate.firewalls[check.firewall].name) denies")
            }
            // AVNM-4: an AlwaysAllow skips the NSGs that follow on its side (the same
            // direction at the same subnet).
            var skipping: Check?
            for check in path.checks {
                var p = seen
                if let source = check.source { p.source = source }
                if let always = skipping, !check.admin, always.inbound == check.inbound, always.context == check.context { continue }
                skipping = nil
                if check.admin {
                    guard let rule = adminDecision(check, p) else {
                        if check.closedBehind { return .refused("NSG-40 Standard public IP without NSG, no AlwaysAllow") }
                        continue
                    }
                    if !rule.allow { return .refused("admin rule \(rule.name) \(check.inbound ? "inbound" : "outbound") denies") }
                    if check.closedBehind && !rule.alwaysAllow { return .refused("NSG-40 Standard public IP without NSG, admin Allow only") }
                    if rule.alwaysAllow { skipping = check }
                    continue
                }
                if !allows(check, p) { return .refused("\(estate.nsgs[check.nsg].name) \(check.inbound ? "inbound" : "outbound") denies") }
            }
            return .accepted
        }
    }

    // MARK: - Azure Firewall

    /// FW-15: network-rule traffic keeps its source to the IANA private ranges (RFC 1918 and
    /// RFC 6598); FW-16: `privateRanges` replaces that list (`0.0.0.0/0`: never SNAT,
    /// `255.255.255.255/32`: always).
    static func snats(_ fw: OracleEstate.Firewall, _ destination: UInt32) -> Bool {
        let ranges = fw.privateRanges ?? ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(OraclePrefix.init)
        return !ranges.contains { $0.contains(destination) }
    }

    /// FW-4, FW-5: collections by group priority, then collection priority; FW-1: a
    /// collection's rules share its action, so the first collection with a matching rule
    /// decides; FW-2: nothing matches, denied.
    func firewallAllows(_ f: Int, source: UInt32, _ packet: OraclePacket) -> Bool {
        let fw = estate.firewalls[f]
        let ordered = fw.collections.sorted { (fw.groupPriorities[$0.group], $0.priority) < (fw.groupPriorities[$1.group], $1.priority) }
        for collection in ordered where collection.rules.contains(where: { Self.matches($0, source: source, packet) }) { return collection.allow }
        return false
    }

    /// A network rule: protocol (FW-10: `Any` is every IP protocol, TCP and UDP when the rule
    /// names ports), destination ports for TCP and UDP, source and destination addresses.
    static func matches(_ rule: OracleEstate.FirewallRule, source: UInt32, _ packet: OraclePacket) -> Bool {
        let proto: Bool =
            rule.protocols == ["Any"]
            ? rule.ports.isEmpty || packet.proto == .tcp || packet.proto == .udp
            : rule.protocols.contains { name in
                switch name {
                case "TCP": packet.proto == .tcp
                case "UDP": packet.proto == .udp
                default: packet.proto == .icmp
                }
            }
        guard proto else { return false }
        if packet.proto.hasPorts, !rule.ports.isEmpty, !rule.ports.contains(where: { $0.contains(packet.destinationPort) }) { return false }
        return rule.sources.contains { $0.contains(source) } && rule.destinations.contains { $0.contains(packet.destination) }
    }

    /// Decides one packet.
    func decide(_ packet: OraclePacket) -> Outcome {
        if let f = firewallPublic[packet.destination], holders[packet.source] == nil { return dnat(f, packet) }
        return evaluate(path(from: packet.source, to: packet.destination), packet)
    }

    // MARK: - DNAT

    /// FW-9: the DNAT rules of firewall `f`, collections by group then collection priority
    /// (FW-5), the first rule matching protocol, client, public address and port translates
    /// (one collection never has two rules for one port); nil: none matches.
    func dnatTranslation(_ f: Int, _ packet: OraclePacket) -> (address: UInt32, port: UInt16)? {
        let fw = estate.firewalls[f]
        guard packet.proto == .tcp || packet.proto == .udp else { return nil }
        let ordered = fw.dnat.sorted { (fw.groupPriorities[$0.group], $0.priority) < (fw.groupPriorities[$1.group], $1.priority) }
        for collection in ordered {
            for rule in collection.rules
            where rule.port == packet.destinationPort && rule.protocols.contains(packet.proto == .tcp ? "TCP" : "UDP")
                && rule.sources.contains(where: { $0.contains(packet.source) })
            {
                return (rule.translated, rule.translatedPort)
            }
        }
        return nil
    }

    /// Internet -> firewall public address: a DNAT match translates and allows (FW-9; no
    /// network rule judges it), the translated host sees the firewall's private address as
    /// the source (FW-17's default) and the translated port; the packet goes on from the
    /// firewall's subnet, and the reply goes back to the firewall's address. No match: denied
    /// (FW-2).
    func dnat(_ f: Int, _ packet: OraclePacket) -> Outcome {
        guard Self.isPublic(packet.source), !estate.vnets.contains(where: { $0.space.contains(packet.source) }) else {
            return .unsupported("source neither a host nor an Internet address")
        }
        let fw = estate.firewalls[f]
        guard let (address, port) = dnatTranslation(f, packet) else { return .refused("FW-2 no DNAT rule of \(fw.name) matches") }
        if estate.inFirewallSubnet(address) { return .unsupported("DNAT into a firewall's subnet") }
        var translated = packet
        translated.source = fw.address
        translated.destination = address
        translated.destinationPort = port
        let path = walk(from: SubnetRef(vnet: fw.vnet, subnet: fw.subnet), source: fw.address, to: address, checks: [], appliances: [fw.address])
        return evaluate(path, translated)
    }
}
