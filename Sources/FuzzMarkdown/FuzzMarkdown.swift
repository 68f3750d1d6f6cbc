import AuditReport
import Foundation
import FuzzSupport

/// libFuzzer's entry: the input as a name written into summary.md, as a code span, as a code
/// span in a table cell and as prose. Each must read back, under CommonMark and GitHub's
/// table rules, as the name with its control characters made visible, and nothing in it may
/// end the span, split the cell, break the line or open a link or HTML.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let shown = MarkdownEscape.visible(text)
    FuzzReplay.require(
        !shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
        "a control character stays visible-escaped: \(shown.debugDescription)")

    // CommonMark has no empty code span: an empty name is a span of one space.
    let spanned = shown.isEmpty ? " " : shown
    let code = MarkdownEscape.code(text)
    FuzzReplay.require(CommonMark.codeSpan(code) == spanned, "code span \(code.debugDescription) does not read back as \(shown.debugDescription)")

    let cell = MarkdownEscape.code(text, inTable: true)
    FuzzReplay.require(GitHubTable.splitsCell(cell) == false, "code span \(cell.debugDescription) splits a table cell")
    FuzzReplay.require(
        CommonMark.codeSpan(GitHubTable.unescapePipes(cell)) == spanned,
        "table code span \(cell.debugDescription) does not read back as \(shown.debugDescription)")

    let prose = MarkdownEscape.text(text)
    FuzzReplay.require(!GitHubTable.splitsCell(prose), "prose \(prose.debugDescription) splits a table cell")
    FuzzReplay.require(CommonMark.unescapedProse(prose) == shown, "prose \(prose.debugDescription) does not read back as \(shown.debugDescription)")
    return 0
}

/// The parts of CommonMark (0.31) the escaping relies on.
enum CommonMark {
    /// The content of `text` read as one code span filling all of it, or nil when it is not
    /// one (a line break in it, a closing fence inside, a fence longer than it opens with).
    static func codeSpan(_ text: String) -> String? {
        let characters = Array(text.unicodeScalars)
        guard !characters.contains(where: { $0 == "\n" || $0 == "\r" }) else { return nil }
        var open = 0
        while open < characters.count && characters[open] == "`" { open += 1 }
        guard open > 0, open < characters.count else { return nil }
        // The first run of exactly `open` backticks after the opener closes the span.
        var i = open
        while i < characters.count {
            guard characters[i] == "`" else { i += 1; continue }
            var run = i
            while run < characters.count && characters[run] == "`" { run += 1 }
            if run - i == open {
                guard run == characters.count else { return nil }
                var content = String.UnicodeScalarView(characters[open..<i])
                let spaces = content.allSatisfy { $0 == " " }
                if !spaces, content.first == " ", content.last == " " {
                    content.removeFirst()
                    content.removeLast()
                }
                return String(content)
            }
            i = run
        }
        return nil
    }

    /// Prose with backslash escapes resolved, or nil when a character that starts a code
    /// span, a link, HTML or a cell boundary is left unescaped, or a line breaks.
    static func unescapedProse(_ text: String) -> String? {
        let characters = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "\n" || c == "\r" { return nil }
            if c == "\\", i + 1 < characters.count, characters[i + 1].isASCII, isPunctuation(characters[i + 1]) {
                out.append(characters[i + 1])
                i += 2
                continue
            }
            if "`[]<|".unicodeScalars.contains(c) { return nil }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(c)
    }
}

/// GitHub's table rows (cmark-gfm): a pipe directly after a backslash is part of the cell,
/// any other pipe ends it; the backslash before each such pipe is removed before the cell's
/// inlines are read.
enum GitHubTable {
    static func splitsCell(_ text: String) -> Bool {
        var previous: Unicode.Scalar? = nil
        for c in text.unicodeScalars {
            if c == "|" && previous != "\\" { return true }
            previous = c
        }
        return false
    }

    static func unescapePipes(_ text: String) -> String {
        let characters = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < characters.count {
            if characters[i] == "\\", i + 1 < characters.count, characters[i + 1] == "|" { i += 1 }
            out.append(characters[i])
            i += 1
        }
        return String(out)
    }
}

/// The program of an ordinary build, which replays files (`FuzzReplay`). Under libFuzzer, which
/// brings its own `main`, this file is a library and this constant is never read.
let replay: Void = FuzzReplay.run(fuzzMarkdown)
