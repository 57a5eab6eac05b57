import Hummingbird
import Policy

/// The console's cookies: the session (HttpOnly, SameSite=Strict, path `/console`) and the chosen language.
enum ConsoleCookies {
    static let session = "pdgate_session"
    static let language = "pdgate_lang"

    /// `Set-Cookie` for a new session.
    static func session(_ id: String, maxAge: Int, secure: Bool) -> String {
        "\(session)=\(id); Path=/console; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// `Set-Cookie` that ends the session in the browser.
    static func clearSession(secure: Bool) -> String {
        "\(session)=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// `Set-Cookie` that remembers the language for a year.
    static func language(_ language: Language) -> String {
        "\(self.language)=\(language.rawValue); Path=/console; Max-Age=31536000; SameSite=Strict"
    }

    /// The value of a cookie in the request.
    static func value(_ name: String, in request: Request) -> String? {
        request.cookies[name]?.value
    }
}
