import Testing
import TopologyModel

@Suite("IPAddress parsing and formatting")
struct IPAddressTests {
    @Test("IPv4 round trip", arguments: [
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

    @Test("IPv6 parse and RFC 5952 formatting", arguments: [
        ("::", "::", UInt128(0)),
        ("::1", "::1", UInt128(1)),
        ("1::", "1::", UInt128(1) << 112),
        ("2001:db8::1", "2001:db8::1", UInt128(0x2001_0db8) << 96 | 1),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1", UInt128(0x2001_0db8) << 96 | 1),
        ("fe80::1:2", "fe80::1:2", UInt128(0xfe80) << 112 | UInt128(1) << 16 | 2),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", UInt128(0x0001_0002_0003_0004) << 64 | 0x0005_0006_0007_0008),
        // A single zero group is not compressed; the longest run wins, the first on a tie.
        ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7", UInt128(0x0001_0000_0002_0003) << 64 | 0x0004_0005_0006_0007),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3", UInt128(0x0001_0000_0000_0002) << 64 | 3),
        ("1:0:0:2:3:0:0:4", "1::2:3:0:0:4", UInt128(0x0001_0000_0000_0002) << 64 | 0x0003_0000_0000_0004),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0", UInt128(0x0001_0002_0003_0004) << 64 | 0x0005_0006_0007_0000),
    ])
    func v6(_ text: String, _ formatted: String, _ value: UInt128) throws {
        let ip = try #require(IPAddress(text))
        #expect(ip == .v6(value))
        #expect(!ip.isV4)
        #expect(ip.description == formatted)
        #expect(IPAddress(formatted) == ip)
    }

    @Test("embedded IPv4 tail")
    func embeddedV4() throws {
        let mapped = try #require(IPAddress("::ffff:10.1.2.3"))
        #expect(mapped == .v6(UInt128(0xffff) << 32 | 0x0A01_0203))
        #expect(mapped == IPAddress("::ffff:a01:203"))
        #expect(IPAddress("64:ff9b::192.0.2.33") == .v6(UInt128(0x0064_ff9b) << 96 | 0xC000_0221))
        #expect(IPAddress("1:2:3:4:5:6:1.2.3.4") == .v6(UInt128(0x0001_0002_0003_0004) << 64 | UInt128(0x0005_0006) << 32 | 0x0102_0304))
    }

    @Test("invalid text is rejected", arguments: [
        "", " ", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.-4", "a.b.c.d", "1.2.3.4/24", "1234.1.1.1",
        "1::2::3", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:",
        "12345::", "g::1", "::ffff:1.2.3", "::ffff:256.0.0.1", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4::", "::1/128",
    ])
    func invalid(_ text: String) {
        #expect(IPAddress(text) == nil, "'\(text)' should not parse")
    }

    @Test("a sign is not a hex digit", arguments: ["+1::2", "-0::1", "1:+ff::"])
    func signedGroups(_ text: String) {
        withKnownIssue("IPAddress.parseV6 uses UInt16(_:radix:), which accepts a leading + or -") {
            #expect(IPAddress(text) == nil, "'\(text)' should not parse")
        }
    }

    @Test("ordering keeps families apart, IPv4 first")
    func ordering() throws {
        let a = try #require(IPAddress("10.0.0.1")), b = try #require(IPAddress("10.0.0.2"))
        let c = try #require(IPAddress("::1")), d = try #require(IPAddress("::2"))
        #expect([d, b, c, a].sorted() == [a, b, c, d])
        #expect(IPAddress("0.0.0.1") != IPAddress("::1"))
    }
}
