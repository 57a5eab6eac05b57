public import Foundation
public import Mailer

/// How `pdgate serve` listens and protects itself. Defaults suit a gateway on loopback behind a TLS proxy.
public struct ServerConfiguration: Sendable {
    /// The address to bind; keep `127.0.0.1` and put a TLS-terminating proxy in front.
    public var host: String
    public var port: Int
    /// The largest request body accepted, in bytes (larger ones get 413).
    public var maxBodyBytes: Int
    /// Failed authentications an address may make within ``authFailureWindow`` before it gets 429.
    public var authFailureLimit: Int
    /// The window, in seconds, over which failed authentications are counted.
    public var authFailureWindow: TimeInterval
    /// Take the client address from the last `X-Forwarded-For` entry (only behind a proxy you run that sets it).
    public var trustForwardedFor: Bool
    /// Mark the console's session cookie `Secure` (set it when the console is reached over HTTPS).
    public var secureCookies: Bool
    /// How long a console session lasts, in seconds.
    public var sessionLifetime: TimeInterval
    /// The clock for rate limiting and sessions (tests inject one).
    public var clock: @Sendable () -> Date
    /// Mailing services that report unsubscribes and bounces to `/inbound/{connector}/{secret}`.
    public var inbound: [InboundEndpoint] = []
    /// The privacy center's mailer, public address and limits.
    public var privacyCenter = PrivacyCenterConfiguration()
    /// A development mail sink shown at `/dev/inbox` (``FolderMailer``); nil in production.
    public var devInbox: FolderMailer?

    /// A configuration; every value has the default `pdgate serve` uses.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 64 * 1024, authFailureLimit: Int = 10,
        authFailureWindow: TimeInterval = 60, trustForwardedFor: Bool = false, secureCookies: Bool = false,
        sessionLifetime: TimeInterval = 8 * 3600, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.authFailureLimit = authFailureLimit
        self.authFailureWindow = authFailureWindow
        self.trustForwardedFor = trustForwardedFor
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.clock = clock
    }
}
