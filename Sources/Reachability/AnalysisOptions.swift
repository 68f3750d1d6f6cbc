import TopologyModel

/// Choices where Azure's documentation is silent (UNCONFIRMED in the semantics
/// reference). Each default is the documented or the security-conservative reading; see
/// docs/azure-model.md, Limitations.
public struct AnalysisOptions: Sendable, Hashable {
    /// NSG-15: whether a `*` protocol rule matches protocols other than TCP, UDP and ICMP
    /// (ESP, AH, others). Default true: over-approximate for attack paths.
    public var starMatchesAllProtocols: Bool
    /// NSG-30 item 4: whether user-defined route prefixes widen the `VirtualNetwork` tag.
    public var routePrefixesWidenVirtualNetwork: Bool
    /// Service tags other than VirtualNetwork/Internet/AzureLoadBalancer cannot be expanded
    /// offline. Default true: on Allow rules they match public (Internet) sources, since an
    /// attacker can rent addresses in Azure; on Deny rules they match nothing, so no
    /// protection is assumed.
    public var unknownTagsAllowPublic: Bool
    /// PEER-7: accept either side's `allowForwardedTraffic` (lenient) instead of the
    /// receiving side's only (Learn's wording, the default).
    public var lenientForwardedTraffic: Bool
    /// FW-17: whether traffic DNATed by Azure Firewall keeps the client's address (true) or
    /// reaches the destination from a firewall private address (false, the default).
    public var dnatPreservesClientAddress: Bool
    /// Source ports a client uses when the flow gives none (NSG-19).
    public var clientSourcePorts: ClosedRange<UInt16>
    /// Published service tag data (TAG-1, TAG-2): the import resolves the tags it holds into
    /// their prefixes; without it, tags keep the approximation `unknownTagsAllowPublic` says.
    public var serviceTags: ServiceTagCatalog?

    public init(
        starMatchesAllProtocols: Bool = true, routePrefixesWidenVirtualNetwork: Bool = true,
        unknownTagsAllowPublic: Bool = true, lenientForwardedTraffic: Bool = false,
        clientSourcePorts: ClosedRange<UInt16> = 1024...65535, dnatPreservesClientAddress: Bool = false, serviceTags: ServiceTagCatalog? = nil
    ) {
        self.serviceTags = serviceTags
        self.dnatPreservesClientAddress = dnatPreservesClientAddress
        self.starMatchesAllProtocols = starMatchesAllProtocols
        self.routePrefixesWidenVirtualNetwork = routePrefixesWidenVirtualNetwork
        self.unknownTagsAllowPublic = unknownTagsAllowPublic
        self.lenientForwardedTraffic = lenientForwardedTraffic
        self.clientSourcePorts = clientSourcePorts
    }
}
