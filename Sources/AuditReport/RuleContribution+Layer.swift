import Reachability
import TopologyModel

extension RuleContribution {
    /// What let the services through, as reports name it: an NSG at its level, or a
    /// security admin rule, whose `AlwaysAllow` the NSGs never see (AVNM-4).
    var layer: String {
        switch level {
        case .admin: rule.access == .alwaysAllow ? "security admin AlwaysAllow in" : "security admin Allow in"
        case .subnet, .networkInterface: "\(level) NSG"
        }
    }
}
