import Testing

@testable import AzureImport

/// The byte-level reader of the usual port forms takes only what the general reader would
/// accept, with the same meaning, and leaves everything else to it (NSG-17, NSG-18).
@Suite("Port range fast path")
struct PortRangeFastPathTests {
    @Test(
        "plain ports and ranges",
        arguments: [
            ("443", 443...443), ("0", 0...0), ("65535", 65535...65535), ("1000-2000", 1000...2000),
            ("0080", 80...80), ("22-22", 22...22),
        ] as [(String, ClosedRange<UInt16>)])
    func plain(_ text: String, _ expected: ClosedRange<UInt16>) {
        #expect(ImportContext.plainPortRange(text) == expected)
    }

    @Test(
        "everything else goes to the general reader",
        arguments: [
            "", "*", "any", "65536", "2000-1000", "80-", "-80", "80 ", " 80", "1-2-3",
            "80,443", "123456", "8a", "1000 - 2000",
        ])
    func other(_ text: String) {
        #expect(ImportContext.plainPortRange(text) == nil)
    }
}
