import Reachability
import TopologyModel

/// The words of one ``AuditFinding``: what the estate shows that proves it. The catalog's
/// fixed text (title, controls, remediation) is ``FindingCatalog``.
package enum FindingText {
    package static func sentence(_ finding: AuditFinding) -> String {
        switch finding.evidence {
        case .reach(let hop, _) where finding.code == .forwardedTransit:
            return forwarded(hop, peering: finding.subject?.name ?? "the training side's peering")
        case .reach(let hop, let matched):
            return reach(finding.code, hop: hop, matched: matched)
        case .paths(let count, let entries, let targets):
            let what = finding.code == .targetsToInternet ? "way\(count == 1 ? "" : "s") out" : "attack path\(count == 1 ? "" : "s")"
            return
                "\(count) shortest \(what) from \(entries) node\(entries == 1 ? "" : "s") to \(targets) node\(targets == 1 ? "" : "s"), each listed with its hops below."
        case .setting(let setting):
            return sentence(setting)
        case .ruleOrder(let order):
            return ruleOrder(finding.code, order)
        case .broadSource(let broad):
            return broadSource(broad)
        }
    }

    static func forwarded(_ hop: Hop, peering: String) -> String {
        func names(_ kinds: Set<TraceStep.Kind>) -> [String] {
            var seen = Set<String>()
            return hop.via.filter { kinds.contains($0.kind) && seen.insert($0.resourceName).inserted }.map(\.resourceName)
        }
        let middle = (names([.firewall, .appliance]) + hop.firewallRules.map(\.firewallName)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let routes = names([.route])
        return "\(hop.from) reaches \(hop.to) on \(hop.services.summary) through \(middle.isEmpty ? "an appliance" : middle.joined(separator: ", "))"
            + (routes.isEmpty ? "" : " (routes \(routes.joined(separator: ", ")))")
            + ": peering \(peering) has allowForwardedTraffic true, so the training VNet accepts what the hub forwards (PEER-7); peering alone would not carry this flow (PEER-2)."
    }

    /// A SAS lifetime as days, hours and minutes (`7 days`, `1 hour`).
    static func duration(_ seconds: Int) -> String {
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60
        let parts = [(days, "day"), (hours, "hour"), (minutes, "minute")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        return parts.isEmpty ? "\(seconds) seconds" : parts.joined(separator: " ")
    }

    /// Ranges of an expanded source the sentence names before it counts the rest.
    static let namedRanges = 8

    static func broadSource(_ broad: AuditFinding.BroadSource) -> String {
        let ranges = broad.prefixes
        let shown = ranges.prefix(namedRanges).joined(separator: ", ") + (ranges.count > namedRanges ? " and \(ranges.count - namedRanges) more" : "")
        let reach =
            broad.beyondNetwork
            ? "reaching past the VNet's own address space"
            : "covering only the VNet's own address space and the platform address (no peer or on-premises network yet)"
        return "Inbound allow \(broad.rule.name) (priority \(broad.rule.priority)) at \(broad.attachment) lets in \(broad.services.summary) from "
            + broad.written.joined(separator: ", ")
            + ", which the model resolves there to \(ranges.count) range\(ranges.count == 1 ? "" : "s") (\(shown)), \(reach)"
            + (broad.approximated
                ? "; AzureCloud is not in the service tag data given, so the model takes it as the Internet tag's addresses here (NSG-33; --service-tags resolves it)."
                : ".")
    }

    static func ruleOrder(_ code: AuditFinding.Code, _ order: AuditFinding.RuleOrder) -> String {
        func rule(_ r: SecurityRule) -> String { "\(r.access == .allow ? "allow" : "deny") \(r.name) (priority \(r.priority))" }
        let earlier = order.by.map(rule).joined(separator: ", ")
        let sources = order.sources.map { $0 == ExposureSource.internet.name ? "the Internet" : "the \($0) tag" }.joined(separator: " and ")
        let places = order.attachments.joined(separator: ", ")
        if code == .shadowedAllow {
            return
                "Inbound \(rule(order.rule)) lets nothing in at \(places): \(earlier) take\(order.by.count == 1 ? "s" : "") \(order.services.summary) from \(sources) first. Per-rule scanners still report the allow."
        }
        return
            "Inbound \(rule(order.rule)) does not stop \(order.services.summary) from \(sources) at \(places): \(earlier) let\(order.by.count == 1 ? "s" : "") it in first (NSG-11, first match by priority)."
    }

    static func reach(_ code: AuditFinding.Code, hop: Hop, matched: ServiceSet) -> String {
        switch code {
        case .egressBypassesFirewall:
            let ways = hop.via.compactMap { step -> String? in
                if case .outbound(let way) = step.event { return TraceText.text(way) }
                return nil
            }
            return "\(hop.from) reaches the Internet on \(hop.services.summary) through no Azure Firewall"
                + (ways.isEmpty ? "." : ": " + ways.joined(separator: "; ") + ".")
        case .unfilteredPeering:
            return "\(hop.from) reaches \(hop.to) across the peering on every protocol and port: no NSG rule between them narrows it."
        default:
            return
                "\(hop.from) reaches \(hop.to) on \(matched.summary) (the hop carries \(hop.services.summary)), after every NSG, route and firewall on the way."
        }
    }

    static func sentence(_ setting: AuditFinding.Setting) -> String {
        switch setting {
        case .noSecurityGroup(let interfaces, let guarded):
            return interfaces == 0
                ? "No NSG on the subnet, and no NIC in it yet: whatever is placed there is unfiltered from the VNet, its peers and on-premises."
                : "No NSG on the subnet; \(guarded) of its \(interfaces) NIC\(interfaces == 1 ? "" : "s") have an NSG of their own."
        case .publicIP(let interface, let address):
            return "NIC \(interface.name) has public IP \(address.map { "\($0)" } ?? "(dynamic, not allocated in the input)")."
        case .publicEndpoint(let access, let action):
            return
                "publicNetworkAccess is \(access?.azureName ?? "unset (Enabled)") and the network rules' default action is \(action?.azureName ?? "unset (Allow)")."
        case .anonymousContainers(let containers, let allows):
            let account = allows == true ? "allowBlobPublicAccess is true" : "allowBlobPublicAccess is unset (older accounts allow it)"
            return
                "\(account); container\(containers.count == 1 ? "" : "s") \(containers.joined(separator: ", ")) allow anonymous read, and the public endpoint admits clients."
        case .sharedKey(let value):
            return value == true
                ? "allowSharedKeyAccess is true: account keys, and the account and service SAS signed with them, authorise data requests."
                : "allowSharedKeyAccess is unset, which Azure reads as true: account keys and SAS signed with them authorise data requests."
        case .adminUser:
            return "adminUserEnabled is true: one shared user name and password can push and pull every repository."
        case .anonymousPull:
            return "anonymousPullEnabled is true: anyone who reaches the registry may pull."
        case .webApplicationFirewall(let waf, let listeners):
            let state = waf.map { "\($0.description)" } ?? "no WAF"
            return "\(listeners) public listener\(listeners == 1 ? "" : "s"); \(state): no request is blocked."
        case .threatIntelligence(let mode):
            return "Threat intelligence mode is \(mode?.azureName ?? "unset (Alert)"): traffic to and from known malicious addresses is at most logged."
        case .intrusionDetection(let tier, let mode, let certificate, let rules):
            var parts: [String] = []
            if tier?.lowercased() != "premium" || mode != .deny {
                parts.append("SKU tier \(tier ?? "unset (Standard)"), IDPS mode \(mode?.azureName ?? "unset (Off)"): intrusions are not blocked")
            }
            if certificate == nil || rules.isEmpty {
                let why =
                    certificate == nil
                    ? "the policy has no TLS inspection certificate authority (transportSecurity)"
                    : "no application rule for the training zone's egress sets terminateTLS"
                parts.append("\(why): exfiltration over TLS to allowed FQDNs is not inspected (FW-14)")
            }
            return parts.joined(separator: "; ") + "."
        case .expirationPolicies(let seconds, let action, let days, let sharedKey):
            let sas =
                seconds.map {
                    "the SAS expiration policy allows \(duration($0))\($0 > AuditFinding.longestSAS ? ", more than 7 days" : "")\(action.map { " (action \($0.azureName))" } ?? "")"
                } ?? "no SAS expiration policy (sasPolicy)"
            let key =
                days.map { "keys expire after \($0) days\($0 > AuditFinding.longestKeyDays ? ", more than 90" : "")" } ?? "no key expiration policy (keyPolicy)"
            return "\(sas.prefix(1).uppercased() + sas.dropFirst()); \(key)."
                + (sharedKey == false
                    ? " allowSharedKeyAccess is false, so keys and SAS signed with them authorise nothing today; the policies bound them if it is turned back on."
                    : "")
        case .minimumTLS(let version, let reachable):
            return "minimumTlsVersion is \(version?.azureName ?? "unset, which Azure reads as TLS 1.0")"
                + (reachable ? "; the public endpoint admits clients." : "; the public endpoint admits no client (private endpoints only).")
        case .plainHTTP(let open):
            return "supportsHttpsTrafficOnly is false: requests over plain HTTP are accepted"
                + (open ? ", and the public endpoint is open to all networks." : ".")
        case .encryption(let infrastructure, let source):
            var missing: [String] = []
            if infrastructure != true { missing.append("requireInfrastructureEncryption is \(infrastructure.map { "\($0)" } ?? "unset (false)")") }
            if source != .microsoftKeyvault { missing.append("keySource is \(source?.azureName ?? "unset (Microsoft.Storage)"), not a customer-managed key") }
            return "A store of the training zone's data: " + missing.joined(separator: "; ")
                + ". Service-side AES-256 encryption at rest is always on; this is defence in depth."
        case .crossTenantReplication:
            return "allowCrossTenantReplication is true: object replication may copy blobs to an account in another Microsoft Entra tenant."
        case .accessPolicies(let rbac):
            return
                "enableRbacAuthorization is \(rbac.map { "\($0)" } ?? "unset (false for vaults created before API version 2026-02-01)"): the vault's access policies authorise data access, and anyone who may write the vault (Contributor, Key Vault Contributor) can add one for themselves."
        case .purgeProtection(let value):
            return
                "enablePurgeProtection is \(value.map { "\($0)" } ?? "unset (off)"): someone with control-plane rights can purge deleted keys and secrets before their retention ends."
        case .geoReplication(let redundancy, let primary, let secondary):
            return
                "SKU redundancy \(redundancy.azureName): Azure keeps a copy in \(secondary.map { "secondary region \($0)" } ?? "the secondary region paired with \(primary) (secondaryLocation is not in the export)"). "
                + "Whether that region is inside the allowed ones is for the owner's list (a residency policy) to judge."
        case .replicas(let primary, let locations):
            return
                "Replicas in \(locations.joined(separator: ", ")) besides \(primary): images are copied there. Whether those regions are allowed is for the owner's list (a residency policy) to judge."
        case .privateEndpoints(let connections):
            guard !connections.isEmpty else { return "No private endpoint names the resource, and its public endpoint is not disabled." }
            return "No connection is Approved: "
                + connections.map { "\($0.endpoint.name) (\($0.state.azureName))" }.joined(separator: ", ")
                + "; the public endpoint is not disabled."
        case .gatewayTransit(let transit):
            let reached = transit.fromOnPremises.map { "\($0.to) on \($0.services.summary)" }
            return
                "useRemoteGateways is true on this side and allowGatewayTransit on \(transit.hubPeering.name), and no route table disables gateway route propagation (PEER-8, RT-10): "
                + "\(transit.subnets.joined(separator: ", ")) learn\(transit.subnets.count == 1 ? "s" : "") \(transit.prefixes.map(\.description).joined(separator: ", ")) through gateway \(transit.gateway). "
                + (reached.isEmpty
                    ? "No NSG lets on-premises clients in today; the routes still carry training-zone traffic to on-premises."
                    : "On-premises clients reach " + reached.joined(separator: "; ") + ".")
        case .privateEndpointPolicies(let policies, let endpoint, let nsg):
            return
                "Private endpoint \(endpoint.name) sits in a subnet with NSG \(nsg.name), but privateEndpointNetworkPolicies is \(policies.azureName), so the NSG does not filter traffic to it (PE-6)."
        case .inferenceEndpoint(let endpoint):
            return inference(endpoint)
        case .foreignEndpoints(let connections, let subscriptions):
            let listed = connections.map { c in
                "\(c.name) from private endpoint \(c.endpoint?.name ?? "?") in subscription \(c.endpoint?.subscription ?? "?")"
            }
            return "Approved private endpoint connection\(connections.count == 1 ? "" : "s") "
                + listed.joined(separator: "; ")
                + ": \(connections.count == 1 ? "that subscription is" : "those subscriptions are") not among the \(subscriptions) subscription\(subscriptions == 1 ? "" : "s") of the input, which Lateral takes as the estate. "
                + "Traffic through such an endpoint reaches the resource without passing any NSG or firewall of the estate; whether the subscription belongs to another tenant is not in the export."
        case .mutableImages(let images):
            let listed = images.map { image in
                "\(image.container): \(image.reference)" + (image.tag == nil ? " (no tag: latest)" : "")
            }
            return "Runs \(images.count == 1 ? "an image" : "images") by a mutable tag, with no @sha256: digest: "
                + listed.joined(separator: "; ")
                + ". A push of that tag replaces what runs at the next start or scale-out. Whether the images are scanned or quarantined is data-plane and not checked."
        }
    }

    /// PL-003: what opens an inference service, in its settings' own words.
    static func inference(_ endpoint: AuditFinding.InferenceEndpoint) -> String {
        var parts: [String] = []
        if endpoint.openToAllNetworks {
            var open =
                "the public endpoint takes traffic from every network: publicNetworkAccess is \(endpoint.publicNetworkAccess?.azureName ?? "unset (Enabled)"), default action \(endpoint.defaultAction?.azureName ?? "unset (no network rules: any network)")"
            if endpoint.publicWhenBehindVnet == true { open += ", allowPublicAccessWhenBehindVnet is true" }
            parts.append(open)
        }
        if endpoint.takesKeys {
            switch endpoint.kind {
            case .onlineEndpoint: parts.append("authMode is Key: static keys that never expire authorise scoring calls")
            default:
                parts.append(
                    "disableLocalAuth is \(endpoint.disableLocalAuth.map { "\($0)" } ?? "unset (false)"): account keys authorise calls without Microsoft Entra ID"
                )
            }
        }
        let what =
            switch endpoint.kind {
            case .onlineEndpoint: "Online endpoint"
            case .aiServices: "\(endpoint.accountKind?.azureName ?? "AI services") account"
            default: "Machine Learning workspace"
            }
        return "\(what): " + parts.joined(separator: "; ") + "."
    }
}
