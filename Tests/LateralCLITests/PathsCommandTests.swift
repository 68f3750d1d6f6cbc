import Foundation
import TestSupport
import Testing

@Suite("lateral paths")
struct PathsCommandTests {
    static let jumpPath = ["internet", "vnet-retail-fe-weu/snet-jump", "vnet-llm-train-gwc/snet-gpu"]
    /// The westeurope web tier is one node: both NICs are backends of the same gateway rule.
    static let weuWeb = ["vnet-retail-fe-weu/snet-web"]

    func paths(_ arguments: [String]) throws -> (CLIResult, PathsReport) {
        let result = try CLIRunner.run(["paths", TestInputs.retailLLM] + arguments + ["--format", "json"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        return (result, try decodeOutput(PathsReport.self, from: result))
    }

    @Test("the Internet reaches LLM training through exactly the paths the topology README documents")
    func internetToTraining() throws {
        let (_, report) = try paths(["--from", "internet", "--to", "tag:role=llm-training"])
        #expect(report.reachable)
        #expect(report.from == ["internet"])
        #expect(report.to == ["tag:role=llm-training"])
        #expect(report.sources == ["internet"])
        #expect(
            Set(report.targets) == [
                "vnet-llm-train-chn/snet-data", "vnet-llm-train-chn/snet-eval", "vnet-llm-train-chn/snet-gpu",
                "vnet-llm-train-gwc/snet-data", "vnet-llm-train-gwc/snet-gpu",
            ])
        #expect(
            Set(report.paths.map(\.nodes))
                == Set(
                    [
                        ["internet", "vnet-retail-fe-eus/snet-web", "vnet-llm-train-chn/snet-data"],
                        ["internet", "vnet-retail-fe-eus/snet-web", "vnet-llm-train-chn/snet-eval"],
                        ["internet", "vnet-retail-fe-eus/snet-web", "vnet-llm-train-chn/snet-gpu"],
                        Self.jumpPath,
                        Self.jumpPath + ["vnet-llm-train-gwc/snet-data"],
                    ]
                        + Self.weuWeb.flatMap { web in
                            [
                                ["internet", web, "vnet-llm-train-gwc/snet-gpu"],
                                ["internet", web, "vnet-llm-train-gwc/snet-gpu", "vnet-llm-train-gwc/snet-data"],
                            ]
                        }))
        #expect(report.paths.count == 7)
        for path in report.paths {
            #expect(path.hops.count == path.nodes.count - 1)
            #expect(path.hops.map(\.from) == Array(path.nodes.dropLast()))
            #expect(path.hops.map(\.to) == Array(path.nodes.dropFirst()))
        }
        let referenced = Set(report.paths.flatMap(\.nodes))
        #expect(referenced.isSubset(of: Set(report.nodes.map(\.id))))
    }

