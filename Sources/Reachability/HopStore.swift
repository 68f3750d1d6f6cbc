import Synchronization
import TopologyModel

/// Explanations of lean hops, computed on first read and kept, shared by every copy of
/// the graph.
final class HopStore: Sendable {
    private let explainer: HopExplainer
    private let cache = Mutex<[Int64: Hop.Explanation]>([:])

    init(explainer: HopExplainer) { self.explainer = explainer }

    func explanation(_ source: Int, _ target: Int, services: ServiceSet) -> Hop.Explanation {
        let key = Int64(source) << 32 | Int64(target)
        if let known = cache.withLock({ $0[key] }) { return known }
        let computed = explainer.explanation(source, target, services: services)
        cache.withLock { $0[key] = computed }
        return computed
    }

    /// One-way reaches are read rarely (reports, gates): computed on each read, kept by the
    /// reach's own deferred value.
    func oneWayExplanation(_ source: Int, _ target: Int, services: ServiceSet) -> OneWayReach.Explanation {
        explainer.oneWayExplanation(source, target, services: services)
    }
}
