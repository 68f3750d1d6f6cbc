import Testing
import TopologyModel

@Suite("Topology indices")
struct TopologyIndexTests {
    static let rg = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network"
    static let vnetID = ResourceID(rg + "/virtualNetworks/vnet")
    static let webID = ResourceID(rg + "/virtualNetworks/vnet/subnets/web")
    static let appID = ResourceID(rg + "/virtualNetworks/vnet/subnets/app")

    static func nic(_ name: String, _ address: String, _ subnet: ResourceID, publicIP: ResourceID? = nil) -> NetworkInterface {
        let id = ResourceID(rg + "/networkInterfaces/" + name)
        let config = IPConfiguration(
            id: ResourceID(id.text + "/ipConfigurations/ipconfig1"), name: "ipconfig1",
            privateAddress: IPAddress(address), subnet: subnet, publicIP: publicIP,
            applicationSecurityGroups: [], primary: true)
        return NetworkInterface(
            id: id, name: name, location: "westeurope", tags: [:], securityGroup: nil,
            ipForwarding: false, ipConfigurations: [config], origin: nil)
    }

    static func topology() -> Topology {
        let vnet = VirtualNetwork(
            id: vnetID, name: "vnet", location: "westeurope", tags: [:],
            addressSpace: [IPPrefix("10.0.0.0/16")!], origin: nil)
        let web = Subnet(id: webID, name: "web", network: vnetID, prefixes: [IPPrefix("10.0.1.0/24")!], securityGroup: nil, routeTable: nil, origin: nil)
        let app = Subnet(id: appID, name: "app", network: vnetID, prefixes: [IPPrefix("10.0.2.0/24")!], securityGroup: nil, routeTable: nil, origin: nil)
        let pipID = ResourceID(rg + "/publicIPAddresses/pip-web1")
        let pip = PublicIPAddress(
            id: pipID, name: "pip-web1", location: "westeurope", sku: .standard,
            address: IPAddress("203.0.113.10"), attachedTo: nil, origin: nil)
        return Topology(
            networks: [vnet], subnets: [web, app],
            interfaces: [nic("web2", "10.0.1.5", webID), nic("web1", "10.0.1.4", webID, publicIP: pipID), nic("app1", "10.0.2.4", appID)],
            publicIPs: [pip])
    }

    @Test("subnets by network, endpoints by address and by subnet")
    func indices() throws {
        let t = Self.topology()
        #expect(t.subnetsByNetwork[Self.vnetID] == [Self.appID, Self.webID])
        #expect(t.endpointsByAddress.count == 3)
        let web1 = try #require(t.endpointsByAddress[IPAddress("10.0.1.4")!])
        #expect(web1.interface.name == "web1")
        #expect(web1.subnet == Self.webID)
        #expect(web1.publicIP?.address == IPAddress("203.0.113.10"))
        #expect(t.endpointsBySubnet[Self.webID]?.map(\.address.description) == ["10.0.1.4", "10.0.1.5"])
        #expect(t.publicEndpointsByAddress[IPAddress("203.0.113.10")!]?.interface.name == "web1")
        #expect(t.resourceCount == 7)
    }

    @Test("lookups by address")
    func lookups() {
        let t = Self.topology()
        #expect(t.network(containing: IPAddress("10.0.200.1")!)?.name == "vnet")
        #expect(t.network(containing: IPAddress("10.1.0.1")!) == nil)
        #expect(t.subnet(containing: IPAddress("10.0.2.77")!)?.name == "app")
        #expect(t.subnet(containing: IPAddress("10.0.1.4")!)?.name == "web")
        #expect(t.subnet(containing: IPAddress("10.0.3.1")!) == nil)
    }
}
