/// Escapes text for HTML, so values taken from customer data are shown as text and never parsed as markup.
///
/// Replaces `&`, `<`, `>`, `"` and `'` with character references: the result is safe in element content and in
/// attribute values quoted with either quote. A name such as `<script>alert(1)</script>` is rendered as those
/// characters, not run. C0 control characters other than tab, line feed and carriage return, and DEL, are replaced
/// with U+FFFD, the replacement character, so a stray NUL cannot confuse a parser.
public enum HTMLEscaping {
    /// Returns `text` with every character that is special in HTML replaced by a character reference.
    ///
    /// - Parameter text: Any text, typically a value from customer data.
    /// - Returns: The escaped text, safe in element content and in quoted attribute values.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case "\u{00}"..."\u{1F}", "\u{7F}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
