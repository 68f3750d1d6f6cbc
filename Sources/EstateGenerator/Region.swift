/// An Azure region the generator can place a hub in, with the short code used in names.
public struct Region: Sendable, Hashable {
    public let name: String
    public let code: String

    /// The regions in the order the generator uses them; `--regions R` takes the first R.
    public static let all: [Region] = [
        Region(name: "westeurope", code: "weu"), Region(name: "eastus", code: "eus"),
        Region(name: "southeastasia", code: "sea"), Region(name: "germanywestcentral", code: "gwc"),
        Region(name: "northeurope", code: "neu"), Region(name: "westus2", code: "wus2"),
        Region(name: "uksouth", code: "uks"), Region(name: "japaneast", code: "jpe"),
        Region(name: "australiaeast", code: "aue"), Region(name: "canadacentral", code: "cac"),
        Region(name: "francecentral", code: "frc"), Region(name: "swedencentral", code: "swc"),
        Region(name: "centralus", code: "cus"), Region(name: "koreacentral", code: "krc"),
        Region(name: "brazilsouth", code: "brs"), Region(name: "switzerlandnorth", code: "chn"),
    ]
}
