import Foundation

/// The adversarial features the random estates may use. A feature the engine gets wrong is
/// switched off in ``committed`` (with the reason next to it) so the committed suite stays
/// green; FINDINGS.md records what it found. `ORACLE_KNOBS=all` turns every feature on.
struct OracleKnobs: Sendable {
    /// NICs with a second or third IP configuration in another subnet of their VNet.
    var multiIPNICs = true
    /// A secondary IP configuration in the same subnet as another one of the NIC.
    var secondaryIPsSameSubnet = true
    /// Public literal prefixes in the rules that overlap or touch: nested (a /32 in a /24, a
    /// /24 in a /23, anything in 0.0.0.0/0) and adjacent (203.0.0.0/24 next to 203.0.1.0/24,
    /// a /32 next to a /29). Off, the public literals are three apart from one another.
    var overlappingPublicPrefixes = true
    /// Public IPs (Standard and Basic) on IP configurations.
    var publicIPs = true
    var peerings = true
    var routeTables = true
    /// `VirtualAppliance` next hops (NICs with and without IP forwarding, unheld addresses).
    var appliances = true
    /// Rules with source ports other than `*`.
    var sourcePorts = true
    /// `sourceAddressPrefixes` / `destinationAddressPrefixes` with several prefixes.
    var prefixLists = true
    /// NSGs exported with their `defaultSecurityRules`.
    var explicitDefaults = true
    /// A `VirtualAppliance` route that is the longest match for the appliance's own address,
    /// so that packets *to* the appliance take the route to it.
    var applianceOnItsOwnRoute = true
    /// User routes for a public prefix (203.0.0.0/24), which joins the subnet's VirtualNetwork
    /// tag (NSG-30 item 4) and so admits those Internet sources through `AllowVnetInBound`.
    var publicRoutePrefixes = true
    /// User routes for one host's address (a /32 that cuts a subnet in two).
    var hostRoutes = true
    /// Flows to the five addresses Azure keeps in every subnet (first four, last).
    var reservedAddressProbes = true
    /// Private endpoints in every input shape (NIC, `ipConfigurations`, `customDnsConfigs`,
    /// combinations), every connection state in automatic or manual connections, and every
    /// `privateEndpointNetworkPolicies` value (or none) on the subnets (PE-2, PE-5..PE-8).
    var privateEndpoints = true
    /// Application security groups on NIC IP configurations and private endpoints, named by
    /// rules as sources and destinations (NSG-24..NSG-26).
    var applicationSecurityGroups = true
    /// Rules with source ports in NSGs that guard private endpoints (subnets whose network
    /// policies enable NSGs). PE-6: such an NSG treats source ports as `*`.
    var sourcePortsAtEndpoints = true
    /// Azure Firewalls (classic network rule collections or a policy with rule collection
    /// groups, SNAT private ranges default, custom, never or always) as `VirtualAppliance`
    /// next hops: FW-1, FW-2, FW-4, FW-5, FW-10, FW-15..FW-17, RT-18.
    var azureFirewalls = true
    /// Address ranges `a-b` (between two host addresses) in firewall rules.
    var firewallAddressRanges = true
    /// A route for the firewall's own VNet range to the firewall (RT-20: how spokes send
    /// hub-bound traffic through the hub firewall), so that it covers the firewall's address.
    var firewallOnItsOwnRoute = true
    /// DNAT rules on a firewall's public IP to hosts and private endpoints, a later
    /// collection often reusing an earlier one's port for another host (FW-5, FW-9, FW-17).
    var firewallDNAT = true
    /// A later DNAT collection taking an earlier one's public port for another host or port
    /// (FW-5: the earlier collection wins).
    var dnatShadowing = true
    /// Security admin rules of a network manager on some VNets, with Allow, Deny and
    /// AlwaysAllow over the NSG rules' addresses and ports (AVNM-3..AVNM-6).
    var adminRules = true
    /// A mesh connectivity configuration over VNets that are not peered with one another.
    var connectedGroups = true
    /// Published service tags (data as `--service-tags` gives it) on single-item sides of NSG
    /// and admin rules, over the rules' public literals (TAG-10).
    var serviceTags = true
    /// Admin rules naming an address no NSG rule names (the NSG rule an admin rule was copied
    /// from retagged by `serviceTags`). Off, the NSG rule keeps such a literal.
    var adminLiteralsAlone = true
    /// A Virtual WAN over some VNets: one or two hubs (now and then a Basic WAN), hub firewalls
    /// with routing intent or Firewall Manager's static routes, custom tables with labels,
    /// every way to associate and propagate, `enableInternetSecurity` both ways and subnets
    /// that stop gateway routes (VWAN-6 to VWAN-28).
    var virtualWAN = true
    /// Hub firewalls whose SNAT private ranges (always SNAT, or 10/8 only) translate traffic
    /// between spokes, whose replies then go to the firewall's address in the hub's range (FW-16,
    /// VWAN-13.1).
    var hubFirewallSNAT = true
    /// VNets on the WAN whose route tables name an appliance (or firewall) in another VNet on
    /// the WAN that they do not peer with: RT-7 wants direct connectivity, "not via ... Virtual
    /// WAN", so such a next hop is a black hole. Off, such pairs are not both connected.
    var appliancesAcrossHub = true
    /// VNets that an Azure Firewall in a VNet reaches directly (its own VNet, live peers, mesh
    /// partners) connected to the WAN too, so that a request that firewall forwarded may be answered
    /// through a hub firewall (RT-18). Off, such VNets are not connected.
    var vnetFirewallsBesideWAN = true

