internal import Foundation
#if canImport(FoundationNetworking)
internal import FoundationNetworking
#endif
internal import Synchronization

/// The live ``HTTPTransport``: Foundation's `URLSession` (libcurl on Linux) with keep-alive connections.
///
/// One instance per process (or per service) reuses its connections; its connection cap per host should be
/// at least the dispatcher's concurrency for that connector. Nothing about a request is logged.
///
/// A 401 carrying `WWW-Authenticate` (1C's OData does this) makes corelibs Foundation wait for credentials
/// forever unless a delegate answers the challenge; this transport's delegate declines it and returns the
/// 401 response (without its body) so the connector sees ``ConnectorError/Code/unauthorized``.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let delegate: ChallengeDelegate
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
        delegate = ChallengeDelegate()
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
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
        let task = TaskBox()
        do {
            (data, response) = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, URLResponse), any Error>) in
                    let dataTask = session.dataTask(with: urlRequest) { data, response, error in
                        if let response, error == nil {
                            continuation.resume(returning: (data ?? Data(), response))
                        } else {
                            continuation.resume(throwing: error ?? URLError(.badServerResponse))
                        }
                    }
                    task.set(dataTask)
                    dataTask.resume()
                }
            } onCancel: {
                task.cancel()
            }
        } catch let error as URLError {
            if Task.isCancelled { throw CancellationError() }
            if error.code == .cancelled, let id = task.identifier, let challenged = delegate.take(id) {
                return TransportResponse(status: challenged.statusCode, headers: Self.headers(of: challenged))
            }
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
        return TransportResponse(status: http.statusCode, headers: Self.headers(of: http), body: data)
    }

    private static func headers(of response: HTTPURLResponse) -> [String: String] {
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return headers
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

/// Declines HTTP authentication challenges (remembering the 401 that caused them, per task) and redirects.
///
/// `@unchecked Sendable`: its only state is behind a `Mutex`; `NSObject` subclasses cannot be checked.
private final class ChallengeDelegate: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    private let challenged = Mutex<[Int: HTTPURLResponse]>([:])

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        #if !canImport(FoundationNetworking)
        guard challenge.protectionSpace.authenticationMethod != NSURLAuthenticationMethodServerTrust else {
            return completionHandler(.performDefaultHandling, nil)
        }
        #endif
        if let response = challenge.failureResponse as? HTTPURLResponse {
            let id = task.taskIdentifier
            challenged.withLock { $0[id] = response }
        }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    /// Redirects are not followed: a connector sees the 3xx (a webhook must not be re-sent elsewhere).
    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func take(_ id: Int) -> HTTPURLResponse? {
        challenged.withLock { $0.removeValue(forKey: id) }
    }
}

/// The running data task, for cancellation and for matching a declined challenge.
///
/// `@unchecked Sendable`: the task reference is behind a `Mutex`.
private final class TaskBox: @unchecked Sendable {
    private let task = Mutex<URLSessionDataTask?>(nil)
    private let cancelled = Mutex(false)

    func set(_ dataTask: URLSessionDataTask) {
        task.withLock { $0 = dataTask }
        if cancelled.withLock({ $0 }) { dataTask.cancel() }
    }

    func cancel() {
        cancelled.withLock { $0 = true }
        task.withLock { $0 }?.cancel()
    }

    var identifier: Int? { task.withLock { $0 }?.taskIdentifier }
}
