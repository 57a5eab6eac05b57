import Documents
import Foundation
import Policy
import Requests

/// Helpers that look into rendered documents.
enum DocumentInspection {
    /// The only elements the renderer may write; anything else came from data.
    static let allowedTags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "h4", "p",
        "div", "ul", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "strong", "code", "span",
        "br",
    ]

    /// The names of all start and end tags in `html`, lowercased (`</td>` gives `td`).
    static func tagNames(in html: String) -> [String] {
        var names: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            var name = rest[rest.index(after: open)...]
            if name.first == "/" {
                name = name.dropFirst()
            }
            names.append(String(name.prefix { $0.isLetter || $0.isNumber || $0 == "!" }).lowercased())
            rest = rest[rest.index(after: open)...]
        }
        return names
    }

    /// The text `expected` as it appears in a document of the given format.
    static func escaped(_ expected: String, markdown: Bool) -> String {
        markdown ? MarkdownEscaping.escape(expected) : HTMLEscaping.escape(expected)
    }

    /// The number of times `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
