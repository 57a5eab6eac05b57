public import Core
public import Foundation
import Keyring
import Vault
import Audit

extension Gateway {
    /// The prefix of every API token, so a leaked one is recognisable by secret scanners.
    public static let tokenPrefix = "pdg_"

    /// Creates an API token bound to a role and returns it; only its SHA-256 is stored, so it is shown once.
    ///
    /// The token is `pdg_` followed by 32 random bytes in base64url (43 characters). The creation is audited with
    /// the token's name, role and expiry, never the token.
    /// - Parameters:
    ///   - name: A unique label for the token (a staff login or a system such as `web-form`); never personal data
    ///     of a data subject. Letters, digits, `.`, `_`, `-`, `@` and `:`, at most 64 characters.
    ///   - role: A role of `roles.yaml`.
    ///   - validFor: How long the token lives, in seconds.
    ///   - principal: Who creates it; the role must allow `admin`.
    /// - Returns: The token. It cannot be recovered later.
    /// - Throws: ``GatewayError`` `refused` without `admin`, `invalidArgument` for a bad name, an unknown role, a
    ///   used name or a non-positive lifetime.
    public func createToken(name: String, role: String, validFor: TimeInterval, principal: Principal) async throws
        -> String
    {
        try await require(.admin, principal, auditAction: .tokenCreate)
        guard Self.isValidTokenName(name) else {
            throw GatewayError(.invalidArgument,
                "a token name has 1 to 64 letters, digits or . _ - @ : characters")
        }
        guard let definition = policies.role(named: role) else {
            throw GatewayError(.invalidArgument, "no role \(role) in roles.yaml")
        }
        guard definition.tokens else {
            throw GatewayError(.invalidArgument, "role \(role) is never given to a token (roles.yaml: tokens: false); "
                + "choose a staff or connector role")
        }
        guard validFor > 0, validFor <= 10 * 366 * 86_400 else {
            throw GatewayError(.invalidArgument, "a token lives between 1 second and 10 years")
        }
        let secret = Sodium.randomBytes(32)
        let token = Self.tokenPrefix + Self.base64URL(secret)
        let hash = Self.tokenHash(token)
        let now = nowSeconds
        let expires = now + Int64(validFor)
        try await audited(by: principal, at: now) { tx, log in
            guard try !tx.tokens().contains(where: { $0.name == name }) else {
                throw GatewayError(.invalidArgument, "a token named \(name) exists already; choose another name")
            }
            try tx.insertToken(name: name, role: role, hash: hash, createdAt: now, expiresAt: expires)
            try log.record(.tokenCreate,
                detail: "name=\(name) role=\(role) expires=\(Self.iso(expires))")
        }
        logger.info("API token created", metadata: ["pdgate.token": "\(name)", "pdgate.role": "\(role)"])
        return token
    }

    /// The principal a live token stands for, or nil for an unknown, revoked, expired or malformed token.
    ///
    /// The token is hashed and looked up by its hash, so no comparison runs over the secret itself and timing
    /// reveals nothing about how much of a guess was right. Successful look-ups are not audited (every API call
    /// makes one); the operations the principal then performs are. A token verified within the last second is
    /// trusted without reading the vault again (see `TokenCache`), so a revocation made by another process
    /// takes effect within a second.
    /// A token whose role `roles.yaml` no longer has, or marks `tokens: false`, authenticates nobody, whenever it was
    /// made.
    /// - Returns: A principal named `token:<name>` with the token's role.
    public func authenticate(token: String) async throws -> Principal? {
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count == Self.tokenPrefix.utf8.count + 43 else {
            return nil
        }
        return try await authenticate(tokenHash: Self.tokenHash(token))
    }

    /// ``authenticate(token:)`` for a token known by its SHA-256 (a console session keeps only that).
    func authenticate(tokenHash hash: [UInt8]) async throws -> Principal? {
        let now = nowSeconds
        if let principal = tokenCache.principal(forHash: hash, now: now) { return principal }
        guard let found = try await vault.read({ tx in try tx.token(hash: hash, now: now) }),
            policies.role(named: found.role)?.tokens == true
        else { return nil }
        let principal = Principal(name: "token:\(found.name)", role: found.role)
        tokenCache.remember(hash: hash, principal: principal, expiresAt: found.expiresAt)
        return principal
    }

    /// Revokes a token by name; it stops working at once on this gateway, and within a second on other processes
    /// sharing the vault.
    ///
    /// - Returns: Whether a live token of that name existed.
    /// - Throws: ``GatewayError`` `refused` without `admin`.
    @discardableResult
    public func revokeToken(name: String, principal: Principal) async throws -> Bool {
        try await require(.admin, principal, auditAction: .tokenRevoke)
        let now = nowSeconds
        let revoked = try await audited(by: principal, at: now) { tx, log in
            let revoked = try tx.revokeToken(name: name, now: now)
            try log.record(.tokenRevoke, outcome: revoked ? .ok : .failed,
                detail: "name=\(name)" + (revoked ? "" : " not_live"))
            return revoked
        }
        tokenCache.removeAll()
        return revoked
    }

    /// Every token's name, role, expiry and state; never the token or its hash.
    ///
    /// - Throws: ``GatewayError`` `refused` without `admin`.
    public func listTokens(principal: Principal) async throws -> [TokenInfo] {
        try await require(.admin, principal, auditAction: .tokenList)
        let now = nowSeconds
        return try await vault.read { tx in
            try tx.tokens().map {
                TokenInfo(name: $0.name, role: $0.role,
                          expiresAt: Date(timeIntervalSince1970: TimeInterval($0.expiresAt)),
                          revoked: $0.revoked, expired: $0.expiresAt <= now)
            }
        }
    }

    static func tokenHash(_ token: String) -> [UInt8] {
        Sodium.sha256(Array(token.utf8))
    }

    static func isValidTokenName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-", "@", ":": true
            default: false
            }
        }
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
