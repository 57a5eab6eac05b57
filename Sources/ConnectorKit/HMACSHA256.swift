/// HMAC-SHA256 (RFC 2104), and a constant-time comparison for checking signatures.
public enum HMACSHA256 {
    /// The MAC of `message` under `key`.
    public static func authenticationCode(
        for message: some Sequence<UInt8>,
        key: some Collection<UInt8>
    ) -> [UInt8] {
        var keyBlock = key.count > SHA256.blockByteCount ? SHA256.hash(key) : Array(key)
        keyBlock += [UInt8](repeating: 0, count: SHA256.blockByteCount - keyBlock.count)
        var inner = SHA256()
        inner.update(keyBlock.map { $0 ^ 0x36 })
        inner.update(message)
        let innerDigest = inner.finalize()
        var outer = SHA256()
        outer.update(keyBlock.map { $0 ^ 0x5c })
        outer.update(innerDigest)
        return outer.finalize()
    }

    /// Compares two byte strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}
