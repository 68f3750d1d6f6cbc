import TopologyModel

/// Application Gateways (PUB-4): listeners -> routing rules (basic or path-based) ->
/// backend pools and HTTP settings, resolved into routes.
extension ImportContext {
    mutating func convertApplicationGateway(_ raw: RawResource, nicPools: [ResourceID: [ResourceID]]) -> ApplicationGateway? {
        var objects: [String: [JSONNode]] = [:]
        for (key, what) in [
            ("frontendIPConfigurations", "a frontend IP configuration"), ("frontendPorts", "a frontend port"),
            ("httpListeners", "a listener"), ("backendAddressPools", "a backend pool"),
            ("backendHttpSettingsCollection", "HTTP settings"), ("urlPathMaps", "a URL path map"),
            ("requestRoutingRules", "a routing rule"), ("gatewayIPConfigurations", "a gateway IP configuration"),
        ] {
            objects[key] = listItems(raw, raw.property(key), .object(what)) ?? []
        }
        func items(_ key: String) -> [JSONNode] { objects[key] ?? [] }
        func id(of item: JSONNode, _ collection: String) -> ResourceID {
            item.child("id")?.referenceID ?? ResourceID(raw.id.text + "/\(collection)/" + (item.child("name")?.string ?? "?"))
        }
        func props(_ item: JSONNode) -> JSONNode { item.child("properties") ?? item }
        var frontends: [ResourceID: (ResourceID?, IPAddress?)] = [:]
        for f in items("frontendIPConfigurations") {
            frontends[id(of: f, "frontendIPConfigurations")] = (
                props(f).child("publicIPAddress")?.referenceID, address(raw, props(f).child("privateIPAddress"))
            )
        }
        var ports: [ResourceID: UInt16] = [:]
        for p in items("frontendPorts") {
            if let text = props(p).child("port")?.string, let n = Int(text), (0...65535).contains(n) { ports[id(of: p, "frontendPorts")] = UInt16(n) }
        }
        var listeners: [ResourceID: (name: String, frontend: ResourceID?, port: UInt16?, proto: String)] = [:]
        for l in items("httpListeners") {
            let p = props(l)
            listeners[id(of: l, "httpListeners")] = (
                l.child("name")?.string ?? "?", p.child("frontendIPConfiguration")?.referenceID,
                p.child("frontendPort")?.referenceID.flatMap { ports[$0] }, p.child("protocol")?.string ?? "Http"
            )
        }
        var pools: [ResourceID: [ApplicationGateway.Backend]] = [:]
        for pool in items("backendAddressPools") {
            let poolID = id(of: pool, "backendAddressPools")
            var backends: [ApplicationGateway.Backend] = []
            let addressItems =
                listItems(
                    raw, props(pool).child("backendAddresses"),
                    .textOrObject(#"a backend address (an address, an FQDN, or {"ipAddress": ...} or {"fqdn": ...})"#)) ?? []
            for a in addressItems {
                if let text = a.string, !a.isObject {
                    backends.append(
                        IPAddress(text).map { .init(configuration: nil, address: $0, fqdn: nil) } ?? .init(configuration: nil, address: nil, fqdn: text))
                } else if let ip = a.child("ipAddress")?.string {
                    backends.append(.init(configuration: nil, address: IPAddress(ip), fqdn: IPAddress(ip) == nil ? ip : nil))
                } else if let fqdn = a.child("fqdn")?.string {
                    backends.append(.init(configuration: nil, address: nil, fqdn: fqdn))
                } else {
                    error(raw, at: a, "a backend address needs an \"ipAddress\" or an \"fqdn\"")
                }
            }
            for config in (referenceList(raw, props(pool).child("backendIPConfigurations")) ?? []) + (nicPools[poolID] ?? []) {
                backends.append(.init(configuration: config, address: nil, fqdn: nil))
            }
            pools[poolID] = Array(Set(backends)).sorted {
                "\($0.configuration?.key ?? "")\($0.address.map { "\($0)" } ?? "")\($0.fqdn ?? "")"
                    < "\($1.configuration?.key ?? "")\($1.address.map { "\($0)" } ?? "")\($1.fqdn ?? "")"
            }
        }
        var settings: [ResourceID: (UInt16, String)] = [:]
        for s in items("backendHttpSettingsCollection") {
            let p = props(s)
            let proto = p.child("protocol")?.string ?? "Http"
            let port =
                p.child("port")?.string.flatMap { Int($0) }.flatMap { (0...65535).contains($0) ? UInt16($0) : nil }
                ?? (proto.lowercased() == "https" ? 443 : 80)
            settings[id(of: s, "backendHttpSettingsCollection")] = (port, proto)
        }
        var pathMaps: [ResourceID: [(ResourceID?, ResourceID?)]] = [:]
        for m in items("urlPathMaps") {
            let p = props(m)
            var targets = [(p.child("defaultBackendAddressPool")?.referenceID, p.child("defaultBackendHttpSettings")?.referenceID)]
            for rule in listItems(raw, p.child("pathRules"), .object("a path rule")) ?? [] {
                targets.append((props(rule).child("backendAddressPool")?.referenceID, props(rule).child("backendHttpSettings")?.referenceID))
            }
            pathMaps[id(of: m, "urlPathMaps")] = targets
        }
        var routes: [ApplicationGateway.Route] = []
        for rule in items("requestRoutingRules") {
            let p = props(rule)
            let name = rule.child("name")?.string ?? "?"
            guard let listenerID = p.child("httpListener")?.referenceID, let listener = listeners[listenerID] else {
                warn(raw, at: rule, kind: .danglingReference, "routing rule '\(name)' names no listener of this gateway; not analysed")
                continue
            }
            guard let port = listener.port else {
                warn(raw, at: rule, kind: .danglingReference, "listener '\(listener.name)' has no frontend port; rule '\(name)' not analysed")
                continue
            }
            var targets: [(ResourceID?, ResourceID?)] = [(p.child("backendAddressPool")?.referenceID, p.child("backendHttpSettings")?.referenceID)]
            if let map = p.child("urlPathMap")?.referenceID { targets = pathMaps[map] ?? [] }
            let frontend = listener.frontend.flatMap { frontends[$0] }
            for (poolID, settingsID) in targets {
                guard let poolID, let backends = pools[poolID], !backends.isEmpty else { continue }
                let (backendPort, backendProtocol) = settingsID.flatMap { settings[$0] } ?? (80, "Http")
                routes.append(
                    ApplicationGateway.Route(
                        rule: name, listener: listener.name, publicIP: frontend?.0, privateAddress: frontend?.1,
                        listenerPort: port, listenerProtocol: listener.proto, backends: backends,
                        backendPort: backendPort, backendProtocol: backendProtocol))
            }
        }
        let waf = webApplicationFirewall(raw)
        return ApplicationGateway(
            id: raw.id, name: raw.name, location: raw.location,
            skuTier: raw.property("sku")?.child("tier")?.string,
            subnet: items("gatewayIPConfigurations").first.flatMap { props($0).child("subnet")?.referenceID },
            webApplicationFirewall: waf, routes: routes, origin: raw.sourceLocation)
    }

    /// NIC-side pool membership (`applicationGatewayBackendAddressPools`).
    mutating func nicApplicationGatewayPools() -> [ResourceID: [ResourceID]] {
        var pools: [ResourceID: [ResourceID]] = [:]
        for raw in resources(ofType: "microsoft.network/networkinterfaces/ipconfigurations") {
            for pool in referenceList(raw, raw.property("applicationGatewayBackendAddressPools")) ?? [] { pools[pool, default: []].append(raw.id) }
        }
        return pools
    }

    /// A linked WAF policy wins over the gateway's own configuration; the policy's mode and
    /// state are read when the policy is in the input.
    mutating func webApplicationFirewall(_ raw: RawResource) -> WebApplicationFirewall? {
        func mode(_ owner: RawResource, _ node: JSONNode?, named name: String) -> WebApplicationFirewall.Mode? {
            setting(
                owner, node, named: name, assumed: .prevention, because: "taken as Prevention (it may block requests, which are not evaluated offline)",
                WebApplicationFirewall.Mode.init(azure:))
        }
        if let policyID = raw.property("firewallPolicy")?.referenceID {
            guard let policy = resources[policyID] else { return WebApplicationFirewall(policy: policyID, mode: nil) }
            let settings = policy.property("policySettings")
            return WebApplicationFirewall(
                policy: policyID, mode: mode(policy, settings?.child("mode"), named: "policySettings.mode"),
                enabled: settings?.child("state")?.string?.lowercased() != "disabled")
        }
        guard let configuration = raw.property("webApplicationFirewallConfiguration") else { return nil }
        return WebApplicationFirewall(
            policy: nil, mode: mode(raw, configuration.child("firewallMode"), named: "firewallMode"),
            enabled: configuration.child("enabled")?.bool ?? true)
    }
}
