import Reachability
import TopologyModel

/// Versioned JSON shapes of Lateral's outputs. Field names are part of the CLI contract
/// (docs/cli.md); bump ``schemaVersion`` on any incompatible change.
public enum ReportSchema {
    public static let schemaVersion = "1.0"

    public struct Flow: Encodable, Sendable {
        public let schemaVersion = ReportSchema.schemaVersion
        public let query: Query
        public let verdict: String
        public let disposition: String
        public let trace: [Step]

        public struct Query: Encodable, Sendable {
            public let src: String
            public let dst: String
            public let `protocol`: String
            public let port: Int?
            public let srcPort: Int
            public let srcPortAssumed: Bool
        }
    }

    /// Which service tag data decided: an audit must be repeatable with the same snapshot.
    public struct ServiceTagData: Encodable, Sendable {
        public let cloud: String
        public let format: String
        public let files: [File]

        public struct File: Encodable, Sendable {
            public let file: String
            public let changeNumber: String
        }

        public init(_ catalog: ServiceTagCatalog) {
            cloud = catalog.sources.first?.cloud ?? ""
            format = catalog.sources.first?.format.rawValue ?? ""
            files = catalog.sources.map { File(file: $0.file, changeNumber: $0.changeNumber) }
        }
    }

    public struct Step: Encodable, Sendable {
        public let step: Int
        public let kind: String
        public let resource: String?
        public let name: String
        public let direction: String?
        public let rule: String?
        public let ruleId: String?
        public let priority: Int?
        public let decision: String
        public let detail: String
        /// The reference's rule codes that decided the step (RT-16...); absent when none.
        public let rules: [String]?
    }

    public struct Paths: Encodable, Sendable {
        public let schemaVersion = ReportSchema.schemaVersion
        public let from: [String]
        public let to: [String]
        public let reachable: Bool
        public let sources: [String]
        public let targets: [String]
        public var paths: [Path]
        public var nodes: [Node]
        public let warnings: [String]
        /// `analyze` only: the ways out of the targets to the Internet.
        public var exfiltration: [Path]? = nil
        /// The service tag data the tags were resolved with, when given (TAG-15).
        public var serviceTags: ServiceTagData? = nil
        /// True when more paths existed than the report lists (it keeps the shortest).
        public var truncated: Bool? = nil
        /// Per entry selector and target selector, the paths ranked by risk score.
        public var ranking: [PairRank]? = nil
        /// Pairs where requests arrive but replies cannot return (RT-18); not hops. At most
        /// ``OneWayListing/limit``, those into the targets first.
        public var oneWay: [OneWay]? = nil
        /// When `oneWay` lists fewer than there are: how many there are.
        public var oneWayTotal: Int? = nil
        /// `analyze` only: findings that need no path (unattached NSGs, overlapping subnets,
        /// one-sided peerings, missing subnets and public IPs); absent when there are none.
        public var postureNotes: [PostureEntry]? = nil
    }

    /// Requests arrive, replies take another route: no connection, a one-way payload may arrive.
    public struct OneWay: Encodable, Sendable {
        public let from: String
        public let to: String
        public let services: [Service]
        public let allowedBy: [Rule]
        public let via: [Via]
        /// The route the replies take instead.
        public let reply: Via
        public let witness: Witness
    }

    public struct Path: Encodable, Sendable {
        public let nodes: [String]
        public let hops: [Hop]
    }

    public struct Hop: Encodable, Sendable {
        public let from: String
        public let to: String
        public let services: [Service]
        public let allowedBy: [Rule]
        public let via: [Via]
        public let witness: Witness
        public let firewallRules: [FirewallRule]
        public let findings: [String]
    }

    public struct FirewallRule: Encodable, Sendable {
        public let firewall: String
        public let firewallId: String
        public let group: String?
        public let collection: String
        public let rule: String
        public let kind: String
        public let action: String
        public let fqdn: String?
        public let services: String
    }

    public struct Service: Encodable, Sendable {
        public let `protocol`: String
        public let ports: [String]
    }

    public struct Rule: Encodable, Sendable {
        public let nsg: String
        public let nsgId: String
        public let level: String
        public let direction: String
        public let rule: String
        public let ruleId: String?
        public let priority: Int
        public let isDefault: Bool
        public let services: String
    }

    public struct Via: Encodable, Sendable {
        public let kind: String
        public let resource: String?
        public let name: String
        public let detail: String
        /// The reference's rule codes that decided the step; absent when none.
        public let rules: [String]?

        init(_ step: TraceStep) {
            kind = step.kind.rawValue
            resource = step.resource?.text
            name = step.resourceName
            detail = step.detail
            rules = step.rules.isEmpty ? nil : step.rules.map(\.description)
        }
    }

    public struct Witness: Encodable, Sendable {
        public let src: String
        public let dst: String
        public let translatedDst: String?
        public let `protocol`: String
        public let port: Int
        public let srcPort: Int?
    }

    public struct Node: Encodable, Sendable {
        public let id: String
        public let kind: String
        public let label: String
        public let vnet: String?
        public let subnet: String?
        public let subnetId: String?
        public let region: String?
        public let endpoints: [Endpoint]
    }

    public struct RouteTable: Encodable, Sendable {
        public let subnet: String
        public let subnetId: String
        public let routes: [RouteEntry]
    }

    /// A virtual hub's route table (`lateral routes --hub`).
    public struct HubRouteTable: Encodable, Sendable {
        public let hub: String
        public let hubId: String
        public let table: String
        public let tableId: String
        public let associatedConnections: [String]
        public let routes: [HubRoute]
    }

    public struct HubRoute: Encodable, Sendable {
        public let prefix: String
        /// `VnetConnection`, `AzureFirewall` or `RemoteHub`.
        public let nextHopType: String
        public let nextHop: String
        public let nextHopId: String
        /// `Static` or `Propagated`.
        public let source: String
        public let state: String
        public let name: String
    }

    /// `lateral routes` given both subnets and hubs, as JSON.
    public struct RouteTables: Encodable, Sendable {
        public let subnets: [RouteTable]
        public let hubs: [HubRouteTable]

        public init(subnets: [RouteTable], hubs: [HubRouteTable]) {
            self.subnets = subnets
            self.hubs = hubs
        }
    }

    public struct RouteEntry: Encodable, Sendable {
        public let prefix: String
        public let nextHopType: String
        public let nextHopIpAddress: String?
        public let source: String
        public let state: String
        public let name: String
        public let resource: String?
    }

    public struct Endpoint: Encodable, Sendable {
        public let nic: String
        public let nicId: String
        public let address: String
        public let publicIp: String?
    }
}
