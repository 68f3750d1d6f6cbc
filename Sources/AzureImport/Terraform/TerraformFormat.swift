import TopologyModel

/// Recognises `terraform show -json` output (of a plan or of a state) by its
/// `format_version`, and refuses versions whose layout Lateral does not know.
enum TerraformFormat {
    /// The major versions read: Terraform 0.12–0.15 wrote 0.1 and 0.2, 1.x writes 1.0–1.2.
    /// A new minor version only adds members, so any minor of these majors is read.
    static let supportedMajors = ["0", "1"]
    static let supportedText = "0.1, 0.2 and 1.x (Terraform 0.12 and later)"

    /// Whether a document is Terraform's JSON output: an object with `format_version` and
    /// one of the members a plan or a state has.
    static func recognises(_ root: JSONValue) -> Bool {
        guard case .object(let o) = root, o["format_version"] != nil, o["$schema"] == nil else { return false }
        return ["terraform_version", "planned_values", "resource_changes", "values", "prior_state"].contains { o[$0] != nil }
    }

    /// Nil when the version is read, else the error that names the supported ones.
    static func problem(with root: JSONValue, file: String) -> Diagnostic? {
        let version = root["format_version"]?.stringValue ?? ""
        let major = version.split(separator: ".").first.map(String.init) ?? ""
        guard !supportedMajors.contains(major) else { return nil }
        return Diagnostic(
            severity: .error, kind: .invalidInput, file: file, pointer: "/format_version",
            message:
                "TF-FORMAT-VERSION: Terraform JSON format_version '\(version)' is not supported; this Lateral reads format versions \(supportedText)")
    }
}
