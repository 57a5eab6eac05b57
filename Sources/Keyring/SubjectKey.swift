public import Core

/// The data-encryption key of one data subject, unwrapped for use.
///
/// Every personal field of the subject is sealed under it with associated data binding the subject id, the
/// field name and the key version, so a ciphertext copied to another field or person does not open.
/// Destroying the wrapped key in `keys.sqlite` makes every copy of those ciphertexts unreadable.
public struct SubjectKey: Sendable {
    public let subject: SubjectID
    public let version: Int
    let key: SymmetricKey

    init(subject: SubjectID, version: Int, key: SymmetricKey) {
        self.subject = subject
        self.version = version
        self.key = key
    }

    /// Seals one field value.
    public func seal(_ value: String, field: String) -> [UInt8] {
        AEAD.seal(value, key: key, associatedData: Self.associatedData(subject, field, version))
    }

    /// Opens one field value sealed by ``seal(_:field:)`` for the same subject, field and key version.
    ///
    /// - Throws: ``KeyringError`` `decryptionFailed` when the box was made for another field, subject or key.
    public func open(_ box: [UInt8], field: String) throws -> String {
        let bytes = try AEAD.open(box, key: key, associatedData: Self.associatedData(subject, field, version))
        return String(decoding: bytes, as: UTF8.self)
    }

    static let associatedDataPrefix = Array("pdgate.field.v1\u{0}".utf8)

    /// `pdgate.field.v1 NUL subject NUL field NUL version`, built without intermediate strings (it runs once per
    /// sealed field).
    static func associatedData(_ subject: SubjectID, _ field: String, _ version: Int) -> [UInt8] {
        var bytes = associatedDataPrefix
        bytes.reserveCapacity(bytes.count + 30 + field.utf8.count + 4)
        bytes.append(contentsOf: subject.rawValue.utf8)
        bytes.append(0)
        bytes.append(contentsOf: field.utf8)
        bytes.append(0)
        bytes.append(contentsOf: String(version).utf8)
        return bytes
    }
}

extension Keyring {
    /// A throwaway subject key for benchmarks (never stored).
    public static func benchmarkKey() throws -> SubjectKey {
        try Sodium.ensureInitialised()
        return SubjectKey(subject: SubjectID.generate(), version: 1, key: SymmetricKey.random())
    }
}
