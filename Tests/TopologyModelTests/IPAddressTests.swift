import Testing
import TopologyModel

@Suite("IPAddress parsing and formatting")
struct IPAddressTests {
    @Test(
        "IPv4 round trip",
        arguments: [
            ("0.0.0.0", UInt32(0)),
            ("10.0.0.5", UInt32(0x0A00_0005)),
            ("192.168.1.254", UInt32(0xC0A8_01FE)),
            ("255.255.255.255", UInt32.max),
            ("198.51.100.7", UInt32(0xC633_6407)),
        ])
    func v4(_ text: String, _ value: UInt32) throws {
        let ip = try #require(IPAddress(text))
        #expect(ip == .v4(value))
        #expect(ip.isV4)
        #expect(ip.description == text)
    }

    @Test("surrounding whitespace is ignored")
    func whitespace() {
        #expect(IPAddress(" 10.0.0.1\t") == .v4(0x0A00_0001))
        #expect(IPAddress(" ::1 ") == .v6(1))
    }

    /// Text, its RFC 5952 form, and the eight groups it stands for.
    static let v6Cases: [(String, String, [UInt16])] = [
        ("::", "::", [0, 0, 0, 0, 0, 0, 0, 0]),
        ("::1", "::1", [0, 0, 0, 0, 0, 0, 0, 1]),
        ("1::", "1::", [1, 0, 0, 0, 0, 0, 0, 0]),
        ("2001:db8::1", "2001:db8::1", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]),
        ("fe80::1:2", "fe80::1:2", [0xfe80, 0, 0, 0, 0, 0, 1, 2]),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", [1, 2, 3, 4, 5, 6, 7, 8]),
        // A single zero group is not compressed; the longest run wins, the first on a tie.
        ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7", [1, 0, 2, 3, 4, 5, 6, 7]),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3", [1, 0, 0, 2, 0, 0, 0, 3]),
        ("1:0:0:2:3:0:0:4", "1::2:3:0:0:4", [1, 0, 0, 2, 3, 0, 0, 4]),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0", [1, 2, 3, 4, 5, 6, 7, 0]),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Array(repeating: 0xffff, count: 8)),
    ]

    static func value(_ groups: [UInt16]) -> UInt128 { groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) } }

    @Test("IPv6 parse and RFC 5952 formatting", arguments: v6Cases)
    func v6(_ text: String, _ formatted: String, _ groups: [UInt16]) throws {
        let ip = try #require(IPAddress(text))
        #expect(ip == .v6(Self.value(groups)))
        #expect(!ip.isV4)
        #expect(ip.description == formatted)
        #expect(IPAddress(formatted) == ip)
    }

    @Test("embedded IPv4 tail")
    func embeddedV4() throws {
        let mapped = try #require(IPAddress("::ffff:10.1.2.3"))
        #expect(mapped == .v6(Self.value([0, 0, 0, 0, 0, 0xffff, 0x0a01, 0x0203])))
        #expect(mapped == IPAddress("::ffff:a01:203"))
        #expect(IPAddress("64:ff9b::192.0.2.33") == .v6(Self.value([0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221])))
        #expect(IPAddress("1:2:3:4:5:6:1.2.3.4") == .v6(Self.value([1, 2, 3, 4, 5, 6, 0x0102, 0x0304])))
    }

    @Test(
        "invalid text is rejected",
        arguments: [
            "", " ", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.-4", "a.b.c.d", "1.2.3.4/24", "1234.1.1.1",
            "1::2::3", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:",
            "12345::", "g::1", "::ffff:1.2.3", "::ffff:256.0.0.1", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4::", "::1/128",
        ])
    func invalid(_ text: String) {
        #expect(IPAddress(text) == nil, "'\(text)' should not parse")
    }

    @Test("a sign is not a hex digit", arguments: ["+1::2", "-0::1", "1:+ff::"])
    func signedGroups(_ text: String) {
        #expect(IPAddress(text) == nil, "'\(text)' should not parse")

    }

    @Test("ordering keeps families apart, IPv4 first")
    func ordering() throws {
        let a = try #require(IPAddress("10.0.0.1")), b = try #require(IPAddress("10.0.0.2"))
        let c = try #require(IPAddress("::1")), d = try #require(IPAddress("::2"))
        #expect([d, b, c, a].sorted() == [a, b, c, d])
        #expect(IPAddress("0.0.0.1") != IPAddress("::1"))
    }
}
