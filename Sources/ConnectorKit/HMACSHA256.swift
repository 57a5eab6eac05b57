internal import Crypto

/// HMAC-SHA256 (RFC 2104) over swift-crypto, and a constant-time comparison for checking signatures.
public enum HMACSHA256 {
    /// The MAC of `message` under `key`.
    public static func authenticationCode(
        for message: some Sequence<UInt8>,
        key: some Collection<UInt8>
    ) -> [UInt8] {
        let code = HMAC<Crypto.SHA256>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key)))
        return Array(code)
    }

    /// Compares two byte strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}
