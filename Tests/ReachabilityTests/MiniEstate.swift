import AzureImport
import Foundation
import Reachability
import TopologyModel

/// Builds small ARM REST JSON estates in code, for tests that need a variation the
/// fixture files do not have.
struct MiniEstate {
    static let prefix = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network"
    var resources: [[String: Any]] = []

    static func id(_ type: String, _ name: String) -> String { "\(prefix)/\(type)/\(name)" }

    mutating func vnet(
        _ name: String, _ space: [String], location: String = "westeurope", tags: [String: String] = [:],
        subnets: [(name: String, prefix: String, nsg: String?, routeTable: String?)]
    ) {
        resources.append([
            "id": Self.id("virtualNetworks", name), "name": name, "type": "Microsoft.Network/virtualNetworks", "location": location,
            "tags": tags,
            "properties": [
                "addressSpace": ["addressPrefixes": space],
                "subnets": subnets.map { s -> [String: Any] in
                    var props: [String: Any] = ["addressPrefix": s.prefix]
                    if let nsg = s.nsg { props["networkSecurityGroup"] = ["id": Self.id("networkSecurityGroups", nsg)] }
                    if let rt = s.routeTable { props["routeTable"] = ["id": Self.id("routeTables", rt)] }
                    return ["id": Self.id("virtualNetworks", name) + "/subnets/" + s.name, "name": s.name, "properties": props]
                },
            ],
        ])
    }

    /// Both sides of a peering (or one side, with `reverse: false`).
    mutating func peer(
        _ a: String, _ b: String, state: String = "Connected", reverse: Bool = true,
        allowVirtualNetworkAccess: Bool = true, allowForwardedTraffic: Bool = false
    ) {
        func side(_ local: String, _ remote: String) {
            let index = resources.firstIndex { ($0["name"] as? String) == local }!
            var vnet = resources[index]
            var props = vnet["properties"] as! [String: Any]
            var peerings = props["virtualNetworkPeerings"] as? [[String: Any]] ?? []
            peerings.append([
                "id": Self.id("virtualNetworks", local) + "/virtualNetworkPeerings/\(local)-to-\(remote)", "name": "\(local)-to-\(remote)",
                "properties": [
                    "remoteVirtualNetwork": ["id": Self.id("virtualNetworks", remote)], "peeringState": state,
                    "allowVirtualNetworkAccess": allowVirtualNetworkAccess, "allowForwardedTraffic": allowForwardedTraffic,
                ],
            ])
            props["virtualNetworkPeerings"] = peerings
            vnet["properties"] = props
            resources[index] = vnet
        }
        side(a, b)
        if reverse { side(b, a) }
    }

    /// Rules as (name, priority, direction, access, protocol, source, sourcePort, destination, destinationPort).
    mutating func nsg(_ name: String, _ rules: [(String, Int, String, String, String, String, String, String, String)]) {
        resources.append([
            "id": Self.id("networkSecurityGroups", name), "name": name, "type": "Microsoft.Network/networkSecurityGroups", "location": "westeurope",
            "properties": [
                "securityRules": rules.map { r in
                    [
                        "name": r.0,
                        "properties": [
                            "priority": r.1, "direction": r.2, "access": r.3, "protocol": r.4,
                            "sourceAddressPrefix": r.5, "sourcePortRange": r.6,
                            "destinationAddressPrefix": r.7, "destinationPortRange": r.8,
                        ],
                    ] as [String: Any]
                }
            ],
        ])
    }

    mutating func nic(
        _ name: String, vnet: String, subnet: String, ip: String, nsg: String? = nil, publicIP: (name: String, address: String, sku: String)? = nil,
        forwarding: Bool = false
    ) {
        var config: [String: Any] = ["privateIPAddress": ip, "subnet": ["id": Self.id("virtualNetworks", vnet) + "/subnets/" + subnet]]
        if let pip = publicIP {
            config["publicIPAddress"] = ["id": Self.id("publicIPAddresses", pip.name)]
            resources.append([
                "id": Self.id("publicIPAddresses", pip.name), "name": pip.name, "type": "Microsoft.Network/publicIPAddresses",
                "sku": ["name": pip.sku], "properties": ["ipAddress": pip.address],
            ])
        }
        var props: [String: Any] = ["ipConfigurations": [["name": "ipconfig1", "properties": config]], "enableIPForwarding": forwarding]
        if let nsg { props["networkSecurityGroup"] = ["id": Self.id("networkSecurityGroups", nsg)] }
        resources.append(["id": Self.id("networkInterfaces", name), "name": name, "type": "Microsoft.Network/networkInterfaces", "properties": props])
    }

