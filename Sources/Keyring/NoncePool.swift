import Synchronization

/// Random nonces drawn from a buffer refilled 4 KiB at a time.
///
/// Each `randombytes_buf` call is a `getrandom` system call; sealing a customer's dozen fields one call each made
/// the kernel the bottleneck of an import. Nonces are public values, so drawing them from a shared buffer costs no
/// secrecy; keys are never taken from it.
enum NoncePool {
    private struct Buffer: ~Copyable {
        var bytes: [UInt8] = []
        var offset = 0
    }

    private static let shared = Mutex(Buffer())
    private static let refill = 4096

    /// `count` fresh random bytes (at most the refill size).
    static func take(_ count: Int) -> [UInt8] {
        shared.withLock { buffer in
            if buffer.offset + count > buffer.bytes.count {
                buffer.bytes = Sodium.randomBytes(refill)
                buffer.offset = 0
            }
            defer { buffer.offset += count }
            return Array(buffer.bytes[buffer.offset..<buffer.offset + count])
        }
    }
}
