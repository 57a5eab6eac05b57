import ConnectorKit
import Foundation
import Testing

/// The calls a connector's `CALLS.md` lists (its table of method, path and query parameters), and a check that
/// recorded requests stay within them.
struct DocumentedCalls {
    struct Call: Hashable {
        var method: String
        /// Path segments; `{…}` stands for any one segment.
        var path: [String]
        var query: Set<String>
    }

    let calls: [Call]

    /// Reads `Connectors/<folder>/CALLS.md`.
    init(connectorFolder folder: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Connectors/\(folder)/CALLS.md"), encoding: .utf8)
        var calls: [Call] = []
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 4, ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(cells[1]) else { continue }
            let query = cells[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            calls.append(Call(method: cells[1], path: Self.segments(cells[2]),
                              query: Set(query.filter { !$0.isEmpty })))
        }
        self.calls = calls
    }

    /// Whether a path segment fits a listed one, where `{…}` stands for any text: `Catalog_X(guid'{key}')`.
    static func segment(_ pattern: String, matches actual: String) -> Bool {
        guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else {
            return pattern == actual
        }
        let prefix = String(pattern[..<open])
        let suffix = String(pattern[pattern.index(after: close)...])
        return actual.count > prefix.count + suffix.count && actual.hasPrefix(prefix) && actual.hasSuffix(suffix)
    }

    static func segments(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init)
    }

    /// The requests that match no listed call, as `METHOD path?query` (no values).
    func undocumented(_ requests: [TransportRequest], dropping prefix: Int = 0) -> [String] {
        requests.compactMap { request in
            let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
            let path = Array(Self.segments(request.url.path).dropFirst(prefix))
            let query = Set((components?.queryItems ?? []).map(\.name))
            let listed = calls.contains { call in
                call.method == request.method && call.path.count == path.count && query.isSubset(of: call.query)
                    && zip(call.path, path).allSatisfy { Self.segment($0, matches: $1) }
            }
            return listed ? nil : "\(request.method) \(path.joined(separator: "/"))?\(query.sorted())"
        }
    }
}
