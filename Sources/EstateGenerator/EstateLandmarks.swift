/// Things in a generated estate that a benchmark can ask about without reading the file:
/// a rule to remove in a what-if, and a flow to judge.
public struct EstateLandmarks: Sendable, Hashable {
    /// The NSG of the first frontend's web subnet, present in every shape.
    public var securityGroup: String
    /// Its first rule, HTTPS from the Internet.
    public var securityRule: String
    /// From a NIC of the first frontend's web subnet to one of the first training spoke's
    /// first subnet (private addresses), on TCP `flowPort`; nil without NICs.
    public var flowSource: String?
    public var flowDestination: String?
    public var flowPort = 443

    public init(securityGroup: String, securityRule: String, flowSource: String? = nil, flowDestination: String? = nil) {
        self.securityGroup = securityGroup
        self.securityRule = securityRule
        self.flowSource = flowSource
        self.flowDestination = flowDestination
    }
}
