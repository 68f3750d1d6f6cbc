/// What a spoke VNet is for, written as its `role` tag; the analysis selects entry points
/// and targets by it (`tag:role=retail-frontend`, `tag:role=llm-training`).
public enum SpokeRole: String, Sendable, CaseIterable {
    case retailFrontend = "retail-frontend"
    case inference
    case llmTraining = "llm-training"
    case shared

    /// Share of spokes, in percent: most estates are storefronts and shared services.
    var share: Int {
        switch self {
        case .retailFrontend: 30
        case .inference: 20
        case .llmTraining: 20
        case .shared: 30
        }
    }

    /// The word used in resource names.
    var short: String {
        switch self {
        case .retailFrontend: "fe"
        case .inference: "inf"
        case .llmTraining: "train"
        case .shared: "shared"
        }
    }

    var subscription: String {
        switch self {
        case .retailFrontend: "22222222-2222-2222-2222-222222222222"
        case .inference, .llmTraining: "33333333-3333-3333-3333-333333333333"
        case .shared: "44444444-4444-4444-4444-444444444444"
        }
    }

    var resourceGroupStem: String {
        switch self {
        case .retailFrontend: "rg-retail"
        case .inference: "rg-llm-inference"
        case .llmTraining: "rg-llm-training"
        case .shared: "rg-shared"
        }
    }

    var owner: String {
        switch self {
        case .retailFrontend: "retail-platform"
        case .inference, .llmTraining: "ml-platform"
        case .shared: "platform-services"
        }
    }

    /// Subnet tiers, in order; a spoke with more subnets than tiers numbers the repeats.
    var tiers: [String] {
        switch self {
        case .retailFrontend: ["web", "app", "api", "cache", "jobs", "search", "queue", "origin", "batch", "mgmt"]
        case .inference: ["api", "serving", "gpu", "cache", "pe", "batch", "monitor", "feature", "vector", "mgmt"]
        case .llmTraining: ["gpu", "data", "eval", "prep", "pe", "notebook", "registry", "batch", "logs", "mgmt"]
        case .shared: ["dns", "tools", "build", "logs", "monitor", "identity", "backup", "patch", "proxy", "mgmt"]
        }
    }
}
