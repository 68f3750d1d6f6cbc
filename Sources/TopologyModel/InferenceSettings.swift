/// The settings of an LLM inference service that decide who may call it (catalog
/// LAT-PL-003): Machine Learning workspaces, their online endpoints, and Cognitive Services
/// accounts. nil: not set in the input.
public struct InferenceSettings: Hashable, Sendable {
    /// An online endpoint's `authMode`: how callers of its scoring URI authenticate.
    public enum AuthMode: String, Hashable, Sendable {
        /// Static keys that never expire: whoever holds one calls the endpoint.
        case key
        /// Azure Machine Learning tokens.
        case amlToken = "amltoken"
        /// Microsoft Entra ID tokens.
        case aadToken = "aadtoken"

        public init?(azure text: String) { self.init(rawValue: text.lowercased()) }

        public var azureName: String {
            switch self {
            case .key: "Key"
            case .amlToken: "AMLToken"
            case .aadToken: "AADToken"
            }
        }
    }

    /// A Cognitive Services account's `kind`. Only OpenAI and AIServices accounts serve
    /// language models; the others (Speech, Vision, ...) are read for their private endpoints
    /// and public endpoint alone.
    public enum AccountKind: Hashable, Sendable {
        case openAI, aiServices
        case other(String)

        public init(azure text: String) {
            switch text.lowercased() {
            case "openai": self = .openAI
            case "aiservices": self = .aiServices
            default: self = .other(text)
            }
        }

        public var servesLanguageModels: Bool { self == .openAI || self == .aiServices }

        public var azureName: String {
            switch self {
            case .openAI: "OpenAI"
            case .aiServices: "AIServices"
            case .other(let text): text
            }
        }
    }

    /// Workspaces: `allowPublicAccessWhenBehindVnet`, the older switch that keeps the public
    /// endpoint open beside private endpoints.
    public var allowPublicAccessWhenBehindVnet: Bool?
    /// Online endpoints: `authMode`.
    public var authMode: AuthMode?
    /// Cognitive Services accounts: `kind`.
    public var accountKind: AccountKind?
    /// Cognitive Services accounts: `disableLocalAuth` (unset: keys work).
    public var disableLocalAuth: Bool?

    public init() {}
}
