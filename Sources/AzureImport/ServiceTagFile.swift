import TopologyModel

/// Reads service tag data: the weekly download (numeric change numbers) or the Discovery
/// API's answer, as `az network list-service-tags` prints it (string change numbers,
/// `type: Microsoft.Network/serviceTags`). Several files merge into one catalog.
public enum ServiceTagFile {
    /// Reads and merges `files`.
    ///
    /// - Throws: ``ImportError`` naming the file and place of everything wrong: malformed
    ///   JSON, a tag without a name or with a prefix that is not a CIDR, the same tag twice
    ///   with different addresses, files of two clouds (TAG-4) or of both formats (TAG-3:
    ///   the API can lag the download by weeks, so the two are never merged silently).
    public static func load(files: [String], maxInputSize: Int = AzureImporter.defaultMaxInputSize) throws(ImportError) -> ServiceTagCatalog {
        var documents: [SourceDocument] = []
        var errors: [Diagnostic] = []
        for file in files {
            do throws(InputReadError) {
                let bytes = try AzureImporter.contents(of: file, limit: maxInputSize)
                do throws(Diagnostic) { documents.append(try SourceDocument(bytes: bytes, file: file)) } catch { errors.append(error) }
            } catch {
                errors.append(Diagnostic(severity: .error, kind: .invalidInput, file: file, message: error.message))
            }
        }
        guard errors.isEmpty else { throw ImportError(diagnostics: errors) }
        return try catalog(documents)
    }

    /// Whether a parsed file is service tag data (either format): a `values` array, a
    /// `changeNumber` and a `cloud`, or the Discovery API's resource type.
    static func isServiceTagData(_ root: JSONValue) -> Bool {
        guard case .object(let o) = root, o["values"]?.arrayValue != nil else { return false }
        if o["type"]?.stringValue?.lowercased() == "microsoft.network/servicetags" { return true }
        return o["changeNumber"] != nil && o["cloud"] != nil
    }

    /// The catalog of parsed documents, in the order given.
    public static func catalog(_ documents: [SourceDocument]) throws(ImportError) -> ServiceTagCatalog {
        var tags: [String: ServiceTagCatalog.Tag] = [:]
        var definedIn: [String: (file: String, line: Int?)] = [:]
        var sources: [ServiceTagCatalog.Source] = []
        var errors: [Diagnostic] = []
        for document in documents {
            func fail(_ pointer: String, _ offset: Int?, _ message: String) {
                errors.append(
                    Diagnostic(
                        severity: .error, kind: .invalidInput, file: document.file, line: offset.map { document.lines.lineAndColumn(of: $0).line },
                        pointer: pointer, message: message))
            }
            guard case .object(let root) = document.root, let values = root["values"]?.arrayValue else {
                fail(
                    "", nil,
                    "not service tag data: expected an object with a \"values\" array (the Service Tags download or `az network list-service-tags` output)")
                continue
            }
            let format: ServiceTagCatalog.Source.Format
            let changeNumber: String
            switch root["changeNumber"] {
            case .number(let n)? where n >= 0 && n == n.rounded():
                format = .download
                changeNumber = String(Int(n))
            case .string(let s)?:
                format = .discoveryAPI
                changeNumber = s
            default:
                fail(
                    "/changeNumber", root.offset,
                    "service tag data needs a top-level \"changeNumber\" (a number in the download, a string from the Discovery API)")
                continue
            }
            guard let cloud = root["cloud"]?.stringValue, !cloud.isEmpty else {
                fail("/cloud", root.offset, "service tag data needs a \"cloud\" (Public, AzureGovernment, AzureChinaCloud...)")
                continue
            }
            if let first = sources.first {
                if first.cloud.lowercased() != cloud.lowercased() {
                    fail("/cloud", root.offset, "this file is for cloud \(cloud), \(first.file) for \(first.cloud): one estate lives in one cloud (TAG-4)")
                    continue
                }
                if first.format != format {
                    fail(
                        "/changeNumber", root.offset,
                        "this file is \(format == .download ? "the weekly download" : "Discovery API output"), \(first.file) is \(first.format == .download ? "the weekly download" : "Discovery API output"); the API can lag the download by weeks, so give one kind only (TAG-3)"
                    )
                    continue
                }
            }
            sources.append(ServiceTagCatalog.Source(file: document.file, format: format, cloud: cloud, changeNumber: changeNumber))
            for (i, value) in values.enumerated() {
                let pointer = "/values/\(i)"
                guard case .object(let entry) = value, let name = entry["name"]?.stringValue, !name.isEmpty else {
                    fail(pointer, value.objectValue?.offset ?? root.offset, "a service tag needs a \"name\"")
                    continue
                }
                let properties = entry["properties"]?.objectValue ?? entry
                guard let prefixes = properties["addressPrefixes"]?.arrayValue else {
                    fail(pointer + "/properties/addressPrefixes", entry.offset, "service tag \(name) has no \"addressPrefixes\" array")
                    continue
                }
                var parsed: [IPPrefix] = []
                for (k, item) in prefixes.enumerated() {
                    guard let text = item.stringValue, let prefix = IPPrefix(text) else {
                        fail(
                            "\(pointer)/properties/addressPrefixes/\(k)", entry.offset,
                            "service tag \(name): \(item.stringValue.map { "'\($0)'" } ?? item.kindName) is not a CIDR prefix")
                        continue
                    }
                    parsed.append(prefix)
                }
                let tagChange: String
                switch properties["changeNumber"] {
                case .number(let n)?: tagChange = String(Int(n))
                case .string(let s)?: tagChange = s
                default: tagChange = changeNumber
                }
                let tag = ServiceTagCatalog.Tag(
                    name: name, region: properties["region"]?.stringValue?.lowercased() ?? "", changeNumber: tagChange, prefixes: parsed)
                let key = name.lowercased()
                let line = document.lines.lineAndColumn(of: entry.offset).line
                if let known = tags[key], let place = definedIn[key] {
                    if known.addresses != tag.addresses {
                        fail(
                            pointer, entry.offset,
                            "service tag \(name) is also defined, with other addresses, in \(place.file)\(place.line.map { " line \($0)" } ?? ""); give one snapshot of the data"
                        )
                    }
                    continue
                }
                tags[key] = tag
                definedIn[key] = (document.file, line)
            }
        }
        guard errors.isEmpty else { throw ImportError(diagnostics: errors.sorted()) }
        return ServiceTagCatalog(tags: tags, sources: sources)
    }
}
