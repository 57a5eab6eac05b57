internal import Foundation
#if canImport(FoundationNetworking)
internal import FoundationNetworking
#endif

/// The live ``HTTPTransport``: Foundation's `URLSession` (libcurl on Linux) with keep-alive connections.
///
/// One instance per process (or per service) reuses its connections; its connection cap per host should be
/// at least the dispatcher's concurrency for that connector. Nothing about a request is logged.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let defaultTimeout: Duration

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - timeout: The default time for a whole request; a ``TransportRequest/timeout`` overrides it.
    ///   - maxConnectionsPerHost: Keep-alive connections per host.
    public init(timeout: Duration = .seconds(30), maxConnectionsPerHost: Int = 16) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConnectionsPerHost
        configuration.timeoutIntervalForRequest = Self.seconds(timeout)
        configuration.timeoutIntervalForResource = max(Self.seconds(timeout), 1) * 2
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
        defaultTimeout = timeout
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var urlRequest = URLRequest(
            url: request.url,
            cachePolicy: .reloadIgnoringLocalCacheData,
            timeoutInterval: Self.seconds(request.timeout ?? defaultTimeout)
        )
        urlRequest.httpMethod = request.method
        for header in request.headers {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty {
            urlRequest.httpBody = request.body
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch let error as URLError {
            if Task.isCancelled { throw CancellationError() }
            throw ConnectorError(
                .transient,
                "\(request.method) to \(request.url.host ?? "host") got no response (\(Self.name(of: error.code)))"
            )
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ConnectorError(.transient, "\(request.method) to \(request.url.host ?? "host") got no response")
        }
        guard let http = response as? HTTPURLResponse else {
            throw ConnectorError(.invalidResponse, "\(request.method) to \(request.url.host ?? "host"): not HTTP")
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return TransportResponse(status: http.statusCode, headers: headers, body: data)
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func name(of code: URLError.Code) -> String {
        switch code {
        case .timedOut: "timed out"
        case .networkConnectionLost: "connection lost"
        case .cannotConnectToHost: "cannot connect"
        case .cannotFindHost: "cannot find host"
        case .notConnectedToInternet: "not connected"
        case .badServerResponse: "bad server response"
        case .secureConnectionFailed: "TLS failed"
        default: "URLError \(code.rawValue)"
        }
    }
}
