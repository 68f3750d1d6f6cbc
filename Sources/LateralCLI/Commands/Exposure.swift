import ArgumentParser
import Foundation
import Lateral

struct Exposure: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What each NSG lets in (services the Internet, the VirtualNetwork tag and each --from reach through it), and each public endpoint.",
        discussion: """
            For every NSG, at every subnet and NIC it is attached to (or once, as guarding one host behind a Standard public IP, when it is attached to nothing), the inbound services each source reaches, the rules that decide them, and the allows that higher-priority denies shadow. Then, for every storage account, key vault and registry, what its public endpoint admits from the Internet and each --from. Then the posture notes that need no path: subnets of one VNet that overlap, one-sided Connected peerings, and firewalls, gateways and load balancers whose subnet or public IP is not in the input (unattached NSGs are in JSON and SARIF; the text names them with each NSG). Inputs may be exports, ARM templates or Terraform plans. Services are written as paths writes them (tcp/22,3389). Exit codes: 0 done, 2 bad input or usage, 3 an output could not be written.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "A further source, cidr:PREFIX (repeatable).") var from: [String] = []
    @Option(help: "text, json or sarif (SARIF 2.1.0 for code scanning).") var format: Format = .text
    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.") var output: String?
    @Flag(help: "No warnings on standard error.") var quiet = false

    func run() throws {
        if let output { try OutputPaths.refuseInputs([output], inputs: input.inputs) }
        var sources: [ExposureSource] = [.internet, .virtualNetwork]
        for selector in try parseSelectors(from) {
            guard case .cidr(let prefix) = selector else { throw CLIError(message: "error: --from takes cidr:PREFIX, not \(selector)") }
            sources.append(ExposureSource(kind: .addresses(AddressSet(prefixes: [prefix])), name: "cidr:\(prefix)"))
        }
        let estate = try loadEstates(
            input.inputs, semantics: semantics, change: nil, keepDocuments: true, input: input, quiet: quiet || format != .text
        )
        .base
        let exposures = RuleSetExposure.evaluate(estate.index, sources: sources)
        let assets = AssetExposure.evaluate(estate.topology, sources: sources)
        let notes = PostureNote.evaluate(estate.topology)
        let text: String
        switch format {
        case .text: text = ExposureReport.text(exposures, assets: assets, notes: notes, lines: estate.lineLookup)
        case .json: text = ExposureReport.json(exposures, assets: assets, notes: notes, lines: estate.lineLookup)
        case .sarif:
            text = ExposureReport.sarif(
                exposures, assets: assets, notes: notes, toolVersion: Analysis.toolVersion, inputs: estate.imported.files, lines: estate.lineLookup)
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                throw CLIError(message: "error: cannot write \(output)", code: 3)
            }
        } else {
            try emit(text)
        }
    }
}
