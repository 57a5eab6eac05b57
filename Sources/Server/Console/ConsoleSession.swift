import Foundation
import Gateway

/// A logged-in console session, kept in the vault so every gateway instance knows it and a restart keeps it.
///
/// The cookie carries a random session id, not the token; the vault keeps the id's keyed digest and the token's
/// hash, so every page re-authenticates the token (a revoked or expired token ends the session). The CSRF token,
/// derived from the id, goes into every form.
struct ConsoleSession: Sendable {
    let web: WebSession

    var id: String { web.id }
    var csrf: String { web.csrf }
    var expires: Date { web.expires }
}
