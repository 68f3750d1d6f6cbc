import Foundation

/// Which template among the inputs a parameter file among them goes with, so that a directory
/// holding templates and their parameter files side by side is read as `az deployment` would
/// be run on each pair.
enum TemplatePairing {
    /// The template `parameterFile` goes with, tried in this order: the template its
    /// `metadata.template` names (PSRule's link, relative to the parameter file); by name,
    /// `X.parameters.json` or `X.parameters.<anything>.json` with `X.json` or `X.template.json`
    /// beside it; for a file not named so, the only template in its directory (the portal's
    /// `template.json` and `parameters.json`); the only template among the inputs.
    ///
    /// - Returns: the template's file as `templates` spells it, or nil.
    static func template(for parameterFile: String, link: String?, among templates: [String]) -> String? {
        let directory = (parameterFile as NSString).deletingLastPathComponent
        if let link, !link.isEmpty {
            let wanted = standard((directory as NSString).appendingPathComponent(link))
            if let found = templates.first(where: { standard($0) == wanted }) { return found }
        }
        if let stem = stem(of: parameterFile) {
            // Named after a template: that one, or one the user meant for every template.
            return byName(stem, in: directory, among: templates) ?? (templates.count == 1 ? templates[0] : nil)
        }
        let beside = templates.filter { ($0 as NSString).deletingLastPathComponent == directory }
        if beside.count == 1 { return beside[0] }
        return templates.count == 1 ? templates[0] : nil
    }

    /// What tells a parameter file from the others of its template, for the resource group
    /// it is deployed into: `dev` for `main.parameters.dev.json`, `main` for
    /// `main.parameters.json`, the name without `.json` otherwise.
    static func environment(of parameterFile: String) -> String {
        var name = (parameterFile as NSString).lastPathComponent
        if name.lowercased().hasSuffix(".json") { name = String(name.dropLast(5)) }
        guard let range = name.range(of: ".parameters", options: [.caseInsensitive, .backwards]) else { return name }
        let after = name[range.upperBound...]
        if after.isEmpty { return range.lowerBound > name.startIndex ? String(name[..<range.lowerBound]) : name }
        return after.hasPrefix(".") && after.count > 1 ? String(after.dropFirst()) : name
    }

    /// The `X` of a file named `X.parameters.json` or `X.parameters.<anything>.json`.
    static func stem(of parameterFile: String) -> String? {
        let name = (parameterFile as NSString).lastPathComponent
        guard let range = name.range(of: ".parameters", options: [.caseInsensitive, .backwards]), range.lowerBound > name.startIndex else { return nil }
        return String(name[..<range.lowerBound])
    }

    /// The template `X.json` or `X.template.json` in `directory`.
    static func byName(_ stem: String, in directory: String, among templates: [String]) -> String? {
        for suffix in [".json", ".template.json"] {
            let wanted = (directory as NSString).appendingPathComponent(stem + suffix)
            if let found = templates.first(where: { $0 == wanted }) ?? templates.first(where: { $0.lowercased() == wanted.lowercased() }) {
                return found
            }
        }
        return nil
    }

    /// A path with empty, `.` and `..` segments resolved as text, for comparing paths spelled
    /// differently (Foundation's `standardizingPath` leaves `..` in relative paths).
    static func standard(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
