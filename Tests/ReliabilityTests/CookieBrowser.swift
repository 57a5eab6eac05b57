import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A browser of the console and the privacy center over real HTTP: keeps its cookies, posts forms, never follows
/// redirects, and notes which upstream server (nginx's `X-Upstream`) answered each request.
final class CookieBrowser: @unchecked Sendable {
    // @unchecked: used by one test task at a time; the session's delegate keeps no state.
    struct Page {
        var status: Int
        var text: String
        var headers: [String: String]
        var upstream: String { headers["x-upstream"] ?? "" }
        var location: String? { headers["location"] }
    }

    let base: String
    var cookies: [String: String] = [:]
    /// The upstream of every answer, in order.
    private(set) var upstreams: [String] = []
    private let session = URLSession(configuration: CookieBrowser.configuration, delegate: NoRedirects(),
                                     delegateQueue: nil)

    init(base: String) {
        self.base = base
    }

    static var configuration: URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 30
        return configuration
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Page {
        try await send("GET", path, body: nil, headers: headers)
    }

    func post(_ path: String, _ form: [(String, String)]) async throws -> Page {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
        return try await send("POST", path, body: Data(body.utf8),
                              headers: ["Content-Type": "application/x-www-form-urlencoded"])
    }

    func send(_ method: String, _ path: String, body: Data?, headers: [String: String]) async throws -> Page {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if !cookies.isEmpty {
            request.setValue(cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "),
                             forHTTPHeaderField: "Cookie")
        }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        for line in Self.setCookies(http) {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            cookies[name] = pair[1].isEmpty || line.contains("Max-Age=0") ? nil : String(pair[1])
        }
        let page = Page(status: http?.statusCode ?? 0, text: String(decoding: data, as: UTF8.self), headers: fields)
        upstreams.append(page.upstream)
        return page
    }

    /// Every `Set-Cookie` line (Foundation joins repeated headers with commas, which cookie dates never hold here).
    static func setCookies(_ response: HTTPURLResponse?) -> [String] {
        guard let joined = response?.value(forHTTPHeaderField: "Set-Cookie") else { return [] }
        return joined.components(separatedBy: ", ").filter { $0.contains("=") }
    }

    /// The value of a hidden input of a page.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Every link of a page starting with `prefix`.
    static func links(_ prefix: String, in html: String) -> [String] {
        var found: [String] = []
        var rest = Substring(html)
        while let range = rest.range(of: "href=\"" + prefix) {
            let value = rest[range.upperBound...].prefix { $0 != "\"" }
            found.append(prefix + value)
            rest = rest[range.upperBound...]
        }
        return found
    }
}

/// Declines every redirect, so the browser sees the 303 and its cookies.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
