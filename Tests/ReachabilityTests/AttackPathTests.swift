import AuditReport
import AzureImport
import Reachability
import TestSupport
import Testing
import TopologyModel

/// Attack paths on the bundled default estate (Topologies/retail-llm; its README says
/// which paths exist and why).
@Suite("Attack paths on the retail-llm estate")
struct AttackPathTests {
    static let estate: (index: EstateIndex, graph: ReachabilityGraph) = {
        let imported = try! AzureImporter.load(paths: [Fixtures.path("Topologies/retail-llm")])
        let index = EstateIndex(topology: imported.topology)
        return (index, index.graph())
    }()

    func paths(_ from: String, _ to: String, maxHops: Int = 8) throws -> PathResult {
        Self.estate.graph.paths(
            PathQuery(from: [try Selector(parsing: from)], to: [try Selector(parsing: to)], maxHops: maxHops),
            topology: Self.estate.index.topology)
    }

    static let pe = "vnet-llm-inference-weu/snet-pe:pe-stllmweightsgwc-blob"
    /// The westeurope web tier is one node: both NICs are backends of the same gateway rule.
    static let weuWeb = ["vnet-retail-fe-weu/snet-web"]

    func verdict(_ src: String, _ dst: String, _ port: UInt16) throws -> FlowResult {
        try Self.estate.index.verdict(FlowQuery(source: IPAddress(src)!, destination: IPAddress(dst)!, proto: .tcp, destinationPort: port))
    }

    @Test("Internet -> jump box on 22/3389 (own public IP and firewall DNAT) -> training GPU subnet over the direct peering")
    func jumpBoxPath() throws {
        let result = try paths("internet", "tag:role=llm-training")
        let path = try #require(result.paths.first { $0.nodes == ["internet", "vnet-retail-fe-weu/snet-jump", "vnet-llm-train-gwc/snet-gpu"] })
        let entry = path.hops[0]
        #expect(entry.services.entries.map(\.proto) == [.tcp])
        #expect(entry.services.ports[.tcp] == PortSet([22...22, 3389...3389]))
        // Its own public IP admits the Internet on 22 and 3389; the firewall DNAT publishes
        // 22 again, seen by the NSG as the firewall's private address.
        #expect(entry.allowedBy.map(\.rule.name) == ["Allow-SSH-RDP-Internet", "Allow-SSH-From-AzureFirewall"])
        #expect(entry.firewallRules.map(\.rule) == ["jump-weu-ssh"])
        #expect(entry.firewallRules.first?.action == .dnat)
        #expect(entry.firewallRules.first?.services.ports[.tcp] == PortSet(22...22))
        #expect(entry.via.map(\.kind).starts(with: [.publicIP, .firewall]))
        let pivot = path.hops[1]
        #expect(pivot.services.ports[.tcp]?.isFull == true)
        #expect(pivot.allowedBy.map(\.rule.name).contains("AllowVnetInBound"))
        #expect(pivot.via.contains { $0.kind == .peering })
        #expect(!pivot.via.contains { $0.kind == .firewall })
    }

    @Test("Firewall DNAT: Internet -> 20.218.196.10:50022 reaches the jump box on 22; other ports are dropped (FW-2, FW-9, FW-17)")
    func jumpBoxDNAT() throws {
        let published = try verdict("198.51.100.7", "20.218.196.10", 50022)
        #expect(published.disposition == .accepted)
        #expect(published.trace.contains { $0.kind == .firewall && $0.rule == "dnat-retail-jumpbox/jump-weu-ssh" })
        #expect(published.decidingRules.last == "nsg-retail-jump-weu/Allow-SSH-From-AzureFirewall")
        #expect(try verdict("198.51.100.7", "20.218.196.10", 22).disposition == .deniedByFirewall)
    }

