/// Mints the RS256 JWT for Voximplant's service-account auth (`Authorization: Bearer <jwt>`).
///
/// ``VoximplantJWTSigner`` is the live one, built from the service account's key file; tests may supply
/// others. Tokens must have header `kid` = key id, claims `iss` = account id, `iat`, and `exp` at most an
/// hour after `iat`.
public protocol VoximplantTokenSigner: Sendable {
    /// A fresh token for one request.
    func token() async throws -> String
}
