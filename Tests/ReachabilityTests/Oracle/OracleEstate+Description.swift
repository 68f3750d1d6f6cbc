/// A compact text form of the specification, for failure messages and FINDINGS.md.
extension OracleEstate: CustomStringConvertible {
    private static func ports(_ ranges: [ClosedRange<UInt16>]) -> String {
        ranges.isEmpty ? "*" : ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }

    var description: String {
        var lines = ["estate seed \(seed)"]
        for vnet in vnets {
            let peerings = vnet.peerings.map {
                "->\(vnets[$0.remote].name)(\($0.state) access=\($0.allowVirtualNetworkAccess) fwd=\($0.allowForwardedTraffic))"
            }
            lines.append("\(vnet.name) \(vnet.space) " + peerings.joined(separator: " "))
            for subnet in vnet.subnets {
                lines.append(
                    "  \(subnet.name) \(subnet.prefix)" + (subnet.nsg.map { " nsg=\(nsgs[$0].name)" } ?? "")
                        + (subnet.routeTable.map { " rt=\(routeTables[$0].name)" } ?? "")
                        + (subnet.endpointPolicies.map { " pePolicies=\($0.rawValue)" } ?? ""))
            }
        }
        for nic in nics {
            let configs = nic.configs.map { c in
                "\(vnets[c.vnet].name)/\(vnets[c.vnet].subnets[c.subnet].name) \(oracleText(c.address))"
                    + (c.publicIP.map { " pip \(oracleText($0.address)) \($0.standard ? "Standard" : "Basic")" } ?? "")
                    + (c.asgs.isEmpty ? "" : " in " + c.asgs.map { asgs[$0].name }.joined(separator: ","))
            }
            lines.append(
                "\(nic.name)\(nic.nsg.map { " nsg=\(nsgs[$0].name)" } ?? "")\(nic.forwarding ? " forwarding" : ""): " + configs.joined(separator: "; "))
        }
        for pe in privateEndpoints {
            let shape = [(EndpointShape.nic, "nic"), (.ipConfigurations, "ipConfigurations"), (.customDnsConfigs, "customDnsConfigs")]
                .filter { pe.shape.contains($0.0) }.map(\.1).joined(separator: "+")
            lines.append(
                "\(pe.name) private endpoint \(vnets[pe.vnet].name)/\(vnets[pe.vnet].subnets[pe.subnet].name) \(oracleText(pe.address)) "
                    + "\(pe.state.rawValue)\(pe.manual ? " (manual)" : "") shape=\(shape)\(pe.listsNIC ? " listsNIC" : "")"
                    + (pe.asgs.isEmpty ? "" : " in " + pe.asgs.map { asgs[$0].name }.joined(separator: ",")))
        }
        for fw in firewalls {
            lines.append(
                "\(fw.name) firewall \(oracleText(fw.address)) in \(fw.hub.map { wan!.hubs[$0].name } ?? vnets[fw.vnet].name) \(fw.viaPolicy ? "policy groups \(fw.groupPriorities)" : "classic")"
                    + " snat private ranges \(fw.privateRanges.map { $0.map(\.description).joined(separator: ",") } ?? "IANA")")
            for c in fw.collections {
                for r in c.rules {
                    lines.append(
                        "  \(fw.viaPolicy ? "g\(c.group) " : "")\(c.priority) \(c.allow ? "Allow" : "Deny ") \(r.protocols.joined(separator: ",")) "
                            + "\(r.sources.map(\.description).joined(separator: ",")) -> \(r.destinations.map(\.description).joined(separator: ",")):\(Self.ports(r.ports))"
                    )
                }
            }
        }
        for fw in firewalls {
            for c in fw.dnat {
                for r in c.rules {
                    lines.append(
                        "  \(fw.name) DNAT \(fw.viaPolicy ? "g\(c.group) " : "")\(c.priority) \(r.protocols.joined(separator: ",")) "
                            + "\(r.sources.map(\.description).joined(separator: ",")) -> \(oracleText(fw.publicIP!)):\(r.port) => "
                            + "\(oracleText(r.translated)):\(r.translatedPort)")
                }
            }
        }
        for asg in asgs { lines.append("\(asg.name) (members in \(vnets[asg.vnet].name))") }
        for nsg in nsgs {
            lines.append("\(nsg.name)\(nsg.explicitDefaults ? " (defaults exported)" : "")")
            for r in nsg.rules.sorted(by: { ($0.inbound ? 0 : 1, $0.priority) < ($1.inbound ? 0 : 1, $1.priority) }) {
                lines.append(
                    "  \(r.inbound ? "in " : "out") \(r.priority) \(r.allow ? "Allow" : "Deny ") \(r.proto.rawValue) "
                        + "\(r.sources.map(\.description).joined(separator: ",")):\(Self.ports(r.sourcePorts)) -> "
                        + "\(r.destinations.map(\.description).joined(separator: ",")):\(Self.ports(r.destinationPorts))")
            }
        }
        if !meshMembers.isEmpty { lines.append("mesh of \(meshMembers.map { vnets[$0].name }.joined(separator: ","))") }
        if !adminRules.isEmpty {
            lines.append("admin rules on \(adminMembers.map { vnets[$0].name }.joined(separator: ","))")
            for r in adminRules.sorted(by: { ($0.inbound ? 0 : 1, $0.priority) < ($1.inbound ? 0 : 1, $1.priority) }) {
                lines.append(
                    "  \(r.inbound ? "in " : "out") \(r.priority) \(r.alwaysAllow ? "AlwaysAllow" : r.allow ? "Allow" : "Deny ") \(r.proto.rawValue) "
                        + "\(r.sources.map(\.description).joined(separator: ",")):\(Self.ports(r.sourcePorts)) -> "
                        + "\(r.destinations.map(\.description).joined(separator: ",")):\(Self.ports(r.destinationPorts))")
            }
        }
        lines += wanDescription
        for table in routeTables {
            lines.append(
                "\(table.name)\(table.disableGatewayRoutes ? " (no gateway routes)" : ""): "
                    + table.routes.map { r in
                        let hop =
                            switch r.nextHop {
                            case .none: "None"
                            case .internet: "Internet"
                            case .vnetLocal: "VnetLocal"
                            case .appliance(let ip): "VirtualAppliance \(oracleText(ip))"
                            }
                        return "\(r.prefix) -> \(hop)"
                    }.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }
}

/// The Virtual WAN in the specification's text form.
extension OracleEstate {
    var wanDescription: [String] {
        guard let wan else { return [] }
        var lines = ["\(wan.name) \(wan.standard ? "Standard" : "Basic")"]
        func table(_ ref: HubTableRef) -> String { "\(wan.hubs[ref.hub].name)/\(wan.hubs[ref.hub].tables[ref.table].name)" }
        for hub in wan.hubs {
            let intent = hub.intent.map { i in
                " intent " + [i.privateTraffic ? "private" : nil, i.internet ? "internet" : nil].compactMap { $0 }.joined(separator: "+")
                    + (hub.exportsPolicyRoutes ? "" : " (policy routes not exported)")
            }
            lines.append("  \(hub.name) \(hub.range)\(hub.firewall.map { " firewall \(firewalls[$0].name)" } ?? "")\(intent ?? "")")
            for t in hub.tables {
                let routes = t.routes.map { "\($0.name) \($0.prefixes.map(\.description).joined(separator: ",")) -> firewall" }
                lines.append("    \(t.name) labels \(t.labels)" + (routes.isEmpty ? "" : ": " + routes.joined(separator: "; ")))
            }
        }
        for c in wan.connections {
            lines.append(
                "  \(c.name) \(vnets[c.vnet].name) on \(wan.hubs[c.hub].name) internetSecurity=\(c.internetSecurity.map { "\($0)" } ?? "omitted") "
                    + "assoc \(wan.hubs[c.hub].tables[c.associated].name) propagate ids [\(c.propagatedTables.map(table).joined(separator: ","))] "
                    + "labels \(c.labels) shape \(c.shape)")
        }
        return lines
    }
}
