import Testing

@testable import TopologyModel

@Suite("IPPrefix")
struct IPPrefixTests {
    @Test(
        "parse clears host bits",
        arguments: [
            ("10.0.0.5/24", "10.0.0.0/24"),
            ("10.0.0.0/16", "10.0.0.0/16"),
            ("192.168.7.200/30", "192.168.7.200/30"),
            ("192.168.7.203/30", "192.168.7.200/30"),
            ("255.255.255.255/0", "0.0.0.0/0"),
            ("10.1.2.3/32", "10.1.2.3/32"),
            ("10.1.2.3", "10.1.2.3/32"),
            ("2001:db8::1/32", "2001:db8::/32"),
            ("::/0", "::/0"),
            ("ffff::1/0", "::/0"),
            ("2001:db8::1", "2001:db8::1/128"),
            ("2001:db8::1/128", "2001:db8::1/128"),
        ])
    func parse(_ text: String, _ expected: String) throws {
        let prefix = try #require(IPPrefix(text))
        #expect(prefix.description == expected)
        #expect(IPPrefix(expected) == prefix)
    }

    @Test(
        "invalid prefixes",
        arguments: [
            "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0/8",
            "10.0.0.0/a", "/8", "", "300.0.0.0/8", "Internet", "10.0.0.0 /8x",
        ])
    func invalid(_ text: String) {
        #expect(IPPrefix(text) == nil, "'\(text)' should not parse")
    }

    @Test("contains addresses")
    func containsAddress() throws {
        let p = try #require(IPPrefix("10.0.1.0/24"))
        #expect(p.contains(IPAddress("10.0.1.0")!))
        #expect(p.contains(IPAddress("10.0.1.255")!))
        #expect(!p.contains(IPAddress("10.0.2.0")!))
        #expect(!p.contains(IPAddress("10.0.0.255")!))
        #expect(!p.contains(IPAddress("::ffff:10.0.1.1")!), "IPv6 never matches an IPv4 prefix")

        let all4 = try #require(IPPrefix("0.0.0.0/0"))
        #expect(all4.contains(IPAddress("255.255.255.255")!))
        #expect(all4.contains(IPAddress("0.0.0.0")!))
        #expect(!all4.contains(IPAddress("::")!))
        #expect(all4.addressSet.v4.isFull)

        let host = try #require(IPPrefix("10.0.0.4/32"))
        #expect(host.contains(IPAddress("10.0.0.4")!))
        #expect(!host.contains(IPAddress("10.0.0.5")!))
        #expect(host.addressSet.v4.intervals == [0x0A00_0004...0x0A00_0004])

        let six = try #require(IPPrefix("2001:db8::/32"))
        #expect(six.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!six.contains(IPAddress("2001:db9::")!))
        #expect(try #require(IPPrefix("::/0")).addressSet.v6.isFull)
    }

    @Test("contains prefixes")
    func containsPrefix() throws {
        let p16 = try #require(IPPrefix("10.0.0.0/16"))
        #expect(p16.contains(IPPrefix("10.0.5.0/24")!))
        #expect(p16.contains(p16))
        #expect(!p16.contains(IPPrefix("10.0.0.0/8")!))
        #expect(!p16.contains(IPPrefix("10.1.0.0/24")!))
        #expect(IPPrefix("0.0.0.0/0")!.contains(IPPrefix("8.8.8.8/32")!))
        #expect(!IPPrefix("0.0.0.0/0")!.contains(IPPrefix("::/0")!))
    }

    @Test("ordering by address then length")
    func ordering() {
        let prefixes = ["10.0.1.0/24", "10.0.0.0/16", "10.0.0.0/24", "9.0.0.0/8"].compactMap { IPPrefix($0) }
        #expect(prefixes.sorted().map(\.description) == ["9.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24"])
    }
}

/// The byte-level reader of plain IPv4 prefixes must accept and reject exactly what the
/// general parser does.
@Suite("IPPrefix fast path")
struct IPPrefixFastPathTests {
    static let samples = [
        "10.0.0.0/8", "10.1.2.3", "0.0.0.0/0", "255.255.255.255/32", "192.168.1.77/24", "010.001.000.000/008",
        "10.0.0.0/33", "256.0.0.0/8", "10.0.0/8", "10.0.0.0.0/8", "10..0.0/8", "10.0.0.0/", "/8", "1.2.3.4/024",
        "1.2.3.4/0032", "1.2.3.4/1234", "1234.0.0.0", "1.2.3.", ".1.2.3", "1.2.3.4//8", " 10.0.0.0/8", "10.0.0.0/8 ",
        "a.b.c.d", "::/0", "2001:db8::/32", "", "*", "10.0.0.0/-1",
    ]

    @Test("plain IPv4 forms parse as the general parser parses them", arguments: samples)
    func agrees(_ text: String) {
        let general = IPPrefix.general(text)
        if let fast = IPPrefix.plainV4(text) { #expect(fast == general, "\(text)") }
        #expect(IPPrefix(text) == general, "\(text)")
    }

    @Test("random dotted strings agree with the general parser")
    func random() {
        var state: UInt64 = 7
        func next(_ n: UInt64) -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return (state >> 33) % n }
        let alphabet = Array("0123456789./")
        for _ in 0..<5000 {
            let text = String((0..<(3 + Int(next(16)))).map { _ in alphabet[Int(next(UInt64(alphabet.count)))] })
            #expect(IPPrefix(text) == IPPrefix.general(text), "\(text)")
        }
    }
}

@Suite("IPPrefix.contains")
struct IPPrefixContainsTests {
    @Test("mask arithmetic agrees with the prefix's address set, both families, every length")
    func agreesWithAddressSet() {
        var state: UInt64 = 11
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        for length in 0...32 {
            for _ in 0..<40 {
                let prefix = IPPrefix(address: .v4(UInt32(truncatingIfNeeded: next() >> 16)), length: length)
                let near: IPAddress
                if case .v4(let base) = prefix.address { near = .v4(base ^ (UInt32(1) << UInt32(next() % 32))) } else { near = .v4(0) }
                for ip in [IPAddress.v4(UInt32(truncatingIfNeeded: next() >> 16)), prefix.address, near, .v6(UInt128(next()))] {
                    #expect(prefix.contains(ip) == prefix.addressSet.contains(ip), "\(prefix) \(ip)")
                }
            }
        }
        for length in [0, 1, 48, 64, 127, 128] {
            for _ in 0..<40 {
                let prefix = IPPrefix(address: .v6(UInt128(next()) << 64 | UInt128(next())), length: length)
                var flipped = prefix.address
                if case .v6(let base) = prefix.address { flipped = .v6(base ^ (UInt128(1) << UInt128(next() % 128))) }
                for ip in [IPAddress.v6(UInt128(next()) << 64 | UInt128(next())), prefix.address, flipped, .v4(UInt32(truncatingIfNeeded: next()))] {
                    #expect(prefix.contains(ip) == prefix.addressSet.contains(ip), "\(prefix) \(ip)")
                }
            }
        }
    }
}
