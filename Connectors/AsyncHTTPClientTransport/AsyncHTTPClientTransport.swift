public import AsyncHTTPClient
public import ConnectorKit
internal import Foundation
internal import NIOCore
internal import NIOHTTP1

/// An ``HTTPTransport`` on AsyncHTTPClient (SwiftNIO): keep-alive pools and far less CPU per request than
/// `URLSession` on Linux, for dispatch rates beyond about a thousand events per second.
///
/// Call ``shutdown()`` before the process ends (AsyncHTTPClient requires it).
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    private let defaultTimeout: Duration

    /// Creates a transport with its own connection pool.
    ///
    /// - Parameters:
    ///   - timeout: The default time for a whole request; a ``TransportRequest/timeout`` overrides it.
    ///   - maxConnectionsPerHost: Keep-alive connections per host (at least the dispatcher's concurrency).
    public init(timeout: Duration = .seconds(30), maxConnectionsPerHost: Int = 16) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnectionsPerHost
        )
        configuration.timeout = .init(connect: .seconds(10))
        configuration.decompression = .disabled
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defaultTimeout = timeout
    }

    /// Closes the pool's connections.
    public func shutdown() async throws {
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
        let timeout = request.timeout ?? defaultTimeout
        let host = request.url.host ?? "host"
        do {
            let response = try await client.execute(outgoing, timeout: .nanoseconds(Self.nanoseconds(timeout)))
            let body = try await response.body.collect(upTo: 32 << 20)
            var headers: [String: String] = [:]
            for (name, value) in response.headers {
                let key = name.lowercased()
                headers[key] = headers[key].map { "\($0), \(value)" } ?? value
            }
            return TransportResponse(status: Int(response.status.code), headers: headers,
                                     body: Data(body.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError {
            if Task.isCancelled { throw CancellationError() }
            let reason = error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
                ? "timed out" : "connection failed"
            throw ConnectorError(.transient, "\(request.method) to \(host) got no response (\(reason))")
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ConnectorError(.transient, "\(request.method) to \(host) got no response")
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
