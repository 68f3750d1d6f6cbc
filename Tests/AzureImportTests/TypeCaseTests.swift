import Testing

@testable import AzureImport

/// Resource types are compared ignoring case without making lowercased copies: the answers
/// must be what comparing `lowercased()` copies gives.
@Suite("Type comparison ignoring case")
struct TypeCaseTests {
    @Test(
        "agrees with comparing lowercased copies",
        arguments: [
            ("Microsoft.Network/networkSecurityGroups/securityRules", "microsoft.network/networksecuritygroups/securityrules"),
            ("microsoft.network/virtualnetworks/subnets", "microsoft.network/virtualnetworks/subnets"),
            ("Microsoft.Network/virtualNetworks/subnets", "microsoft.network/virtualnetworks/subnet"),
            ("securityRules", "microsoft.network/networksecuritygroups/securityrules"),
            ("@[`{", "`{@["), ("@", "`"), ("[", "{"), ("Z", "z"), ("", ""), ("a", ""),
            ("ÄPP", "äpp"), ("Äpp", "äpq"), ("İ", "i̇"), ("x", "İ"),
        ])
    func agrees(_ pair: (String, String)) {
        #expect(ImportContext.sameIgnoringCase(pair.0, pair.1) == (pair.0.lowercased() == pair.1.lowercased()))
        #expect(ImportContext.sameIgnoringCase(pair.1, pair.0) == (pair.0.lowercased() == pair.1.lowercased()))
    }
}
