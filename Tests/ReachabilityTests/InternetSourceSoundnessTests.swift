import AzureImport
import Reachability
import TestSupport
import Testing
import TopologyModel

/// A hop from the Internet stands for every Internet address: its services are the union
/// over all of them, not what one representative address is allowed (issue: two rules on
/// adjacent prefixes were seen as one prefix, and the second rule's port went missing).
@Suite("Internet sources are evaluated over every address")
struct InternetSourceSoundnessTests {
    static func estate(second: String, firstSource: String = "203.0.0.0/24") -> MiniEstate {
        var estate = MiniEstate()
        estate.vnet("vnet", ["10.0.0.0/24"], subnets: [("web", "10.0.0.0/26", "nsg", nil)])
        estate.nsg(
            "nsg",
            [
                ("a", 100, "Inbound", "Allow", "Tcp", firstSource, "*", "*", "1000"),
                ("b", 101, "Inbound", "Allow", "Tcp", second, "*", "*", "1001"),
            ])
        estate.nic("vm", vnet: "vnet", subnet: "web", ip: "10.0.0.4", publicIP: (name: "pip", address: "20.1.1.1", sku: "Standard"))
        return estate
    }

    @Test(
        "adjacent, gapped, nested and overlapping source prefixes of two rules each keep their port",
        arguments: ["203.0.1.0/24", "203.0.2.0/24", "203.0.0.128/25", "203.0.0.0/23", "0.0.0.0/0", "Internet"])
    func twoRules(second: String) throws {
        let index = try Self.estate(second: second).index()
        let graph = index.graph()
        let hop = try #require(graph.hop(from: "internet", to: "vnet/web"))
        #expect(hop.services.contains(.tcp, 1000) && hop.services.contains(.tcp, 1001), "\(second): \(hop.services)")
        // The concrete flow agrees for a client only the second rule admits.
        let client = second == "203.0.0.128/25" ? "203.0.0.130" : second == "Internet" || second == "0.0.0.0/0" ? "198.51.100.99" : "203.0.1.5"
        let flow = try index.check(client, "20.1.1.1", .tcp, 1001)
        let expected = second != "203.0.2.0/24" || client.hasPrefix("203.0.2")
        if second == "203.0.2.0/24" {
            #expect(try index.check("203.0.2.9", "20.1.1.1", .tcp, 1001).allowed)
        } else {
            #expect(flow.allowed == expected, "\(second) \(client)")
        }
        #expect(hop.allowedBy.map(\.rule.name).sorted() == ["a", "b"])
    }

    @Test("a deny on one adjacent prefix does not hide the allow on the other")
    func denyThenAllow() throws {
        var estate = MiniEstate()
        estate.vnet("vnet", ["10.0.0.0/24"], subnets: [("web", "10.0.0.0/26", "nsg", nil)])
        estate.nsg(
            "nsg",
            [
                ("deny-low", 100, "Inbound", "Deny", "Tcp", "198.51.100.0/24", "*", "*", "22"),
                ("allow-high", 110, "Inbound", "Allow", "Tcp", "198.51.101.0/24", "*", "*", "22"),
            ])
        estate.nic("vm", vnet: "vnet", subnet: "web", ip: "10.0.0.4", publicIP: (name: "pip", address: "20.1.1.1", sku: "Standard"))
        let hop = try #require(try estate.index().graph().hop(from: "internet", to: "vnet/web"))
        #expect(hop.services.contains(.tcp, 22))
        #expect(hop.witness.source.description.hasPrefix("198.51.101."))
    }

    /// The check that would have caught it: every Internet client at every bound of every
    /// prefix in the estate (and one below), every port at every bound: a concrete flow
    /// that is accepted must be in the Internet hop, and a port in the hop must be accepted
    /// for some client.
    @Test("Internet hop services equal the concrete verdicts over every prefix bound", arguments: ["203.0.1.0/24", "203.0.0.128/25", "203.0.2.0/24"])
    func exhaustiveOverBounds(second: String) throws {
        let index = try Self.estate(second: second).index()
        let hop = try #require(index.graph().hop(from: "internet", to: "vnet/web"))
        var clients: [IPAddress] = [IPAddress("198.51.100.10")!]
        for text in ["203.0.0.0/24", second] {
            let set = IPPrefix(text)!.addressSet
            for r in set.v4.intervals { for v in [r.lowerBound &- 1, r.lowerBound, r.upperBound, r.upperBound &+ 1] { clients.append(.v4(v)) } }
        }
        for port: UInt16 in [999, 1000, 1001, 1002] {
            var anyAccepted = false
            for client in clients where AddressSet.publicSpace.contains(client) {
                let flow = try index.verdict(FlowQuery(source: client, destination: IPAddress("20.1.1.1")!, proto: .tcp, destinationPort: port))
                if flow.allowed { anyAccepted = true }
            }
            #expect(anyAccepted == hop.services.contains(.tcp, port), "\(second) tcp/\(port)")
        }
    }
}

/// The way out stands for every Internet destination: an outbound NSG that opens only some
/// public prefixes still lets data leave (the hop was judged toward one address that none of
/// them held, and vanished).
@Suite("Internet destinations are evaluated over every address")
struct InternetDestinationSoundnessTests {
    @Test("egress open only to named public prefixes, adjacent ones on different ports, is a way out with both ports")
    func egressToNamedPrefixes() throws {
        var estate = MiniEstate()
        estate.vnet("vnet", ["10.0.0.0/24"], subnets: [("train", "10.0.0.0/26", "nsg", nil)])
        estate.nsg(
            "nsg",
            [
                ("to-storage", 100, "Outbound", "Allow", "Tcp", "*", "*", "20.60.0.0/16", "443"),
                ("to-next", 110, "Outbound", "Allow", "Tcp", "*", "*", "20.61.0.0/16", "22"),
                ("no-internet", 200, "Outbound", "Deny", "*", "*", "*", "Internet", "*"),
            ])
        estate.nic("gpu", vnet: "vnet", subnet: "train", ip: "10.0.0.4", publicIP: (name: "pip", address: "20.1.1.1", sku: "Standard"))
        let graph = try estate.index().graph()
        let hop = try #require(graph.hop(from: "vnet/train", to: "internet"))
        #expect(hop.services.contains(.tcp, 443) && hop.services.contains(.tcp, 22), "\(hop.services)")
        #expect(!hop.services.contains(.tcp, 80))
        #expect(hop.allowedBy.map(\.rule.name).sorted() == ["to-next", "to-storage"])
    }
}
