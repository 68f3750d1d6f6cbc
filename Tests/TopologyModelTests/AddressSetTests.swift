import Testing
import TopologyModel

@Suite("AddressSet")
struct AddressSetTests {
    @Test(
        "publicSpace excludes private, shared and special ranges",
        arguments: [
            "10.0.0.0", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.168.255.255",
            "100.64.0.1", "100.127.255.255", "127.0.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1", "255.255.255.255",
            "::1", "fe80::1", "fd00::1", "::",
        ])
    func nonPublic(_ text: String) throws {
        let ip = try #require(IPAddress(text))
        #expect(!AddressSet.publicSpace.contains(ip))
        #expect(AddressSet.nonPublic.contains(ip))
    }

    @Test(
        "publicSpace includes Internet hosts",
        arguments: [
            "8.8.8.8", "198.51.100.7", "203.0.113.10", "172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0",
            "11.0.0.0", "192.167.255.255", "2001:4860:4860::8888",
        ])
    func isPublic(_ text: String) throws {
        let ip = try #require(IPAddress(text))
        #expect(AddressSet.publicSpace.contains(ip))
        #expect(!AddressSet.nonPublic.contains(ip))
    }

    @Test("publicSpace and nonPublic partition everything")
    func partition() {
        #expect(AddressSet.publicSpace.union(.nonPublic) == .all)
        #expect(!AddressSet.publicSpace.overlaps(.nonPublic))
        #expect(AddressSet.publicSpace.v4.isSuperset(of: AddressSet(prefixes: [IPPrefix("8.0.0.0/8")!]).v4))
    }

    @Test("built from prefixes: merged, per family")
    func prefixes() {
        let set = AddressSet(prefixes: ["10.0.0.0/25", "10.0.0.128/25", "10.0.2.0/24", "2001:db8::/64"].compactMap { IPPrefix($0) })
        #expect(set.v4.intervals.count == 2)
        #expect(set.rangeDescriptions == ["10.0.0.0-10.0.0.255", "10.0.2.0-10.0.2.255", "2001:db8::-2001:db8::ffff:ffff:ffff:ffff"])
        #expect(set.contains(IPAddress("10.0.0.200")!))
        #expect(!set.contains(IPAddress("10.0.1.0")!))
        #expect(set.contains(IPAddress("2001:db8::5")!))
        #expect(set.first == IPAddress("10.0.0.0"))
        #expect(AddressSet(prefixes: [IPPrefix("10.0.0.4/32")!]).rangeDescriptions == ["10.0.0.4"])
        #expect(AddressSet(prefixes: []).isEmpty)
        #expect(AddressSet.empty.first == nil)
    }

    @Test("set operations")
    func operations() {
        let a = AddressSet(prefixes: [IPPrefix("10.0.0.0/16")!])
        let b = AddressSet(prefixes: [IPPrefix("10.0.1.0/24")!, IPPrefix("::1/128")!])
        #expect(a.intersection(b) == AddressSet(prefixes: [IPPrefix("10.0.1.0/24")!]))
        #expect(a.union(b).contains(IPAddress("::1")!))
        #expect(!a.subtracting(b).contains(IPAddress("10.0.1.7")!))
        #expect(a.subtracting(b).contains(IPAddress("10.0.2.7")!))
        #expect(a.overlaps(b))
        #expect(!a.overlaps(AddressSet(prefixes: [IPPrefix("::/0")!])))
    }
}
