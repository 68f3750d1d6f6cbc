/// A rule of the semantics reference (docs/reference/azure-semantics.md), such as RT-16: what
/// a trace step says decided it, as a value a report can link, count or filter on.
public struct RuleCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The reference's families, by the prefix of their codes.
    public enum Family: String, CaseIterable, Sendable {
        case nsg = "NSG", rt = "RT", peer = "PEER", fw = "FW", pe = "PE", pub = "PUB", pls = "PLS", se = "SE", st = "ST", kv = "KV", acr = "ACR"
        /// Virtual Network Manager, in docs/reference/azure-semantics-enterprise.md.
        case avnm = "AVNM"
        /// Virtual WAN, in the same reference.
        case vwan = "VWAN"
    }

    public let family: Family
    public let number: Int

    public init(_ family: Family, _ number: Int) {
        self.family = family
        self.number = number
    }

    /// `RT-16`; nil for any other text.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let family = Family(rawValue: String(parts[0])), let number = Int(parts[1]), number > 0 else { return nil }
        self.init(family, number)
    }

    public var description: String { "\(family.rawValue)-\(number)" }

    public static func < (a: RuleCode, b: RuleCode) -> Bool {
        (Family.allCases.firstIndex(of: a.family)!, a.number) < (Family.allCases.firstIndex(of: b.family)!, b.number)
    }

    public static func nsg(_ n: Int) -> RuleCode { RuleCode(.nsg, n) }
    public static func rt(_ n: Int) -> RuleCode { RuleCode(.rt, n) }
    public static func peer(_ n: Int) -> RuleCode { RuleCode(.peer, n) }
    public static func fw(_ n: Int) -> RuleCode { RuleCode(.fw, n) }
    public static func pe(_ n: Int) -> RuleCode { RuleCode(.pe, n) }
    public static func pub(_ n: Int) -> RuleCode { RuleCode(.pub, n) }
    public static func pls(_ n: Int) -> RuleCode { RuleCode(.pls, n) }
    public static func se(_ n: Int) -> RuleCode { RuleCode(.se, n) }
    public static func st(_ n: Int) -> RuleCode { RuleCode(.st, n) }
    public static func kv(_ n: Int) -> RuleCode { RuleCode(.kv, n) }
    public static func acr(_ n: Int) -> RuleCode { RuleCode(.acr, n) }
    public static func avnm(_ n: Int) -> RuleCode { RuleCode(.avnm, n) }
    public static func vwan(_ n: Int) -> RuleCode { RuleCode(.vwan, n) }
}
