public import Foundation

/// What is known about an API token: its name, role and state. The token itself is never stored.
public struct TokenInfo: Sendable, Codable, Equatable {
    public var name: String
    public var role: String
    public var expiresAt: Date
    public var revoked: Bool
    /// Whether it had expired when listed.
    public var expired: Bool

    /// Whether the token still authenticates.
    public var isLive: Bool { !revoked && !expired }
}
