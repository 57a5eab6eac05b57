internal import CSodium

/// libsodium's secretstream (XChaCha20-Poly1305) for files delivered to people, such as access bundles.
///
/// The output is the 24-byte stream header followed by 64 KiB chunks, the last one tagged FINAL, so truncation,
/// reordering or any flipped byte is detected when opening.
public enum SecretStream {
    static let chunk = 64 * 1024
    static let headerLength = Int(crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    static let overhead = Int(crypto_secretstream_xchacha20poly1305_ABYTES)

    /// A fresh random delivery key.
    public static func makeKey() -> [UInt8] { Sodium.randomBytes(Int(crypto_secretstream_xchacha20poly1305_KEYBYTES)) }

    /// Encrypts `plaintext` under `key`.
    public static func seal(_ plaintext: [UInt8], key: [UInt8]) throws -> [UInt8] {
        try Sodium.ensureInitialised()
        guard key.count == Int(crypto_secretstream_xchacha20poly1305_KEYBYTES) else {
            throw KeyringError(.cryptoFailure, "a delivery key is 32 bytes")
        }
        var state = crypto_secretstream_xchacha20poly1305_state()
        var header = [UInt8](repeating: 0, count: headerLength)
        _ = crypto_secretstream_xchacha20poly1305_init_push(&state, &header, key)
        var out = header
        var offset = 0
        repeat {
            let end = min(offset + chunk, plaintext.count)
            let piece = Array(plaintext[offset..<end])
            let tag = end == plaintext.count
                ? UInt8(crypto_secretstream_xchacha20poly1305_TAG_FINAL) : UInt8(crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
            var cipher = [UInt8](repeating: 0, count: piece.count + overhead)
            var written: UInt64 = 0
            _ = Sodium.withPointer(piece) { p in
                crypto_secretstream_xchacha20poly1305_push(&state, &cipher, &written, p, UInt64(piece.count), nil, 0, tag)
            }
            out += cipher.prefix(Int(written))
            offset = end
        } while offset < plaintext.count
        return out
    }

    /// Decrypts what ``seal(_:key:)`` produced.
    ///
    /// - Throws: ``KeyringError`` `decryptionFailed` for a wrong key, a truncated or altered file.
    public static func open(_ sealed: [UInt8], key: [UInt8]) throws -> [UInt8] {
        try Sodium.ensureInitialised()
        guard sealed.count >= headerLength + overhead, key.count == Int(crypto_secretstream_xchacha20poly1305_KEYBYTES)
        else { throw KeyringError(.decryptionFailed, "not a sealed bundle, or the key has the wrong length") }
        var state = crypto_secretstream_xchacha20poly1305_state()
        let header = Array(sealed.prefix(headerLength))
        guard crypto_secretstream_xchacha20poly1305_init_pull(&state, header, key) == 0 else {
            throw KeyringError(.decryptionFailed, "bundle header is invalid")
        }
        var out: [UInt8] = []
        var offset = headerLength
        var finished = false
        while offset < sealed.count {
            let end = min(offset + chunk + overhead, sealed.count)
            let piece = Array(sealed[offset..<end])
            var plain = [UInt8](repeating: 0, count: piece.count)
            var written: UInt64 = 0
            var tag: UInt8 = 0
            let status = crypto_secretstream_xchacha20poly1305_pull(
                &state, &plain, &written, &tag, piece, UInt64(piece.count), nil, 0)
            guard status == 0 else { throw KeyringError(.decryptionFailed, "bundle does not open with this key") }
            out += plain.prefix(Int(written))
            offset = end
            if tag == UInt8(crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
                finished = true
                break
            }
        }
        guard finished, offset == sealed.count else { throw KeyringError(.decryptionFailed, "bundle is truncated") }
        return out
    }
}
