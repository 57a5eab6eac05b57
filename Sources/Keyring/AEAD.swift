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
        plaintext.withUnsafeBufferPointer { seal($0, key: key, associatedData: associatedData) }
    }

    /// Encrypts the UTF-8 bytes of `text` under `key`, binding them to `associatedData`.
    public static func seal(_ text: String, key: SymmetricKey, associatedData: [UInt8]) -> [UInt8] {
        var text = text
        return text.withUTF8 { seal($0, key: key, associatedData: associatedData) }
    }

    /// Pads, draws the nonce and encrypts in place, in the one buffer that becomes the sealed box (sealing runs for
    /// every field of every person an import stores).
    private static func seal(
        _ plaintext: UnsafeBufferPointer<UInt8>, key: SymmetricKey, associatedData: [UInt8]
    ) -> [UInt8] {
        let paddedCapacity = (plaintext.count / paddingBlock + 1) * paddingBlock
        let total = 1 + nonceLength + paddedCapacity + tagLength
        return [UInt8](unsafeUninitializedCapacity: total) { out, initialised in
            let base = out.baseAddress!
            base[0] = format
            NoncePool.fill(UnsafeMutableBufferPointer(start: base + 1, count: nonceLength))
            let message = base + 1 + nonceLength
            if let source = plaintext.baseAddress, plaintext.count > 0 {
                message.update(from: source, count: plaintext.count)
            }
            var paddedLength = 0
            let padded = sodium_pad(&paddedLength, message, plaintext.count, paddingBlock, paddedCapacity)
            precondition(padded == 0 && paddedLength == paddedCapacity, "padding buffer is large enough by construction")
            var written: UInt64 = 0
            let status = associatedData.withUnsafeBufferPointer { ad in
                key.bytes.withUnsafeBufferPointer { k in
                    // libsodium encrypts in place when the message and ciphertext pointers are equal.
                    crypto_aead_xchacha20poly1305_ietf_encrypt(
                        message, &written, message, UInt64(paddedLength),
                        ad.baseAddress, UInt64(ad.count), nil, base + 1, k.baseAddress!)
                }
            }
            precondition(status == 0, "XChaCha20-Poly1305 encryption cannot fail for valid lengths")
            initialised = total
        }
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

    static func unpad(_ padded: [UInt8]) throws -> [UInt8] {
        var length = 0
        let status = padded.withUnsafeBufferPointer {
            sodium_unpad(&length, $0.baseAddress!, padded.count, paddingBlock)
        }
        guard status == 0 else { throw KeyringError(.decryptionFailed, "sealed value has invalid padding") }
        return Array(padded.prefix(length))
    }
}
