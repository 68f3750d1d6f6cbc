import ArgumentParser
import Lateral

struct Flow: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The verdict for one flow, with the rules, routes and peerings that decided it.",
        discussion: """
            Like Network Watcher's IP flow verify, offline. An Internet source is any public IP; its destination is the public IP of a NIC. Without --src-port the client uses an ephemeral port.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "Source IP address (a NIC's private IP, an address in a subnet, or a public IP).") var src: String
    @Option(help: "Destination IP address (private, or a NIC's public IP).") var dst: String
    @Option(name: .customLong("protocol"), help: "tcp, udp, icmp or any.") var proto: ProtocolOption = .tcp
    @Option(help: "Destination port (0-65535); may be omitted for icmp.") var port: Int?
    @Option(help: "Source port; default: an ephemeral client port.") var srcPort: Int?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        guard IPAddress(src) != nil else { throw ValidationError("--src '\(src)' is not an IP address") }
        guard let destination = IPAddress(dst) else { throw ValidationError("--dst '\(dst)' is not an IP address") }
        guard IPAddress(src)!.isV4 == destination.isV4 else {
            throw ValidationError("--src \(src) and --dst \(dst) are of different IP versions (IPv4 and IPv6); a flow has one")
        }
        if let port, !(0...65535).contains(port) { throw ValidationError("--port \(port) is outside 0-65535") }
        if let srcPort, !(0...65535).contains(srcPort) { throw ValidationError("--src-port \(srcPort) is outside 0-65535") }
        if port == nil && (proto == .tcp || proto == .udp) { throw ValidationError("--port is required for \(proto.rawValue)") }
    }

    func run() throws {
        let estate = try input.load(semantics)
        // `any`: judge each protocol; report the first that is allowed, else TCP's denial.
        let protocols: [IPProtocol] = proto == .any ? [.tcp, .udp, .icmp] : [IPProtocol(rawValue: proto.rawValue)!]
        var results: [FlowResult] = []
        for p in protocols {
            let query = FlowQuery(
                source: IPAddress(src)!, destination: IPAddress(dst)!, proto: p, destinationPort: UInt16(port ?? 0),
                sourcePort: srcPort.map { UInt16($0) })
            do { results.append(try estate.index.verdict(query)) } catch { throw CLIError(message: "error: \(error.message)") }
        }
        let result = results.first { $0.allowed } ?? results[0]
        switch format {
        case .text: try emit(TextFormatter.flow(result))
        case .json: try emit(JSONOutput.encode(ReportBuilder.flow(result)))
        }
    }
}
