public import Foundation

/// A service's base URL and how to build request URLs under it, with percent-encoded segments.
public struct Endpoint: Sendable, Equatable {
    /// The base URL, without a trailing slash.
    public let base: URL

    /// Creates an endpoint.
    public init(base: URL) {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        self.base = URL(string: text) ?? base
    }

    /// A URL under the base: each segment percent-encoded as UTF-8 (keeping `keeping` characters as they are),
    /// then the query pairs percent-encoded (a `$` in a name is kept).
    public func url(_ segments: [String], query: [(String, String)] = [], keeping: String = "") -> URL {
        let keep = Set(keeping.utf8)
        var text = base.absoluteString
        for segment in segments {
            text += "/" + FormEncoding.percentEncode(segment, keeping: keep)
        }
        if !query.isEmpty {
            // `$` stays literal in names: OData's `$filter`, `$format`, ... are matched as written.
            text += "?" + query.map {
                FormEncoding.percentEncode($0.0, keeping: [UInt8(ascii: "$")]) + "=" + FormEncoding.percentEncode($0.1)
            }.joined(separator: "&")
        }
        // Every character is either unreserved, percent-encoded or from the base URL, so this parses.
        return URL(string: text) ?? base
    }
}
