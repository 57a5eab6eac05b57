internal import CSodium

/// XChaCha20-Poly1305 (IETF) authenticated encryption with associated data.
///
/// A sealed box is `[format 0x01][24-byte random nonce][ciphertext + 16-byte tag]`. Plaintexts are padded
/// to a multiple of ``paddingBlock`` bytes (ISO/IEC 7816-4 via `sodium_pad`) so short values do not reveal
/// their exact length.
public enum AEAD {
    /// Padding block size in bytes.
    public static let paddingBlock = 16
    static let format: UInt8 = 1
    static let nonceLength = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let tagLength = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// Encrypts `plaintext` under `key`, binding it to `associatedData`.
    public static func seal(_ plaintext: [UInt8], key: SymmetricKey, associatedData: [UInt8]) -> [UInt8] {
        let padded = pad(plaintext)
        let nonce = NoncePool.take(nonceLength)
        var out = [UInt8](repeating: 0, count: 1 + nonceLength + padded.count + tagLength)
        out[0] = format
        for i in 0..<nonceLength { out[1 + i] = nonce[i] }
        var written: UInt64 = 0
        let status = out.withUnsafeMutableBufferPointer { o in
            padded.withUnsafeBufferPointer { p in
                associatedData.withUnsafeBufferPointer { ad in
                    key.bytes.withUnsafeBufferPointer { k in
                        nonce.withUnsafeBufferPointer { n in
                            crypto_aead_xchacha20poly1305_ietf_encrypt(
                                o.baseAddress! + 1 + nonceLength, &written,
                                p.baseAddress!, UInt64(padded.count),
                                ad.baseAddress!, UInt64(associatedData.count),
                                nil, n.baseAddress!, k.baseAddress!)
                        }
                    }
                }
            }
        }
        precondition(status == 0, "XChaCha20-Poly1305 encryption cannot fail for valid lengths")
        return out
    }

    /// Decrypts a sealed box; fails if the key, the associated data or any byte differs.
    ///
    /// - Throws: ``KeyringError`` with code `decryptionFailed`.
    public static func open(_ box: [UInt8], key: SymmetricKey, associatedData: [UInt8]) throws -> [UInt8] {
        guard box.count >= 1 + nonceLength + tagLength + paddingBlock, box[0] == format else {
            throw KeyringError(.decryptionFailed, "sealed value is truncated or of an unknown format")
        }
        let cipherLength = box.count - 1 - nonceLength
        var out = [UInt8](repeating: 0, count: cipherLength - tagLength)
        var written: UInt64 = 0
        let status = out.withUnsafeMutableBufferPointer { o in
            box.withUnsafeBufferPointer { b in
                associatedData.withUnsafeBufferPointer { ad in
                    key.bytes.withUnsafeBufferPointer { k in
                        crypto_aead_xchacha20poly1305_ietf_decrypt(
                            o.baseAddress!, &written, nil,
                            b.baseAddress! + 1 + nonceLength, UInt64(cipherLength),
                            ad.baseAddress!, UInt64(associatedData.count),
                            b.baseAddress! + 1, k.baseAddress!)
                    }
                }
            }
        }
        guard status == 0 else {
            throw KeyringError(.decryptionFailed, "sealed value does not open with this key and context")
        }
        out.removeLast(out.count - Int(written))
        return try unpad(out)
    }

    static func pad(_ plaintext: [UInt8]) -> [UInt8] {
        var buffer = plaintext
        let capacity = (plaintext.count / paddingBlock + 1) * paddingBlock
        buffer.append(contentsOf: [UInt8](repeating: 0, count: capacity - plaintext.count))
        var paddedLength = 0
        let status = buffer.withUnsafeMutableBufferPointer {
            sodium_pad(&paddedLength, $0.baseAddress!, plaintext.count, paddingBlock, capacity)
        }
        precondition(status == 0, "padding buffer is large enough by construction")
        buffer.removeLast(buffer.count - paddedLength)
        return buffer
    }

    static func unpad(_ padded: [UInt8]) throws -> [UInt8] {
        var length = 0
        let status = padded.withUnsafeBufferPointer {
            sodium_unpad(&length, $0.baseAddress!, padded.count, paddingBlock)
        }
        guard status == 0 else { throw KeyringError(.decryptionFailed, "sealed value has invalid padding") }
        return Array(padded.prefix(length))
    }
}
