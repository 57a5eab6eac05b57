import Foundation

/// A person signed in to the privacy center after entering their code, kept in server memory only.
///
/// The cookie carries a random id; the session knows the person's pseudonym (never their address) and the CSRF
/// token of its forms. It grants the privacy center's own pages and nothing else: staff routes check bearer tokens
/// and console sessions, which this never is.
struct PrivacySession: Sendable {
    let id: String
    let subject: String
    let csrf: String
    let expires: Date
}
