internal import Foundation
public import ConnectorKit
internal import Synchronization

/// A test ``HTTPTransport`` that records every request and answers from a handler.
public final class RecordingTransport: HTTPTransport {
    /// Produces the response for a request (or throws, like a dropped connection).
    public typealias Handler = @Sendable (TransportRequest) async throws -> TransportResponse

    private let handler: Handler
    private let recorded = Mutex<[TransportRequest]>([])

    /// Creates a transport answering with `handler`.
    public init(handler: @escaping Handler) {
        self.handler = handler
    }

    /// Creates a transport answering every request with one status and JSON body.
    public convenience init(status: Int = 200, json: String = "{}") {
        self.init { _ in
            TransportResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(json.utf8))
        }
    }

    /// The requests sent so far, in order.
    public var requests: [TransportRequest] { recorded.withLock { $0 } }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        recorded.withLock { $0.append(request) }
        return try await handler(request)
    }
}
