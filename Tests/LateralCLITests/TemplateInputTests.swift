import Foundation
import TestSupport
import Testing

/// ARM templates on the command line: `--parameters` (files and name=value, later ones
/// winning), `--subscription`/`--resource-group`, and Bicep files refused with the command
/// that compiles them.
@Suite("template inputs")
struct TemplateInputTests {
    static let dmz = Fixtures.corpus("arm-templates/azure-quickstart-templates__201-nsg-dmz-in-vnet__azuredeploy")

    @Test("name=value wins over the parameter file; the template's subnets are read")
    func parameters() throws {
        let result = try CLIRunner.run([
            "routes", Self.dmz + ".json", "--parameters", Self.dmz + ".parameters.json", "--parameters", "addressPrefix=10.9.0.0/16",
            "--parameters", "FESubnetPrefix=10.9.0.0/24", "--subscription", "1111", "--resource-group", "review", "--subnet",
            "subnet:First_ARM_VNet/FESubnet",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Effective routes of First_ARM_VNet/FESubnet"))
        #expect(result.stdout.contains("10.9.0.0/16") && result.stdout.contains("VnetLocal"))
        // The other subnets keep the file's prefixes, now outside the address space given inline.
        #expect(result.stderr.contains("subnet 'AppSubnet' prefix 10.0.1.0/24 lies outside the address space"))
    }

    @Test("a parameter the template does not declare is warned about")
    func undeclared() throws {
        let result = try CLIRunner.run(["routes", Self.dmz + ".json", "--parameters", "nonsense=1", "--subnet", "subnet:First_ARM_VNet/FESubnet"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("gives parameter 'nonsense', which the template does not declare"))
    }

    @Test("a Bicep file exits 2 with the command that compiles it")
    func bicep() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-cli-bicep")
        defer { directory.remove() }
        let file = directory.appending("main.bicep").path
        try "param x string".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["routes", file, "--subnet", "subnet:a/b"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("az bicep build --file \(file)"))
    }
}