    @Test("Internet -> Application Gateway agw-retail-weu (listener 443, WAF in Detection) -> weu web tier on 8080, seen from snet-agw (PUB-4)")
    func applicationGatewayHop() throws {
        let graph = Self.estate.graph
        for (web, address) in zip(Self.weuWeb, ["10.10.1.4", "10.10.1.5"]) {
            // The web NICs have no public IP any more: the gateway is the only way in.
            let node = try #require(graph.node(web))
            #expect(node.endpoints.allSatisfy { $0.publicIP == nil })
            let hop = try #require(graph.hop(from: "internet", to: web))
            // The backend sees the HTTP settings port, not the listener port.
            #expect(hop.services.entries.map(\.proto) == [.tcp])
            #expect(hop.services.ports[.tcp] == PortSet(8080...8080))
            // The client talks to the gateway's public frontend on the listener port.
            #expect(hop.witness.destination == IPAddress("20.61.112.50"))
            #expect(hop.witness.port == 443)
            #expect(hop.witness.translatedDestination == IPAddress(address))
            let gateway = try #require(hop.via.first)
            #expect(gateway.kind == .publicIP)
            #expect(gateway.resourceName == "agw-retail-weu")
            #expect(gateway.rule == "rule-shop-https")
            #expect(gateway.detail.contains("20.61.112.50:443"))
            // The listener is admitted from the Internet by the gateway subnet's NSG; the
            // backend NSG admits the gateway subnet, not the Internet.
            let listener = try #require(hop.allowedBy.first { $0.securityGroupName == "nsg-retail-agw-weu" && $0.direction == .inbound })
            #expect(listener.rule.name == "Allow-Internet-HTTPS-Inbound")
            #expect(listener.services.ports[.tcp] == PortSet(443...443))
            let backend = try #require(hop.allowedBy.first { $0.securityGroupName == "nsg-retail-web-weu" })
            #expect(backend.rule.name == "Allow-AppGateway-HTTP-8080")
            #expect(backend.direction == .inbound)
            #expect(backend.rule.source.prefixes == AddressSet(prefixes: [IPPrefix("10.10.3.0/24")!]))
            #expect(!hop.allowedBy.contains { $0.rule.name == "Allow-GatewayManager-Inbound" })
            #expect(hop.firewallRules.isEmpty)
            // A WAF is configured, but in Detection mode; the tool cannot evaluate its rules.
            #expect(hop.findings.contains { $0.text.contains("WAF Detection") && $0.text.contains("blocks nothing") })
            // From there mistake 2 (the direct peering) leads on to training.
            #expect(graph.hop(from: web, to: "vnet-llm-train-gwc/snet-gpu") != nil)
        }
        let result = try paths("internet", "subnet:vnet-llm-train-gwc/snet-gpu")
        for web in Self.weuWeb { #expect(result.paths.map(\.nodes).contains(["internet", web, "vnet-llm-train-gwc/snet-gpu"])) }
        // The gateway subnet itself holds no host, so nothing pivots from it.
        #expect(graph.node("vnet-retail-fe-weu/snet-agw")?.kind == .vacantSubnet)
        #expect(graph.hops(from: "vnet-retail-fe-weu/snet-agw").isEmpty)
    }

    @Test("Application Gateway flow: Internet -> 20.61.112.50:443 is accepted through the gateway to 10.10.1.4:8080")
    func applicationGatewayFlow() throws {
        let flow = try verdict("198.51.100.7", "20.61.112.50", 443)
        #expect(flow.disposition == .accepted)
        #expect(flow.trace.contains { $0.kind == .publicIP && $0.resourceName == "agw-retail-weu" && $0.detail.contains("WAF Detection") })
        #expect(flow.trace.contains { $0.detail.contains("backend connection from the gateway subnet (10.10.3.4) to 10.10.1.4:8080") })
        #expect(flow.decidingRules.first == "nsg-retail-agw-weu/Allow-Internet-HTTPS-Inbound")
        #expect(flow.decidingRules.last == "nsg-retail-web-weu/Allow-AppGateway-HTTP-8080")
        #expect(flow.trace.contains { $0.detail.contains("listener listener-shop-https") })
        // The web VMs' own public IPs (20.61.112.11/.12) are gone: nothing answers there.
        #expect(throws: (any Error).self) { try verdict("198.51.100.7", "20.61.112.11", 443) }
    }

    @Test("The direct fe-weu <-> train-gwc peering beats the app subnet's 0.0.0.0/0 firewall route (RT-12, §8 case 11)")
    func directPeeringBypassesFirewall() throws {
        let graph = Self.estate.graph
        let bypass = try #require(graph.hop(from: "vnet-retail-fe-weu/snet-app", to: "vnet-llm-train-gwc/snet-gpu"))
        #expect(bypass.services.ports[.tcp]?.isFull == true)
        #expect(bypass.firewallRules.isEmpty)
        #expect(!bypass.via.contains { $0.kind == .firewall })
        #expect(bypass.via.contains { $0.kind == .peering && $0.resourceName == "peer-retail-fe-weu-to-llm-train-gwc" })
        // The same subnet's traffic to the other training VNet does take the firewall, whose
        // deny collection drops it: the intent holds only where routing honours it.
        #expect(graph.hop(from: "vnet-retail-fe-weu/snet-app", to: "vnet-llm-train-chn/snet-gpu") == nil)
        let denied = try verdict("10.10.2.4", "10.60.1.4", 443)
        #expect(denied.disposition == .deniedByFirewall)
        #expect(denied.trace.last?.rule == "deny-retail-to-training/retail-frontends-to-training")
    }

    @Test("Frontend app -> firewall -> inference on TCP 443 only, client address kept, symmetric")
    func appThroughFirewall() throws {
        let hop = try #require(Self.estate.graph.hop(from: "vnet-retail-fe-weu/snet-app", to: "vnet-llm-inference-weu/snet-inference"))
        #expect(hop.services.entries.map(\.proto) == [.tcp])
        #expect(hop.services.ports[.tcp] == PortSet(443...443))
        #expect(hop.firewallRules.map(\.rule) == ["fe-weu-app-to-inference-https"])
        #expect(hop.via.contains { $0.kind == .firewall && $0.detail.contains("client address kept") })
        #expect(hop.allowedBy.contains { $0.rule.name == "Allow-Retail-App-HTTPS" })
        #expect(hop.findings.isEmpty, "the inference subnet's 0.0.0.0/0 route brings replies back through the same firewall")
    }

    @Test("The source-ASG deny in switzerlandnorth does not stop the peered eastus frontends (NSG-26)")
    func asgTrap() throws {
        let hop = try #require(Self.estate.graph.hop(from: "vnet-retail-fe-eus/snet-web", to: "vnet-llm-train-chn/snet-gpu"))
        #expect(!hop.allowedBy.contains { $0.rule.name == "Deny-Frontend-ASG" })
        #expect(hop.allowedBy.contains { $0.rule.name == "AllowVnetInBound" && $0.direction == .inbound })
        #expect(hop.services.ports[.tcp]?.isFull == true)
        // The same NSG sits on snet-eval, so the trap leaves it open too.
        let eval = try #require(Self.estate.graph.hop(from: "vnet-retail-fe-eus/snet-app", to: "vnet-llm-train-chn/snet-eval"))
        #expect(!eval.allowedBy.contains { $0.rule.name == "Deny-Frontend-ASG" })
        #expect(eval.allowedBy.contains { $0.securityGroupName == "nsg-llm-train-chn" && $0.rule.name == "AllowVnetInBound" })
        #expect(try verdict("10.20.1.4", "10.60.3.4", 22).disposition == .accepted)
    }

    @Test("A half-configured peering gives no path (PEER-1)")
    func halfPeering() throws {
        let result = try paths("vnet:vnet-retail-fe-sea", "tag:role=llm-training")
        #expect(!result.reachable)
        #expect(!result.sources.isEmpty)
    }

    @Test("Peering is not transitive: without a route to the firewall no spoke reaches another spoke through a hub (PEER-2)")
    func nonTransitive() throws {
        let graph = Self.estate.graph
        // fe-weu and inference-weu share hub-weu, which has no firewall: the web and jump
        // subnets (no route table) have no route to inference at all.
        for web in Self.weuWeb { #expect(graph.hop(from: web, to: "vnet-llm-inference-weu/snet-inference") == nil) }
        #expect(graph.hop(from: "vnet-retail-fe-weu/snet-jump", to: "vnet-llm-inference-weu/snet-inference") == nil)
        #expect(try verdict("10.10.255.4", "10.70.1.4", 443).disposition != .accepted)
        // Only the app subnet, whose 0.0.0.0/0 route points at afw-hub-gwc, gets there.
        let toInference = try paths("tag:role=retail-frontend", "subnet:vnet-llm-inference-weu/snet-inference", maxHops: 1)
        #expect(toInference.paths.map(\.nodes) == [["vnet-retail-fe-weu/snet-app", "vnet-llm-inference-weu/snet-inference"]])
        // The eastus and southeastasia frontends never reach inference.
        #expect(!(try paths("vnet:vnet-retail-fe-sea", "subnet:vnet-llm-inference-weu/snet-inference")).reachable)
        #expect(!(try paths("vnet:vnet-retail-fe-eus", "subnet:vnet-llm-inference-weu/snet-inference")).reachable)
        // The two training spokes of hub-gwc reach each other only through the firewall, which has no rule for it.
        #expect(graph.hop(from: "vnet-llm-train-gwc/snet-gpu", to: "vnet-llm-train-chn/snet-gpu") == nil)
        #expect(graph.hop(from: "vnet-llm-train-chn/snet-gpu", to: "vnet-llm-train-gwc/snet-gpu") == nil)
        #expect(try verdict("10.60.1.4", "10.50.1.4", 443).disposition == .deniedByFirewall)
        // snet-eval has no route table: 10.50.x falls into 10.0.0.0/8 -> None, and its NSG's
        // DenyAllOutBound already refuses it (VirtualNetwork is not widened there).
        #expect(graph.hop(from: "vnet-llm-train-chn/snet-eval", to: "vnet-llm-train-gwc/snet-gpu") == nil)
        #expect(try verdict("10.60.3.4", "10.50.1.4", 443).disposition == .deniedOutbound)
        #expect(try verdict("10.50.1.4", "10.60.3.4", 443).disposition == .deniedByFirewall)
    }

    @Test("The data node's NIC NSG blocks frontends directly; they reach it only by pivoting through the GPU subnet")
    func dataNodeNeedsPivot() throws {
        for web in Self.weuWeb { #expect(Self.estate.graph.hop(from: web, to: "vnet-llm-train-gwc/snet-data") == nil) }
        let result = try paths("subnet:vnet-retail-fe-weu/snet-web", "subnet:vnet-llm-train-gwc/snet-data")
        #expect(result.paths.map(\.nodes) == Self.weuWeb.map { [$0, "vnet-llm-train-gwc/snet-gpu", "vnet-llm-train-gwc/snet-data"] })
        let limited = try paths("subnet:vnet-retail-fe-weu/snet-web", "subnet:vnet-llm-train-gwc/snet-data", maxHops: 1)
        #expect(!limited.reachable)
    }

    @Test("Training reaches the weights private endpoint through the firewall's application rule, SNATed; the PE subnet NSG is not enforced (PE-6, FW-15)")
    func weightsThroughFirewallAndPrivateEndpoint() throws {
        let hop = try #require(Self.estate.graph.hop(from: "vnet-llm-train-gwc/snet-gpu", to: Self.pe))
        #expect(hop.services.entries.map(\.proto) == [.tcp])
        #expect(hop.services.ports[.tcp] == PortSet(443...443))
        let rule = try #require(hop.firewallRules.first)
        #expect(rule.kind == .application)
        #expect(rule.rule == "weights-blob-private-endpoint")
        #expect(rule.fqdn == "stllmweightsgwc.blob.core.windows.net")
        #expect(hop.via.contains { $0.kind == .firewall && $0.detail.contains("SNAT to 10.0.12.4") })
        // nsg-llm-pe-weu would deny 10.0.12.4 (Deny-VirtualNetwork-Inbound), but it does not apply.
        #expect(!hop.allowedBy.contains { $0.securityGroupName == "nsg-llm-pe-weu" })
        let flow = try verdict("10.50.1.4", "10.70.2.4", 443)
        #expect(flow.disposition == .accepted)
        #expect(flow.trace.contains { $0.detail.contains("NSGs do not apply to private endpoint traffic") })
        #expect(try verdict("10.50.1.4", "10.70.2.4", 80).disposition == .deniedByFirewall)
        // The PE leads to the storage account; the frontends get there only by pivoting.
        #expect(Self.estate.graph.hop(from: Self.pe, to: "asset:stllmweightsgwc") != nil)
        let fromEastUS = try paths("subnet:vnet-retail-fe-eus/snet-web", "asset:stllmweightsgwc")
        #expect(fromEastUS.paths.map(\.nodes).contains(["vnet-retail-fe-eus/snet-web", "vnet-llm-train-chn/snet-gpu", Self.pe, "asset:stllmweightsgwc"]))
        #expect(fromEastUS.paths.allSatisfy { $0.hops.count == 3 })
    }

    @Test("Ways out: snet-eval leaves directly through default outbound access; every other training subnet only through the firewall (PUB-6, FW-15)")
    func waysOut() throws {
        let graph = Self.estate.graph
        let eval = try #require(graph.hop(from: "vnet-llm-train-chn/snet-eval", to: "internet"))
        #expect(eval.services.isEverything)
        #expect(eval.firewallRules.isEmpty)
        #expect(!eval.via.contains { $0.kind == .firewall })
        #expect(eval.via.contains { $0.kind == .route && $0.detail.contains("0.0.0.0/0 -> Internet") })
        #expect(eval.findings.contains { $0.text.contains("default outbound access") && $0.text.contains("defaultOutboundAccess unset") })
        #expect(eval.allowedBy.contains { $0.securityGroupName == "nsg-llm-train-chn" && $0.rule.name == "AllowInternetOutBound" })
        #expect(try verdict("10.60.3.4", "8.8.8.8", 22).disposition == .exitsToInternet)
        // The other training subnets route 0.0.0.0/0 to afw-hub-gwc (and the gwc ones are
        // private subnets): they leave only by a firewall rule, on TCP 443.
        for subnet in ["vnet-llm-train-chn/snet-data", "vnet-llm-train-chn/snet-gpu", "vnet-llm-train-gwc/snet-data", "vnet-llm-train-gwc/snet-gpu"] {
            let hop = try #require(graph.hop(from: subnet, to: "internet"))
            #expect(hop.services.entries.map(\.proto) == [.tcp])
            #expect(hop.services.ports[.tcp] == PortSet(443...443))
            #expect(hop.via.contains { $0.kind == .firewall && $0.detail.contains("SNAT to its public address") })
            #expect(hop.firewallRules.map(\.rule) == ["training-to-storage-gwc"])
            #expect(!hop.findings.contains { $0.text.contains("default outbound access") })
        }
        let gwc = try #require(Self.estate.index.topology.subnets.values.first { $0.id.text.hasSuffix("vnet-llm-train-gwc/subnets/snet-gpu") })
        #expect(gwc.defaultOutboundAccess == false)
        #expect(try verdict("10.50.1.4", "8.8.8.8", 443).disposition == .deniedByFirewall)
        let result = try paths("tag:role=llm-training", "internet")
        #expect(
            result.paths.map(\.nodes)
                == [
                    "vnet-llm-train-chn/snet-data", "vnet-llm-train-chn/snet-eval", "vnet-llm-train-chn/snet-gpu",
                    "vnet-llm-train-gwc/snet-data", "vnet-llm-train-gwc/snet-gpu",
                ].map { [$0, "internet"] })
    }

    @Test("The weights account is one hop from the Internet: its public endpoint stays open (PE-4, ST-3)")
    func weightsPublicEndpoint() throws {
        let result = try paths("internet", "asset:stllmweightsgwc")
        #expect(result.paths.map(\.nodes) == [["internet", "asset:stllmweightsgwc"]])
        let hop = try #require(result.paths.first?.hops.first)
        #expect(hop.services.ports[.tcp] == PortSet([80...80, 443...443]))
        #expect(hop.findings.contains { $0.text.contains("publicNetworkAccess=Enabled") })
    }

    @Test("The parent policy's SSH/RDP deny runs before the child's allow (FW-5)")
    func parentPolicyFirst() throws {
        let ssh = try verdict("10.50.1.4", "10.70.1.4", 22)
        #expect(ssh.disposition == .deniedByFirewall)
        #expect(ssh.trace.last?.rule == "deny-remote-admin-east-west/ssh-rdp-between-private-ranges")
        #expect(Self.estate.graph.hop(from: "vnet-llm-train-gwc/snet-gpu", to: "vnet-llm-inference-weu/snet-inference") == nil)
    }

    @Test("Paths are shortest first and deterministic")
    func ordering() throws {
        let first = try paths("internet", "tag:role=llm-training")
        let second = try paths("internet", "tag:role=llm-training")
        #expect(first.paths == second.paths)
        #expect(first.paths.map(\.hops.count) == first.paths.map(\.hops.count).sorted())
        for path in first.paths {
            #expect(path.hops.count == path.nodes.count - 1)
            #expect(path.nodes.first == "internet")
        }
    }

    @Test("A selector that selects nothing is reported, not an error")
    func emptySelector() throws {
        let result = try paths("tag:role=nothing-here", "tag:role=llm-training")
        #expect(!result.reachable)
        #expect(result.emptySelectors == [.tag(key: "role", value: "nothing-here")])
    }

    @Test("Selector syntax", arguments: ["internet", "subnet:v/s", "vnet:v", "tag:role=x", "cidr:10.0.0.0/8", "/subscriptions/x/resourceGroups/y"])
    func selectorParses(_ text: String) throws {
        #expect(try Selector(parsing: text).description.lowercased() == text.lowercased())
    }

    // Found by FuzzSelectors: `/` was a resource ID that trims to nothing, selected nothing,
    // and read back from its own description as an error.
    @Test("A slash alone is not a resource ID", arguments: ["/", "//"])
    func selectorRejectsEmptyID(_ text: String) {
        #expect(throws: QueryError.self) { try Selector(parsing: text) }
    }

    @Test("Bad selectors are errors", arguments: ["foo:bar", "subnet:novnet", "tag:=x", "cidr:10.0.0.0/40", "vnet:"])
    func selectorRejects(_ text: String) {
        #expect(throws: QueryError.self) { try Selector(parsing: text) }
    }
}
