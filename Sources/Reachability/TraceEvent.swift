import TopologyModel

/// What a trace step records, as data: the solver decides, the reports word it
/// (AuditReport's `TraceText`), so every output says the same and no sentence is built
/// where the decision is made.
public enum TraceEvent: Sendable, Hashable {
    // MARK: Ends of a flow

    /// A host: its NIC and its subnet (`vnet/subnet`), nil where the input lacks them.
    case host(IPAddress, nic: String?, subnet: String?)
    /// An address of a subnet that no NIC holds: only the subnet NSG applies.
    case vacantAddress(IPAddress, subnet: String?)
    case internetAddress(IPAddress)
    case onPremisesAddress(IPAddress)
    /// The Internet reaches the estate only through public IPs.
    case privateFromInternet(IPAddress)
    /// NSGs do not filter the Azure platform addresses (NSG-8).
    case platformAddress(IPAddress)

    // MARK: NSGs and routing

    /// An NSG stage's first matching rule (NSG-2, NSG-3), or the security admin rule that
    /// decided first on its side (level `admin`, AVNM-4): `skipsSecurityGroups` for an
    /// `AlwaysAllow`, which the NSGs of its side never see.
    case securityGroupRule(
        level: SecurityGroupLevel, securityGroup: String, direction: TrafficDirection, rule: String, priority: Int, isDefault: Bool, allows: Bool,
        skipsSecurityGroups: Bool = false)
    case noRoute(IPAddress)
    /// The route a subnet's effective routes choose, and what became of the packet there.
    case route(Route, subnet: String, outcome: RouteOutcome)
    /// PEER-1: both sides of the peering are Connected.
    case peeringConnected(peering: String, reverse: String)
    /// AVNM-14: both VNets are in a connected group of this connectivity configuration, which
    /// links them with no peering resource.
    case connectedGroup(configuration: String)
    /// A virtual hub's router forwarded by a route of `table` (VWAN-7, VWAN-9), or, with no
    /// table, after the hub's firewall, to the connection that holds the destination; through
    /// `remoteHub` when the route is another hub's connection (VWAN-8).
    case hubRoute(hub: String, table: String?, route: String?, prefix: IPPrefix?, nextHop: String, remoteHub: String?)
    /// The hub has no route for the destination (VWAN-16); `table` nil after the firewall.
    case hubNoRoute(hub: String, table: String?, destination: IPAddress)
    /// VWAN-24: the hub is in forced tunnel mode, no connection of it propagates a default
    /// route, and its firewall has no public address: Internet traffic ends there.
    case hubTunnelWithoutExit(hub: String, firewall: String)
    /// VWAN-24: in forced tunnel mode the firewall sends Internet traffic out of its own
    /// public address, since no connection of the hub propagates a default route.
    case hubTunnelThroughFirewall(hub: String, firewall: String)
    /// PEER-7: forwarded traffic refused by the receiving side.
    case forwardedTrafficRefused(source: IPAddress, reverse: String)
    case forwardedTrafficAccepted
    case noSubnetHolds(IPAddress)
    case entersThroughGateway(String)
    case fromOnPremises(IPPrefix, gateway: String)
    /// PEER-8: the destination does not answer an on-premises client through a gateway.
    case noRouteBackOnPremises(client: IPAddress)
    /// RT-17.
    case routingLoop(applianceLimit: Int)

    // MARK: Appliances and load balancers

