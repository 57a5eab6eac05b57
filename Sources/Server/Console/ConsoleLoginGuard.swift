import Hummingbird
import Keyring

/// Protects the console's login form against login CSRF (another site's page posting its own token so that the
/// officer's browser works, unknowingly, in the attacker's session).
///
/// The signed-in forms carry the session's CSRF token; before login there is no session, so the login page sets a
/// pre-session cookie (HttpOnly, SameSite=Strict, scoped to `/console/login`) and repeats its value in a hidden
/// field. A post whose field does not match its cookie is refused (double submit), on top of the origin check of
/// ``ConsoleRoutes/refuseCrossSite(_:publicURL:)`` every console form has.
enum ConsoleLoginGuard {
    /// Name of the pre-session cookie.
    static let cookie = "pdgate_login"
    static let path = "/console/login"

    /// The form token of this browser: its cookie's value when it has a well-formed one, else a new value with the
    /// `Set-Cookie` that stores it.
    static func token(_ request: Request, secure: Bool) -> (token: String, setCookie: String?) {
        if let value = request.cookies[cookie]?.value, isWellFormed(value) { return (value, nil) }
        let value = ConsoleSessions.random()
        return (value, "\(cookie)=\(value); Path=\(path); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""))
    }

    /// Refuses a login post whose `csrf` field is missing or differs from its pre-session cookie.
    static func check(_ form: [String: String], _ request: Request) throws {
        guard let value = request.cookies[cookie]?.value, isWellFormed(value), let sent = form["csrf"],
            Sodium.constantTimeEqual(Array(sent.utf8), Array(value.utf8))
        else {
            throw APIError(code: "csrf", status: .forbidden, message: "missing or wrong CSRF token")
        }
    }

    /// `Set-Cookie` that drops the pre-session cookie once the session exists.
    static func clear(secure: Bool) -> String {
        "\(cookie)=; Path=\(path); Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// 32 random bytes in base64url, as ``ConsoleSessions/random()`` makes them.
    static func isWellFormed(_ value: String) -> Bool {
        value.utf8.count == 43
            && value.utf8.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D
                    || $0 == 0x5F
            }
    }
}
