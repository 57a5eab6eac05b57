/// Sends HTTP requests for connectors.
///
/// Implementations return every HTTP response, whatever its status, and throw ``ConnectorError`` with code
/// ``ConnectorError/Code/transient`` when no response arrived (timeout, refused or dropped connection), or
/// `CancellationError` when the calling task was cancelled. ``URLSessionTransport`` is the live one,
/// ``RecordingTransport`` the test fake.
public protocol HTTPTransport: Sendable {
    /// Sends one request and returns its response.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/transient``) or `CancellationError`.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}
