extension ReportSchema {
    /// `isolation.json`: the plan, each change with what it cuts, and its verification, in the
    /// shape an HTML report can embed (docs/isolate.md#outputs).
    public struct Isolation: Encodable, Sendable {
        public struct Rule: Encodable, Sendable {
            public let name: String
            public let priority: Int
            public let `protocol`: String
            public let sourceAddressPrefixes: [String]
            public let destinationAddressPrefixes: [String]
            public let destinationPortRanges: [String]
        }

        public struct Cut: Encodable, Sendable {
            public let from: String
            public let to: String
            public let services: String
        }

        public struct Change: Encodable, Sendable {
            /// `nsg-deny-rules`, `remove-peering`, `private-subnet` or `disable-public-access`.
            public let kind: String
            /// The NSG (or asset) the change is made on.
            public let resource: String
            public let subnet: String?
            public let direction: String?
            public let createsSecurityGroup: Bool
            /// How many changes the cost model counts (2 when an NSG is created and associated).
            public let count: Int
            public let rules: [Rule]
            public let cuts: [Cut]
            public let policies: [String]
            /// For `remove-peering`: the other side, removed with it.
            public let reverse: String?
        }

        public struct Conflict: Encodable, Sendable {
            public let policy: String
            public let path: [String]
            public let requirements: [String]
            public let message: String
        }

        public struct Verdict: Encodable, Sendable {
            public let policy: String
            public let kind: String
            public let holdsBefore: Bool
            public let holdsAfter: Bool
            public let violationsAfter: [String]
        }

        public struct Verification: Encodable, Sendable {
            public let holds: Bool
            public let pathsClosed: Int
            public let pathsOpened: Int
            public let policies: [Verdict]
        }

        public var schemaVersion = ReportSchema.schemaVersion
        public var kind = "isolation"
        public let policies: [String]
        /// Deny policies solved as one cut, in the order solved.
        public let groups: [[String]]
        public let changeCount: Int
        public let changes: [Change]
        public let conflicts: [Conflict]
        public let failures: [String]
        public let verification: Verification?
    }
}
