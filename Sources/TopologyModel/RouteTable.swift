/// A route table (user-defined routes). Imported now; its routes shape the
/// `VirtualNetwork` tag (NSG-30) and, with the routing work, the effective routes.
public struct RouteTable: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    public let disableBgpRoutePropagation: Bool
    public let routes: [Route]
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, location: String, disableBgpRoutePropagation: Bool, routes: [Route], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.disableBgpRoutePropagation = disableBgpRoutePropagation
        self.routes = routes
        self.origin = origin
    }
}

/// One user-defined route.
public struct Route: Hashable, Sendable {
    public enum NextHop: String, Hashable, Sendable, CaseIterable {
        case virtualNetworkGateway = "VirtualNetworkGateway"
        case vnetLocal = "VnetLocal"
        case internet = "Internet"
        case virtualAppliance = "VirtualAppliance"
        case none = "None"
    }

    public let id: ResourceID?
    public let name: String
    /// The destination as written: a CIDR or a service tag (RT-9).
    public let destinationText: String
    /// The destination when it is a CIDR, or one prefix of the service tag it names (a tag
    /// route stands for one route per published prefix, TAG-12).
    public let destination: IPPrefix?
    /// RT-9: on an exact-prefix tie, an explicit CIDR beats a regional tag, a top-level tag,
    /// an `AzureCloud` regional tag and `AzureCloud`, in that order; lower wins.
    public let tagPrecedence: Int
    public let nextHop: NextHop
    public let nextHopAddress: IPAddress?
    /// `hasBgpOverride` (read-only in exports): the route wins over overlapping gateway
    /// (BGP) routes whatever their prefix length (RT-11).
    public let hasBgpOverride: Bool
    /// Where the route is written (nested in its table or a resource of its own).
    public let origin: SourceLocation?

    public init(
        id: ResourceID?, name: String, destinationText: String, destination: IPPrefix?, nextHop: NextHop, nextHopAddress: IPAddress?,
        hasBgpOverride: Bool = false, origin: SourceLocation? = nil
    ) {
        self.origin = origin
        self.id = id
        self.name = name
        self.destinationText = destinationText
        self.destination = destination
        // Read once here: effective routes are built for every subnet the table serves.
        tagPrecedence = IPPrefix(destinationText) != nil ? 0 : ServiceTagCatalog.routePrecedence(ofTag: destinationText)
        self.nextHop = nextHop
        self.nextHopAddress = nextHopAddress
        self.hasBgpOverride = hasBgpOverride
    }
}
