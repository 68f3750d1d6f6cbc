import AzureImport
import Testing

/// `--parameters` arguments split into files and `name=value` pairs as `az` splits them.
@Suite("Template options")
struct TemplateOptionsTests {
    @Test("names before '=' are pairs; paths and @paths are files")
    func split() {
        let options = TemplateOptions(
            subscription: nil, resourceGroup: nil, location: nil,
            parameters: ["vnetName=hub", "main.parameters.json", "@dev.parameters.json", "dir/a=b.json", "tags={\"a\":1}", "x-y_z=a=b"])
        #expect(options.parameterFiles == ["main.parameters.json", "dev.parameters.json", "dir/a=b.json"])
        #expect(options.parameterValues.map(\.name) == ["vnetName", "tags", "x-y_z"])
        #expect(options.parameterValues.map(\.value) == ["hub", "{\"a\":1}", "a=b"])
    }
}
