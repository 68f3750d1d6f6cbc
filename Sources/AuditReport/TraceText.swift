import Reachability
import TopologyModel

/// The words for trace steps and hop findings, written once so `flow`, `paths`, summary.md,
/// paths.json and SARIF say the same thing.
public enum TraceText {
    /// The step's sentence followed by its rule codes, unless the sentence names them
    /// where each applies.
    public static func detail(_ step: TraceStep) -> String {
        let prose = sentence(step.event)
        return namesRules(step.event) || step.rules.isEmpty ? prose : "\(prose) (\(step.rules.map(\.description).joined(separator: ", ")))"
    }

    /// Whether ``sentence(_:)`` names the event's rule codes itself.
    static func namesRules(_ event: TraceEvent) -> Bool {
        switch event {
        case .publicIPTranslated, .firewallAllows, .firewallDenies, .throughFirewall, .outThroughFirewall, .dnatRule, .dnatWithoutMatch,
            .applianceNextHop, .floatingIP, .outbound, .gatewayListenerReached, .privateLinkService, .replyBypassesFirewall,
            .privateEndpointBypassesFirewall, .replyIntoFirewall, .replyWithoutWayBack, .replyAvoidsEntry, .replyThroughAppliance:
            true
        default:
            false
        }
    }

    /// What happened, in one sentence.
    public static func sentence(_ event: TraceEvent) -> String {
        switch event {
        case .host(let address, let nic, let subnet):
            "\(address) on NIC \(nic ?? "?") in subnet \(subnet ?? "?")"
        case .vacantAddress(let address, let subnet):
            "\(address) in subnet \(subnet ?? "?"); no NIC holds it, so only the subnet NSG applies"
        case .internetAddress(let address):
            "\(address) on the Internet"
        case .onPremisesAddress(let address):
            "\(address) on an on-premises network behind a gateway"
        case .privateFromInternet(let address):
            "\(address) is a private address: the Internet reaches the estate only through public IPs"
        case .platformAddress(let address):
            "\(address) is an Azure platform address; NSGs do not apply unless a rule names the AzurePlatform* tags"
        case .securityGroupRule(let level, let nsg, let direction, let rule, let priority, _, let allows, let skips) where level == .admin:
            "security admin rules \(nsg) \(direction.rawValue): rule \(rule) (priority \(priority)) "
                + (skips ? "always allows; the NSGs of this side are not consulted" : allows ? "allows; the NSGs decide" : "denies; the NSGs are not consulted")
        case .securityGroupRule(let level, let nsg, let direction, let rule, let priority, let isDefault, let allows, _):
            "\(level) NSG \(nsg) \(direction.rawValue): \(isDefault ? "default " : "")rule \(rule) (priority \(priority)) \(allows ? "allows" : "denies")"
        case .noRoute(let address):
            "no route to \(address)"
        case .route(let route, let subnet, let outcome):
            "\(text(route)) in the effective routes of subnet \(subnet)\(text(outcome))"
        case .connectedGroup(let configuration):
            "both VNets are in a connected group of connectivity configuration \(configuration), which links them without a peering resource"
        case .hubRoute(let hub, let table, let route, let prefix, let nextHop, let remoteHub):
            (table.map { t in
                "virtual hub \(hub) forwards by its table \(t)"
                    + (route.map { r in ": route \(r)\(prefix.map { " (\($0))" } ?? "")" } ?? "")
            } ?? "virtual hub \(hub), after its firewall, forwards by the connection that holds the destination")
                + (remoteHub.map { " through hub \($0)" } ?? "") + " to \(nextHop)"
        case .hubNoRoute(let hub, let table, let destination):
            table.map { "virtual hub \(hub) has no route to \(destination) in its table \($0): the connection's table learns no route there" }
                ?? "virtual hub \(hub) has no route to \(destination): no connection of its WAN holds it, and it is not public"
        case .hubTunnelWithoutExit(let hub, let firewall):
            "virtual hub \(hub) is in forced tunnel mode (0.0.0.0/0 among its private traffic prefixes), no connection of it propagates a default route, and firewall \(firewall) has no public address: Internet traffic is black-holed"
        case .hubTunnelThroughFirewall(let hub, let firewall):
            "virtual hub \(hub) is in forced tunnel mode and no connection of it propagates a default route: firewall \(firewall) sends Internet traffic out of its own public address"
        case .peeringConnected(let peering, let reverse):
            "peering \(peering) and its reverse \(reverse) are both Connected"
        case .forwardedTrafficRefused(let source, let reverse):
            "source \(source) is outside the sending VNet and \(reverse) has allowForwardedTraffic=false"
        case .forwardedTrafficAccepted:
            "forwarded traffic accepted: allowForwardedTraffic=true"
        case .noSubnetHolds(let address):
            "no subnet of this VNet holds \(address)"
        case .entersThroughGateway(let gateway):
            "enters through virtual network gateway \(gateway)"
        case .fromOnPremises(let prefix, let gateway):
            "from on-premises \(prefix) through virtual network gateway \(gateway)"
        case .noRouteBackOnPremises(let client):
            "the destination has no route back to \(client) through a gateway or appliance: without gateway transit the gateway does not advertise this VNet on-premises (§8 case 33 of the reference)"
        case .routingLoop(let limit):
            "more than \(limit) appliance hops: the routes loop"
        case .routeWithoutNextHop:
            "the route names no next-hop address: black hole"
        case .nextHopUnreachable(let nextHop, let subnet):
            "next hop \(nextHop) is not reachable from subnet \(subnet ?? "?"): black hole"
        case .nextHopUnknown(let nextHop):
            "next hop \(nextHop) matches no NIC or firewall in the input: black hole"
        case .applianceNextHop(let nic, let nextHop, let forwarding):
            "network virtual appliance \(nic) (\(nextHop))" + (forwarding ? " with IP forwarding" : " without IP forwarding: transit traffic is dropped (RT-7)")
        case .throughAppliance(let nic, let nextHop):
            "through network virtual appliance \(nic) (\(nextHop)), IP forwarding on"
        case .loadBalancerNextHop(let nextHop, let lb, let rule, let backend):
            "next hop \(nextHop) is internal load balancer \(lb); rule \(rule) sends it to backend \(backend)"
        case .throughLoadBalancer(let nextHop, let lb, let backend):
            "next hop \(nextHop) is internal load balancer \(lb); backend \(backend)"
        case .internalLoadBalancerWithoutBackend(let lb, let proto, let port, let frontend):
            "internal load balancer \(lb) has no rule with a backend for \(proto.rawValue)/\(port) on \(frontend)"
        case .basicLoadBalancerAcrossGlobalPeering(let lb):
            "Basic load balancer \(lb) is not reachable across global peering"
        case .internalLoadBalancerRule(let lb, let rule, let frontend, let port, let backend, let backendPort):
            "internal load balancer \(lb) rule \(rule): \(frontend):\(port) -> \(backend):\(backendPort); NSGs see the backend address and port"
        case .publicLoadBalancerRule(let sku, let lb, let rule, let frontend, let port, let backend, let backendPort):
            "\(text(sku)) load balancer \(lb) \(text(rule)): \(frontend):\(port) -> \(backend):\(backendPort)"
        case .publishedBackend(let sku, let lb, let rule, let frontend, let port, let backend, let backendPort):
            "\(text(sku)) load balancer \(lb) \(text(rule)): \(frontend):\(port) -> \(backend):\(backendPort); NSGs see the client address and the backend port"
        case .loadBalancerWithoutRule(let lb, let proto, let port, let frontend):
            "load balancer \(lb) has no rule for \(proto.rawValue)/\(port) on \(frontend) with a backend in the input"
        case .floatingIP(let rule, let frontend):
            "floating IP on \(rule): the backend receives packets addressed to \(frontend); NSG rules are matched against the backend address and the frontend address, and either admits (PUB-2, UNCONFIRMED)"
        case .publicIPTranslated(let standard, let publicAddress, let privateAddress):
            "\(standard ? "Standard" : "Basic") public IP \(publicAddress.map { "\($0)" } ?? "?") translated to \(privateAddress) (NSG-6: inbound NSGs see the private address)"
        case .publicIPMapped(let standard, let publicAddress, let privateAddress):
            "\(standard ? "Standard" : "Basic") public IP \(publicAddress) -> \(privateAddress)"
        case .closedWithoutSecurityGroup(let entry, let name):
            "Standard \(text(entry)) \(name) with no NSG on the destination's subnet or NIC: closed to inbound traffic"
        case .openWithoutSecurityGroup(let entry, let name):
            "Basic \(text(entry)) \(name) with no NSG: open on every port"
        case .outboundOnlyAddress(let address, let owner):
            "\(address) is a public address of \(text(owner)), which only translates connections started inside: no way in"
        case .outbound(let way):
            text(way)
        case .natGatewayProtocolNotCarried(let nat, let proto):
            "NAT gateway \(nat) translates TCP and UDP only, and it takes all of the subnet's outbound: \(proto.rawValue) does not leave"
        case .natGatewayWithoutAddress:
            "the subnet's NAT gateway has no public address: nothing translates the packet"
        case .privateSubnetWithoutOutbound(let subnet, let proto):
            "no explicit outbound for \(proto.rawValue) (NAT gateway, instance public IP, load-balancer outbound rule) and subnet \(subnet) is private (defaultOutboundAccess=false): no way out (§8 case 35 of the reference)"
        case .leavesAndReturns(let address):
            "leaves Azure and returns from \(address) (SNAT to a public address)"
        case .firewallAllows(let firewall, let rule, let fqdn, let snat, let modes):
            "Azure Firewall \(firewall): \(rule.map { "\($0.kind.rawValue) rule \($0.name) in collection \($0.collection)\($0.group.map { " (group \($0))" } ?? "")" } ?? "rule") allows\(fqdn.map { " (FQDN \($0))" } ?? "")"
                + (snat.map { "; SNAT to \($0), which the destination's NSGs see (FW-15)" } ?? "; no SNAT for a private destination (FW-15)") + text(modes)
        case .firewallDenies(let firewall, let rule, let modes):
            "Azure Firewall \(firewall): "
                + (rule.map { "\($0.kind.rawValue) rule \($0.name) in Deny collection \($0.collection) denies" } ?? "no rule matches; denied by default (FW-2)")
                + text(modes)
        case .throughFirewall(let firewall, let snat, let modes):
            "through Azure Firewall \(firewall)" + (snat.map { ", SNAT to \($0) (FW-15)" } ?? ", client address kept (FW-15)") + text(modes)
        case .outThroughFirewall(let firewall, let modes):
            "out through Azure Firewall \(firewall), SNAT to its public address (FW-15)" + text(modes)
        case .dnatRule(let firewall, let rule, let collection, let frontend, let port, let translated, let translatedPort, let seen, let modes):
            "Azure Firewall \(firewall) DNAT rule \(rule) in collection \(collection): \(frontend):\(port) -> \(translated):\(translatedPort); not subject to network rules (FW-9); the destination sees source \(seen) (FW-17)"
                + text(modes)
        case .dnatTranslation(let firewall, let rule, let collection, let frontend, let ports, let translated, let translatedPort, let seen):
            "Azure Firewall \(firewall) DNAT rule \(rule) (collection \(collection)): \(frontend):\(ports.portDescription) -> \(translated):\(translatedPort.map(String.init) ?? ports.portDescription); the destination sees \(seen)"
        case .dnatWithoutMatch(let firewall, let proto, let port, let frontend, let fqdn):
            "Azure Firewall \(firewall): no DNAT rule matches \(proto.rawValue)/\(port) to \(frontend)\(fqdn ? " (the rule translates to an FQDN, not evaluable offline)" : ""); denied by default (FW-2)"
        case .translatedAddressUnknown(let address):
            "\(address) is not a host or subnet address of the input"
        case .firewallCannotDeliver(let address):
            "the firewall cannot deliver to \(address)"
        case .firewallSubnetMissing:
            "the firewall's subnet is not in the input; cannot route onward"
        case .gatewayListener(
            let gateway, let listener, let listenerProtocol, let frontend, let port, let rule, let backend, let backendPort, let backendProtocol):
            "Application Gateway \(gateway) listener \(listener) (\(listenerProtocol) \(frontend):\(port)), rule \(rule) -> \(backend):\(backendPort) \(backendProtocol); the backend sees the gateway subnet as source"
        case .gatewayListenerReached(let gateway, let listener, let frontend, let port, let rule, let waf):
            "Application Gateway \(gateway) listener \(listener) on \(frontend):\(port), rule \(rule) (PUB-4); " + text(waf, on: gateway)
        case .privateGatewayListener(
            let gateway, let listener, let listenerProtocol, let frontend, let port, let rule, let backend, let backendPort, let backendProtocol):
            "Application Gateway \(gateway) private listener \(listener) (\(listenerProtocol) \(frontend):\(port)), rule \(rule) -> \(backend):\(backendPort) \(backendProtocol); reachable wherever the frontend address is routed, like an internal load balancer, and the backend sees the gateway subnet as source"
        case .gatewayWithoutListener(let gateway, let proto, let port, let frontend, let privateFrontend):
            "Application Gateway \(gateway) has no listener for \(proto.rawValue)/\(port) on \(privateFrontend ? "its private frontend " : "")\(frontend)"
        case .gatewayWithoutBackend(let rule):
            "no backend of rule \(rule) resolves to an address in the input"
        case .gatewayBackendConnection(let origin, let backend, let port, let backendProtocol):
            "backend connection from the gateway subnet (\(origin)) to \(backend):\(port) \(backendProtocol)"
        case .webApplicationFirewall(let gateway, let waf):
            text(waf, on: gateway)
        case .privateEndpointNotApproved:
            "private endpoint has no Approved connection; it carries no traffic"
        case .privateEndpointWithoutDNS(let endpoint, let target):
            "the input has no DNS data for private endpoint \(endpoint) (customDnsConfigs): reachable by IP; clients that resolve the public name of \(target) may reach its public endpoint instead"
        case .privateEndpointPolicies(let policies):
            "privateEndpointNetworkPolicies=\(policies.rawValue) on the subnet: NSGs do not apply to private endpoint traffic"
        case .privateEndpointMaps(let endpoint, let address, let target, let groups):
            "private endpoint \(endpoint) (\(address)) maps to \(target) \(groups.joined(separator: ",")), connection Approved"
        case .privateLinkService(let endpoint, let service, let lb, let rule, let backend, let backendPort, let nat, let proxyProtocol):
            "private endpoint \(endpoint) -> Private Link service \(service) (connection Approved) -> load balancer \(lb) \(text(rule)) -> \(backend):\(backendPort); provider NSGs see the NAT address \(nat), not the consumer (PLS-1, PLS-3)"
                + (proxyProtocol ? "; proxy protocol v2 passes the consumer address to the application" : "")
        case .privateLinkServiceProtocols(let service):
            "Private Link service \(service) carries TCP and UDP only"
        case .privateLinkServiceWithoutBackend(let service, let proto, let port):
            "Private Link service \(service): no load balancer rule with a backend in the input for \(proto.rawValue)/\(port), or no NAT address"
        case .storageServiceEndpoint(let subnet):
            "service endpoint Microsoft.Storage on subnet \(subnet): VirtualNetworkServiceEndpoint route to the storage public endpoint, source keeps its private address"
        case .servicePublicEndpoint(let kind, let name):
            "\(kind.rawValue) \(name) public endpoint"
        case .storagePublicEndpoint(let name):
            "storage account \(name) public endpoint"
        case .replyThroughAppliance(let from, let to, let route, let firewall):
            "the reply from \(from) to \(to) follows \(text(route)) to an appliance, not firewall \(firewall), which forwarded the request without SNAT; unless that appliance passes it back through \(firewall), the firewall drops the connection (RT-18)"
        case .replyBypassesFirewall(let from, let to, let route, let firewall):
            "the reply from \(from) to \(to) follows \(text(route)), bypassing firewall \(firewall), which forwarded the request without SNAT: the firewall drops the connection (RT-18)"
                + oneWay
        case .privateEndpointBypassesFirewall(let endpoint, let client, let firewall):
            "private endpoint \(endpoint) answers \(client) directly, not through firewall \(firewall), which forwarded the request without SNAT: the firewall drops the connection (PE-8, FW-18); SNAT traffic to private endpoints, for example with application rules"
                + oneWay
        case .replyIntoFirewall(let from, let to, let route, let firewall):
            "the reply from \(from) to \(to) follows \(text(route)) into firewall \(firewall), which never saw the request: it drops the reply (RT-18)" + oneWay
        case .replyWithoutWayBack(let from, let to, let route):
            "the reply from \(from) to \(to) has no way back: \(text(route)) (RT-18)" + oneWay
        case .replyAvoidsEntry(let from, let to, let route, let entry, let name):
            "the reply from \(from) to \(to) follows \(text(route)), not \(text(entry)) \(name): the connection is never made (RT-16)" + oneWay
        case .oneWayReachNotFound:
            "the full evaluation found no one-way reach here; report this estate as a bug"
        }
    }

