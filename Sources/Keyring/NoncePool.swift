import Synchronization

/// Random nonces drawn from a buffer refilled 4 KiB at a time.
///
/// Each `randombytes_buf` call is a `getrandom` system call; sealing a customer's dozen fields one call each made
/// the kernel the bottleneck of an import. Nonces and the random part of pseudonyms are public values, so drawing
/// them from a shared buffer costs no secrecy; keys are never taken from it.
enum NoncePool {
    private struct Buffer: ~Copyable {
        var bytes: [UInt8] = []
        var offset = 0
    }

    private static let shared = Mutex(Buffer())
    private static let refill = 4096

    /// Fills `buffer` with fresh random bytes (at most the refill size).
    static func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        shared.withLock { pool in
            if pool.offset + buffer.count > pool.bytes.count {
                pool.bytes = Sodium.randomBytes(refill)
                pool.offset = 0
            }
            pool.bytes.withUnsafeBufferPointer { bytes in
                _ = buffer.update(fromContentsOf: bytes[pool.offset..<pool.offset + buffer.count])
            }
            pool.offset += buffer.count
        }
    }
}
