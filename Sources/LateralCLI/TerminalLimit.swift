/// How many warnings, and how many errors, are printed on the terminal; the rest are counted
/// in one last line. Thousands of lines help nobody on a terminal, and the JSON reports
/// (analyze, check, whatif, diff) keep every warning.
enum TerminalLimit {
    static let lines = 20

    /// ``lines`` lines of `text`, in their order, then a line that counts the others. Each
    /// file's first error is among them (up to ``lines`` files), so that a run over a
    /// directory names every file that failed even when one file has hundreds of errors.
    static func errors(_ text: String) -> String {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard all.count > lines else { return text }
        var files = Set<Substring>(), shown = Set<Int>()
        for (i, line) in all.enumerated() where files.insert(file(of: line)).inserted && shown.count < lines { shown.insert(i) }
        for i in all.indices where shown.count < lines { shown.insert(i) }
        let hidden = all.count - lines
        let unnamed = files.count - Set(shown.map { file(of: all[$0]) }).count
        return all.indices.filter(shown.contains).map { String(all[$0]) }.joined(separator: "\n")
            + "\n\(hidden) more errors not shown" + (unnamed > 0 ? " (in \(unnamed) more files)" : "")
    }

    /// The file a rendered diagnostic names: what comes before `:LINE:` or `: `.
    static func file(of line: Substring) -> Substring {
        var index = line.startIndex
        while let colon = line[index...].firstIndex(of: ":") {
            let next = line.index(after: colon)
            if next == line.endIndex || line[next] == " " || line[next].isNumber { return line[..<colon] }
            index = next
        }
        return line
    }

    /// Prints warnings on standard error, at most ``lines`` of them and a count of the rest.
    static func printWarnings(_ warnings: [String]) {
        for warning in warnings.prefix(lines) { warn(warning.replacingOccurrences(of: ": warning: ", with: ": ")) }
        if warnings.count > lines {
            warn("\(warnings.count - lines) more warnings not shown (the JSON output of analyze, check, whatif and diff lists them all)")
        }
    }
}
