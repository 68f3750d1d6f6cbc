internal import CGraphviz
import Foundation
import Synchronization

/// Output formats libgraphviz renders for us.
public enum RenderFormat: String, Sendable, CaseIterable {
    case svg, png, pdf, dot

    /// The format for a file name's extension, if supported.
    public init?(path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        self.init(rawValue: ext)
    }
}

/// Errors from layout and rendering, with Graphviz's own message when it gave one.
public struct RenderError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Lays out and renders DOT through libgraphviz, in process.
///
/// libgraphviz is not thread-safe and its context must not be recreated (a use-after-free
/// in 2.43; toolchain.md), so every call goes through one process-wide lock guarding one
/// reused context. DOT is parsed with a deterministic object-ID discipline (shim.h): the
/// default one keys clusters by heap addresses, which made layouts differ between runs.
public enum GraphvizRenderer {
    private final class Context: @unchecked Sendable {
        let gvc: OpaquePointer?
        init() {
            // Keep cgraph's error messages off stderr; we collect them with aglasterr.
            agseterr(AGMAX)
            gvc = gvContext()
        }
    }

    private static let shared = Mutex<Context?>(nil)

    /// Renders DOT text. `.dot` returns the text itself after checking that Graphviz
    /// parses it.
    ///
    /// - Parameters:
    ///   - layout: a Graphviz engine (`dot`, `sfdp`, ...). Engines other than `dot` get a
    ///     fixed `start` seed and `overlap=prism` when the DOT sets neither: same DOT, same
    ///     bytes, and no boxes drawn over each other.
    /// - Throws: ``RenderError`` when Graphviz cannot parse, lay out or render.
    public static func render(dot: String, format: RenderFormat, layout: String = "dot") throws(RenderError) -> [UInt8] {
        let result: Result<[UInt8], RenderError> = shared.withLock { slot in
            if slot == nil { slot = Context() }
            guard let gvc = slot!.gvc else { return .failure(RenderError(message: "cannot create a Graphviz context")) }
            // Graphviz 2.43 miscounts lines in the next parse after text that ends in a
            // newline; trailing whitespace carries no meaning in DOT.
            var text = Substring(dot)
            while let last = text.last, last.isNewline || last == " " { text.removeLast() }
            let source = String(text)
            let byteCount = source.utf8.count
            guard let graph = source.withCString({ lateral_read_dot($0, byteCount) }) else {
                return .failure(RenderError(message: "Graphviz could not parse the diagram: \(lastError() ?? "unknown error")"))
            }
            defer { agclose(graph) }
            if format == .dot { return .success(Array(dot.utf8)) }
            if layout != "dot" {
                setDefault(graph, attribute: "start", value: fixedSeed)
                // Force-directed engines let boxes overlap by default; a whole estate's VNet
                // boxes would pile up unreadably. `prism` moves them apart, keeping the layout.
                setDefault(graph, attribute: "overlap", value: "prism")
            }
            guard gvLayout(gvc, graph, layout) == 0 else {
                return .failure(RenderError(message: "Graphviz layout '\(layout)' failed: \(lastError() ?? "unknown engine or layout error")"))
            }
            defer { gvFreeLayout(gvc, graph) }
            var buffer: UnsafeMutablePointer<CChar>?
            var length: UInt32 = 0
            guard gvRenderData(gvc, graph, format.rawValue, &buffer, &length) == 0, let buffer else {
                return .failure(RenderError(message: "Graphviz could not render \(format.rawValue): \(lastError() ?? "renderer unavailable")"))
            }
            defer { gvFreeRenderData(buffer) }
            let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(length))
            return .success(Array(bytes))
        }
        return try result.get()
    }

    /// The seed force-directed engines (sfdp, neato, fdp) start from unless the DOT names
    /// one, so their layouts are the same on every run (and can be redone with the
    /// Graphviz command-line tools given `-Gstart=` this value).
    public static let fixedSeed = "1"

    /// Sets a graph attribute the DOT text left unset.
    private static func setDefault(_ graph: UnsafeMutablePointer<Agraph_t>, attribute: String, value: String) {
        var name = Array(attribute.utf8CString)
        var text = Array(value.utf8CString)
        var empty: [CChar] = [0]
        name.withUnsafeMutableBufferPointer { name in
            if let current = agget(graph, name.baseAddress), current.pointee != 0 { return }
            text.withUnsafeMutableBufferPointer { text in
                empty.withUnsafeMutableBufferPointer { empty in
                    _ = agsafeset(graph, name.baseAddress, text.baseAddress, empty.baseAddress)
                }
            }
        }
    }

    private static func lastError() -> String? {
        guard let message = aglasterr() else { return nil }
        defer { free(message) }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