    private static let oneWay = "; a one-way payload may still arrive"

    /// What a reviewer must know about a hop, in one sentence.
    public static func sentence(_ finding: HopFinding) -> String {
        switch finding {
        case .event(let event):
            sentence(event)
        case .intrusionDetectionDenies(let firewall):
            "firewall \(firewall) runs IDPS in Deny mode: signatures may still drop this traffic (FW-13)"
        case .privateLinkServiceEntry:
            "an Approved private endpoint is a way into the provider's load balancer backends, whoever owns the consumer side (PLS-3)"
        case .serviceEndpointAdmitted(let byRule):
            byRule
                ? "admitted by the account's virtualNetworkRules for this subnet (SE-3); service-endpoint routes bypass 0.0.0.0/0 firewall routes (SE-2)"
                : "the account admits every network (defaultAction Allow); service-endpoint routes bypass 0.0.0.0/0 firewall routes (SE-2)"
        case .servicePublicEndpoint(let kind, let access, let defaultAction):
            "public endpoint open to every network: publicNetworkAccess=\(access?.azureName ?? "(unset, Enabled)"), default action \(defaultAction?.azureName ?? "(no network rules: any network)")"
                + ruleReference(kind)
        case .adminUserEnabled:
            "adminUserEnabled=true: a static admin credential can push and pull every repository (ACR-1)"
        case .anonymousPullEnabled:
            "anonymousPullEnabled=true: anyone can pull images without credentials (ACR-1)"
        case .keyVaultNeedsAuthorization:
            "requests still need Entra ID and vault access (KV-2)"
        case .storagePublicEndpoint(let access, let defaultAction):
            "public endpoint open to every network: publicNetworkAccess=\(access?.azureName ?? "(unset, Enabled)"), networkAcls.defaultAction=\(defaultAction?.azureName ?? "(unset, Allow)") (ST-2, ST-3); a private endpoint does not close it (PE-4)"
        case .storageIPRules(let admitted):
            "public endpoint open only to the Internet addresses in networkAcls.ipRules: \(admitted.rangeDescriptions.joined(separator: ", ")) (defaultAction Deny, ST-3)"
        case .blobPublicAccess(let allowed, let containers):
            blobPublicAccess(allowed, containers)
        case .staticWebsite:
            "static website container $web is readable anonymously whatever allowBlobPublicAccess says (ST-1)"
        case .egressByFQDN(let fqdns):
            "egress limited to FQDNs \(fqdns.joined(separator: ", ")): data can still leave to any account or host under those names"
        case .oneWayOnly(let reply):
            "reachable one way only: \(detail(reply))"
        case .explanationMissing:
            "the full evaluation found no hop here; report this estate as a bug"
        }
    }

