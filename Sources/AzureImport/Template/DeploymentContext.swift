/// Where a template is deployed: what `subscription()`, `resourceGroup()`, `deployment()`
/// and the `resourceId` family answer, and the prefix of the IDs of the resources it
/// declares.
struct DeploymentContext: Sendable {
    /// The scope a template's `$schema` names.
    enum Level: Sendable {
        case resourceGroup, subscription, managementGroup, tenant
    }

    var level: Level
    var subscription: String
    var resourceGroup: String
    var location: String
    var deploymentName: String
    var tenant = "00000000-0000-0000-0000-000000000000"
    var managementGroup = "management-group"

    /// The ID prefix of resources deployed here, without a trailing `/`.
    var scopeID: String {
        switch level {
        case .resourceGroup: return "/subscriptions/\(subscription)/resourceGroups/\(resourceGroup)"
        case .subscription: return "/subscriptions/\(subscription)"
        case .managementGroup: return "/providers/Microsoft.Management/managementGroups/\(managementGroup)"
        case .tenant: return ""
        }
    }

    /// The level a `$schema` URL names (resource group when it names none we know).
    static func level(ofSchema schema: String) -> Level {
        let s = schema.lowercased()
        if s.contains("subscriptiondeploymenttemplate") { return .subscription }
        if s.contains("managementgroupdeploymenttemplate") { return .managementGroup }
        if s.contains("tenantdeploymenttemplate") { return .tenant }
        return .resourceGroup
    }
}
