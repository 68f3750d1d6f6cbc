/// One NSG rule before it is written: the generator picks a kind, then fills the sides.
struct SecurityRuleDraft {
    enum Side {
        case any
        case tag(StaticString)
        /// A service tag spelled at run time (a regional one: `Sql.WestEurope`).
        case text(String)
        case cidr(UInt32, Int)
    }

    enum Ports {
        case any
        case port(Int)
        case range(Int, Int)
    }

    var name: String
    var description: String
    var access: StaticString
    var direction: StaticString
    var proto: StaticString
    var sources: [Side]
    var destinations: [Side]
    var ports: [Ports]
    /// ASG IDs; a side with groups and no addresses is written without an address member.
    var sourceGroups: [String] = []
    var destinationGroups: [String] = []

    /// Service ports a rule may open or close; 22 and 3389 are the management ports the
    /// analysis ranks higher.
    static let servicePorts = [443, 8443, 1433, 5432, 6379, 9092, 8080, 27017, 5671, 9200, 22, 3389]
    static let portRanges = [(8000, 8999), (30000, 32767), (4000, 4100), (50000, 50100), (6000, 6010)]
}

extension SecurityRuleDraft.Ports {
    var label: String {
        switch self {
        case .any: "Any"
        case .port(let p): String(p)
        case .range(let low, let high): "\(low)-\(high)"
        }
    }
}
