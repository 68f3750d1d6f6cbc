import ArgumentParser
import Foundation
import Lateral

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum ProtocolOption: String, ExpressibleByArgument, CaseIterable {
    case tcp, udp, icmp, any
}

/// Input files shared by every subcommand.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Azure resource JSON files or directories.", valueName: "input"))
    var inputs: [String] = []

    /// Loads the estate, printing warnings to standard error.
    func load(_ semantics: SemanticsOptions, quiet: Bool = false) throws -> Estate {
        guard !inputs.isEmpty else { throw CLIError(message: "error: give at least one input file or directory") }
        return try Self.load(inputs, semantics: semantics, quiet: quiet)
    }

    static func load(_ paths: [String], semantics: SemanticsOptions, quiet: Bool) throws -> Estate {
        do {
            let estate = try Estate.load(paths: paths, options: semantics.options)
            if !quiet { TerminalLimit.printWarnings(estate.warnings) }
            return estate
        } catch {
            throw CLIError(message: error.description)
        }
    }
}

/// How a diagram is drawn (render and analyze): what one box stands for, and the
/// Graphviz engine.
struct DiagramOptions: ParsableArguments {
    @Option(help: ArgumentHelp("What one box stands for: subnet, vnet, region, or auto (subnets up to \(DiagramDetail.subnetLimit) nodes, VNets up to \(DiagramDetail.vnetLimit) VNets, then regions). Attack-path nodes and targets always stay at subnet detail.",
                               valueName: "level"))
    var detail: DetailOption = .auto

    @Option(help: "Graphviz layout engine: dot (layered), sfdp (force-directed, compact for very large estates; ignores clusters), or auto (dot up to \(LayoutEngine.dotLimit) boxes, then sfdp).")
    var layout: LayoutOption = .dot

    enum DetailOption: String, ExpressibleByArgument, CaseIterable { case subnet, vnet, region, auto }
    enum LayoutOption: String, ExpressibleByArgument, CaseIterable { case dot, sfdp, auto }

    var level: DiagramDetail { DiagramDetail(rawValue: detail.rawValue)! }
    var engine: LayoutEngine { LayoutEngine(rawValue: layout.rawValue)! }
}

func parseSelectors(_ texts: [String]) throws -> [Selector] {
    try texts.map { text in
        do { return try Selector(parsing: text) } catch { throw CLIError(message: "error: \(error)") }
    }
}

/// Where Azure's documentation is silent (UNCONFIRMED in the semantics reference), the
/// documented or conservative default applies; these flags choose otherwise. See
/// docs/azure-model.md, Limitations.
struct SemanticsOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "NSG-15: a '*' protocol rule matches every IP protocol (ESP, AH...), not only TCP/UDP/ICMP.")
    var starMatchesAllProtocols = true

    @Flag(inversion: .prefixedNo, help: "NSG-30: user-defined route prefixes widen the VirtualNetwork service tag.")
    var routePrefixesWidenVnetTag = true

    @Flag(inversion: .prefixedNo, help: "NSG-33: unexpandable service tags (AzureCloud, Storage...) on Allow rules match Internet sources.")
    var unknownTagsAllowPublic = true

    @Flag(help: "PEER-7: accept forwarded traffic when either side of the peering allows it, not only the receiving side.")
    var lenientForwardedTraffic = false

    @Flag(help: "FW-17: traffic DNATed by Azure Firewall keeps the client address (default: the destination sees a firewall private address).")
    var dnatPreservesClientAddress = false

    var options: AnalysisOptions {
        AnalysisOptions(starMatchesAllProtocols: starMatchesAllProtocols, routePrefixesWidenVirtualNetwork: routePrefixesWidenVnetTag,
                        unknownTagsAllowPublic: unknownTagsAllowPublic, lenientForwardedTraffic: lenientForwardedTraffic,
                        dnatPreservesClientAddress: dnatPreservesClientAddress)
    }
}