    /// The semantics rule (or, for the inference services, the catalog entry) behind a
    /// service's open public endpoint.
    static func ruleReference(_ kind: ServiceResource.Kind) -> String {
        switch kind {
        case .keyVault: " (KV-1, KV-2)"
        case .containerRegistry: " (ACR-1)"
        case .machineLearningWorkspace: " (LAT-PL-003: publicNetworkAccess not Disabled, or allowPublicAccessWhenBehindVnet true)"
        case .onlineEndpoint: " (LAT-PL-003: the endpoint's own publicNetworkAccess, whatever its workspace's)"
        case .aiServices: " (LAT-PL-003)"
        }
    }

    private static func blobPublicAccess(_ allowed: Bool?, _ containers: [HopFinding.AnonymousContainer]) -> String {
        let names = containers.map(\.name).joined(separator: ", ")
        switch allowed {
        case true?:
            return "allowBlobPublicAccess=true: "
                + (containers.isEmpty
                    ? "containers set to Blob or Container would be readable anonymously (ST-1)"
                    : "anonymous read of containers " + containers.map { "\($0.name) (\($0.access.rawValue))" }.joined(separator: ", ") + " (ST-1)")
        case nil:
            return "allowBlobPublicAccess unset: older accounts may allow anonymous containers (ST-1, uncertain)"
                + (containers.isEmpty ? "" : "; containers with public access: " + names)
        case false?:
            return "requests still need credentials (key, SAS or Entra ID; ST-4)"
                + (containers.isEmpty ? "" : "; containers " + names + " ask for public access, which allowBlobPublicAccess=false overrides (ST-1)")
        }
    }

