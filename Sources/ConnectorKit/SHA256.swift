internal import Crypto

/// SHA-256, for webhook signatures and JWTs: a thin front over swift-crypto's `SHA256`.
///
/// Connectors call this one rather than swift-crypto directly, so ConnectorKit stays the one place they get
/// digests from and the call sites keep speaking in `[UInt8]`.
public struct SHA256: Sendable {
    /// The digest length in bytes.
    public static let byteCount = Crypto.SHA256.byteCount
    /// The block length in bytes.
    public static let blockByteCount = Crypto.SHA256.blockByteCount

    private var hasher = Crypto.SHA256()

    /// Creates an empty hasher.
    public init() {}

    /// Feeds bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        hasher.update(data: Array(bytes))
    }

    /// Finishes and returns the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: Array(bytes)))
    }
}
