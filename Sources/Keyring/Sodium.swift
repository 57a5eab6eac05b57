internal import CSodium

/// Thin, safe wrappers over the libsodium primitives pdgate uses.
///
/// Every function initialises libsodium on first use (`sodium_init` is idempotent and thread-safe).
public enum Sodium {
    private static let initialised: Bool = sodium_init() >= 0

    static func ensureInitialised() throws {
        guard initialised else {
            throw KeyringError(.cryptoFailure, "libsodium could not be initialised")
        }
    }

    /// Cryptographically secure random bytes.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        _ = initialised
        var bytes = [UInt8](repeating: 0, count: max(count, 1))
        bytes.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return Array(bytes.prefix(count))
    }

    /// A uniformly distributed random number in `0..<upperBound` (`randombytes_uniform`, no modulo bias).
    public static func uniformRandom(below upperBound: UInt32) -> UInt32 {
        _ = initialised
        return randombytes_uniform(upperBound)
    }

    /// Constant-time comparison of two byte strings of equal length.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in sodium_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 }
        }
    }

    /// Overwrites a buffer with zeros in a way the optimiser cannot remove.
    public static func wipe(_ bytes: inout [UInt8]) {
        let count = bytes.count
        guard count > 0 else { return }
        bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress!, count) }
    }

    /// SHA-256 of a byte string (file fingerprints, evidence hashes).
    public static func sha256(_ data: some Collection<UInt8>) -> [UInt8] {
        _ = initialised
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        let input = Array(data)
        _ = withPointer(input) { inp in
            out.withUnsafeMutableBufferPointer { crypto_hash_sha256($0.baseAddress!, inp, UInt64(input.count)) }
        }
        return out
    }

    /// Unkeyed or keyed BLAKE2b (`crypto_generichash`).
    public static func blake2b(_ data: some Collection<UInt8>, key: [UInt8]? = nil, outputLength: Int = 32) -> [UInt8] {
        _ = initialised
        var out = [UInt8](repeating: 0, count: outputLength)
        let input = Array(data)
        let keyBytes = key ?? []
        _ = withPointer(input) { inp in
            withPointer(keyBytes) { k in
                out.withUnsafeMutableBufferPointer { o in
                    crypto_generichash(
                        o.baseAddress!, outputLength, inp, UInt64(input.count),
                        keyBytes.isEmpty ? nil : k, keyBytes.count)
                }
            }
        }
        return out
    }

    /// Calls `body` with a valid pointer to the bytes, even when there are none (C APIs reject null).
    static func withPointer<R>(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>) -> R) -> R {
        if bytes.isEmpty {
            let dummy: [UInt8] = [0]
            return dummy.withUnsafeBufferPointer { body($0.baseAddress!) }
        }
        return bytes.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// Lower-case hexadecimal encoding.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var s = ""
        s.reserveCapacity(bytes.count * 2)
        for b in bytes {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0x0f)])
        }
        return s
    }
}

/// Streaming SHA-256 for files that must not be read into memory whole.
public struct SHA256Stream: ~Copyable {
    private var state = crypto_hash_sha256_state()

    public init() {
        _ = Sodium.randomBytes(0)
        crypto_hash_sha256_init(&state)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        crypto_hash_sha256_update(&state, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    public consuming func finish() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        out.withUnsafeMutableBufferPointer { _ = crypto_hash_sha256_final(&state, $0.baseAddress!) }
        return out
    }
}