    /// Every feature on.
    static let all = OracleKnobs()

    /// What the committed suite runs: every feature but the ones the engine gets wrong.
    static let committed: OracleKnobs = {
        var knobs = OracleKnobs()
        knobs.reservedAddressProbes = false  // engine bug: flows to Azure-reserved subnet addresses are accepted (F2)
        return knobs
    }()

    /// The switches by name, for `ORACLE_KNOBS`.
    nonisolated(unsafe) static let names: [String: WritableKeyPath<OracleKnobs, Bool>] = [
        "multiIPNICs": \.multiIPNICs, "secondaryIPsSameSubnet": \.secondaryIPsSameSubnet,
        "overlappingPublicPrefixes": \.overlappingPublicPrefixes, "publicIPs": \.publicIPs, "peerings": \.peerings,
        "routeTables": \.routeTables, "appliances": \.appliances, "sourcePorts": \.sourcePorts, "prefixLists": \.prefixLists,
        "explicitDefaults": \.explicitDefaults, "applianceOnItsOwnRoute": \.applianceOnItsOwnRoute,
        "reservedAddressProbes": \.reservedAddressProbes, "publicRoutePrefixes": \.publicRoutePrefixes, "hostRoutes": \.hostRoutes,
        "privateEndpoints": \.privateEndpoints, "applicationSecurityGroups": \.applicationSecurityGroups,
        "sourcePortsAtEndpoints": \.sourcePortsAtEndpoints, "azureFirewalls": \.azureFirewalls,
        "firewallAddressRanges": \.firewallAddressRanges, "firewallOnItsOwnRoute": \.firewallOnItsOwnRoute, "firewallDNAT": \.firewallDNAT,
        "dnatShadowing": \.dnatShadowing, "adminRules": \.adminRules, "connectedGroups": \.connectedGroups, "serviceTags": \.serviceTags,
        "adminLiteralsAlone": \.adminLiteralsAlone,
        "virtualWAN": \.virtualWAN, "hubFirewallSNAT": \.hubFirewallSNAT,
        "appliancesAcrossHub": \.appliancesAcrossHub, "vnetFirewallsBesideWAN": \.vnetFirewallsBesideWAN,
    ]

    /// ``committed``; `ORACLE_KNOBS=all` gives ``all``, `ORACLE_KNOBS=name,name` turns those
    /// switches on over ``committed``.
    static var current: OracleKnobs {
        guard let setting = ProcessInfo.processInfo.environment["ORACLE_KNOBS"] else { return .committed }
        if setting == "all" { return .all }
        var knobs = OracleKnobs.committed
        for name in setting.split(separator: ",") { knobs[keyPath: names[String(name)]!] = true }
        return knobs
    }
}
