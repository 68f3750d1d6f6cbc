import Foundation
import TestSupport
import Testing

/// Thousands of diagnostics: the terminal gets the first 20 and a count of the rest; the JSON
/// report keeps every warning.
@Suite("diagnostics on the terminal are capped")
struct TerminalLimitTests {
    static let base = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network"

    /// A file of `count` VNets, one per line; `prefix` is each one's address prefix and each
    /// subnet names an NSG that is not in the input (a warning per VNet).
    static func estate(_ count: Int, prefix: String) throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory(prefix: "lateral-many-diagnostics")
        let rows = (0..<count).map { i in
            #"{"id": "\#(base)/virtualNetworks/v\#(i)", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope", "properties": {"addressSpace": {"addressPrefixes": ["\#(prefix)"]}, "subnets": [{"name": "s", "properties": {"addressPrefix": "10.0.0.0/24", "networkSecurityGroup": {"id": "\#(base)/networkSecurityGroups/missing\#(i)"}}}]}}"#
        }
        let path = directory.appending("many.json").path
        try Data(("[\n" + rows.joined(separator: ",\n") + "\n]\n").utf8).write(to: URL(fileURLWithPath: path))
        return (directory, path)
    }

    @Test("3,000 errors: 20 lines, each naming the file and its line, then the count of the rest")
    func errors() throws {
        let (directory, path) = try Self.estate(3_000, prefix: "10.0.0.0/33")
        defer { directory.remove() }
        let result = try CLIRunner.run(["paths", path, "--from", "internet", "--to", "vnet:v0"])
        #expect(result.exitCode == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines.prefix(20).allSatisfy { $0.hasPrefix("\(path):") && $0.hasSuffix("error: invalid CIDR '10.0.0.0/33'") })
        #expect(lines.first?.hasPrefix("\(path):2:") == true)
        #expect(lines.last == "2980 more errors not shown")
    }

    @Test("30 errors in one file and one in another: the other file's error is among the 20 lines")
    func everyFileNamed() throws {
        let (directory, path) = try Self.estate(30, prefix: "10.0.0.0/33")
        defer { directory.remove() }
        let other = directory.appending("zz/bad.json").path
        try FileManager.default.createDirectory(at: directory.appending("zz"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.fixture("Import/bad-cidr.json"), toPath: other)
        let result = try CLIRunner.run(["paths", directory.path, "--from", "internet", "--to", "vnet:v0"])
        #expect(result.exitCode == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines.prefix(19).allSatisfy { $0.hasPrefix("\(path):") })
        #expect(lines[19] == "\(other):3: at /value/0/properties/addressSpace/addressPrefixes/0: error: invalid CIDR '10.1.0.0/33'")
        #expect(lines.last == "11 more errors not shown")
    }

    @Test("500 warnings: 20 on the terminal and a count; analyze's JSON lists all 500")
    func warnings() throws {
        let (directory, path) = try Self.estate(500, prefix: "10.0.0.0/16")
        defer { directory.remove() }
        let text = try CLIRunner.run(["paths", path, "--from", "internet", "--to", "vnet:v0"])
        #expect(text.exitCode == 0, "\(text.stderr)")
        let lines = text.stderr.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines.prefix(20).allSatisfy { $0.hasPrefix("warning: \(path):") && $0.contains("is not in the input") })
        #expect(lines.last == "warning: 480 more warnings not shown (the JSON output of analyze, check, whatif and diff lists them all)")
        let json = try CLIRunner.run(["analyze", path, "--format", "json"])
        #expect(json.exitCode == 0)
        let report = try JSONSchemaValidator.parse(json.stdoutData)
        let warnings = report["warnings"]?.arrayValue ?? []
        #expect(warnings.filter { $0.stringValue?.contains("is not in the input") == true }.count == 500)
    }
}
