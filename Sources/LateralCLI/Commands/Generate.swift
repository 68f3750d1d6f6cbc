import ArgumentParser
import EstateGenerator
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic hub-and-spoke Azure estate as JSON, for benchmarks and scale tests.",
        discussion: """
            The same options always give the same bytes. Defaults are the largest benchmark size (about 32,000 resources, 145 MB). Spokes are tagged role=retail-frontend|inference|llm-training|shared; the estate has planted holes (a direct frontend-training peering, a training subnet without the firewall route, SSH/RDP open to the Internet on a few frontends). Counts and bytes go to standard error.
            """)

    @Option(help: "Seed for every random choice.") var seed: UInt64 = 1
    @Option(help: "Regions, each with a hub VNet and an Azure Firewall (1-16).") var regions = 4
    @Option(help: "Spoke VNets in the whole estate.") var spokes = 1000
    @Option(help: "Subnets per spoke, each with its own NSG.") var subnetsPerSpoke = 10
    @Option(help: "Custom rules per NSG.") var rulesPerNsg = 30
    @Option(help: "NICs per spoke subnet.") var nicsPerSubnet = 2
    @Option(help: "File to write (default: standard output).") var output: String?

    var options: EstateOptions {
        EstateOptions(seed: seed, regions: regions, spokes: spokes, subnetsPerSpoke: subnetsPerSpoke,
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
        StandardStreams.error("""
            \(summary.resources) resources (\(summary.virtualNetworks) VNets, \(summary.subnets) subnets, \(summary.securityGroups) NSGs, \
            \(summary.securityRules) rules, \(summary.interfaces) NICs, \(summary.publicIPs) public IPs, \(summary.peerings) peerings), \
            \(summary.bytes) bytes (\((megabytes * 10).rounded() / 10) MB)\(output.map { " written to \($0)" } ?? "")

            """)
    }
}
