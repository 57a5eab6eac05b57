import ConnectorKit
import Synchronization

/// Counts the requests sent and the 429 answers received, for calls per person.
final class CountingTransport: HTTPTransport {
    private let inner: any HTTPTransport
    private let counts = Mutex<(requests: Int, tooMany: Int)>((0, 0))

    init(_ inner: any HTTPTransport) { self.inner = inner }

    /// Requests sent and 429 answers since the last reset.
    var totals: (requests: Int, tooMany: Int) { counts.withLock { $0 } }

    func reset() { counts.withLock { $0 = (0, 0) } }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let response = try await inner.send(request)
        counts.withLock {
            $0.requests += 1
            if response.status == 429 { $0.tooMany += 1 }
        }
        return response
    }
}
