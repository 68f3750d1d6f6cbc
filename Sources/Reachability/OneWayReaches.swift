/// The one-way reaches of a graph in (from, to) order, each kept as two node numbers and an
/// index into the graph's service table; a ``OneWayReach`` is made only when one is read.
///
/// An estate can hold a number of one-way reaches quadratic in its size (millions where a
/// hub's replies miss the firewall its requests crossed): as values with their strings,
/// service dictionaries and deferred explanations they outgrew the rest of the analysis.
public struct OneWayReaches: RandomAccessCollection, Sendable, Equatable {
    struct Entry: Sendable {
        let source: Int32
        let target: Int32
        /// `n >= 0`: a lean reach with services `services[n]`; `n < 0`: `eager[-1 - n]`.
        let payload: Int32
    }

    private let entries: [Entry]
    private let eager: [OneWayReach]
    private let nodes: [AttackNode]
    private let services: [ServiceSet]
    private let store: HopStore?

    init(entries: [Entry], eager: [OneWayReach], nodes: [AttackNode], services: [ServiceSet], store: HopStore?) {
        self.entries = entries
        self.eager = eager
        self.nodes = nodes
        self.services = services
        self.store = store
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }

    public subscript(position: Int) -> OneWayReach {
        let entry = entries[position]
        if entry.payload < 0 { return eager[Int(-1 - entry.payload)] }
        let s = Int(entry.source), t = Int(entry.target), reached = services[Int(entry.payload)]
        guard let store else { preconditionFailure("a lean one-way reach needs the store that explains it") }
        return OneWayReach(from: nodes[s].id, to: nodes[t].id, services: reached) { store.oneWayExplanation(s, t, services: reached) }
    }

    /// The node number of the target of the reach at `position`, without making the reach.
    func target(at position: Int) -> Int32 { entries[position].target }

    public static func == (a: OneWayReaches, b: OneWayReaches) -> Bool { a.elementsEqual(b) }
}
