internal import _CryptoExtras
internal import ConnectorKit
public import Foundation

/// Mints Voximplant service-account JWTs: RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over swift-crypto.
///
/// Header `{"alg": "RS256", "typ": "JWT", "kid": <key_id>}`, claims `{"iss": <account_id>, "iat": now,
/// "exp": now + lifetime}`, base64url without padding, as the official clients build them. Every ``token()``
/// call mints a fresh token (they are cheap and short-lived), so a token never outlives its request by much.
public struct VoximplantJWTSigner: VoximplantTokenSigner {
    /// The account (`iss`).
    public let accountID: String
    /// The key id (`kid`).
    public let keyID: String
    /// Seconds between `iat` and `exp` (1-3600).
    public let lifetimeSeconds: Int
    private let key: _RSA.Signing.PrivateKey
    private let now: @Sendable () -> Date

    /// Creates a signer from a service account.
    ///
    /// - Parameters:
    ///   - serviceAccount: The key file's contents.
    ///   - lifetimeSeconds: Token lifetime; Voximplant accepts at most 3600, the official clients use about 60.
    ///   - now: The clock for `iat` (injected in tests).
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) when the private key is not
    ///   an RSA key of at least 2048 bits in PEM, or the lifetime is out of range.
    public init(
        serviceAccount: VoximplantServiceAccount,
        lifetimeSeconds: Int = 60,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        guard (1...3600).contains(lifetimeSeconds) else {
            throw ConnectorError(.invalidConfiguration, "Voximplant token lifetime must be 1-3600 seconds")
        }
        do {
            key = try _RSA.Signing.PrivateKey(pemRepresentation: serviceAccount.privateKey.reveal())
        } catch {
            throw ConnectorError(.invalidConfiguration, "Voximplant service account private_key is not an RSA "
                + "private key (2048 bits or more) in PEM")
        }
        accountID = serviceAccount.accountID
        keyID = serviceAccount.keyID
        self.lifetimeSeconds = lifetimeSeconds
        self.now = now
    }

    public func token() async throws -> String {
        try makeToken()
    }

    /// Signs a token for the current time.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) if signing fails.
    func makeToken() throws -> String {
        let issuedAt = Int64(now().timeIntervalSince1970.rounded(.down))
        let header: JSONValue = ["alg": "RS256", "typ": "JWT", "kid": .string(keyID)]
        let issuer: JSONValue = Int64(accountID).map { .int($0) } ?? .string(accountID)
        let claims: JSONValue = ["iss": issuer, "iat": .int(issuedAt), "exp": .int(issuedAt + Int64(lifetimeSeconds))]
        let signingInput = Self.base64URL(header.encoded()) + "." + Self.base64URL(claims.encoded())
        let signature: _RSA.Signing.RSASignature
        do {
            signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        } catch {
            throw ConnectorError(.invalidConfiguration, "Voximplant token could not be signed")
        }
        return signingInput + "." + Self.base64URL(signature.rawRepresentation)
    }

    /// Base64url without padding (RFC 7515 section 2).
    static func base64URL(_ data: Data) -> String {
        var text = data.base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