    /// RT-7: a virtual-appliance route without an address.
    case routeWithoutNextHop
    /// RT-7, RT-19: the next hop is not in the subnet's VNet or a live peer.
    case nextHopUnreachable(IPAddress, subnet: String?)
    /// RT-7: nothing in the input holds the next-hop address.
    case nextHopUnknown(IPAddress)
    /// An NVA's NIC as next hop, in a flow: whether it forwards (RT-7).
    case applianceNextHop(nic: String, nextHop: IPAddress, ipForwarding: Bool)
    /// An NVA's NIC that forwards, on a hop's way.
    case throughAppliance(nic: String, nextHop: IPAddress)
    /// An internal load balancer as next hop, in a flow: its rule and backend.
    case loadBalancerNextHop(nextHop: IPAddress, loadBalancer: String, rule: String, backend: IPAddress)
    /// An internal load balancer as next hop, on a hop's way.
    case throughLoadBalancer(nextHop: IPAddress, loadBalancer: String, backend: IPAddress)
    case internalLoadBalancerWithoutBackend(loadBalancer: String, proto: IPProtocol, port: UInt16, frontend: IPAddress)
    /// PEER-5.
    case basicLoadBalancerAcrossGlobalPeering(String)
    /// PUB-3, NSG-7: an internal frontend translated to its backend.
    case internalLoadBalancerRule(loadBalancer: String, rule: String, frontend: IPAddress, port: UInt16, backend: IPAddress, backendPort: UInt16)
    /// PUB-2, NSG-7, in a flow.
    case publicLoadBalancerRule(
        sku: LoadBalancer.SKU, loadBalancer: String, rule: RuleLabel, frontend: IPAddress, port: UInt16, backend: IPAddress, backendPort: UInt16)
    /// PUB-2, NSG-7, on a hop's way: as in a flow, with what the NSGs see.
    case publishedBackend(
        sku: LoadBalancer.SKU, loadBalancer: String, rule: RuleLabel, frontend: IPAddress, port: UInt16, backend: IPAddress, backendPort: UInt16)
    case loadBalancerWithoutRule(loadBalancer: String, proto: IPProtocol, port: UInt16, frontend: IPAddress)
    /// PUB-2 (UNCONFIRMED): NSGs may match the frontend address too.
    case floatingIP(rule: String, frontend: IPAddress)

    // MARK: Public IPs and the way in

    /// NSG-6, in a flow.
    case publicIPTranslated(standard: Bool, publicAddress: IPAddress?, privateAddress: IPAddress)
    /// On a hop's way.
    case publicIPMapped(standard: Bool, publicAddress: IPAddress, privateAddress: IPAddress)
    /// NSG-40: a Standard public IP or load balancer with no NSG behind it.
    case closedWithoutSecurityGroup(Entry, name: String)
    /// NSG-4, NSG-40: a Basic one, open.
    case openWithoutSecurityGroup(Entry, name: String)
    /// PUB-6: an outbound-only public address.
    case outboundOnlyAddress(IPAddress, owner: OutboundOwner)

    // MARK: The way out

    /// PUB-6: a way out of a subnet.
    case outbound(OutboundWay)
    /// PUB-6: a NAT gateway takes the subnet's outbound but not this protocol.
    case natGatewayProtocolNotCarried(natGateway: String, proto: IPProtocol)
    case natGatewayWithoutAddress
    /// A private subnet without explicit outbound.
    case privateSubnetWithoutOutbound(subnet: String, proto: IPProtocol)
    case leavesAndReturns(IPAddress)

    // MARK: Azure Firewall

    /// FW-15, in a flow: the rule that allows, and whether the firewall SNATs (`snat` nil: no).
    case firewallAllows(firewall: String, rule: FirewallRule?, fqdn: String?, snat: IPAddress?, modes: FirewallModes)
    /// FW-2, FW-6: a Deny rule, or none that matches (`rule` nil).
    case firewallDenies(firewall: String, rule: FirewallRule?, modes: FirewallModes)
    /// FW-15, on a hop's way.
    case throughFirewall(firewall: String, snat: IPAddress?, modes: FirewallModes)
    /// FW-15, out to the Internet.
    case outThroughFirewall(firewall: String, modes: FirewallModes)
    /// FW-9, FW-17, in a flow.
    case dnatRule(
        firewall: String, rule: String, collection: String, frontend: IPAddress, port: UInt16, translated: IPAddress, translatedPort: UInt16,
        seenSource: IPAddress, modes: FirewallModes)
    /// FW-9, FW-17, on a hop's way.
    case dnatTranslation(
        firewall: String, rule: String, collection: String, frontend: IPAddress, ports: PortSet, translated: IPAddress, translatedPort: UInt16?,
        seenSource: IPAddress)
    /// FW-2: `translatesToFQDN` when the matching rule names an FQDN.
    case dnatWithoutMatch(firewall: String, proto: IPProtocol, port: UInt16, frontend: IPAddress, translatesToFQDN: Bool)
    case translatedAddressUnknown(IPAddress)
    case firewallCannotDeliver(IPAddress)
    case firewallSubnetMissing

