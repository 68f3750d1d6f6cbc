import AzureImport
import Testing
import TopologyModel

/// Route tables at import: the next-hop types a user route may name and what an address
/// means with each (RT-6), and service-tag prefixes (RT-9).
@Suite("Route import (RT-6, RT-9)")
struct RouteImportTests {
    static let tableID = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt"

    func table(_ routes: [(name: String, prefix: String, hop: String, address: String?)]) -> String {
        let items = routes.map { r in
            #"{"name": "\#(r.name)", "properties": {"addressPrefix": "\#(r.prefix)", "nextHopType": "\#(r.hop)""#
                + (r.address.map { #", "nextHopIpAddress": "\#($0)""# } ?? "") + "}}"
        }
        return #"[{"id": "\#(Self.tableID)", "type": "Microsoft.Network/routeTables", "properties": {"routes": [\#(items.joined(separator: ", "))]}}]"#
    }

    func routes(_ result: ImportResult) -> [Route] { result.topology.routeTables[ResourceID(Self.tableID)]?.routes ?? [] }

    @Test(
        "RT-6: the five next-hop types are accepted case-insensitively",
        arguments: [("virtualnetworkgateway", Route.NextHop.virtualNetworkGateway), ("VNETLOCAL", .vnetLocal), ("Internet", .internet), ("None", .none)])
    func nextHopTypes(_ text: String, _ hop: Route.NextHop) throws {
        let result = try AzureImporter.load(json: table([("r", "10.5.0.0/16", text, nil)]))
        #expect(routes(result).map(\.nextHop) == [hop])
        #expect(result.diagnostics.isEmpty)
    }

    @Test(
        "RT-6: VNet peering and service-endpoint next hops cannot be user-defined: an error naming the route",
        arguments: ["VNetPeering", "VirtualNetworkServiceEndpoint"])
    func systemOnlyNextHops(_ hop: String) throws {
        let error = try #require(throws: ImportError.self) { try AzureImporter.load(json: table([("bad", "10.5.0.0/16", hop, nil)])) }
        #expect(
            error.diagnostics.map(\.message) == [
                "nextHopType '\(hop)' is not VirtualNetworkGateway, VnetLocal, Internet, VirtualAppliance or None; peering and service-endpoint routes are system routes, never user-defined (RT-6)"
            ])
        #expect(error.diagnostics.first?.pointer == "/0/properties/routes/0/properties/nextHopType")
    }

    @Test("RT-6: nextHopIpAddress belongs to VirtualAppliance routes only; elsewhere it is ignored with a warning")
    func addressOnlyForAppliances() throws {
        let result = try AzureImporter.load(json: table([("fw", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4"), ("odd", "10.6.0.0/16", "Internet", "10.0.1.4")]))
        #expect(routes(result).map(\.nextHopAddress) == [IPAddress("10.0.1.4")!, nil])
        #expect(
            result.diagnostics.map(\.message) == [
                "route 'odd' has nextHopIpAddress 10.0.1.4 with nextHopType Internet; only VirtualAppliance takes an address (RT-6), so it is ignored"
            ])
        #expect(result.diagnostics.map(\.severity) == [.warning])
    }

    @Test("RT-6: a VirtualAppliance route without an address is kept, with a warning that it drops traffic")
    func applianceWithoutAddress() throws {
        let result = try AzureImporter.load(json: table([("fw", "0.0.0.0/0", "VirtualAppliance", nil)]))
        #expect(routes(result).map(\.nextHop) == [.virtualAppliance])
        #expect(
            result.diagnostics.map(\.message) == [
                "route 'fw' sends 0.0.0.0/0 to VirtualAppliance without a nextHopIpAddress (RT-6); traffic on it is dropped (RT-7)"
            ])
    }

    @Test("RT-9: without service tag data a tag prefix is kept as written but not expanded: a warning says the route is left out of the effective routes")
    func serviceTagPrefix() throws {
        let result = try AzureImporter.load(json: table([("storage", "Storage.WestEurope", "Internet", nil), ("cidr", "10.5.0.0/16", "None", nil)]))
        #expect(routes(result).map(\.destinationText) == ["Storage.WestEurope", "10.5.0.0/16"])
        #expect(routes(result).map(\.destination) == [nil, IPPrefix("10.5.0.0/16")!])
        let warning = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(warning.kind == .unsupported)
        #expect(
            warning.message
                == "route 'storage' names service tag 'Storage.WestEurope' as its prefix; without service tag data (--service-tags) its prefixes are unknown, so this route is not in the effective routes"
        )
    }
}
