/// A drawing, independent of Graphviz: nested clusters, nodes and edges with roles.
/// Built by the library front door from an attack graph; encoded to DOT here.
public struct Diagram: Sendable, Hashable {
    public var title: String
    public var clusters: [Cluster]
    public var nodes: [Node]
    public var edges: [Edge]
    public var showLegend: Bool

    public init(title: String, clusters: [Cluster] = [], nodes: [Node] = [], edges: [Edge] = [], showLegend: Bool = true) {
        self.title = title
        self.clusters = clusters
        self.nodes = nodes
        self.edges = edges
        self.showLegend = showLegend
    }

    public struct Cluster: Sendable, Hashable {
        public let id: String
        public let label: String
        /// The enclosing cluster's ID, if nested.
        public let parent: String?
        public let role: ClusterRole
        public init(id: String, label: String, parent: String?, role: ClusterRole) {
            self.id = id
            self.label = label
            self.parent = parent
            self.role = role
        }
    }

    public enum ClusterRole: String, Sendable, Hashable { case region, network, target }

    public struct Node: Sendable, Hashable {
        public let id: String
        public let label: String
        public let cluster: String?
        public let role: NodeRole
        public let highlighted: Bool
        public init(id: String, label: String, cluster: String?, role: NodeRole, highlighted: Bool) {
            self.id = id
            self.label = label
            self.cluster = cluster
            self.role = role
            self.highlighted = highlighted
        }
    }

    public enum NodeRole: String, Sendable, Hashable {
        case internet, hosts, vacant, entry, target, privateEndpoint, asset, firewall
        /// A whole VNet drawn as one box, when the diagram is collapsed to VNet level.
        case network
        /// A whole region drawn as one box, when the diagram is collapsed to region level.
        case region
    }

    public struct Edge: Sendable, Hashable {
        public let from: String
        public let to: String
        public let label: String
        public let role: EdgeRole
        public init(from: String, to: String, label: String, role: EdgeRole) {
            self.from = from
            self.to = to
            self.label = label
            self.role = role
        }
    }

    public enum EdgeRole: String, Sendable, Hashable {
        /// An allowed hop on an attack path.
        case attackPath
        /// An allowed hop not on any selected path.
        case reachability
        /// A live VNet peering (drawn between subnets of the two VNets).
        case peering
        /// A peering that carries no traffic (one side missing or not Connected).
        case brokenPeering
        /// A hop a change opens (what-if and snapshot diagrams).
        case opened
        /// A hop a change closes.
        case closed
        /// A hop the change leaves as it was, drawn dimmed.
        case unchanged
    }
}
