import TopologyModel

/// One way traffic travels in the walk (``EstateIndex/walk(_:from:to:depth:)``): the
/// services still allowed, the source address the next NSGs see, the NSG stages of the
/// current leg, what has been passed, and how the walk ended.
///
/// The same value carries one packet (`flow`: one service, one source port) or a header
/// space (a hop: every service, every client port); `Record` keeps what the walk's
/// decisions were, as a trace of steps or as the rules that let services through.
struct Leg<Record: WalkRecord> {
    var services: ServiceSet
    var sender: EndpointIdentity
    /// Client source ports the leg's NSG rules are judged over (NSG-19).
    var sourcePorts: PortSet
    /// Stages the leg has passed, judged together when it closes: at a firewall (which
    /// starts a new connection leg) or on arrival. Source-port ranges of different stages
    /// must be met by one port, so they cannot be judged apart.
    var stages: [PolicyStage] = []
    /// Stages joined but not yet judged: the next step of the walk judges them first.
    var fresh: [PolicyStage]
    var record: Record
    /// The packet came in through a virtual network gateway (PEER-7 does not apply).
    var viaGateway = false
    /// The client is on-premises: the destination must answer through a gateway (PEER-8).
    var onPremisesClient: IPAddress?
    /// The stateful devices that must see the reply (RT-18).
    var path = RequestPath()
    /// Where the leg is: the subnet routes are looked up from, and the appliances passed.
    var subnet: ResourceID?
    var appliances = 0
    var end: WalkEnd = .walking

    init(services: ServiceSet, sender: EndpointIdentity, sourcePorts: PortSet, stages: [PolicyStage], record: Record) {
        self.services = services
        self.sender = sender
        self.sourcePorts = sourcePorts
        self.fresh = stages
        self.record = record
    }
}

/// How a walk ended.
enum WalkEnd: Equatable {
    case walking
    /// Delivered and admitted, and the reply returns.
    case arrived
    /// Delivered and admitted, but the reply is dropped at this step (RT-16, RT-18, PE-8).
    case oneWay(TraceStep)
    /// Routed out to the Internet, for the caller to follow (PUB-6, a public target).
    case internet
    /// Routed out through a virtual network gateway to on-premises.
    case onPremises
    /// Stopped before arrival.
    case stopped(Disposition)
}

extension WalkEnd {
    /// A flow's disposition for a walk that ended this way.
    var disposition: Disposition {
        switch self {
        case .walking: .noRoute
        case .arrived: .accepted
        case .oneWay: .droppedAsymmetricReturn
        case .internet: .exitsToInternet
        case .onPremises: .onPremises
        case .stopped(let disposition): disposition
        }
    }
}

/// Where the walk goes: the address routes look up, the placement that receives it (nil
/// for an address outside every VNet), and the destination identity NSG rules match.
struct WalkTarget {
    let address: IPAddress
    let placement: Placement?
    /// What NSGs on the way (the source's, an NVA's) see as the destination.
    let identity: EndpointIdentity
    /// What the destination's own NSGs see, when it differs: with floating IP the backend
    /// receives packets addressed to the frontend, and either view admits (PUB-2).
    var alternate: (identity: EndpointIdentity, note: TraceEvent)?
}

extension Leg where Record == HopRecord {
    var via: [TraceStep] { record.via }
    var allowedBy: [RuleContribution] { record.allowedBy }
    var firewallRules: [FirewallContribution] { record.firewallRules }
    var findings: [HopFinding] { record.findings }
}
