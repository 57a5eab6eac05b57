/// Mints the RS256 JWT for Voximplant's service-account auth (`Authorization: Bearer <jwt>`).
///
/// ConnectorKit depends on Foundation only, which has no RSA on Linux; the gateway supplies a signer (for
/// example over swift-crypto's `_RSA.Signing`) built from the service account's key file. Tokens must have
/// header `kid` = key id, claims `iss` = account id, `iat`, and `exp` at most an hour after `iat`.
public protocol VoximplantTokenSigner: Sendable {
    /// A fresh token for one request.
    func token() async throws -> String
}
