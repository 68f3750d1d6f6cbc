import Dispatch
import ParallelSupport
import TopologyModel

extension ImportContext {
    static let modelledTypes: Set<String> =
        ([
            "microsoft.network/virtualnetworks", "microsoft.network/virtualnetworks/subnets",
            "microsoft.network/virtualnetworks/virtualnetworkpeerings", "microsoft.network/networksecuritygroups",
            "microsoft.network/networksecuritygroups/securityrules", "microsoft.network/networksecuritygroups/defaultsecurityrules",
            "microsoft.network/networkinterfaces", "microsoft.network/networkinterfaces/ipconfigurations",
            "microsoft.network/publicipaddresses", "microsoft.network/applicationsecuritygroups",
            "microsoft.network/routetables", "microsoft.network/routetables/routes", "microsoft.network/azurefirewalls",
            "microsoft.network/firewallpolicies", "microsoft.network/firewallpolicies/rulecollectiongroups",
            "microsoft.network/privateendpoints", "microsoft.storage/storageaccounts", "microsoft.network/ipgroups",
            "microsoft.network/loadbalancers", "microsoft.network/applicationgateways",
            "microsoft.keyvault/vaults", "microsoft.containerregistry/registries", "microsoft.containerregistry/registries/replications",
            "microsoft.network/virtualnetworkgateways", "microsoft.network/localnetworkgateways", "microsoft.network/connections",
            "microsoft.storage/storageaccounts/blobservices/containers",
            "microsoft.network/natgateways", "microsoft.network/publicipprefixes", "microsoft.network/privatelinkservices",
            "microsoft.network/applicationgatewaywebapplicationfirewallpolicies",
            "microsoft.machinelearningservices/workspaces", "microsoft.machinelearningservices/workspaces/onlineendpoints",
            "microsoft.cognitiveservices/accounts",
        ] as Set<String>).union(privateEndpointConnectionTypes).union(networkManagerTypes)
        .union(VirtualWANType.all)

    /// The target side's `privateEndpointConnections` given as child resources, read with
    /// their parent (catalog LAT-PL-004).
    static let privateEndpointConnectionTypes: Set<String> = Set(
        [
            "microsoft.storage/storageaccounts", "microsoft.keyvault/vaults", "microsoft.containerregistry/registries",
            "microsoft.machinelearningservices/workspaces", "microsoft.cognitiveservices/accounts",
        ].map { $0 + "/privateendpointconnections" })

    /// Children whose parent must be present for them to mean anything.
    static let parentTypes: [String: String] = [
        "microsoft.network/virtualnetworks/subnets": "microsoft.network/virtualnetworks",
        "microsoft.network/virtualnetworks/virtualnetworkpeerings": "microsoft.network/virtualnetworks",
        "microsoft.network/networksecuritygroups/securityrules": "microsoft.network/networksecuritygroups",
        "microsoft.network/networksecuritygroups/defaultsecurityrules": "microsoft.network/networksecuritygroups",
        "microsoft.network/networkinterfaces/ipconfigurations": "microsoft.network/networkinterfaces",
        "microsoft.network/routetables/routes": "microsoft.network/routetables",
        "microsoft.network/firewallpolicies/rulecollectiongroups": "microsoft.network/firewallpolicies",
        "microsoft.containerregistry/registries/replications": "microsoft.containerregistry/registries",
        VirtualWANType.connection: VirtualWANType.hub, VirtualWANType.routeTable: VirtualWANType.hub,
        VirtualWANType.routingIntent: VirtualWANType.hub,
    ]

