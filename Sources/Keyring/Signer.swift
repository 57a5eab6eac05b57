internal import CSodium

/// An Ed25519 key pair for signing audit checkpoints.
public struct Signer: Sendable {
    /// The public key, exported for verifiers.
    public let publicKey: [UInt8]
    private let secretKey: [UInt8]

    init(seed: SymmetricKey) {
        var pk = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        var sk = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
        _ = seed.bytes.withUnsafeBufferPointer { s in
            crypto_sign_seed_keypair(&pk, &sk, s.baseAddress!)
        }
        publicKey = pk
        secretKey = sk
    }

    /// A detached signature of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: Int(crypto_sign_BYTES))
        _ = Sodium.withPointer(message) { m in
            crypto_sign_detached(&signature, nil, m, UInt64(message.count), secretKey)
        }
        return signature
    }

    /// Checks a detached signature against a public key.
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == Int(crypto_sign_BYTES), publicKey.count == Int(crypto_sign_PUBLICKEYBYTES) else {
            return false
        }
        return Sodium.withPointer(message) { m in
            crypto_sign_verify_detached(signature, m, UInt64(message.count), publicKey) == 0
        }
    }
}
