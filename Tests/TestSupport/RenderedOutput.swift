import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Checks on rendered files: format signatures and SVG parsed as XML.
public enum RenderedOutput {
    /// Whether `bytes` start like a file of the format named by `format` (`svg`, `png`, `pdf`, `dot`).
    public static func hasSignature(_ bytes: [UInt8], format: String) -> Bool {
        switch format {
        case "png": return bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case "pdf": return bytes.starts(with: Array("%PDF-".utf8))
        case "dot": return bytes.starts(with: Array("digraph".utf8))
        case "svg": return (try? SVGDocument(data: Data(bytes)))?.rootElement == "svg"
        default: return false
        }
    }
}

/// An SVG file parsed with Foundation's XMLParser: the root element and the text of every
/// `<text>` element (entities decoded), in document order.
public struct SVGDocument: Sendable {
    public let rootElement: String
    public let texts: [String]
    public let elementCount: Int

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(data: Data) throws {
        let collector = Collector()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = collector
        guard parser.parse(), let root = collector.root else {
            throw ParseError(description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "no root element")")
        }
        rootElement = root
        texts = collector.texts
        elementCount = collector.count
    }

    /// All `<text>` contents joined by newlines.
    public var allText: String { texts.joined(separator: "\n") }

    private final class Collector: NSObject, XMLParserDelegate {
        var root: String?
        var texts: [String] = []
        var count = 0
        private var inText = false
        private var current = ""

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if root == nil { root = elementName }
            count += 1
            if elementName == "text" { inText = true; current = "" }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { current += string }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if elementName == "text" { inText = false; texts.append(current) }
        }
    }
}