    // MARK: Parts of sentences

    /// `User route 0.0.0.0/0 -> VirtualAppliance`, or `no route`.
    static func text(_ route: TraceEvent.Route?) -> String {
        route.map { "\($0.source.rawValue) route \($0.prefix) -> \($0.nextHop.name)" } ?? "no route"
    }

    static func text(_ outcome: TraceEvent.RouteOutcome) -> String {
        switch outcome {
        case .taken: ""
        case .peeringNotLive: "; the peering is not live"
        case .notPublic(let address): "; \(address) is not a public address"
        case .blackHole: "; next hop None drops the packet"
        case .toOnPremises: "; to the on-premises network"
        case .noOnPremisesNetwork(let address): "; no on-premises network the input names holds \(address)"
        }
    }

    static func text(_ entry: TraceEvent.Entry) -> String { entry == .publicIP ? "public IP" : "load balancer" }

    static func text(_ sku: LoadBalancer.SKU) -> String { sku == .standard ? "Standard" : sku == .basic ? "Basic" : "Gateway" }

    static func text(_ rule: TraceEvent.RuleLabel) -> String {
        switch rule {
        case .balancing(let name): "load-balancing rule \(name)"
        case .inboundNAT(let name): "inbound NAT rule \(name)"
        case .natPool(let name, let ports, let instancePort):
            "inbound NAT pool \(name) (frontend ports \(ports.lowerBound)-\(ports.upperBound), one per instance in address order; instance port \(instancePort))"
        }
    }

