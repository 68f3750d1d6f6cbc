/// What an ARM template needs from outside to be evaluated: the deployment's place and the
/// parameter values the user supplies (`--subscription`, `--resource-group`, `--location`,
/// `--parameters`).
public struct TemplateOptions: Sendable {
    /// Used when no subscription is given: every ID the template builds still links, and
    /// the nil GUID reads as a placeholder in reports.
    public static let defaultSubscription = "00000000-0000-0000-0000-000000000000"
    public static let defaultResourceGroup = "template-rg"
    public static let defaultLocation = "westeurope"

    public var subscription: String?
    public var resourceGroup: String?
    public var location: String?
    /// Parameter files (`deploymentParameters` documents), later ones winning, applied to
    /// every template among the inputs.
    public var parameterFiles: [String]
    /// `name=value` pairs, winning over every file; the value is read by the type the
    /// template declares (an `int` parameter's `8` is a number, an `array`'s text is JSON).
    public var parameterValues: [(name: String, value: String)]

    public init(
        subscription: String? = nil, resourceGroup: String? = nil, location: String? = nil, parameterFiles: [String] = [],
        parameterValues: [(name: String, value: String)] = []
    ) {
        self.subscription = subscription
        self.resourceGroup = resourceGroup
        self.location = location
        self.parameterFiles = parameterFiles
        self.parameterValues = parameterValues
    }

    /// Splits `--parameters` arguments into files and `name=value` pairs: an argument is a
    /// pair when what comes before its first `=` is a parameter name (letters, digits, `_`,
    /// `-`), as `az deployment group create` reads it; anything else (with a leading `@`
    /// dropped) names a file.
    public init(subscription: String?, resourceGroup: String?, location: String?, parameters: [String]) {
        var files: [String] = [], values: [(name: String, value: String)] = []
        for argument in parameters {
            if let equals = argument.firstIndex(of: "="), !argument[..<equals].isEmpty,
                argument[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
            {
                values.append((String(argument[..<equals]), String(argument[argument.index(after: equals)...])))
            } else {
                // `@file.json`, as az takes it, is the file.
                files.append(argument.hasPrefix("@") ? String(argument.dropFirst()) : argument)
            }
        }
        self.init(subscription: subscription, resourceGroup: resourceGroup, location: location, parameterFiles: files, parameterValues: values)
    }
}
