import Foundation

/// A logged-in console session, kept in server memory only.
///
/// The cookie carries a random session id, not the token; the token stays here so every page re-authenticates it
/// (a revoked or expired token ends the session at once). The CSRF token goes into every form.
struct ConsoleSession: Sendable {
    let id: String
    let token: String
    let csrf: String
    let expires: Date
}
