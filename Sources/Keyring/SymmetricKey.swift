/// 32 bytes of secret key material.
///
/// Its description is `***` so a key never reaches a log or an error message by accident.
public struct SymmetricKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Key length in bytes (XChaCha20-Poly1305, BLAKE2b keys).
    public static let byteCount = 32

    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "a symmetric key is 32 bytes")
        self.bytes = bytes
    }

    /// A fresh random key.
    public static func random() -> SymmetricKey {
        SymmetricKey(bytes: Sodium.randomBytes(byteCount))
    }

    public var description: String { "***" }
    public var debugDescription: String { "SymmetricKey(***)" }
}
