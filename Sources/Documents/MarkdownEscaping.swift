/// Escapes text for Markdown, so values taken from customer data stay text in any CommonMark or GitHub renderer.
///
/// Backslash-escapes the punctuation that starts emphasis, links, code, raw HTML, entities, table cells and
/// headings (`\ ` * _ [ ] < > | & # ~ !`), and turns line breaks into spaces so a value cannot start a new block;
/// at the start of a block it also escapes a list marker (`-`, `+`, `=`, `1.`). `<script>` becomes `\<script\>`:
/// readable as plain text, rendered as the literal characters rather than as an HTML tag.
public enum MarkdownEscaping {
    private static let escapedCharacters: Set<Character> = [
        "\\", "`", "*", "_", "[", "]", "<", ">", "|", "&", "#", "~", "!",
    ]

    /// Returns `text` escaped for use inside a Markdown paragraph, list item, heading or table cell.
    ///
    /// - Parameters:
    ///   - text: Any text, typically a value from customer data.
    ///   - atBlockStart: Whether the text begins a paragraph, list item or block quote, where `- `, `+ `, `= ` or
    ///     `1. ` would start a list or underline a heading.
    /// - Returns: One line of escaped text.
    public static func escape(_ text: String, atBlockStart: Bool = false) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            if character.isNewline {
                escaped.append(" ")
            } else if escapedCharacters.contains(character) {
                escaped.append("\\")
                escaped.append(character)
            } else {
                escaped.append(character)
            }
        }
        return atBlockStart ? escapingLeadingMarker(escaped) : escaped
    }

    /// Returns `text` as a code span, or as escaped text when it holds `<` or `>`.
    ///
    /// Code spans are literal, so a value holding a tag would appear raw in the Markdown file; such a value is
    /// escaped instead (and loses the fixed-width font). Otherwise only pipes (table cells) and line breaks change.
    ///
    /// - Parameter text: Any text.
    /// - Returns: A complete code span with a backtick fence longer than any run of backticks in `text`, or the
    ///   escaped text.
    public static func codeSpan(_ text: String) -> String {
        if text.contains("<") || text.contains(">") {
            return escape(text)
        }
        let flat = String(text.map { $0.isNewline ? " " : $0 }).replacingOccurrences(of: "|", with: "\\|")
        var longestRun = 0
        var run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longestRun = max(longestRun, run)
        }
        let fence = String(repeating: "`", count: longestRun + 1)
        let padding = flat.hasPrefix("`") || flat.hasSuffix("`") || flat.isEmpty ? " " : ""
        return fence + padding + flat + padding + fence
    }

    /// Escapes a marker that would start a list item, a heading underline or an ordered list at the start of a line.
    private static func escapingLeadingMarker(_ text: String) -> String {
        guard let first = text.first else { return text }
        if first == "-" || first == "+" || first == "=" {
            return "\\" + text
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = text.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")" {
                return digits + "\\" + rest
            }
        }
        return text
    }
}
