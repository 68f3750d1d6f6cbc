import ArgumentParser
import Foundation
import Lateral

/// The hidden child for `lateral flow`: load the estate as the command does, then judge one
/// TCP flow and format its trace.
struct FlowStages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow-stages", abstract: "Time one flow verdict on one file (used by the sweep).", shouldDisplay: false)

    @OptionGroup var child: ChildOptions
    @Option(help: "Source address.") var src: String
    @Option(help: "Destination address.") var dst: String
    @Option(help: "Destination TCP port.") var port: UInt16

    func validate() throws {
        guard IPAddress(src) != nil, IPAddress(dst) != nil else { throw ValidationError("--src and --dst take IP addresses") }
    }

    func run() throws {
        let (source, destination) = (IPAddress(src)!, IPAddress(dst)!)
        try StageRecorder.record(child) { recorder in
            let estate = try Estate.load(paths: [child.file])
            recorder.finish("load")
            let result = try estate.index.verdict(FlowQuery(source: source, destination: destination, proto: .tcp, destinationPort: port))
            let text = TextFormatter.flow(result)
            recorder.finish("verdict")
            recorder.note("  flow \(src) -> \(dst):\(port): \(result.allowed ? "allowed" : "denied"), \(text.utf8.count) bytes of text")
        }
    }
}
