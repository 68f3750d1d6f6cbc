import Testing

@testable import TopologyModel

/// `IPPrefix` and `IPAddress` parse `String` through a concrete entry point (so importers in
/// other modules run specialised code) and any other text through the generic one. Both
/// must read every text alike.
@Suite("String and generic parsing agree")
struct TextEntryPointTests {
    static let texts = [
        "10.0.0.0/16", "10.0.0.5/24", "10.1.2.3", " 10.1.2.0/24 ", "0.0.0.0/0", "255.255.255.255/32", "10.0.0.0/33",
        "10.0.0/8", "1.2.3.4.5", "256.0.0.0/8", "2001:db8::/32", "::ffff:1.2.3.4", "fe80::1", "2001:db8::/129",
        "", "/", "10.0.0.0/", "abc", "10.0.0.0/08", "010.0.0.0/8",
    ]

    @Test("IPPrefix from String equals IPPrefix from Substring", arguments: texts)
    func prefixes(_ text: String) {
        let padded = "[" + text + "]"
        let inner = padded.dropFirst().dropLast()
        #expect(IPPrefix(text) == IPPrefix(inner))
    }

    @Test("IPAddress from String equals IPAddress from Substring", arguments: texts)
    func addresses(_ text: String) {
        let padded = "[" + text + "]"
        let inner = padded.dropFirst().dropLast()
        #expect(IPAddress(text) == IPAddress(inner))
    }

    @Test("A few readings pinned")
    func pinned() {
        #expect(IPPrefix("10.0.0.5/24") == IPPrefix(address: .v4(0x0A00_0000), length: 24))
        #expect(IPPrefix("10.0.0.0/33") == nil)
        #expect(IPAddress("10.1.2.3") == .v4(0x0A01_0203))
        #expect(IPAddress("1.2.3.4.5") == nil)
    }
}
