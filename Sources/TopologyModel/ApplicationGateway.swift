/// An Application Gateway reduced to what reachability needs: for every routing rule, the
/// listener it publishes (frontend and port) and the backends it forwards to (PUB-4).
/// Resolved at import from listeners, routing rules, path maps, pools and HTTP settings.
public struct ApplicationGateway: Hashable, Sendable {
    public struct Backend: Hashable, Sendable {
        /// A NIC IP configuration, an address, or an FQDN (resolved later, if the input can).
        public let configuration: ResourceID?
        public let address: IPAddress?
        public let fqdn: String?
        public init(configuration: ResourceID?, address: IPAddress?, fqdn: String?) {
            self.configuration = configuration
            self.address = address
            self.fqdn = fqdn
        }
    }

    public struct Route: Hashable, Sendable {
        public let rule: String
        public let listener: String
        public let publicIP: ResourceID?
        public let privateAddress: IPAddress?
        public let listenerPort: UInt16
        public let listenerProtocol: String
        public let backends: [Backend]
        public let backendPort: UInt16
        public let backendProtocol: String
        public init(
            rule: String, listener: String, publicIP: ResourceID?, privateAddress: IPAddress?, listenerPort: UInt16, listenerProtocol: String,
            backends: [Backend], backendPort: UInt16, backendProtocol: String
        ) {
            self.rule = rule
            self.listener = listener
            self.publicIP = publicIP
            self.privateAddress = privateAddress
            self.listenerPort = listenerPort
            self.listenerProtocol = listenerProtocol
            self.backends = backends
            self.backendPort = backendPort
            self.backendProtocol = backendProtocol
        }
    }

    public let id: ResourceID
    public let name: String
    public let location: String
    public let skuTier: String?
    /// The gateway's own subnet: backend connections start there.
    public let subnet: ResourceID?
    public let webApplicationFirewall: WebApplicationFirewall?
    public let routes: [Route]
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, location: String, skuTier: String?, subnet: ResourceID?, webApplicationFirewall: WebApplicationFirewall?,
        routes: [Route], origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.location = location
        self.skuTier = skuTier
        self.subnet = subnet
        self.webApplicationFirewall = webApplicationFirewall
        self.routes = routes
        self.origin = origin
    }
}
