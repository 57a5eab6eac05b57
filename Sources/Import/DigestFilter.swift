import Keyring

/// A Bloom filter over the blind-index digests an import may match, so that a row whose e-mail and phone are
/// certainly new costs no index query.
///
/// A "no" is certain; a "maybe" is settled by the query the importer would have made anyway, so the filter can
/// only save work, never change an outcome. Its size is fixed (``bitCount`` bits, 4 MiB) whatever the file's
/// length: as it fills, more answers become "maybe" and the import falls back to querying. Blind-index digests are
/// keyed BLAKE2b outputs, evenly spread already, so the filter takes its bit positions straight from their bytes.
struct DigestFilter {
    /// 2^25 bits: about 0.2 % false "maybe" answers at two million digests.
    static let bitCount = 1 << 25
    /// A vault holding more index rows than this is not read into a filter: loading it would cost more than the
    /// queries it saves on a typical file.
    static let preloadLimit = 200_000

    private var words: [UInt64]

    init() {
        words = [UInt64](repeating: 0, count: Self.bitCount / 64)
    }

    /// Remembers a digest of `kind`.
    mutating func insert(_ digest: [UInt8], kind: BlindIndex.Kind) {
        let (first, step) = Self.hashes(of: digest, kind: kind)
        for probe in 0..<Self.probes {
            let position = Self.position(first, step, probe)
            words[position >> 6] |= 1 << UInt64(position & 63)
        }
    }

    /// False when `digest` of `kind` was certainly never inserted.
    func mayContain(_ digest: [UInt8], kind: BlindIndex.Kind) -> Bool {
        let (first, step) = Self.hashes(of: digest, kind: kind)
        for probe in 0..<Self.probes {
            let position = Self.position(first, step, probe)
            if words[position >> 6] & (1 << UInt64(position & 63)) == 0 { return false }
        }
        return true
    }

    /// Bits set per digest.
    private static let probes = 4

    /// Two 64-bit values from the digest's 16 bytes, salted by kind so an e-mail never vouches for a phone; the
    /// probes are `first + i * step` (double hashing).
    private static func hashes(of digest: [UInt8], kind: BlindIndex.Kind) -> (UInt64, UInt64) {
        let salt: UInt64 = kind == .phone ? 0x9E37_79B9_7F4A_7C15 : 0
        guard digest.count >= 16 else {
            return (salt ^ UInt64(truncatingIfNeeded: digest.hashValue), 1)
        }
        return digest.withUnsafeBytes { bytes in
            (salt ^ bytes.loadUnaligned(as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self) | 1)
        }
    }

    private static func position(_ first: UInt64, _ step: UInt64, _ probe: Int) -> Int {
        Int(truncatingIfNeeded: (first &+ UInt64(probe) &* step) & UInt64(bitCount - 1))
    }
}