    // MARK: Application Gateway

    /// PUB-4, on a hop's way.
    case gatewayListener(
        gateway: String, listener: String, listenerProtocol: String, frontend: IPAddress, port: UInt16, rule: String, backend: IPAddress, backendPort: UInt16,
        backendProtocol: String)
    /// PUB-4, in a flow, with the gateway's WAF.
    case gatewayListenerReached(gateway: String, listener: String, frontend: IPAddress, port: UInt16, rule: String, waf: WebApplicationFirewall?)
    /// PUB-3, PUB-4.
    case privateGatewayListener(
        gateway: String, listener: String, listenerProtocol: String, frontend: IPAddress, port: UInt16, rule: String, backend: IPAddress, backendPort: UInt16,
        backendProtocol: String)
    case gatewayWithoutListener(gateway: String, proto: IPProtocol, port: UInt16, frontend: IPAddress, privateFrontend: Bool)
    case gatewayWithoutBackend(rule: String)
    case gatewayBackendConnection(from: IPAddress, backend: IPAddress, port: UInt16, backendProtocol: String)
    /// What the gateway's WAF (nil: none) means for a request.
    case webApplicationFirewall(gateway: String, WebApplicationFirewall?)

    // MARK: Private endpoints, Private Link, services

    /// PE-2.
    case privateEndpointNotApproved
    /// PE-9.
    case privateEndpointWithoutDNS(endpoint: String, target: String)
    /// PE-6.
    case privateEndpointPolicies(PrivateEndpointNetworkPolicies)
    /// PE-1, PE-2.
    case privateEndpointMaps(endpoint: String, address: IPAddress, target: String, groups: [String])
    /// PLS-1, PLS-3.
    case privateLinkService(
        endpoint: String, service: String, loadBalancer: String, rule: RuleLabel, backend: IPAddress, backendPort: UInt16, nat: IPAddress,
        proxyProtocol: Bool)
    /// PLS-2.
    case privateLinkServiceProtocols(String)
    case privateLinkServiceWithoutBackend(service: String, proto: IPProtocol, port: UInt16)
    /// SE-1.
    case storageServiceEndpoint(subnet: String)
    case servicePublicEndpoint(ServiceResource.Kind, name: String)
    case storagePublicEndpoint(String)

    // MARK: The reply

    /// RT-18: the reply meets an appliance, not the firewall that must see it.
    case replyThroughAppliance(from: IPAddress, to: IPAddress, route: Route?, firewall: String)
    /// RT-18: the reply bypasses the firewall that forwarded the request without SNAT.
    case replyBypassesFirewall(from: IPAddress, to: IPAddress, route: Route?, firewall: String)
    /// PE-8, FW-18: a private endpoint answers directly, around the firewall.
    case privateEndpointBypassesFirewall(endpoint: String, client: IPAddress, firewall: String)
    /// RT-18: the reply enters a firewall that never saw the request.
    case replyIntoFirewall(from: IPAddress, to: IPAddress, route: Route?, firewall: String)
    /// RT-18.
    case replyWithoutWayBack(from: IPAddress, to: IPAddress, route: Route?)
    /// RT-16: the reply leaves by a route other than the Internet route that translates it back.
    case replyAvoidsEntry(from: IPAddress, to: IPAddress, route: Route, entry: Entry, name: String)
    /// The lean and full evaluations disagree: a bug.
    case oneWayReachNotFound
}

