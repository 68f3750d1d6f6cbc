import Reachability
import Testing

@testable import AuditReport

/// The catalog entries the report prints: one per code, each with its controls, policy
/// definition GUIDs in their form, and a remediation.
@Suite("Finding catalog")
struct FindingCatalogTests {
    @Test("every code has a title, controls and a remediation; every policy GUID is 8-4-4-4-12 hex", arguments: AuditFinding.Code.allCases)
    func entry(_ code: AuditFinding.Code) {
        let entry = FindingCatalog.entry(code)
        #expect(!entry.title.isEmpty && !entry.cis.isEmpty && !entry.mcsb.isEmpty && !entry.remediation.isEmpty)
        #expect(entry.inZone >= entry.severity)
        for policy in entry.policies {
            let groups = policy.guid.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            #expect(groups == [8, 4, 4, 4, 12] && policy.guid.allSatisfy { $0 == "-" || $0.isHexDigit }, "\(code.rawValue): \(policy.guid)")
        }
    }

    @Test("codes are in the catalog's order: by family as it lists them, then by number")
    func order() {
        let families = ["NET", "PL", "EDGE", "STO", "KV", "IAM", "ACR", "RES", "PATH"]
        let keys = AuditFinding.Code.allCases.map { code -> [Int] in
            let parts = code.rawValue.split(separator: "-")
            return [families.firstIndex(of: String(parts[1])) ?? -1, Int(parts[2]) ?? -1]
        }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(!keys.contains { $0.contains(-1) })
    }
}
