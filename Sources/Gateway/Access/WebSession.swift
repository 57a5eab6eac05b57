public import Foundation

/// A signed-in session of the console or of the privacy center, as the server sees it.
///
/// The cookie carries ``id``, a random secret; the vault keeps only its keyed digest, so every gateway instance on
/// the vault knows the session and a restart keeps it. The CSRF token of its forms is derived from the id under the
/// same key, never stored.
public struct WebSession: Sendable, Equatable {
    /// Which front end a session belongs to; one kind's session never opens the other's pages.
    public enum Kind: String, Sendable {
        case console
        case privacy
        /// A requester reading one access answer, opened by a one-time answer link; ``WebSession/subject`` is the
        /// request's reference, and the session opens nothing else.
        case answer
    }

    /// The random id the cookie carries.
    public let id: String
    public let kind: Kind
    /// The privacy center's person (pseudonym); nil for a console session.
    public let subject: String?
    /// The CSRF token of the session's forms.
    public let csrf: String
    public let expires: Date
    /// The SHA-256 of the console's API token, re-authenticated on every page.
    let tokenHash: [UInt8]?
}
