/// A keyed BLAKE2b digest of a normalised value, used to find a person by e-mail or phone without storing either.
///
/// Each kind of value has its own random index key, so an e-mail digest can never be compared with a phone
/// digest, and the suppression list's digests with the lookup index.
public struct BlindIndex: Sendable {
    /// What the digest was computed over.
    public enum Kind: String, Sendable, CaseIterable {
        case email, phone
        case suppressionEmail = "suppression_email"
        case suppressionPhone = "suppression_phone"

        /// The name of the key in the key store.
        var keyName: String { "index." + rawValue }
    }

    /// Digest length in bytes.
    public static let digestLength = 16

    public let kind: Kind
    let key: SymmetricKey

    init(kind: Kind, key: SymmetricKey) {
        self.kind = kind
        self.key = key
    }

    /// The digest of an already normalised value.
    public func digest(_ normalised: String) -> [UInt8] {
        Sodium.blake2b(Array(normalised.utf8), key: key.bytes, outputLength: Self.digestLength)
    }
}
