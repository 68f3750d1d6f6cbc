import Testing
import TopologyModel

@testable import AzureImport

/// Which values of an edited resource a what-if change wrote: the ones its origins name, the
/// whole of a body, and for a merge patch neither the estate's members beside the patched ones
/// nor what lies under an object it merged into.
@Suite("What-if edit origins")
struct EditOriginsTests {
    static let rule = ResourceID("/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/networkSecurityGroups/n/securityRules/a")

    static func edit(_ origins: [String: ResourceEdit.Origin]) -> ResourceEdit {
        ResourceEdit(target: rule, action: .mergePatch(.null), originFile: "change.yaml", originLine: 3, origins: origins)
    }

    @Test("a merge patch: its values and the objects it merged into, nothing else")
    func mergePatch() {
        let set = ResourceEdit.Origin(line: 5, pointer: "/changes/0/set", whole: false)
        let port = ResourceEdit.Origin(line: 6, pointer: "/changes/0/set/destinationPortRange")
        let origins = EditOrigins(Self.edit(["/properties": set, "/properties/destinationPortRange": port]), at: "/3/properties/securityRules/0")
        #expect(origins.origin(of: "/3/properties/securityRules/0/properties/destinationPortRange") == port)
        #expect(origins.origin(of: "/3/properties/securityRules/0/Properties/DestinationPortRange") == port, "member names match without regard to case")
        #expect(origins.origin(of: "/3/properties/securityRules/0/properties") == set)
        #expect(origins.origin(of: "/3/properties/securityRules/0/properties/priority") == nil, "the estate's member")
        #expect(origins.origin(of: "/3/properties/securityRules/0") == nil)
        #expect(origins.origin(of: "/3/properties/securityRules/01/properties/destinationPortRange") == nil, "another resource")
    }

    @Test("a body: everything under it, at the nearest value named")
    func body() {
        let root = ResourceEdit.Origin(line: 4, pointer: "/changes/0/rule")
        let priority = ResourceEdit.Origin(line: 7, pointer: "/changes/0/rule/priority")
        let origins = EditOrigins(Self.edit(["": root, "/properties/priority": priority]), at: "")
        #expect(origins.origin(of: "/properties/priority") == priority)
        #expect(origins.origin(of: "/properties/access") == root)
        #expect(origins.origin(of: "/properties") == root)
    }

    @Test("a later patch keeps what an earlier edit wrote, and does not unmake a whole value")
    func later() {
        let root = ResourceEdit.Origin(line: 4, pointer: "/changes/0/rule")
        let first = EditOrigins(Self.edit(["": root]), at: "")
        let set = ResourceEdit.Origin(line: 9, pointer: "/changes/1/set", whole: false)
        let access = ResourceEdit.Origin(line: 10, pointer: "/changes/1/set/access")
        let second = EditOrigins(Self.edit(["/properties": set, "/properties/access": access]), at: "", after: first)
        #expect(second.origin(of: "/properties/access") == access)
        #expect(second.origin(of: "/properties/priority") == root)
    }

    @Test("a diagnostic about a value the change wrote moves to the change file")
    func placed() {
        let port = ResourceEdit.Origin(line: 6, pointer: "/changes/0/set/destinationPortRange")
        let origins = EditOrigins(Self.edit(["/properties/destinationPortRange": port]), at: "/3")
        let moved = origins.placed(
            Diagnostic(
                severity: .error, kind: .invalidInput, file: "estate.json", line: 148,
                pointer: "/3/properties/destinationPortRange", resource: Self.rule, message: "invalid port 'abc'"))
        #expect(moved.rendered == "change.yaml:6: at /changes/0/set/destinationPortRange: error: invalid port 'abc'")
        let kept = Diagnostic(severity: .error, kind: .invalidInput, file: "estate.json", line: 149, pointer: "/3/properties/priority", message: "m")
        #expect(origins.placed(kept) == kept)
    }
}
