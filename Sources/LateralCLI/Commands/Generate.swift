import ArgumentParser
import EstateGenerator
import Foundation

extension EstateShape: ExpressibleByArgument {}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic Azure estate as JSON, for benchmarks and scale tests.",
        discussion: """
            The same options always give the same bytes. Defaults are the largest benchmark size (about 32,000 resources, 157 MB for hub-spoke). Networks are tagged role=retail-frontend|inference|llm-training|shared; the estate has planted holes (a direct frontend-training peering, a training subnet without the firewall route, SSH/RDP open to the Internet on a few frontends). Counts and bytes go to standard error.

            Shapes (--spokes N sets the scale; about 20,000 NICs at N = 1000; docs/cli.md):
              hub-spoke       N spokes, one hub and Azure Firewall per region
              dense-nsg       hub-spoke; rules name distinct prefixes, ASGs, tags
              partial-export  dense-nsg missing its ASGs, NIC NSGs, some RTs/NSGs
              global-mesh     5 meshed hubs; 300 spoke-to-spoke firewall rules each
              flat            one VNet per region, /22 subnets, NIC NSGs and ASGs
              mesh            N/5 VNets all peered with each other, no hubs
            """)

    @Option(help: "Seed for every random choice.") var seed: UInt64 = 1
    @Option(help: "Kind of estate (see above).") var shape: EstateShape = .hubSpoke
    @Option(help: "Regions (1-16); default 4, or 5 for global-mesh.") var regions: Int?
    @Option(help: "The scale: spoke VNets, or the equivalent size for shapes without hubs.") var spokes = 1000
    @Option(help: "Subnets per spoke, each with its own NSG.") var subnetsPerSpoke = 10
    @Option(help: "Custom rules per subnet NSG.") var rulesPerNsg = 30
    @Option(help: "NICs per spoke subnet.") var nicsPerSubnet = 2
    @Option(help: "File to write (default: standard output).") var output: String?

    var options: EstateOptions {
        EstateOptions(
            seed: seed, shape: shape, regions: regions, spokes: spokes, subnetsPerSpoke: subnetsPerSpoke,
            rulesPerSecurityGroup: rulesPerNsg, interfacesPerSubnet: nicsPerSubnet)
    }

    func validate() throws {
        do { try options.validate() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        let summary: EstateSummary
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
                throw CLIError(message: "error: cannot write \(output)", code: 3)
            }
            defer { try? handle.close() }
            do {
                summary = try EstateGenerator.generate(options) { chunk in try handle.write(contentsOf: Data(chunk)) }
            } catch {
                throw CLIError(message: "error: cannot write \(output): \(error.localizedDescription)", code: 3)
            }
        } else {
            do {
                summary = try EstateGenerator.generate(options) { chunk in
                    try StandardStreams.output(chunk)
                    // Nobody reads any more (`| head`): stop generating.
                    if StandardStreams.readerGone { throw CancellationError() }
                }
            } catch is CancellationError {
                return
            }
        }
        let megabytes = Double(summary.bytes) / 1_000_000
        StandardStreams.error(
            """
            \(summary.resources) resources (\(summary.virtualNetworks) VNets, \(summary.subnets) subnets, \(summary.securityGroups) NSGs, \
            \(summary.securityRules) rules, \(summary.interfaces) NICs, \(summary.publicIPs) public IPs, \(summary.peerings) peerings\
            \(summary.applicationSecurityGroups > 0 ? ", \(summary.applicationSecurityGroups) ASGs" : "")\(omitted(summary))), \
            \(summary.bytes) bytes (\((megabytes * 10).rounded() / 10) MB)\(output.map { " written to \($0)" } ?? "")

            """)
    }

    /// What a partial export references but leaves out.
    func omitted(_ summary: EstateSummary) -> String {
        let parts = [
            (summary.omittedSecurityGroups, "NSGs"), (summary.omittedRouteTables, "route tables"),
            (summary.omittedApplicationSecurityGroups, "ASGs"),
        ].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "" : "; referenced but left out: " + parts.joined(separator: ", ")
    }
}
