import Intent
import Reachability
import Testing
import TopologyModel

/// Service texts read on their own, as the fuzz harness reads them.
@Suite("service texts")
struct ServiceTextTests {
    // Found by FuzzSelectors: both split into no parts, and reading the protocol trapped.
    @Test("text with no protocol in it is refused, not a trap", arguments: ["", "/", "//"])
    func nothingBeforeTheSlash(_ text: String) {
        #expect(throws: ServiceText.Failure.self) { try ServiceText.parse(text) }
    }

    // Found by FuzzSelectors: `tcp/,` named no port, so a policy requiring it held on any estate.
    @Test("a port list with an empty item is refused", arguments: ["tcp/,", "tcp/22,", "udp/,53", "tcp/22,,80"])
    func emptyPortItem(_ text: String) {
        #expect(throws: ServiceText.Failure.self) { try ServiceText.parse(text) }
    }

    @Test("a service reads as its protocol and ports")
    func reads() throws {
        var expected = ServiceSet()
        expected.insert(.tcp, PortSet(22...22))
        expected.insert(.tcp, PortSet(3389...3389))
        #expect(try ServiceText.parse("TCP/22,3389") == expected)
        #expect(try ServiceText.parse("any").isEverything)
    }
}
