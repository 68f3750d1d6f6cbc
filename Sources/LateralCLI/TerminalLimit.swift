/// How many warnings, and how many errors, are printed on the terminal; the rest are counted
/// in one last line. Thousands of lines help nobody on a terminal, and the JSON reports
/// (analyze, check, whatif, diff) keep every warning.
enum TerminalLimit {
    static let lines = 20

    /// The first ``lines`` lines of `text`, then a line that counts the others.
    static func errors(_ text: String) -> String {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard all.count > lines else { return text }
        return all.prefix(lines).joined(separator: "\n") + "\n\(all.count - lines) more errors not shown"
    }

    /// Prints warnings on standard error, at most ``lines`` of them and a count of the rest.
    static func printWarnings(_ warnings: [String]) {
        for warning in warnings.prefix(lines) { warn(warning.replacingOccurrences(of: ": warning: ", with: ": ")) }
        if warnings.count > lines {
            warn("\(warnings.count - lines) more warnings not shown (the JSON output of analyze, check, whatif and diff lists them all)")
        }
    }
}
