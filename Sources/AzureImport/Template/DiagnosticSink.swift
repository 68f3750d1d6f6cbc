import TopologyModel

/// Collects what evaluation assumed, shared by a template and the templates nested in it.
final class DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []
    private var seen: Set<String> = []

    func add(_ diagnostic: Diagnostic) {
        guard seen.insert(diagnostic.rendered).inserted else { return }
        diagnostics.append(diagnostic)
    }
}
