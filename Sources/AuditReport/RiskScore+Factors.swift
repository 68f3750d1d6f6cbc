import Reachability

extension RiskScore {
    /// The factors that moved the score, in words, in the order of the documented sum.
    public var factors: [String] {
        var f = ["\(hops) hop\(hops == 1 ? "" : "s")"]
        if managementEntry { f.append("management port on the entry hop") }
        if managementTarget { f.append("management port into the target") }
        if wideOpen { f.append("a hop open to every service") }
        if crossRegion { f.append("crosses regions") }
        if inspected { f.append("through an Azure Firewall") }
        return f
    }
}
