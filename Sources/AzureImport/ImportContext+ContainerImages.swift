import TopologyModel

extension ImportContext {
    /// The Azure types whose image references are read (catalog LAT-ACR-004). Their network
    /// side is not modelled, so they stay in the ignored types.
    static let containerWorkloadTypes: [(type: String, kind: ContainerWorkload.Kind)] = [
        ("microsoft.containerinstance/containergroups", .containerGroup), ("microsoft.app/containerapps", .containerApp),
        ("microsoft.web/sites", .webApp),
    ]

    /// Container groups, Container Apps and sites with the images they run. A site whose
    /// `linuxFxVersion` (or `windowsFxVersion`) is not `DOCKER|image` runs a built-in stack
    /// and names no image; such a site, and any workload naming no image, is left out.
    mutating func containerWorkloads() -> [ContainerWorkload] {
        var workloads: [ContainerWorkload] = []
        for (type, kind) in Self.containerWorkloadTypes {
            for raw in resources(ofType: type) {
                var images: [ContainerImage] = []
                var subnets: [ResourceID] = []
                switch kind {
                case .containerGroup:
                    for key in ["initContainers", "containers"] {
                        for item in raw.property(key)?.items ?? [] {
                            guard let image = (item.child("properties") ?? item).child("image")?.string, !image.isEmpty else { continue }
                            images.append(ContainerImage(container: item.child("name")?.string ?? key, reference: image))
                        }
                    }
                    subnets = (raw.property("subnetIds")?.items ?? []).compactMap(\.referenceID)
                case .containerApp:
                    let template = raw.property("template")
                    for key in ["initContainers", "containers"] {
                        for item in template?.child(key)?.items ?? [] {
                            guard let image = item.child("image")?.string, !image.isEmpty else { continue }
                            images.append(ContainerImage(container: item.child("name")?.string ?? key, reference: image))
                        }
                    }
                case .webApp:
                    let config = raw.property("siteConfig")
                    for key in ["linuxFxVersion", "windowsFxVersion"] {
                        guard let text = config?.child(key)?.string, let bar = text.firstIndex(of: "|"),
                            text[..<bar].lowercased() == "docker"
                        else { continue }
                        let image = String(text[text.index(after: bar)...].drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
                        if !image.isEmpty { images.append(ContainerImage(container: key, reference: image)) }
                    }
                    subnets = raw.property("virtualNetworkSubnetId")?.referenceID.map { [$0] } ?? []
                }
                guard !images.isEmpty else { continue }
                workloads.append(
                    ContainerWorkload(id: raw.id, name: raw.name, kind: kind, images: images, subnets: subnets, origin: raw.sourceLocation))
            }
        }
        return workloads
    }
}
