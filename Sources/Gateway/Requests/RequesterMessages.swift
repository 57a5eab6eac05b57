public import Foundation
public import Policy

/// The texts of the messages to requesters, in Russian and English, from `Policies/messages/<ru|en>/<kind>.txt`.
///
/// Each file is `Subject: …`, a blank line, then the body; `{{placeholder}}`s are filled when a message is sent.
/// Loaded and checked once, at start: a missing file or an unknown placeholder is an error naming the file.
public struct RequesterMessages: Sendable {
    /// A message ready to send: subject line and plain-text body.
    public struct Text: Sendable, Equatable {
        public var subject: String
        public var body: String
    }

    /// The placeholders a template may use.
    public static let placeholders: Set<String> = [
        "operator", "policy_url", "reference", "kind", "received", "deadline", "reason", "held", "hold_end", "hold_law",
        "link", "link_expires",
    ]

    private let templates: [String: Text]

    /// Reads every message in both languages from `folder` (`Policies/messages`).
    ///
    /// - Throws: ``GatewayError`` `policy`, naming the file that is missing, malformed or uses an unknown placeholder.
    public init(folder: URL) throws {
        var templates: [String: Text] = [:]
        for language in [Language.ru, .en] {
            for message in RequesterMessage.allCases {
                let name = "\(language.rawValue)/\(message.rawValue).txt"
                let file = folder.appendingPathComponent(name)
                guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                    throw GatewayError(.policy, "messages/\(name) is missing or not UTF-8")
                }
                templates[Self.key(message, language)] = try Self.parse(text, name: name)
            }
        }
        self.templates = templates
    }

    /// The message in `language`, its placeholders replaced by `values` (an absent value leaves "—").
    public func render(_ message: RequesterMessage, language: Language, values: [String: String]) -> Text {
        guard let template = templates[Self.key(message, language)] else { return Text(subject: "", body: "") }
        return Text(subject: Self.fill(template.subject, values), body: Self.fill(template.body, values))
    }

    private static func key(_ message: RequesterMessage, _ language: Language) -> String {
        "\(language.rawValue)/\(message.rawValue)"
    }

    static func parse(_ text: String, name: String) throws -> Text {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("Subject: "), lines.count > 2, lines[1].isEmpty else {
            throw GatewayError(.policy, "messages/\(name):1 must be `Subject: …` followed by a blank line")
        }
        let parsed = Text(subject: String(first.dropFirst("Subject: ".count)),
                          body: lines.dropFirst(2).joined(separator: "\n"))
        for used in placeholders(in: parsed.subject + parsed.body) where !Self.placeholders.contains(used) {
            throw GatewayError(.policy, "messages/\(name) uses {{\(used)}}; known: "
                + Self.placeholders.sorted().joined(separator: ", "))
        }
        return parsed
    }

    private static func placeholders(in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            found.append(String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return found
    }

    private static func fill(_ text: String, _ values: [String: String]) -> String {
        var result = text
        for name in placeholders(in: text) {
            result = result.replacingOccurrences(of: "{{\(name)}}", with: values[name] ?? "—")
        }
        return result
    }
}
