/// Hops from one source to a run of targets whose node indices follow each other, all with
/// the same services.
///
/// In a flat network every host reaches almost every other with the same few service sets,
/// so a graph that kept one entry per hop would grow with the square of the hosts (400
/// million hops for 20,000 NICs). Neighbouring targets, in node order, are mostly judged
/// alike: a row of the graph is a few runs. A run may pass over its own source, which is
/// never a hop: readers skip it.
struct HopRun: Equatable {
    /// The first target's node index.
    var target: Int32
    /// How many node indices the run covers, from `target` on (at least 1).
    var span: Int32
    /// An index into the graph's service table.
    var services: Int32

    var end: Int32 { target + span }

    func covers(_ node: Int32) -> Bool { node >= target && node < end }
}

extension Array where Element == HopRun {
    /// Adds the hop to `target`: the last run grows when the target follows it (stepping over
    /// `source`, which is never a target) and has the same services.
    mutating func append(hopTo target: Int32, services: Int32, from source: Int32) {
        if let last = self.last, last.services == services {
            if target == last.end {
                self[count - 1].span += 1
                return
            }
            if last.end == source && target == source + 1 {
                self[count - 1].span += 2
                return
            }
        }
        append(HopRun(target: target, span: 1, services: services))
    }
}
