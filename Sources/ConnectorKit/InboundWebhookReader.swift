/// Reads one service's webhook deliveries to `POST /inbound/{connector}/{secret}` into ``InboundEvent``s.
///
/// Each connector whose service sends webhooks provides one through its ``ConnectorFactory``, so the server knows
/// no service's format: it checks the URL's secret, the media type and the size, then hands the body over.
public protocol InboundWebhookReader: Sendable {
    /// The media type the service posts (`application/json`); a delivery of another type is refused with 415.
    var mediaType: String { get }

    /// The events of one delivery; deliveries and events of kinds pdgate does not act on give none.
    ///
    /// - Throws: ``InboundWebhookError`` when what the body carries to authenticate it (beyond the URL's secret)
    ///   does not match.
    func events(fromBody body: [UInt8]) throws(InboundWebhookError) -> [InboundEvent]
}

/// A webhook delivery that does not authenticate (the server answers 401 and changes nothing).
public struct InboundWebhookError: Error, Sendable, CustomStringConvertible {
    /// What did not match; never a value from the body.
    public let description: String

    public init(_ description: String) { self.description = description }
}
