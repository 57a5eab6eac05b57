/// The 64-bit key of a named PostgreSQL advisory lock: FNV-1a over `pdgate:` and the name, stable across processes
/// and versions.
enum AdvisoryLockKey {
    static func key(for name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "pdgate:\(name)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