    @Test("the jump-box path: Internet to snet-jump on TCP 22 and 3389 (Allow-SSH-RDP-Internet), and on 22 through the firewall DNAT")
    func jumpBoxHop() throws {
        let (_, report) = try paths(["--from", "internet", "--to", "tag:role=llm-training"])
        let path = try #require(report.paths.first { $0.nodes == Self.jumpPath })
        #expect(path.hops.count == 2)
        let first = path.hops[0]
        #expect(first.from == "internet")
        #expect(first.to == "vnet-retail-fe-weu/snet-jump")
        #expect(first.services == [PathsReport.Service(protocol: "tcp", ports: ["22", "3389"])])
        #expect(first.allowedBy.map(\.rule) == ["Allow-SSH-RDP-Internet", "Allow-SSH-From-AzureFirewall"])
        let rule = try #require(first.allowedBy.first)
        #expect(rule.nsg == "nsg-retail-jump-weu")
        #expect(rule.direction == "inbound")
        #expect(rule.priority == 100)
        #expect(!rule.isDefault)
        // The second way in: afw-hub-gwc publishes the jump box's SSH on 50022.
        #expect(
            first.firewallRules == [
                PathsReport.FirewallRule(
                    firewall: "afw-hub-gwc", collection: "dnat-retail-jumpbox", group: "rcg-hub-gwc-dnat",
                    rule: "jump-weu-ssh", kind: "dnat", action: "dnat", services: "tcp/22")
            ])
        #expect(first.via.map(\.kind).prefix(2) == ["public-ip", "firewall"])
        #expect(first.via.contains { $0.detail.contains("20.218.196.10:50022 -> 10.10.255.4:22") })
        // The peering hop is open on everything, admitted by the default VNet rules, and
        // bypasses the firewall.
        let second = path.hops[1]
        #expect(second.services.first == PathsReport.Service(protocol: "tcp", ports: ["*"]))
        #expect(second.allowedBy.map(\.rule) == ["AllowVnetOutBound", "AllowVnetInBound"])
        #expect(second.firewallRules.isEmpty)
        #expect(!second.via.contains { $0.kind == "firewall" })
    }

    @Test("the westeurope web tier is published only through agw-retail-weu: HTTPS 443 on the gateway, HTTP 8080 on the VMs")
    func applicationGateway() throws {
        let (_, report) = try paths(["--from", "internet", "--to", "subnet:vnet-retail-fe-weu/snet-web"])
        #expect(report.paths.map(\.nodes) == Self.weuWeb.map { ["internet", $0] })
        for path in report.paths {
            let hop = try #require(path.hops.first)
            #expect(hop.services == [PathsReport.Service(protocol: "tcp", ports: ["8080"])])
            #expect(hop.via.first?.kind == "public-ip")
            #expect(hop.via.first?.name == "agw-retail-weu")
            #expect(hop.via.first?.detail.contains("listener listener-shop-https (Https 20.61.112.50:443)") == true)
            #expect(
                hop.allowedBy.map { "\($0.nsg)/\($0.rule)" } == [
                    "nsg-retail-agw-weu/Allow-Internet-HTTPS-Inbound", "nsg-retail-agw-weu/AllowVnetOutBound",
                    "nsg-retail-web-weu/Allow-AppGateway-HTTP-8080",
                ])
            #expect(hop.firewallRules.isEmpty)
        }
        let text = try CLIRunner.run(["paths", TestInputs.retailLLM, "--from", "internet", "--to", "subnet:vnet-retail-fe-weu/snet-web"])
        #expect(text.stdout.contains("example: tcp 198.51.100.10:1024 -> 20.61.112.50:443 (seen as 10.10.1.4)"))
        #expect(text.stdout.contains("finding: WAF Detection on agw-retail-weu only logs in Detection mode: it blocks nothing"))
    }

    @Test("ways out: snet-eval by default outbound access on anything; the other training subnets through afw-hub-gwc on TCP 443")
    func waysOut() throws {
        let (_, report) = try paths(["--from", "tag:role=llm-training", "--to", "internet"])
        #expect(
            report.paths.map(\.nodes)
                == [
                    "vnet-llm-train-chn/snet-data", "vnet-llm-train-chn/snet-eval", "vnet-llm-train-chn/snet-gpu",
                    "vnet-llm-train-gwc/snet-data", "vnet-llm-train-gwc/snet-gpu",
                ].map { [$0, "internet"] })
        for path in report.paths {
            let hop = try #require(path.hops.first)
            if path.nodes.first == "vnet-llm-train-chn/snet-eval" {
                #expect(hop.services.first == PathsReport.Service(protocol: "tcp", ports: ["*"]))
                #expect(hop.firewallRules.isEmpty)
                #expect(!hop.via.contains { $0.kind == "firewall" })
            } else {
                #expect(hop.services == [PathsReport.Service(protocol: "tcp", ports: ["443"])])
                #expect(hop.firewallRules.map(\.rule) == ["training-to-storage-gwc"])
                #expect(hop.via.contains { $0.kind == "firewall" && $0.name == "afw-hub-gwc" })
            }
        }
    }

    @Test("the westeurope app tier reaches inference only through afw-hub-gwc, on TCP 443")
    func appThroughFirewall() throws {
        let (_, report) = try paths(["--from", "tag:role=retail-frontend", "--to", "subnet:vnet-llm-inference-weu/snet-inference", "--max-hops", "1"])
        #expect(report.paths.map(\.nodes) == [["vnet-retail-fe-weu/snet-app", "vnet-llm-inference-weu/snet-inference"]])
        let hop = try #require(report.paths.first?.hops.first)
        #expect(hop.services == [PathsReport.Service(protocol: "tcp", ports: ["443"])])
        #expect(hop.firewallRules.map(\.rule) == ["fe-weu-app-to-inference-https"])
        #expect(hop.via.contains { $0.kind == "firewall" && $0.name == "afw-hub-gwc" })
        #expect(hop.allowedBy.map(\.rule).contains("Allow-Retail-App-HTTPS"))
    }

    @Test("the Internet reaches the model weights directly through the storage public endpoint")
    func internetToWeights() throws {
        let (_, report) = try paths(["--from", "internet", "--to", "asset:stllmweightsgwc"])
        #expect(report.paths.map(\.nodes) == [["internet", "asset:stllmweightsgwc"]])
        #expect(report.paths.first?.hops.first?.services == [PathsReport.Service(protocol: "tcp", ports: ["80", "443"])])
    }

    @Test("--max-hops 2 drops the three-hop pivots")
    func maxHops() throws {
        let (_, report) = try paths(["--from", "internet", "--to", "tag:role=llm-training", "--max-hops", "2"])
        #expect(report.paths.count == 5)
        #expect(report.paths.allSatisfy { $0.hops.count <= 2 })
        #expect(report.paths.contains { $0.nodes == Self.jumpPath })
    }

    @Test("a frontend reaches the gwc data node only through a GPU node (NIC NSG control)")
    func dataNodeOnlyViaGPU() throws {
        let (_, report) = try paths(["--from", "subnet:vnet-retail-fe-weu/snet-web", "--to", "subnet:vnet-llm-train-gwc/snet-data"])
        #expect(report.paths.map(\.nodes) == Self.weuWeb.map { [$0, "vnet-llm-train-gwc/snet-gpu", "vnet-llm-train-gwc/snet-data"] })
    }

    @Test("the southeastasia frontend has no path: its peering to training is only Initiated")
    func halfConfiguredPeering() throws {
        let (result, report) = try paths(["--from", "subnet:vnet-retail-fe-sea/snet-web", "--to", "tag:role=llm-training"])
        #expect(!report.reachable)
        #expect(report.paths.isEmpty)
        #expect(report.sources == ["vnet-retail-fe-sea/snet-web"])
        #expect(report.targets.count == 5)
        // The only warnings: the estate's service tags, approximated without tag data (NSG-33).
        #expect(report.warnings.allSatisfy { $0.contains("service tag '") }, "\(report.warnings)")
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.contains("service tag '") }, "\(result.stderr)")
    }

    @Test("a selector that selects nothing warns on stderr, is not reachable, and exits 0")
    func emptySelector() throws {
        let (result, report) = try paths(["--from", "tag:role=nothing-has-this", "--to", "tag:role=llm-training"])
        #expect(result.stderr.contains("warning: selector tag:role=nothing-has-this selects nothing"))
        #expect(!report.reachable)
        #expect(report.sources.isEmpty)
        #expect(report.paths.isEmpty)
        #expect(report.warnings.contains { $0.contains("tag:role=nothing-has-this") })
    }

    @Test("text output lists the jump-box path and its deciding rule")
    func textOutput() throws {
        let result = try CLIRunner.run(["paths", TestInputs.retailLLM, "--from", "internet", "--to", "tag:role=llm-training"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix("Paths from internet to tag:role=llm-training: 7 found\n"))
        #expect(result.stdout.contains("(2 hops): internet -> vnet-retail-fe-weu/snet-jump -> vnet-llm-train-gwc/snet-gpu\n"))
        #expect(result.stdout.contains("allowed by subnet NSG nsg-retail-jump-weu inbound rule Allow-SSH-RDP-Internet (priority 100): tcp/22,3389"))
    }
}
