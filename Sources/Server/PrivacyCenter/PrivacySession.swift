import Foundation
import Gateway

/// A person signed in to the privacy center after entering their code, kept in the vault.
///
/// The cookie carries a random id; the session knows the person's pseudonym (never their address) and the CSRF
/// token of its forms. It grants the privacy center's own pages and nothing else: staff routes check bearer tokens
/// and console sessions, which this never is.
struct PrivacySession: Sendable {
    let web: WebSession
    let subject: String

    var id: String { web.id }
    var csrf: String { web.csrf }
    var expires: Date { web.expires }

    init?(_ web: WebSession) {
        guard web.kind == .privacy, let subject = web.subject else { return nil }
        self.web = web
        self.subject = subject
    }
}
