import Foundation

/// Builders for explicit outbound (NAT gateways, load balancers with outbound rules and NAT
/// pools): additions to ``MiniEstate`` for the tests that need them.
extension MiniEstate {
    /// Sets one property of a subnet already added with ``vnet(_:_:location:tags:subnets:)``.
    mutating func setSubnet(_ vnet: String, _ subnet: String, _ key: String, _ value: Any) {
        let index = resources.firstIndex { ($0["name"] as? String) == vnet }!
        var props = resources[index]["properties"] as! [String: Any]
        var subnets = props["subnets"] as! [[String: Any]]
        let s = subnets.firstIndex { ($0["name"] as? String) == subnet }!
        var subnetProps = subnets[s]["properties"] as! [String: Any]
        subnetProps[key] = value
        subnets[s]["properties"] = subnetProps
        props["subnets"] = subnets
        resources[index]["properties"] = props
    }

    /// Sets one property of a NIC's `ipconfig1`, added with ``nic(_:vnet:subnet:ip:nsg:publicIP:forwarding:)``.
    mutating func setIPConfiguration(_ nic: String, _ key: String, _ value: Any) {
        let index = resources.firstIndex { ($0["name"] as? String) == nic }!
        var props = resources[index]["properties"] as! [String: Any]
        var configs = props["ipConfigurations"] as! [[String: Any]]
        var configProps = configs[0]["properties"] as! [String: Any]
        configProps[key] = value
        configs[0]["properties"] = configProps
        props["ipConfigurations"] = configs
        resources[index]["properties"] = props
    }

    static func configID(_ nic: String) -> String { id("networkInterfaces", nic) + "/ipConfigurations/ipconfig1" }

    mutating func publicIP(_ name: String, _ address: String, sku: String = "Standard") {
        resources.append([
            "id": Self.id("publicIPAddresses", name), "name": name, "type": "Microsoft.Network/publicIPAddresses",
            "sku": ["name": sku], "properties": ["ipAddress": address],
        ])
    }

    /// A NAT gateway with public IPs (name, address) and prefixes (name, CIDR), attached to
    /// `subnets` (vnet, subnet) from the subnet side.
    mutating func natGateway(_ name: String, publicIPs: [(String, String)], prefixes: [(String, String)] = [], subnets: [(String, String)]) {
        for (pip, address) in publicIPs { publicIP(pip, address) }
        for (prefix, cidr) in prefixes {
            resources.append([
                "id": Self.id("publicIPPrefixes", prefix), "name": prefix, "type": "Microsoft.Network/publicIPPrefixes",
                "sku": ["name": "Standard"], "properties": ["ipPrefix": cidr],
            ])
        }
        resources.append([
            "id": Self.id("natGateways", name), "name": name, "type": "Microsoft.Network/natGateways", "sku": ["name": "Standard"],
            "properties": [
                "publicIpAddresses": publicIPs.map { ["id": Self.id("publicIPAddresses", $0.0)] },
                "publicIpPrefixes": prefixes.map { ["id": Self.id("publicIPPrefixes", $0.0)] },
            ],
        ])
        for (vnet, subnet) in subnets { setSubnet(vnet, subnet, "natGateway", ["id": Self.id("natGateways", name)]) }
    }

    /// A load balancer with one frontend `fe` (a public IP, or a private address in a
    /// subnet), one pool `pool` of `members` (NIC names), and the given rule collections
    /// as raw ARM objects (their `frontendIPConfiguration(s)` and `backendAddressPool` are
    /// filled in when missing).
    mutating func loadBalancer(
        _ name: String, sku: String = "Standard", publicIP: (String, String)? = nil, privateFrontend: (ip: String, vnet: String, subnet: String)? = nil,
        members: [String], rules: [[String: Any]] = [], natRules: [[String: Any]] = [], natPools: [[String: Any]] = [],
        outboundRules: [[String: Any]] = []
    ) {
        let lb = Self.id("loadBalancers", name)
        var frontend: [String: Any] = [:]
        if let (pip, address) = publicIP {
            self.publicIP(pip, address, sku: sku)
            frontend["publicIPAddress"] = ["id": Self.id("publicIPAddresses", pip)]
        }
        if let p = privateFrontend {
            frontend["privateIPAddress"] = p.ip
            frontend["subnet"] = ["id": Self.id("virtualNetworks", p.vnet) + "/subnets/" + p.subnet]
        }
        let fe = ["id": lb + "/frontendIPConfigurations/fe"]
        let pool = ["id": lb + "/backendAddressPools/pool"]
        func fill(_ items: [[String: Any]], _ collection: String, plural: Bool = false, pool usesPool: Bool = true) -> [[String: Any]] {
            items.map { item in
                var props = item["properties"] as? [String: Any] ?? [:]
                if plural {
                    if props["frontendIPConfigurations"] == nil { props["frontendIPConfigurations"] = [fe] }
                } else if props["frontendIPConfiguration"] == nil {
                    props["frontendIPConfiguration"] = fe
                }
                if usesPool, props["backendAddressPool"] == nil { props["backendAddressPool"] = pool }
                let itemName = item["name"] as! String
                return ["id": lb + "/\(collection)/\(itemName)", "name": itemName, "properties": props]
            }
        }
        resources.append([
            "id": lb, "name": name, "type": "Microsoft.Network/loadBalancers", "sku": ["name": sku],
            "properties": [
                "frontendIPConfigurations": [["id": fe["id"]!, "name": "fe", "properties": frontend]],
                "backendAddressPools": [
                    ["id": pool["id"]!, "name": "pool", "properties": ["backendIPConfigurations": members.map { ["id": Self.configID($0)] }]]
                ],
                "loadBalancingRules": fill(rules, "loadBalancingRules"),
                "inboundNatRules": fill(natRules, "inboundNatRules", pool: false),
                "inboundNatPools": fill(natPools, "inboundNatPools", pool: false),
                "outboundRules": fill(outboundRules, "outboundRules", plural: true),
            ] as [String: Any],
        ])
    }
}
