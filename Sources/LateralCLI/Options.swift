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

    @Option(
        help: ArgumentHelp(
            "The largest input file read (a pipe is read up to this much): bytes, or a number with K, M or G (powers of 1024).",
            valueName: "size"))
    var maxInputSize = ByteCount(bytes: AzureImporter.defaultMaxInputSize)

    @Option(
        help: ArgumentHelp(
            "For ARM templates among the inputs: a parameter file, or name=value (repeatable; later ones win, name=value over files).",
            valueName: "file-or-name=value"))
    var parameters: [String] = []

    @Option(help: ArgumentHelp("For ARM templates: the subscription ID deployed to (default \(TemplateOptions.defaultSubscription)).", valueName: "id"))
    var subscription: String?

    @Option(help: ArgumentHelp("For ARM templates: the resource group deployed to (default \(TemplateOptions.defaultResourceGroup)).", valueName: "name"))
    var resourceGroup: String?

    @Option(help: ArgumentHelp("For ARM templates: the deployment's location (default \(TemplateOptions.defaultLocation)).", valueName: "region"))
    var location: String?

    /// The template options the flags above make.
    var templates: TemplateOptions {
        TemplateOptions(subscription: subscription, resourceGroup: resourceGroup, location: location, parameters: parameters)
    }

    /// Loads the estate, printing warnings to standard error.
    func load(_ semantics: SemanticsOptions, quiet: Bool = false) throws -> Estate {
        guard !inputs.isEmpty else { throw CLIError(message: "error: give at least one input file or directory") }
        let options = try semantics.options
        do {
            let estate = try Estate.load(paths: inputs, options: options, maxInputSize: maxInputSize.bytes, templates: templates)
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
    @Option(
        help: ArgumentHelp(
            "What one box stands for: subnet, vnet, region, or auto (subnets up to \(DiagramDetail.subnetLimit) nodes, VNets up to \(DiagramDetail.vnetLimit) VNets, then regions). Attack-path nodes and targets always stay at subnet detail.",
            valueName: "level"))
    var detail: DetailOption = .auto

    @Option(
        help:
            "Graphviz layout engine: dot (layered), sfdp (force-directed, compact for very large estates; ignores clusters), or auto (dot up to \(LayoutEngine.dotLimit) boxes, then sfdp)."
    )
    var layout: LayoutOption = .dot

    enum DetailOption: String, ExpressibleByArgument, CaseIterable { case subnet, vnet, region, auto }
    enum LayoutOption: String, ExpressibleByArgument, CaseIterable { case dot, sfdp, auto }

    var level: DiagramDetail { DiagramDetail(rawValue: detail.rawValue)! }
    var engine: LayoutEngine { LayoutEngine(rawValue: layout.rawValue)! }
}

/// A size in bytes: a whole number, optionally followed by K, M or G (KiB, MiB, GiB), which
/// multiply by 1024, 1024² and 1024³.
struct ByteCount: ExpressibleByArgument {
    let bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let units: [(suffixes: [String], factor: Int)] = [(["KiB", "K"], 1 << 10), (["MiB", "M"], 1 << 20), (["GiB", "G"], 1 << 30), (["B", ""], 1)]
        for (suffixes, factor) in units {
            for suffix in suffixes where argument.count > suffix.count && argument.lowercased().hasSuffix(suffix.lowercased()) {
                guard let count = Int(argument.dropLast(suffix.count)), count > 0 else { return nil }
                let (bytes, overflow) = count.multipliedReportingOverflow(by: factor)
                guard !overflow else { return nil }
                self.bytes = bytes
                return
            }
        }
        return nil
    }

    var defaultValueDescription: String {
        bytes % (1 << 30) == 0 ? "\(bytes >> 30)G" : bytes % (1 << 20) == 0 ? "\(bytes >> 20)M" : "\(bytes)"
    }
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

    @Flag(
        inversion: .prefixedNo, help: "NSG-33: service tags not resolved by --service-tags data (AzureCloud, Storage...) on Allow rules match Internet sources."
    )
    var unknownTagsAllowPublic = true

    @Flag(help: "PEER-7: accept forwarded traffic when either side of the peering allows it, not only the receiving side.")
    var lenientForwardedTraffic = false

    @Flag(help: "FW-17: traffic DNATed by Azure Firewall keeps the client address (default: the destination sees a firewall private address).")
    var dnatPreservesClientAddress = false

    @Option(
        help: ArgumentHelp(
            "Service tag data: the weekly Service Tags download or `az network list-service-tags` output (repeatable; the files merge). Tags in NSG rules, firewall rules and routes become their published prefixes.",
            valueName: "file"))
    var serviceTags: [String] = []

    var options: AnalysisOptions {
        get throws {
            var catalog: ServiceTagCatalog?
            if !serviceTags.isEmpty {
                do { catalog = try ServiceTagFile.load(files: serviceTags) } catch { throw CLIError(message: error.description) }
            }
            return AnalysisOptions(
                starMatchesAllProtocols: starMatchesAllProtocols, routePrefixesWidenVirtualNetwork: routePrefixesWidenVnetTag,
                unknownTagsAllowPublic: unknownTagsAllowPublic, lenientForwardedTraffic: lenientForwardedTraffic,
                dnatPreservesClientAddress: dnatPreservesClientAddress, serviceTags: catalog)
        }
    }
}

/// What the auditor report (report.html) records about its making.
struct ReportOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The time report.html records: seconds since 1970 or YYYY-MM-DDTHH:MM:SSZ (default: SOURCE_DATE_EPOCH; without either, the report says the time was not recorded). The build commit comes from LATERAL_COMMIT.",
            valueName: "time"))
    var timestamp: String?

    /// The context from the environment, this option and the command line (the program
    /// named `lateral`, whatever path ran it, so the same run gives the same bytes).
    func context() throws -> ReportContext {
        do {
            return try ReportContext.from(
                environment: ProcessInfo.processInfo.environment, commandLine: ["lateral"] + CommandLine.arguments.dropFirst(), time: timestamp)
        } catch {
            throw CLIError(message: "error: \(error.description)")
        }
    }
}
