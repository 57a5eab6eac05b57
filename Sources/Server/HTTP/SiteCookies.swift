import Hummingbird
import Policy

/// The cookies of one browser-facing part of the server, scoped to its path: the session (HttpOnly,
/// SameSite=Strict, Secure behind TLS) and the chosen language. The console's are never read by the privacy center
/// and the privacy center's never by a staff route.
struct SiteCookies: Sendable {
    /// Name of the session cookie.
    let session: String
    /// Name of the language cookie.
    let language: String
    /// The path both cookies are scoped to.
    let path: String
    /// `SameSite` of the language cookie (the privacy center's may follow a link from the operator's site).
    let languageSameSite: String

    /// The privacy officer's console under `/console`.
    static let console = SiteCookies(session: "pdgate_session", language: "pdgate_lang", path: "/console",
                                     languageSameSite: "Strict")
    /// The privacy center under `/privacy`.
    static let privacy = SiteCookies(session: "pdgate_privacy", language: "pdgate_privacy_lang", path: "/privacy",
                                     languageSameSite: "Lax")

    /// A requester reading one access answer under `/privacy/answer`, after opening its one-time link: a session
    /// of its own, never the privacy center's sign-in.
    static let answer = SiteCookies(session: "pdgate_answer", language: "pdgate_privacy_lang", path: "/privacy/answer",
                                    languageSameSite: "Lax")

    /// `Set-Cookie` for a new session.
    func session(_ id: String, maxAge: Int, secure: Bool) -> String {
        "\(session)=\(id); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// `Set-Cookie` that ends the session in the browser.
    func clearSession(secure: Bool) -> String {
        "\(session)=; Path=\(path); Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// `Set-Cookie` that remembers the language for a year.
    func language(_ language: Language) -> String {
        "\(self.language)=\(language.rawValue); Path=\(path); Max-Age=31536000; SameSite=\(languageSameSite)"
    }

    /// The value of a cookie in the request.
    func value(_ name: String, in request: Request) -> String? {
        request.cookies[name]?.value
    }
}
