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

    /// `count` fresh random keys drawn with one call to the random source (one `getrandom` system call for a
    /// whole batch of new subjects' keys, not one per key).
    static func random(count: Int) -> [SymmetricKey] {
        guard count > 0 else { return [] }
        var material = Sodium.randomBytes(count * byteCount)
        defer { Sodium.wipe(&material) }
        return (0..<count).map { index in
            SymmetricKey(bytes: Array(material[index * byteCount..<(index + 1) * byteCount]))
        }
    }

    public var description: String { "***" }
    public var debugDescription: String { "SymmetricKey(***)" }
}
