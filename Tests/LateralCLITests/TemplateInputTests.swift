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

    @Test("a directory of mixed inputs with two bad files: both named in one run, exit 2; without them, exit 0")
    func mixedDirectory() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-cli-mixed")
        defer { directory.remove() }
        let manager = FileManager.default
        for name in ["net", "plan", "bad"] { try manager.createDirectory(at: directory.appending(name), withIntermediateDirectories: true) }
        try manager.copyItem(atPath: Self.dmz + ".json", toPath: directory.appending("net/azuredeploy.json").path)
        try manager.copyItem(atPath: Self.dmz + ".parameters.json", toPath: directory.appending("net/azuredeploy.parameters.json").path)
        try manager.copyItem(atPath: Fixtures.fixture("Terraform/hub-spoke-v4.tfplan.json"), toPath: directory.appending("plan/tfplan.json").path)
        try manager.copyItem(atPath: Fixtures.fixture("Import/bad-cidr.json"), toPath: directory.appending("bad/export.json").path)
        try manager.copyItem(atPath: Fixtures.fixture("Terraform/future-format.tfplan.json"), toPath: directory.appending("bad/plan.json").path)
        let failed = try CLIRunner.run(["exposure", directory.path])
        #expect(failed.exitCode == 2)
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr.contains("bad/export.json:3: at /value/0/properties/addressSpace/addressPrefixes/0: error: invalid CIDR '10.1.0.0/33'"))
        #expect(failed.stderr.contains("bad/plan.json: at /format_version: error: TF-FORMAT-VERSION"), "\(failed.stderr)")
        try manager.removeItem(at: directory.appending("bad"))
        let result = try CLIRunner.run(["exposure", directory.path])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("nsg-web on subnet vnet-hub/snet-web from internet: tcp/22,443"), "\(result.stdout)")
        #expect(!result.stderr.contains("no Azure resources") && !result.stderr.contains("parameter file with no template"), "\(result.stderr)")
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
