/// One Azure Firewall policy rule before it is written (network, DNAT or application).
struct FirewallRuleDraft {
    enum Kind { case network, dnat, application }

    var kind: Kind
    var name: String
    var description: String
    var protocols: [StaticString] = ["TCP"]
    var sources: [String] = []
    var sourceGroups: [String] = []
    var destinations: [String] = []
    var destinationGroups: [String] = []
    var ports: [String] = []
    /// DNAT only.
    var translatedAddress: UInt32 = 0
    var translatedPort = ""
    /// Application rules only.
    var fqdns: [String] = []
}

/// A rule collection: its rules share an action and a priority.
struct FirewallCollectionDraft {
    var name: String
    var priority: Int
    /// `Allow` or `Deny`; DNAT collections ignore it.
    var action: StaticString
    var rules: [FirewallRuleDraft]
    var isNat: Bool { rules.first?.kind == .dnat }
}
