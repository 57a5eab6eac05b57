public import Foundation

/// One HTTP request as a connector hands it to an ``HTTPTransport``.
///
/// Header names are kept as given; transports compare them case-insensitively. The body is sent as is.
/// Requests carry personal data in their URL and body: never log either (``description`` shows neither).
public struct TransportRequest: Sendable, CustomStringConvertible {
    /// The HTTP method, upper case (`GET`, `PUT`, ...).
    public var method: String
    /// The absolute URL.
    public var url: URL
    /// Header fields, in order.
    public var headers: [(name: String, value: String)]
    /// The body bytes, empty for none.
    public var body: Data
    /// How long to wait for the whole response; `nil` uses the transport's default.
    public var timeout: Duration?

    /// Creates a request.
    public init(
        method: String,
        url: URL,
        headers: [(name: String, value: String)] = [],
        body: Data = Data(),
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Sets a header, replacing every existing field of that name.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        headers.append((name, value))
    }

    /// Method and path only: the query and body may hold personal data.
    public var description: String { "\(method) \(url.path)" }
}
