import Foundation
import TestSupport
import Testing

/// A command line that must be refused with exit code 2.
struct BadInvocation: Sendable, CustomTestStringConvertible {
    let name: String
    let arguments: [String]
    /// Text standard error must contain.
    let stderrFragments: [String]
    var testDescription: String { name }
}

@Suite("bad input and usage exit 2")
struct BadInputTests {
    static let intra = TestInputs.semantics("intra-subnet")
    static let flowTail = ["--src", "10.0.1.4", "--dst", "10.0.1.5", "--port", "22"]

    static let cases: [BadInvocation] = [
        BadInvocation(
            name: "malformed JSON", arguments: ["flow", TestInputs.cliFixture("malformed.json")] + flowTail,
            stderrFragments: ["malformed.json", "line 10"]),
        BadInvocation(
            name: "nonexistent file", arguments: ["flow", "/nonexistent/lateral-input.json"] + flowTail,
            stderrFragments: ["/nonexistent/lateral-input.json"]),
        BadInvocation(
            name: "--port 70000", arguments: ["flow", intra, "--src", "10.0.1.4", "--dst", "10.0.1.5", "--port", "70000"],
            stderrFragments: ["70000"]),
        BadInvocation(
            name: "--src-port -1", arguments: ["flow", intra, "--src", "10.0.1.4", "--dst", "10.0.1.5", "--port", "22", "--src-port=-1"],
            stderrFragments: ["--src-port"]),
        BadInvocation(
            name: "tcp without --port", arguments: ["flow", intra, "--src", "10.0.1.4", "--dst", "10.0.1.5"],
            stderrFragments: ["--port"]),
        BadInvocation(
            name: "missing --src", arguments: ["flow", intra, "--dst", "10.0.1.5", "--port", "22"],
            stderrFragments: ["--src"]),
        BadInvocation(
            name: "--src not an IP", arguments: ["flow", intra, "--src", "10.0.1", "--dst", "10.0.1.5", "--port", "22"],
            stderrFragments: ["10.0.1"]),
        BadInvocation(
            name: "--src IPv6, --dst IPv4", arguments: ["flow", intra, "--src", "2001:db8::1", "--dst", "20.1.1.1", "--port", "22"],
            stderrFragments: ["2001:db8::1", "20.1.1.1", "different IP versions"]),
        BadInvocation(
            name: "--src IPv4, --dst IPv6", arguments: ["flow", intra, "--src", "10.0.1.4", "--dst", "fd00::5", "--port", "22"],
            stderrFragments: ["10.0.1.4", "fd00::5", "different IP versions"]),
        BadInvocation(
            name: "input over --max-input-size", arguments: ["flow", intra, "--max-input-size", "1K"] + flowTail,
            stderrFragments: [intra, "more than the input size limit of 1024 bytes"]),
        BadInvocation(
            name: "--max-input-size 0", arguments: ["flow", intra, "--max-input-size", "0"] + flowTail,
            stderrFragments: ["--max-input-size"]),
        BadInvocation(
            name: "--max-input-size 12KB", arguments: ["flow", intra, "--max-input-size", "12KB"] + flowTail,
            stderrFragments: ["--max-input-size", "12KB"]),
        BadInvocation(
            name: "/dev/zero as input", arguments: ["flow", "/dev/zero"] + flowTail,
            stderrFragments: ["/dev/zero", "this is not JSON"]),
        BadInvocation(
            name: "unknown protocol", arguments: ["flow", intra, "--protocol", "sctp"] + flowTail,
            stderrFragments: ["sctp"]),
        BadInvocation(
            name: "flow without input", arguments: ["flow"] + flowTail,
            stderrFragments: ["input"]),
        BadInvocation(
            name: "bad selector", arguments: ["paths", intra, "--from", "foo:bar", "--to", "internet"],
            stderrFragments: ["foo:bar"]),
        BadInvocation(
            name: "bad cidr selector", arguments: ["paths", intra, "--from", "cidr:10.0.0.0/33", "--to", "internet"],
            stderrFragments: ["10.0.0.0/33"]),
        BadInvocation(
            name: "paths without --to", arguments: ["paths", intra, "--from", "internet"],
            stderrFragments: ["--to"]),
        BadInvocation(
            name: "--max-hops 0", arguments: ["paths", intra, "--from", "internet", "--to", "vnet:vnet-a", "--max-hops", "0"],
            stderrFragments: ["--max-hops"]),
        BadInvocation(
            name: "render to .gif", arguments: ["render", intra, "--output", "/tmp/lateral-never-written.gif"],
            stderrFragments: [".gif"]),
        BadInvocation(
            name: "render --from without --to", arguments: ["render", intra, "--from", "internet", "--output", "/tmp/lateral-never-written.svg"],
            stderrFragments: ["--from and --to"]),
        BadInvocation(
            name: "analyze malformed JSON", arguments: ["analyze", TestInputs.cliFixture("malformed.json"), "--format", "json"],
            stderrFragments: ["malformed.json", "line 10"]),
        BadInvocation(name: "unknown subcommand", arguments: ["frobnicate"], stderrFragments: ["frobnicate"]),
    ]

    @Test("exits 2, prints nothing on stdout, and explains on stderr", arguments: cases)
    func refused(_ c: BadInvocation) throws {
        let result = try CLIRunner.run(c.arguments)
        #expect(result.exitCode == 2, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        for fragment in c.stderrFragments {
            #expect(result.stderr.contains(fragment), "stderr lacks '\(fragment)': \(result.stderr)")
        }
    }

    @Test("a malformed file is reported as FILE:LINE with the column")
    func malformedLocation() throws {
        let path = TestInputs.cliFixture("malformed.json")
        let result = try CLIRunner.run(["flow", path] + Self.flowTail)
        #expect(result.exitCode == 2)
        #expect(result.stderr.hasPrefix("\(path):10: error: malformed JSON at line 10, column 5"))
    }

    @Test("an input that is a symbolic link loop is called one (it was 'no such file')")
    func linkLoop() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let a = directory.appending("a.json").path, b = directory.appending("b.json").path
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        let result = try CLIRunner.run(["flow", a] + Self.flowTail)
        #expect(result.exitCode == 2)
        #expect(result.stderr.hasPrefix("\(a): error: symbolic link loop"), "\(result.stderr)")
        #expect(!result.stderr.contains("no such file"))
    }

    @Test("render to .gif writes no file")
    func gifNotWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.appending("x.gif").path
        let result = try CLIRunner.run(["render", Self.intra, "--output", output])
        #expect(result.exitCode == 2)
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