extension TraceEvent {
    /// A route as traces name it.
    public struct Route: Sendable, Hashable {
        public let source: EffectiveRoute.Source
        public let prefix: IPPrefix
        public let nextHop: EffectiveRoute.NextHop

        public init(_ route: EffectiveRoute) {
            source = route.source
            prefix = route.prefix
            nextHop = route.nextHop
        }
    }

    /// What became of a packet at the route its subnet chose.
    public enum RouteOutcome: Sendable, Hashable {
        case taken
        case peeringNotLive
        case notPublic(IPAddress)
        case blackHole
        case toOnPremises
        case noOnPremisesNetwork(IPAddress)
    }

    /// The way in that translated a request from the Internet.
    public enum Entry: Sendable, Hashable {
        case publicIP, loadBalancer
    }

    /// A load balancer rule as traces name it.
    public enum RuleLabel: Sendable, Hashable {
        case balancing(String)
        case inboundNAT(String)
        /// One instance's port of an inbound NAT pool.
        case natPool(String, frontendPorts: ClosedRange<UInt16>, instancePort: UInt16)
    }

    /// An Azure Firewall rule by its collection.
    public struct FirewallRule: Sendable, Hashable {
        public let kind: FirewallRuleCollection.Kind
        public let name: String
        public let collection: String
        public let group: String?

        public init(kind: FirewallRuleCollection.Kind, name: String, collection: String, group: String?) {
            self.kind = kind
            self.name = name
            self.collection = collection
            self.group = group
        }
    }

    /// A firewall's threat intelligence (FW-3) and IDPS (FW-13), each nil when off: they
    /// cannot be evaluated offline, so traces name them beside the verdict.
    public struct FirewallModes: Sendable, Hashable {
        public let threatIntel: FirewallInspectionMode?
        public let intrusionDetection: FirewallInspectionMode?

        public init(threatIntel: FirewallInspectionMode?, intrusionDetection: FirewallInspectionMode?) {
            self.threatIntel = threatIntel == .off ? nil : threatIntel
            self.intrusionDetection = intrusionDetection == .off ? nil : intrusionDetection
        }

        init(_ firewall: Firewall) { self.init(threatIntel: firewall.threatIntelMode, intrusionDetection: firewall.intrusionDetectionMode) }

        /// FW-3 and FW-13 when on.
        public var rules: [RuleCode] { (threatIntel == nil ? [] : [.fw(3)]) + (intrusionDetection == nil ? [] : [.fw(13)]) }
    }

    /// A public address a way out translates to.
    public enum PublicAddress: Sendable, Hashable {
        case address(IPAddress)
        /// A public IP or frontend whose address the input does not give.
        case named(String)
        /// A public IP the input does not hold.
        case missing(String)
        case prefix(IPPrefix)
        /// A public IP prefix whose range the input does not give.
        case namedPrefix(String)
    }

    /// A way out of a subnet (PUB-6).
    public enum OutboundWay: Sendable, Hashable {
        /// The subnet's NAT gateway, which the input does not hold.
        case missingNATGateway(String, subnet: String)
        case natGateway(String, addresses: [PublicAddress], subnet: String)
        case instancePublicIP(PublicAddress)
        case outboundRule(loadBalancer: String, rule: String, protocols: [IPProtocol], frontends: [PublicAddress], pool: String)
        /// `explicit`: `defaultOutboundAccess` is true rather than unset.
        case defaultAccess(explicit: Bool)
    }

    /// What holds an outbound-only public address.
    public enum OutboundOwner: Sendable, Hashable {
        case natGateway(String)
        case outboundRule(loadBalancer: String, rule: String)
    }
}

extension FirewallContribution {
    /// The rule as a trace names it.
    var named: TraceEvent.FirewallRule { TraceEvent.FirewallRule(kind: kind, name: rule, collection: collection, group: group) }
}
