internal import Foundation

/// Values for the `Authorization` header.
public enum HTTPAuthorization {
    /// `Basic base64(user:password)`, with the UTF-8 bytes (so Cyrillic 1C logins work).
    public static func basic(user: String, password: Secret) -> String {
        "Basic " + Data("\(user):\(password.reveal())".utf8).base64EncodedString()
    }

    /// `Bearer <token>`.
    public static func bearer(_ token: Secret) -> String {
        "Bearer " + token.reveal()
    }
}
