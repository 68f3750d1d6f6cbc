import Testing

@testable import AuditReport

/// Names from the estate cannot break out of their code spans, table cells or lines in
/// summary.md, nor smuggle links, HTML or terminal control sequences into it.
@Suite("Markdown escaping")
struct MarkdownEscapeTests {
    @Test("a code span is fenced longer than any backtick run in the name", arguments: ["a`b", "``x``", "`lead", "plain"])
    func codeSpanFence(_ name: String) {
        let span = MarkdownEscape.code(name)
        let longestInside =
            name.split(separator: "`", omittingEmptySubsequences: false).count > 1
            ? name.reduce(into: (0, 0)) { acc, c in
                acc.1 = c == "`" ? acc.1 + 1 : 0; acc.0 = max(acc.0, acc.1)
            }.0 : 0
        let fence = span.prefix { $0 == "`" }.count
        #expect(fence == longestInside + 1, "\(span)")
        #expect(span.hasSuffix(String(repeating: "`", count: fence)))
    }

    // Found by FuzzMarkdown: "``" is not a code span, and CommonMark strips one space from
    // each end of a span that has both, so " padded " showed as "padded".
    @Test(
        "a code span shows an empty name, and spaces at both ends, as written",
        arguments: [("", "` `"), (" padded ", "`  padded  `"), ("   ", "`   `"), (" a`", "``  a` ``"), ("` ", "`` `  ``")])
    func codeSpanEnds(_ name: String, _ span: String) {
        #expect(MarkdownEscape.code(name) == span)
    }

    // Found by FuzzMarkdown: Swift reads a backtick or a pipe followed by a combining mark as
    // one Character, Markdown as a backtick or a pipe; the escaping missed them.
    @Test("a backtick or pipe followed by a combining mark is escaped like any other")
    func combiningMarks() {
        #expect(MarkdownEscape.text("a`\u{591}b") == "a\\`\u{591}b")
        #expect(MarkdownEscape.text("[\u{301}x](javascript:1)") == "\\[\u{301}x\\](javascript:1)")
        #expect(MarkdownEscape.code("``\u{301}") == "``` ``\u{301} ```")
        #expect(MarkdownEscape.code("a|\u{301}b", inTable: true) == "`a\\|\u{301}b`")
    }

    @Test("newlines, ESC and BEL become visible; a table cell's pipes are escaped")
    func controlCharactersAndPipes() {
        let span = MarkdownEscape.code("nsg|x\n# Heading\u{1B}[31m\u{07}", inTable: true)
        #expect(!span.contains("\n") && !span.contains("\u{1B}") && !span.contains("\u{07}"))
        #expect(span.contains("\\u{A}") && span.contains("\\u{1B}") && span.contains("\\u{7}"))
        #expect(span.contains("nsg\\|x"))
        #expect(!MarkdownEscape.code("a|b").contains("\\|"), "outside tables a pipe stays as written")
    }

    @Test("prose cannot open a link, HTML or a code span")
    func prose() {
        let text = MarkdownEscape.text("rule [l](javascript:alert(1)) <img src=x> `x` a|b\nnext")
        // The backslash of the visible line break is itself escaped, so it renders as `\u{A}`.
        #expect(text == "rule \\[l\\](javascript:alert(1)) \\<img src=x> \\`x\\` a\\|b\\\\u{A}next")
    }
}