    /// Routes as (name, prefix, nextHopType, nextHopIpAddress).
    mutating func routeTable(_ name: String, _ routes: [(String, String, String, String?)]) {
        resources.append([
            "id": Self.id("routeTables", name), "name": name, "type": "Microsoft.Network/routeTables",
            "properties": [
                "routes": routes.map { r -> [String: Any] in
                    var p: [String: Any] = ["addressPrefix": r.1, "nextHopType": r.2]
                    if let ip = r.3 { p["nextHopIpAddress"] = ip }
                    return ["name": r.0, "properties": p]
                }
            ],
        ])
    }

    /// Sets one top-level property of the resource with this ID (a firewall, a policy...).
    mutating func setProperty(id: String, _ key: String, _ value: Any) {
        let index = resources.firstIndex { ($0["id"] as? String) == id }!
        var props = resources[index]["properties"] as? [String: Any] ?? [:]
        props[key] = value
        resources[index]["properties"] = props
    }

    /// Adds a subnet to a VNet already added with ``vnet(_:_:location:tags:subnets:)``.
    mutating func addSubnet(_ vnet: String, _ name: String, _ prefix: String, routeTable: String? = nil) {
        let index = resources.firstIndex { ($0["name"] as? String) == vnet }!
        var props = resources[index]["properties"] as! [String: Any]
        var subnetProps: [String: Any] = ["addressPrefix": prefix]
        if let routeTable { subnetProps["routeTable"] = ["id": Self.id("routeTables", routeTable)] }
        props["subnets"] =
            (props["subnets"] as! [[String: Any]]) + [["id": Self.id("virtualNetworks", vnet) + "/subnets/" + name, "name": name, "properties": subnetProps]]
        resources[index]["properties"] = props
    }

    /// Sets one property of the peering `local-to-remote` added with ``peer(_:_:state:reverse:allowVirtualNetworkAccess:allowForwardedTraffic:)``.
    mutating func setPeering(_ local: String, _ remote: String, _ key: String, _ value: Any) {
        let index = resources.firstIndex { ($0["name"] as? String) == local }!
        var props = resources[index]["properties"] as! [String: Any]
        var peerings = props["virtualNetworkPeerings"] as! [[String: Any]]
        let p = peerings.firstIndex { ($0["name"] as? String) == "\(local)-to-\(remote)" }!
        var peeringProps = peerings[p]["properties"] as! [String: Any]
        peeringProps[key] = value
        peerings[p]["properties"] = peeringProps
        props["virtualNetworkPeerings"] = peerings
        resources[index]["properties"] = props
    }

    /// A VPN gateway `vpn` in `vnet`'s GatewaySubnet, connected to local network gateway
    /// `branch` with the on-premises prefixes.
    mutating func vpnGateway(in vnet: String, onPremises: [String]) {
        resources.append([
            "id": Self.id("virtualNetworkGateways", "vpn"), "name": "vpn", "type": "Microsoft.Network/virtualNetworkGateways",
            "properties": [
                "gatewayType": "Vpn",
                "ipConfigurations": [
                    [
                        "name": "c",
                        "properties": [
                            "subnet": ["id": Self.id("virtualNetworks", vnet) + "/subnets/GatewaySubnet"]
                        ],
                    ]
                ],
            ],
        ])
        resources.append([
            "id": Self.id("localNetworkGateways", "branch"), "name": "branch", "type": "Microsoft.Network/localNetworkGateways",
            "properties": ["localNetworkAddressSpace": ["addressPrefixes": onPremises]],
        ])
        resources.append([
            "id": Self.id("connections", "s2s"), "name": "s2s", "type": "Microsoft.Network/connections",
            "properties": [
                "connectionType": "IPsec", "virtualNetworkGateway1": ["id": Self.id("virtualNetworkGateways", "vpn")],
                "localNetworkGateway2": ["id": Self.id("localNetworkGateways", "branch")],
            ],
        ])
    }

    var json: String { String(data: try! JSONSerialization.data(withJSONObject: resources, options: [.sortedKeys]), encoding: .utf8)! }

    func index(_ options: AnalysisOptions = AnalysisOptions()) throws -> EstateIndex {
        EstateIndex(topology: try AzureImporter.load(json: json).topology, options: options)
    }
}

extension EstateIndex {
    func check(_ src: String, _ dst: String, _ proto: IPProtocol = .tcp, _ port: UInt16 = 22, sourcePort: UInt16? = nil) throws -> FlowResult {
        try verdict(FlowQuery(source: IPAddress(src)!, destination: IPAddress(dst)!, proto: proto, destinationPort: port, sourcePort: sourcePort))
    }
}
