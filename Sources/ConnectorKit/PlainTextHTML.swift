import Foundation

/// Plain text as a small HTML document, for services whose transactional send takes HTML only.
public enum PlainTextHTML {
    /// The text HTML-escaped, line breaks kept, and `http://` / `https://` links made clickable.
    public static func document(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        let body = lines.map { line in
            line.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
                let escaped = escape(String(word))
                guard word.hasPrefix("https://") || word.hasPrefix("http://") else { return escaped }
                return "<a href=\"\(escaped)\">\(escaped)</a>"
            }.joined(separator: " ")
        }.joined(separator: "<br>\n")
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n\(body)\n</body></html>"
    }

    /// `&`, `<`, `>`, `"` and `'` as entities.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