    /// `; threat intelligence Alert (FW-3, not evaluable offline); IDPS Deny (FW-13, ...)`, or nothing.
    static func text(_ modes: TraceEvent.FirewallModes) -> String {
        var notes: [String] = []
        if let ti = modes.threatIntel { notes.append("threat intelligence \(ti.azureName) (FW-3, not evaluable offline)") }
        if let idps = modes.intrusionDetection { notes.append("IDPS \(idps.azureName) (FW-13, may drop allowed flows)") }
        return notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")
    }

    static func text(_ owner: TraceEvent.OutboundOwner) -> String {
        switch owner {
        case .natGateway(let name): "NAT gateway \(name)"
        case .outboundRule(let lb, let rule): "load balancer \(lb) outbound rule \(rule)"
        }
    }

    static func text(_ address: TraceEvent.PublicAddress) -> String {
        switch address {
        case .address(let ip): "\(ip)"
        case .named(let name): name
        case .missing(let name): "\(name) (not in the input)"
        case .prefix(let prefix): "prefix \(prefix)"
        case .namedPrefix(let name): "prefix \(name)"
        }
    }

    static func text(_ way: TraceEvent.OutboundWay) -> String {
        switch way {
        case .missingNATGateway(let nat, let subnet):
            "via NAT gateway \(nat) (not in the input: public addresses unknown); explicit outbound for subnet \(subnet) (PUB-6)"
        case .natGateway(let nat, let addresses, let subnet):
            "via NAT gateway \(nat) (public IPs \(addresses.map(text).joined(separator: ", "))): explicit outbound for subnet \(subnet), ahead of instance public IPs, load-balancer outbound rules and default outbound access; it admits no inbound connection (PUB-6)"
        case .instancePublicIP(let address):
            "leaves from its instance public IP \(text(address))"
        case .outboundRule(let lb, let rule, let protocols, let frontends, let pool):
            "via load balancer \(lb) outbound rule \(rule) (\(protocols.map(\.rawValue).joined(separator: ", ")); frontend public IPs \(frontends.map(text).joined(separator: ", "))): explicit outbound for pool \(pool) (PUB-6)"
        case .defaultAccess(let explicit):
            "leaves through default outbound access: the subnet is not private (defaultOutboundAccess \(explicit ? "true" : "unset"), PUB-6)"
        }
    }

    /// What the gateway's WAF means for a path: Detection mode only logs.
    static func text(_ waf: WebApplicationFirewall?, on gateway: String) -> String {
        guard let waf else { return "no web application firewall on \(gateway): every request reaches the backend" }
        if !waf.enabled { return "\(waf) on \(gateway) is disabled: it blocks nothing" }
        if waf.mode == .detection { return "\(waf) on \(gateway) only logs in Detection mode: it blocks nothing" }
        return "\(waf) on \(gateway) may block requests; WAF rules are not evaluated offline"
    }
}

extension TraceStep {
    /// The step in words with its rule codes, as every report prints it.
    public var detail: String { TraceText.detail(self) }
}

extension HopFinding {
    /// The finding in words.
    public var text: String { TraceText.sentence(self) }
}
