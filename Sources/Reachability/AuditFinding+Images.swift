import TopologyModel

extension AuditFinding {
    /// ACR-004, the image half: container groups, Container Apps and sites that run an image
    /// by the tag `latest` or by no tag, with no digest, so a push to the registry replaces
    /// what they run on their next start. Escalated when the workload is in a training
    /// subnet. Whether the images are scanned or quarantined is data-plane and not judged.
    static func mutableImages(_ topology: Topology, zone: ZoneContext) -> [AuditFinding] {
        topology.containerWorkloads.values.compactMap { workload in
            let mutable = workload.images.filter(\.isMutable)
            guard !mutable.isEmpty else { return nil }
            return AuditFinding(
                code: .mutableImageTag, subject: .init(id: workload.id, name: workload.name, origin: workload.origin),
                evidence: .setting(.mutableImages(mutable)), inTargetZone: workload.subnets.contains(where: zone.subnets.contains))
        }
    }
}
