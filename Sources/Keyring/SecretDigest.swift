/// A keyed BLAKE2b digest of a short-lived secret of the web front ends (a one-time code, a session id, a download
/// link's token) or of a client's key in a failure counter, so the vault can find it without storing it.
///
/// The key is a named key of the key store, shared by every gateway instance on that store: a session opened by
/// one instance is found by another, and survives a restart. A digest read from the vault is useless without the
/// key, which never leaves the key store unwrapped; a 6-digit code cannot be guessed from its digest offline.
/// Each use names its purpose, so a digest made for one thing never matches one made for another.
public struct SecretDigest: Sendable {
    /// Digest length in bytes.
    public static let digestLength = 32

    /// The key store's name of the key.
    static let keyName = "web.secrets"

    let key: SymmetricKey

    init(key: SymmetricKey) {
        self.key = key
    }

    /// The digest of `secret` for `purpose` (a fixed label such as `console.session`).
    public func digest(_ secret: String, purpose: String) -> [UInt8] {
        Sodium.blake2b(Array("pdgate.\(purpose)\u{0}".utf8) + Array(secret.utf8), key: key.bytes,
                       outputLength: Self.digestLength)
    }
}
