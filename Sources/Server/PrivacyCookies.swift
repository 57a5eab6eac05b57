import Hummingbird
import Policy

/// The privacy center's cookies, scoped to `/privacy`: the verified person's session (HttpOnly, SameSite=Strict,
/// Secure behind TLS) and the chosen language. Neither is ever read by a staff route.
enum PrivacyCookies {
    static let session = "pdgate_privacy"
    static let language = "pdgate_privacy_lang"

    /// `Set-Cookie` for a new session.
    static func session(_ id: String, maxAge: Int, secure: Bool) -> String {
        "\(session)=\(id); Path=/privacy; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// `Set-Cookie` that ends the session in the browser.
    static func clearSession(secure: Bool) -> String {
        "\(session)=; Path=/privacy; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// `Set-Cookie` that remembers the language for a year.
    static func language(_ language: Language) -> String {
        "\(self.language)=\(language.rawValue); Path=/privacy; Max-Age=31536000; SameSite=Lax"
    }
}
