/// Generates synthetic Azure estates of any size and of several shapes (``EstateShape``) as
/// one JSON array of ARM resources in REST `GET` shape, for benchmarks and scale tests.
///
/// The output depends on the options alone (seeded SplitMix64, no hashing order, no
/// clock), so a benchmark figure can name the exact input it was measured on. Bytes are
/// written straight into a buffer and handed out in chunks, so the largest benchmark
/// estate (about 145 MB) takes seconds and little memory.
///
/// What a hub-and-spoke estate holds (the other shapes vary it), per region: a hub VNet with AzureFirewallSubnet (and
/// GatewaySubnet), a Premium Azure Firewall with a public IP and a policy inheriting a
/// platform base policy (DNAT, east-west and egress rule collection groups). Spokes are
/// tagged `role=retail-frontend|inference|llm-training|shared` (about 30/20/20/30%), peered
/// both ways with their hub; hubs are peered with each other. Every spoke subnet has its
/// own NSG, and a route table sends 0.0.0.0/0 to the hub firewall. Frontend web NICs have
/// Standard public IPs. The first training spoke of each region holds a storage account
/// behind a private endpoint. Planted holes: the first frontend and first training spoke
/// are peered directly; one training subnet has no route table; a few frontend web
/// subnets admit SSH and RDP from the Internet; the first storage account's subnet has
/// `privateEndpointNetworkPolicies: Disabled` and its public endpoint is open.
public enum EstateGenerator {
    /// Writes an estate in chunks.
    ///
    /// - Parameters:
    ///   - options: shape, size and seed; checked with ``EstateOptions/validate()`` first.
    ///   - chunkSize: bytes per chunk handed to `write` (the last one may be shorter).
    ///   - write: receives the document's bytes in order.
    /// - Returns: the counts of what was written, with ``EstateSummary/bytes`` filled in.
    /// - Throws: ``EstateOptions/Invalid`` for options out of range, or whatever `write` throws.
    /// - Complexity: O(output size).
    @discardableResult
    public static func generate(
        _ options: EstateOptions, chunkSize: Int = 1 << 22,
        write: @escaping (ArraySlice<UInt8>) throws -> Void
    ) throws -> EstateSummary {
        try options.validate()
        var random = SplitMix64(seed: options.seed)
        let plan = EstatePlan(options: options, random: &random)
        var writer = EstateWriter(plan: plan, random: random, out: JSONBuffer(chunkSize: max(chunkSize, 1024), sink: write))
        try writer.write()
        var summary = plan.summary
        precondition(writer.written == summary.resources, "wrote \(writer.written) resources, planned \(summary.resources)")
        summary.bytes = writer.out.count
        return summary
    }

    /// The whole estate in memory (tests, small estates).
    ///
    /// - Throws: ``EstateOptions/Invalid`` for options out of range.
    public static func generate(_ options: EstateOptions) throws(EstateOptions.Invalid) -> (bytes: [UInt8], summary: EstateSummary) {
        var bytes: [UInt8] = []
        do {
            let summary = try generate(options) { bytes.append(contentsOf: $0) }
            return (bytes, summary)
        } catch let error as EstateOptions.Invalid {
            throw error
        } catch {
            preconditionFailure("appending to memory cannot fail: \(error)")
        }
    }

    /// What an estate of these options will hold, without writing it.
    ///
    /// - Throws: ``EstateOptions/Invalid`` for options out of range.
    public static func summary(_ options: EstateOptions) throws(EstateOptions.Invalid) -> EstateSummary {
        try options.validate()
        var random = SplitMix64(seed: options.seed)
        return EstatePlan(options: options, random: &random).summary
    }
}
