/// Microsoft's published service tag data (the weekly Service Tags download, or the
/// Discovery API that `az network list-service-tags` calls): what each tag's addresses are at
/// one change number (TAG-1, TAG-2).
///
/// A tag covers the service for every customer, never only the estate's own resources
/// (TAG-9), so a rule that allows one is as open as its prefixes.
public struct ServiceTagCatalog: Sendable, Hashable {
    /// One tag, resolved from its own entry (TAG-6: a global tag is not assumed to be the
    /// union of its regional ones).
    public struct Tag: Sendable, Hashable {
        public let name: String
        /// Lowercase region for a regional tag (`Storage.WestEurope`); empty for a global one.
        public let region: String
        public let changeNumber: String
        /// As published, IPv4 and IPv6 mixed (TAG-7: a packet matches its own family only).
        public let prefixes: [IPPrefix]
        public let addresses: AddressSet

        public init(name: String, region: String, changeNumber: String, prefixes: [IPPrefix]) {
            self.name = name
            self.region = region
            self.changeNumber = changeNumber
            self.prefixes = prefixes
            addresses = AddressSet(prefixes: prefixes)
        }
    }

    /// One file the data was read from: audits must name the data they were judged with (TAG-15).
    public struct Source: Sendable, Hashable {
        public enum Format: String, Sendable, Hashable {
            /// The weekly download (`ServiceTags_Public_YYYYMMDD.json`), numeric change numbers.
            case download
            /// The Discovery API (`az network list-service-tags`), change numbers as strings.
            case discoveryAPI = "discovery-api"
        }

        public let file: String
        public let format: Format
        public let cloud: String
        public let changeNumber: String

        public init(file: String, format: Format, cloud: String, changeNumber: String) {
            self.file = file
            self.format = format
            self.cloud = cloud
            self.changeNumber = changeNumber
        }
    }

    /// By lowercased name (NSG rules accept any case).
    public let tags: [String: Tag]
    public let sources: [Source]

    public init(tags: [String: Tag], sources: [Source]) {
        self.tags = tags
        self.sources = sources
    }

    public func tag(named name: String) -> Tag? { tags[name.lowercased()] }

    /// Tags defined by their context, never by the data (TAG-8): the importer leaves them to
    /// the rule's NSG, and a route may not name them (TAG-12), nor the platform service tags.
    public static let contextTags: Set<String> = ["virtualnetwork", "internet", "azureloadbalancer"]
    public static let notRoutable: Set<String> = contextTags.union(["azureplatformdns", "azureplatformimds", "azureplatformlkm"])

    /// RT-9: on an exact-prefix tie between routes, an explicit CIDR (0) beats a regional tag
    /// (1), which beats a top-level tag (2), an `AzureCloud` regional tag (3) and `AzureCloud`
    /// (4). Lower wins.
    public static func routePrecedence(ofTag name: String?) -> Int {
        guard let name = name?.lowercased() else { return 0 }
        if name == "azurecloud" { return 4 }
        if name.hasPrefix("azurecloud.") { return 3 }
        return name.contains(".") ? 1 : 2
    }

    /// Two catalogs read from the same files at the same change numbers hold the same data:
    /// comparing those is enough, and cheap where analysis options are compared.
    public static func == (a: ServiceTagCatalog, b: ServiceTagCatalog) -> Bool { a.sources == b.sources && a.tags.count == b.tags.count }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(sources)
        hasher.combine(tags.count)
    }
}
