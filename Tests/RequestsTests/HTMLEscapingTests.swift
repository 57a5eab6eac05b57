import Documents
import Testing

@Suite("Escaping of values for HTML and Markdown")
struct HTMLEscapingTests {
    @Test("HTML: the five special characters become character references")
    func htmlEscapesSpecialCharacters() {
        #expect(HTMLEscaping.escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(HTMLEscaping.escape(#"a "b" 'c' & d"#) == "a &quot;b&quot; &#39;c&#39; &amp; d")
    }

    @Test("HTML: an existing reference is escaped again, not trusted")
    func htmlEscapesAmpersandsOfReferences() {
        #expect(HTMLEscaping.escape("&amp; &lt;") == "&amp;amp; &amp;lt;")
    }

    @Test("HTML: plain and non-Latin text is unchanged")
    func htmlKeepsPlainText() {
        let text = "Анна Иванова, anna@example.com, 12 500 ₽\nline two"
        #expect(HTMLEscaping.escape(text) == text)
    }

    @Test("HTML: control characters are replaced, tab and line breaks kept")
    func htmlReplacesControlCharacters() {
        #expect(HTMLEscaping.escape("a\u{0}b\u{1B}c\u{7F}\t\n") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}\t\n")
    }

    @Test("HTML: escaped text contains no character that could open a tag or end an attribute")
    func htmlEscapedHasNoSpecialCharacters() {
        let escaped = HTMLEscaping.escape(DocumentFixtures.hostile)
        for special in ["<", ">", "\"", "'"] {
            #expect(!escaped.contains(special), "raw \(special) left")
        }
        var withoutReferences = escaped
        for reference in ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"] {
            withoutReferences = withoutReferences.replacingOccurrences(of: reference, with: "")
        }
        #expect(!withoutReferences.contains("&"), "an ampersand was left unescaped")
    }

    @Test("Markdown: tags, emphasis, links, pipes and entities are backslash-escaped")
    func markdownEscapesPunctuation() {
        #expect(MarkdownEscaping.escape("<script>alert(1)</script>") == #"\<script\>alert(1)\</script\>"#)
        #expect(MarkdownEscaping.escape("*a* _b_ [c](d) e|f &amp;") == #"\*a\* \_b\_ \[c\](d) e\|f \&amp;"#)
        #expect(MarkdownEscaping.escape("`x`") == #"\`x\`"#)
    }

    @Test("Markdown: a value cannot start a new block")
    func markdownFlattensLinesAndLeadingMarkers() {
        #expect(MarkdownEscaping.escape("a\n# Heading\r\nb") == ##"a \# Heading b"##)
        #expect(MarkdownEscaping.escape("- item", atBlockStart: true) == #"\- item"#)
        #expect(MarkdownEscaping.escape("12. item", atBlockStart: true) == #"12\. item"#)
        #expect(MarkdownEscaping.escape("12. item") == "12. item")
        #expect(MarkdownEscaping.escape("2026-11-23", atBlockStart: true) == "2026-11-23")
    }

    @Test("Markdown: a code span's fence is longer than any backtick run inside")
    func markdownCodeSpanFence() {
        #expect(MarkdownEscaping.codeSpan("sub_1") == "`sub_1`")
        #expect(MarkdownEscaping.codeSpan("a``b") == "```a``b```")
        #expect(MarkdownEscaping.codeSpan("`x") == "`` `x ``")
        #expect(MarkdownEscaping.codeSpan("a|b\nc") == #"`a\|b c`"#)
        #expect(MarkdownEscaping.codeSpan("<b>") == #"\<b\>"#)
    }
}
