public import ConnectorKit
internal import AsyncHTTPClient
internal import Foundation
internal import NIOCore
internal import NIOHTTP1
internal import Synchronization

/// An ``HTTPTransport`` over swift-server's AsyncHTTPClient: one shared `HTTPClient` with a keep-alive
/// connection pool on SwiftNIO's shared event loops.
///
/// Use one instance per process (or per service) so that every connector reuses its connections; set
/// `maxConnectionsPerHost` to the dispatcher's concurrency for the connector (the largest one when several
/// connectors share the transport). Redirects are not followed (a connector sees the 3xx), responses are
/// not decompressed, cookies are not kept, and nothing about a request is logged.
///
/// Errors follow ``HTTPTransport``: every HTTP response is returned whatever its status; a refused, reset or
/// dropped connection and a timeout throw ``ConnectorError/Code/transient``; a URL the client cannot use
/// throws ``ConnectorError/Code/invalidConfiguration``; cancellation throws `CancellationError`.
///
/// Call ``shutdown()`` when done (``withTransport(timeout:maxConnectionsPerHost:_:)`` does): it closes the
/// pooled connections. A transport released without it starts the shutdown itself, without waiting.
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    private let defaultTimeout: Duration
    private let maxBodyBytes: Int
    private let isShutDown = Mutex(false)

    /// Creates a transport and its connection pool.
    ///
    /// - Parameters:
    ///   - timeout: The default time until a response's head arrives; a ``TransportRequest/timeout``
    ///     overrides it. It is also the longest pause allowed while reading a response body.
    ///   - maxConnectionsPerHost: Keep-alive connections per host (the connector's concurrency).
    ///   - connectTimeout: The time to open a connection; at most `timeout` by default.
    ///   - idleTimeout: How long an unused connection stays in the pool.
    ///   - maxBodyBytes: The largest response body read; a larger one is an
    ///     ``ConnectorError/Code/invalidResponse``.
    public init(
        timeout: Duration = .seconds(30),
        maxConnectionsPerHost: Int = 16,
        connectTimeout: Duration? = nil,
        idleTimeout: Duration = .seconds(60),
        maxBodyBytes: Int = 32 << 20
    ) {
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: Self.timeAmount(idleTimeout),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maxConnectionsPerHost)
        )
        // Fail a request at once when its connection cannot be opened (as URLSession does): the dispatcher
        // retries with backoff, instead of the request waiting out the connect timeout in the pool.
        pool.retryConnectionEstablishment = false
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(connectTimeout ?? min(timeout, .seconds(10))),
                           read: Self.timeAmount(timeout)),
            connectionPool: pool,
            decompression: .disabled
        )
        configuration.httpVersion = .automatic
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        defaultTimeout = timeout
        self.maxBodyBytes = maxBodyBytes
    }

    deinit {
        if !isShutDown.withLock({ $0 }) {
            client.shutdown { _ in }
        }
    }

    /// Runs `body` with a new transport and shuts it down afterwards, whether `body` returns or throws.
    public static func withTransport<T>(
        timeout: Duration = .seconds(30),
        maxConnectionsPerHost: Int = 16,
        _ body: (AsyncHTTPClientTransport) async throws -> T
    ) async throws -> T {
        let transport = AsyncHTTPClientTransport(timeout: timeout, maxConnectionsPerHost: maxConnectionsPerHost)
        let result: T
        do {
            result = try await body(transport)
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try await transport.shutdown()
        return result
    }

    /// Closes the pooled connections and stops accepting requests; later sends throw
    /// ``ConnectorError/Code/transient``. Calling it again does nothing.
    ///
    /// - Throws: The client's error if a connection did not close cleanly.
    public func shutdown() async throws {
        let first = isShutDown.withLock { shutDown in
            defer { shutDown = true }
            return !shutDown
        }
        guard first else { return }
        try await client.shutdown()
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let timeout = Self.timeAmount(request.timeout ?? defaultTimeout)
        do {
            try Task.checkCancellation()
            let response = try await client.execute(outgoing, timeout: timeout)
            let body = try await response.body.collect(upTo: maxBodyBytes)
            // A request cancelled while queued for a connection may still be sent and answered; the cancelled
            // caller gets no result either way.
            try Task.checkCancellation()
            var headers: [String: String] = [:]
            for (name, value) in response.headers {
                let key = name.lowercased()
                headers[key] = headers[key].map { $0 + ", " + value } ?? value
            }
            return TransportResponse(status: Int(response.status.code), headers: headers,
                                     body: Data(body.readableBytesView))
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            throw Self.connectorError(error, request: request)
        }
    }

    /// The ``ConnectorError`` for a request that got no (usable) response; names the method, host and kind
    /// of failure only: the URL's path and query and the body may hold personal data, and some client errors
    /// carry header values.
    static func connectorError(_ error: any Error, request: TransportRequest) -> ConnectorError {
        let what = "\(request.method) to \(request.url.host ?? "host")"
        if error is NIOTooManyBytesError {
            return ConnectorError(.invalidResponse, "\(what): the response body is too large")
        }
        guard let error = error as? HTTPClientError else {
            return ConnectorError(.transient, "\(what) got no response (\(Self.kind(of: error)))")
        }
        switch error {
        case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath:
            return ConnectorError(.invalidConfiguration, "\(what): the URL cannot be used")
        case _ where error.shortDescription == "Unsupported scheme":
            return ConnectorError(.invalidConfiguration, "\(what): only http and https URLs are supported")
        case _ where error.shortDescription.hasPrefix("Invalid header field"):
            return ConnectorError(.permanent, "\(what): a header name or value has characters HTTP forbids")
        case .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded, .getConnectionFromPoolTimeout,
            .tlsHandshakeTimeout:
            return ConnectorError(.transient, "\(what) got no response (timed out)")
        case .remoteConnectionClosed:
            return ConnectorError(.transient, "\(what) got no response (connection lost)")
        case .alreadyShutdown:
            return ConnectorError(.transient, "\(what) not sent: the transport is shut down")
        default:
            return ConnectorError(.transient, "\(what) got no response (\(Self.kind(of: error)))")
        }
    }

    /// A short name for a connection-level error: its type, and the POSIX error name for I/O errors.
    private static func kind(of error: any Error) -> String {
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset"
            case EPIPE: return "broken pipe"
            case ETIMEDOUT: return "timed out"
            default: return "I/O error \(io.errnoCode)"
            }
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return "timed out"
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: return "connection lost"
            default: return "channel error"
            }
        }
        if let client = error as? HTTPClientError {
            return client.shortDescription.lowercased()   // never holds associated values
        }
        // The type name only: some errors' descriptions include addresses or header values.
        let name = String(describing: type(of: error))
        return name.contains("Connection") ? "cannot connect (\(name))" : name
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
