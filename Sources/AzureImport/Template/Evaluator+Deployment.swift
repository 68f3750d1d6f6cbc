/// What a template reads from its deployment: parameters, variables, copy indices and the
/// deployment's place (`subscription()`, `resourceGroup()`, `deployment()`, `tenant()`,
/// `environment()`).
extension Evaluator {
    mutating func deploymentFunction(_ key: String, _ name: String, _ values: [JSONValue]) throws(TemplateError) -> JSONValue? {
        let context = scope.context
        switch key {
        case "parameters":
            try count(values.count, 1...1, name)
            return try scope.parameter(try string(values, 0, name))
        case "variables":
            try count(values.count, 1...1, name)
            return try scope.variable(try string(values, 0, name))
        case "lambdavariables":
            try count(values.count, 1...1, name)
            let wanted = try string(values, 0, name)
            guard let bound = lambdaValues.last(where: { $0.name.lowercased() == wanted.lowercased() }) else {
                throw TemplateError("lambdaVariables('\(wanted)'): no lambda around names that variable")
            }
            return bound.value
        case "copyindex":
            try count(values.count, 0...2, name)
            var loopName: String?, shift = 0
            if let first = values.first {
                if case .string(let s) = first {
                    loopName = s
                    if values.count == 2 { shift = try integer(values, 1, name) }
                } else {
                    shift = try integer(values, 0, name)
                }
            }
            let loop = loopName.map { n in loops.last(where: { $0.name.lowercased() == n.lowercased() }) } ?? resourceLoop ?? loops.last
            guard let loop else {
                throw TemplateError(
                    loopName.map { "copyIndex('\($0)'): no copy loop of that name is around this value" } ?? "copyIndex(): this value is in no copy loop")
            }
            return Self.number(loop.index + shift)
        case "subscription":
            try count(values.count, 0...0, name)
            return Self.object([
                ("id", .string("/subscriptions/\(context.subscription)")), ("subscriptionId", .string(context.subscription)),
                ("tenantId", .string(context.tenant)), ("displayName", .string(context.subscription)),
            ])
        case "resourcegroup":
            try count(values.count, 0...0, name)
            return Self.object([
                ("id", .string("/subscriptions/\(context.subscription)/resourceGroups/\(context.resourceGroup)")),
                ("name", .string(context.resourceGroup)), ("type", .string("Microsoft.Resources/resourceGroups")),
                ("location", .string(context.location)), ("tags", Self.object([])),
                ("properties", Self.object([("provisioningState", .string("Succeeded"))])),
            ])
        case "deployment":
            try count(values.count, 0...0, name)
            return Self.object([
                ("name", .string(context.deploymentName)), ("location", .string(context.location)),
                ("properties", Self.object([("templateLink", Self.object([("uri", .string(scope.file))]))])),
            ])
        case "tenant":
            try count(values.count, 0...0, name)
            return Self.object([("tenantId", .string(context.tenant)), ("countryCode", .string("")), ("displayName", .string(""))])
        case "managementgroup":
            try count(values.count, 0...1, name)
            return Self.object([
                ("id", .string("/providers/Microsoft.Management/managementGroups/\(context.managementGroup)")),
                ("name", .string(context.managementGroup)), ("type", .string("Microsoft.Management/managementGroups")),
            ])
        case "environment":
            try count(values.count, 0...0, name)
            return Self.azureCloud
        default:
            return nil
        }
    }

    static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(keys: members.map(\.0), values: members.map(\.1)))
    }

    /// `environment()` of Azure's public cloud, the only cloud an offline review can assume.
    static let azureCloud = object([
        ("name", .string("AzureCloud")),
        ("gallery", .string("https://gallery.azure.com/")),
        ("graph", .string("https://graph.windows.net/")),
        ("portal", .string("https://portal.azure.com")),
        ("resourceManager", .string("https://management.azure.com/")),
        ("authentication", object([("loginEndpoint", .string("https://login.microsoftonline.com/")), ("audiences", .array([]))])),
        (
            "suffixes",
            object([
                ("storage", .string("core.windows.net")), ("sqlServerHostname", .string(".database.windows.net")),
                ("keyvaultDns", .string(".vault.azure.net")), ("acrLoginServer", .string(".azurecr.io")),
                ("azureDatalakeStoreFileSystem", .string("azuredatalakestore.net")),
                ("azureDatalakeAnalyticsCatalogAndJob", .string("azuredatalakeanalytics.net")),
            ])
        ),
    ])
}
