/// A resource that runs container images: an Azure Container Instances group, a Container
/// App or an App Service site with a Docker image (catalog LAT-ACR-004). Only the images it
/// names are modelled; its network presence is not.
public struct ContainerWorkload: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case containerGroup = "container group", containerApp = "container app", webApp = "web app"
    }

    public let id: ResourceID
    public let name: String
    public let kind: Kind
    /// In the order the resource lists them.
    public let images: [ContainerImage]
    /// The subnets the workload is placed in, when the export says (a container group's
    /// `subnetIds`, a site's `virtualNetworkSubnetId`): a workload in the training zone is
    /// escalated.
    public let subnets: [ResourceID]
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, kind: Kind, images: [ContainerImage], subnets: [ResourceID], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.kind = kind
        self.images = images
        self.subnets = subnets
        self.origin = origin
    }
}

/// An image reference as a workload names it, `[registry/]repository[:tag][@digest]`, split
/// by the OCI reference grammar.
public struct ContainerImage: Hashable, Sendable {
    /// The container (or, for a site, the setting) that names the image.
    public let container: String
    /// The reference as written.
    public let reference: String
    /// nil when the reference has no tag (the registry serves `latest`).
    public let tag: String?
    /// `sha256:...`; nil when the reference does not pin a digest.
    public let digest: String?

    public init(container: String, reference: String) {
        self.container = container
        self.reference = reference
        var name = Substring(reference)
        if let at = name.firstIndex(of: "@") {
            digest = String(name[name.index(after: at)...])
            name = name[..<at]
        } else {
            digest = nil
        }
        // The tag follows the last colon after the last slash; a colon before it is a
        // registry's port (`host:5000/repo`).
        let lastPart = name.lastIndex(of: "/").map { name[name.index(after: $0)...] } ?? name
        tag = lastPart.firstIndex(of: ":").map { String(lastPart[lastPart.index(after: $0)...]) }
    }

    /// A reference whose image can change under it: no digest, and the tag `latest` or none
    /// (which pulls `latest`).
    public var isMutable: Bool { digest == nil && (tag == nil || tag?.lowercased() == "latest") }
}
