import Testing

@testable import AzureImport

/// Which template a parameter file among the inputs goes with.
@Suite("Parameter files paired with templates")
struct TemplatePairingTests {
    static let templates = ["a/main.json", "a/other.json", "b/Resources.Net.Template.json", "c/template.json", "d/azuredeploy.json"]

    @Test(
        "by link, by name, by directory, by being the only template",
        arguments: [
            ("a/main.parameters.json", nil, "a/main.json"),
            ("a/main.parameters.dev.json", nil, "a/main.json"),
            ("a/MAIN.Parameters.json", nil, "a/main.json"),
            ("b/Resources.Net.Parameters.json", nil, "b/Resources.Net.Template.json"),
            ("c/parameters.json", nil, "c/template.json"),
            ("c/values.json", nil, "c/template.json"),
            ("e/site.json", "../d/azuredeploy.json", "d/azuredeploy.json"),
            ("a/values.json", "./other.json", "a/other.json"),
            // Two templates in a/, none named after these: no pairing.
            ("a/values.json", nil, nil),
            ("a/absent.parameters.json", nil, nil),
            ("e/site.json", "../d/missing.json", nil),
        ] as [(String, String?, String?)])
    func pairs(_ file: String, _ link: String?, _ expected: String?) {
        #expect(TemplatePairing.template(for: file, link: link, among: Self.templates) == expected)
    }

    @Test("the only template among the inputs takes any parameter file, named after it or not")
    func onlyTemplate() {
        #expect(TemplatePairing.template(for: "x/absent.parameters.json", link: nil, among: ["y/main.json"]) == "y/main.json")
        #expect(TemplatePairing.template(for: "x/values.json", link: nil, among: ["y/main.json"]) == "y/main.json")
        #expect(TemplatePairing.template(for: "x/values.json", link: nil, among: []) == nil)
    }

    @Test(
        "paths compare with . and .. resolved", arguments: [("a/./b/../c.json", "a/c.json"), ("/x//y/../z.json", "/x/z.json"), ("../a/../b.json", "../b.json")])
    func standard(_ path: String, _ expected: String) {
        #expect(TemplatePairing.standard(path) == expected)
    }

    @Test(
        "a parameter file's environment names its resource group",
        arguments: [
            ("a/main.parameters.dev.json", "dev"), ("a/main.parameters.json", "main"), ("c/parameters.json", "parameters"),
            ("c/values.json", "values"), ("b/Resources.Net.Parameters.json", "Resources.Net"),
        ])
    func environment(_ file: String, _ expected: String) {
        #expect(TemplatePairing.environment(of: file) == expected)
    }
}