    mutating func convert() -> Topology {
        // The type index holds every resource in input order; the child index groups children
        // by parent, so each parent is looked up once, not once per child.
        for (type, list) in typeIndex where !Self.modelledTypes.contains(type) {
            ignored[type, default: 0] += list.count
            if ignoredSpelling[type] == nil, let first = list.first { ignoredSpelling[type] = first.typeText }
        }
        for (key, children) in childIndex {
            guard let parentType = Self.parentTypes[key.type], resources[key.parent]?.type != parentType else { continue }
            for raw in children {
                warn(
                    raw, kind: .danglingReference,
                    "\(raw.typeText) '\(raw.name)': its parent \(key.parent) is not in the input, so it is not analysed")
            }
        }
        // NSGs (most of an estate: its rules) are converted in shares on every core while one
        // worker converts everything else; each worker has its own copy of the context (its
        // own caches and diagnostics), and the diagnostics are sorted when the import finishes.
        let groupRaws = resources(ofType: "microsoft.network/networksecuritygroups")
        let shares = min(groupRaws.count, 16)
        let input = Shared((context: self, raws: groupRaws))
        let groupParts = Slots<(groups: [NetworkSecurityGroup], diagnostics: [Diagnostic])>(count: max(shares, 1))
        let otherPart = Slots<(model: OtherResources, diagnostics: [Diagnostic])>(count: 1)
        // Iteration 0, the longest, starts first.
        DispatchQueue.concurrentPerform(iterations: shares + 1) { i in
            var local = input.value.context
            local.diagnostics = []
            if i == 0 {
                let model = local.convertOtherResources()
                otherPart.store((model, local.diagnostics), at: 0)
                return
            }
            let all = input.value.raws, share = i - 1
            let groups = all[all.count * share / shares..<all.count * (share + 1) / shares].compactMap { local.convertSecurityGroup($0) }
            groupParts.store((groups, local.diagnostics), at: share)
        }
        var securityGroups: [NetworkSecurityGroup] = []
        for share in 0..<shares {
            guard let part = groupParts.take(at: share) else { continue }
            securityGroups += part.groups
            diagnostics += part.diagnostics
        }
        guard let (o, otherDiagnostics) = otherPart.take(at: 0) else { preconditionFailure("the conversion worker stored nothing") }
        diagnostics += otherDiagnostics
        var topology = Topology(
            networks: o.networks, subnets: o.subnets, interfaces: o.interfaces, securityGroups: securityGroups,
            peerings: o.peerings, publicIPs: o.publicIPs, applicationSecurityGroups: o.asgs, routeTables: o.routeTables,
            firewalls: o.firewalls, firewallPolicies: o.policies, privateEndpoints: o.endpoints, storageAccounts: o.storage,
            ipGroups: o.groupList, loadBalancers: o.loadBalancers, applicationGateways: o.gateways,
            serviceResources: o.services, gateways: o.vnetGateways, localGateways: o.localGateways,
            connections: o.gatewayConnections, natGateways: o.natGateways, privateLinkServices: o.linkServices,
            securityAdminRules: o.adminRules)
        topology.containerWorkloads = Dictionary(o.workloads.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        topology.subscriptions = Set(resources.keys.compactMap { $0.subscription?.lowercased() })
        topology.virtualWAN = o.wan
        checkReferences(topology)
        return topology
    }

    /// Every modelled resource but NSGs, converted.
    struct OtherResources {
        var networks: [VirtualNetwork], subnets: [Subnet], peerings: [VirtualNetworkPeering], interfaces: [NetworkInterface]
        var publicIPs: [PublicIPAddress], asgs: [ApplicationSecurityGroup], routeTables: [RouteTable], groupList: [IPGroup]
        var firewalls: [Firewall], policies: [FirewallPolicy], endpoints: [PrivateEndpoint], storage: [StorageAccount]
        var services: [ServiceResource], vnetGateways: [VirtualNetworkGateway], localGateways: [LocalNetworkGateway]
        var gatewayConnections: [GatewayConnection], gateways: [ApplicationGateway], loadBalancers: [LoadBalancer]
        var natGateways: [NATGateway], linkServices: [PrivateLinkService], workloads: [ContainerWorkload]
        var adminRules: [ResourceID: NetworkSecurityGroup]
        var wan: VirtualWANModel
    }

    mutating func convertOtherResources() -> OtherResources {
        func all(_ type: String) -> [RawResource] { Self.modelledTypes.contains(type) ? resources(ofType: type) : [] }

        let networks = all("microsoft.network/virtualnetworks").compactMap { convertNetwork($0) }
        let natBySubnet = natGatewaySubnets(all("microsoft.network/natgateways"))
        var subnets: [Subnet] = []
        var peerings: [VirtualNetworkPeering] = []
        for network in all("microsoft.network/virtualnetworks") {
            subnets += children(of: network.id, type: "microsoft.network/virtualnetworks/subnets").compactMap {
                convertSubnet($0, network: network.id, natGateways: natBySubnet)
            }
            peerings += children(of: network.id, type: "microsoft.network/virtualnetworks/virtualnetworkpeerings").compactMap {
                convertPeering($0, network: network.id)
            }
        }
        // Virtual Network Manager: who is in which network group, and the connected groups
        // of its connectivity configurations, which link VNets with no peering resource.
        let members = groupMembers()
        peerings += connectedGroupPeerings(networks: networks, members: members, peerings: peerings)
        var interfaces = all("microsoft.network/networkinterfaces").compactMap { convertInterface($0) }
        let publicIPs = all("microsoft.network/publicipaddresses").compactMap { convertPublicIP($0) }
        settlePublicIPClaims(&interfaces, publicIPs)
        let asgs = all("microsoft.network/applicationsecuritygroups").map {
            ApplicationSecurityGroup(id: $0.id, name: $0.name, location: $0.location, origin: $0.sourceLocation)
        }
        let routeTables = all("microsoft.network/routetables").compactMap { convertRouteTable($0) }
        let groupList = ipGroups()
        let groups = Dictionary(groupList.map { ($0.id, $0.addresses) }, uniquingKeysWith: { a, _ in a })
        let firewalls = all("microsoft.network/azurefirewalls").compactMap { convertFirewall($0, ipGroups: groups) }
        let policies = all("microsoft.network/firewallpolicies").map { convertFirewallPolicy($0) }
        var endpoints = all("microsoft.network/privateendpoints").compactMap { convertPrivateEndpoint($0) }
        reconcilePrivateEndpoints(&interfaces, &endpoints)
        var storage = all("microsoft.storage/storageaccounts").map { convertStorage($0) }
        // Containers are grandchildren: .../storageAccounts/NAME/blobServices/default/containers/C.
        for container in all("microsoft.storage/storageaccounts/blobservices/containers") {
            guard let account = container.id.parent?.parent, let index = storage.firstIndex(where: { $0.id == account }) else {
                warn(container, kind: .danglingReference, "container '\(container.name)': its storage account is not in the input, so it is not analysed")
                continue
            }
            // Named by the ID's last segment: templates and nested exports name a container
            // `account/default/c`.
            storage[index].containers[container.id.name] =
                setting(
                    container, container.property("publicAccess"), named: "publicAccess", assumed: .container,
                    because: "taken as Container (anonymous read and list), its most open value",
                    BlobPublicAccess.init(azure:)) ?? BlobPublicAccess.none
        }
        let services =
            all("microsoft.keyvault/vaults").map { convertService($0, kind: .keyVault) }
            + all("microsoft.containerregistry/registries").map { convertService($0, kind: .containerRegistry) }
            + all("microsoft.machinelearningservices/workspaces").map { convertService($0, kind: .machineLearningWorkspace) }
            + all("microsoft.machinelearningservices/workspaces/onlineendpoints").map { convertService($0, kind: .onlineEndpoint) }
            + all("microsoft.cognitiveservices/accounts").map { convertService($0, kind: .aiServices) }
        let vnetGateways = all("microsoft.network/virtualnetworkgateways").map { raw in
            VirtualNetworkGateway(
                id: raw.id, name: raw.name, location: raw.location,
                gatewayType: raw.property("gatewayType")?.string?.lowercased() ?? "vpn",
                subnet: (raw.property("ipConfigurations")?.items ?? []).compactMap { ($0.child("properties") ?? $0).child("subnet")?.referenceID }.first,
                publicIPs: (raw.property("ipConfigurations")?.items ?? []).compactMap {
                    ($0.child("properties") ?? $0).child("publicIPAddress")?.referenceID
                },
                origin: raw.sourceLocation)
        }
        let localGateways = all("microsoft.network/localnetworkgateways").map { raw in
            LocalNetworkGateway(
                id: raw.id, name: raw.name,
                prefixes: prefixes(raw, raw.property("localNetworkAddressSpace")?.child("addressPrefixes")), origin: raw.sourceLocation)
        }
        let gatewayConnections = all("microsoft.network/connections").map { raw in
            GatewayConnection(
                id: raw.id, name: raw.name, gateway: raw.property("virtualNetworkGateway1")?.referenceID,
                localGateway: raw.property("localNetworkGateway2")?.referenceID,
                status: raw.property("connectionStatus")?.string.map(GatewayConnectionStatus.init(azure:)), origin: raw.sourceLocation)
        }
        let gatewayPools = nicApplicationGatewayPools()
        let gateways = all("microsoft.network/applicationgateways").compactMap { convertApplicationGateway($0, nicPools: gatewayPools) }
        let membership = nicLoadBalancerMembership()
        let loadBalancers = all("microsoft.network/loadbalancers").compactMap {
            convertLoadBalancer($0, nicPoolMembers: membership.pools, nicNatTargets: membership.nat, nicNatPools: membership.natPools)
        }
        let natGateways = all("microsoft.network/natgateways").map { convertNATGateway($0) }
        let linkServices = all("microsoft.network/privatelinkservices").map { convertPrivateLinkService($0) }

        // In this order, so that their diagnostics come in the same order for the same input.
        let workloads = containerWorkloads()
        let adminRules = securityAdminRules(networks: networks, members: members)
        let wan = virtualWANModel(networks: networks)
        flagPrivateEndpointBypass(wan, subnets: subnets, endpoints: endpoints)
        return OtherResources(
            networks: networks, subnets: subnets, peerings: peerings, interfaces: interfaces, publicIPs: publicIPs,
            asgs: asgs, routeTables: routeTables, groupList: groupList, firewalls: firewalls, policies: policies,
            endpoints: endpoints, storage: storage, services: services, vnetGateways: vnetGateways,
            localGateways: localGateways, gatewayConnections: gatewayConnections, gateways: gateways,
            loadBalancers: loadBalancers, natGateways: natGateways, linkServices: linkServices, workloads: workloads,
            adminRules: adminRules, wan: wan)
    }

    // MARK: Shared field readers

    /// CIDR prefixes from a string or array member; reports each invalid one.
    mutating func prefixes(_ raw: RawResource, _ node: JSONNode?) -> [IPPrefix] {
        guard let node else { return [] }
        let items: [JSONNode] = { if case .array = node.value { return node.items } else { return [node] } }()
        var result: [IPPrefix] = []
        for item in items {
            guard let text = item.string else { error(raw, at: item, "expected a CIDR string, found \(item.value.kindName)"); continue }
            if let p = IPPrefix(text) { result.append(p) } else { error(raw, at: item, "invalid CIDR '\(text)'") }
        }
        return result
    }

    mutating func address(_ raw: RawResource, _ node: JSONNode?) -> IPAddress? {
        guard let node, let text = node.string, !text.isEmpty else { return nil }
        guard let ip = IPAddress(text) else { error(raw, at: node, "invalid IP address '\(text)'"); return nil }
        return ip
    }

    func references(_ node: JSONNode?) -> [ResourceID] { (node?.items ?? []).compactMap(\.referenceID) }

    /// References every entry of which must have an `id`: an error at each entry that has
    /// none, naming `owner` and the list.
    mutating func requiredReferences(_ raw: RawResource, _ key: String, in node: JSONNode? = nil, owner: String) -> [ResourceID] {
        var ids: [ResourceID] = []
        for item in (node ?? raw.properties).child(key)?.items ?? [] {
            if let id = item.referenceID { ids.append(id) } else { error(raw, at: item, "\(owner): a \(key) entry has no \"id\"") }
        }
        return ids
    }

    // MARK: Networks

    mutating func convertNetwork(_ raw: RawResource) -> VirtualNetwork? {
        let space = raw.property("addressSpace")?.child("addressPrefixes")
        if space == nil { error(raw, at: raw.properties, "virtual network '\(raw.name)' has no addressSpace.addressPrefixes") }
        return VirtualNetwork(
            id: raw.id, name: raw.name, location: raw.location, tags: raw.tags,
            addressSpace: prefixes(raw, space), origin: raw.sourceLocation)
    }

    mutating func convertSubnet(_ raw: RawResource, network: ResourceID, natGateways: [ResourceID: ResourceID] = [:]) -> Subnet? {
        var list = prefixes(raw, raw.property("addressPrefix"))
        if list.isEmpty { list = prefixes(raw, raw.property("addressPrefixes")) }
        if list.isEmpty {
            warn(raw, kind: .invalidInput, "subnet '\(raw.name)' has no addressPrefix or addressPrefixes; it holds no addresses")
        }
        let policiesNode = raw.property("privateEndpointNetworkPolicies")
        var policies = PrivateEndpointNetworkPolicies.disabled
        if let text = policiesNode?.string {
            if let known = PrivateEndpointNetworkPolicies(azure: text) {
                policies = known
            } else {
                warn(
                    raw, at: policiesNode, kind: .assumption,
                    "subnet '\(raw.name)' has privateEndpointNetworkPolicies '\(text)', which Azure does not define; taken as Disabled, so NSGs and route tables do not apply to its private endpoints (PE-6, PE-10)"
                )
            }
        }
        let endpoints = (raw.property("serviceEndpoints")?.items ?? []).compactMap { $0.child("service")?.string.map(ServiceEndpoint.init(azure:)) }
        return Subnet(
            id: raw.id, name: raw.name, network: network, prefixes: list,
            securityGroup: raw.property("networkSecurityGroup")?.referenceID,
            routeTable: raw.property("routeTable")?.referenceID,
            privateEndpointNetworkPolicies: policies,
            defaultOutboundAccess: raw.property("defaultOutboundAccess")?.bool,
            serviceEndpoints: endpoints,
            natGateway: raw.property("natGateway")?.referenceID ?? natGateways[raw.id], origin: raw.sourceLocation)
    }

    mutating func convertPeering(_ raw: RawResource, network: ResourceID) -> VirtualNetworkPeering? {
        let stateNode = raw.property("peeringState")
        let state = stateNode?.string?.lowercased() ?? "connected"
        if stateNode == nil {
            warn(raw, kind: .assumption, "peering '\(raw.name)' has no peeringState; assumed Connected")
        } else if !["connected", "initiated", "disconnected"].contains(state) {
            error(raw, at: stateNode, "peeringState '\(stateNode?.string ?? "")' is not Connected, Initiated or Disconnected")
        }
        var remoteSpace = prefixes(raw, raw.property("remoteAddressSpace")?.child("addressPrefixes"))
        if remoteSpace.isEmpty { remoteSpace = prefixes(raw, raw.property("remoteVirtualNetworkAddressSpace")?.child("addressPrefixes")) }
        func flag(_ key: String, _ defaultValue: Bool) -> Bool {
            guard let node = raw.property(key) else { return defaultValue }
            return node.bool ?? defaultValue
        }
        return VirtualNetworkPeering(
            id: raw.id, name: raw.name, localNetwork: network,
            remoteNetwork: raw.property("remoteVirtualNetwork")?.referenceID, state: state,
            allowVirtualNetworkAccess: flag("allowVirtualNetworkAccess", true),
            allowForwardedTraffic: flag("allowForwardedTraffic", false),
            allowGatewayTransit: flag("allowGatewayTransit", false),
            useRemoteGateways: flag("useRemoteGateways", false),
            remoteAddressSpace: remoteSpace, origin: raw.sourceLocation)
    }

    // MARK: Interfaces and addresses

    mutating func convertInterface(_ raw: RawResource) -> NetworkInterface? {
        var configs: [IPConfiguration] = []
        for child in children(of: raw.id, type: "microsoft.network/networkinterfaces/ipconfigurations") {
            let address = address(child, child.property("privateIPAddress"))
            configs.append(
                IPConfiguration(
                    id: child.id, name: child.name, privateAddress: address,
                    subnet: child.property("subnet")?.referenceID, publicIP: child.property("publicIPAddress")?.referenceID,
                    applicationSecurityGroups: references(child.property("applicationSecurityGroups")),
                    primary: child.property("primary")?.bool ?? false))
        }
        return NetworkInterface(
            id: raw.id, name: raw.name, location: raw.location, tags: raw.tags,
            securityGroup: raw.property("networkSecurityGroup")?.referenceID,
            ipForwarding: raw.property("enableIPForwarding")?.bool ?? false,
            ipConfigurations: configs,
            virtualMachine: raw.property("virtualMachine")?.referenceID,
            privateEndpoint: raw.property("privateEndpoint")?.referenceID,
            origin: raw.sourceLocation)
    }

    mutating func convertPublicIP(_ raw: RawResource) -> PublicIPAddress? {
        let skuName = raw.node.child("sku")?.child("name")?.string ?? raw.properties.child("sku")?.child("name")?.string
        let sku: PublicIPAddress.SKU
        switch skuName?.lowercased() {
        case "standard"?: sku = .standard
        case "basic"?: sku = .basic
        case nil:
            sku = .basic
            warn(raw, kind: .assumption, "public IP '\(raw.name)' has no sku; assumed Basic (open without an NSG, NSG-40)", severity: .note)
        default:
            sku = .standard
            warn(raw, kind: .assumption, "public IP '\(raw.name)' has unknown sku '\(skuName!)'; assumed Standard")
        }
        return PublicIPAddress(
            id: raw.id, name: raw.name, location: raw.location, sku: sku,
            address: address(raw, raw.property("ipAddress")),
            attachedTo: raw.property("ipConfiguration")?.referenceID, origin: raw.sourceLocation)
    }
}
