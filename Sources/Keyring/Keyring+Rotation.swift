import Core
public import Foundation
internal import Storage

extension Keyring {
    /// Keys still wrapped under a master key version older than the current one.
    public struct OlderKeys: Sendable, Equatable {
        /// Subject keys to rewrap.
        public var subjectKeys: Int
        /// Named keys (index, suppression, signing, outbox) to rewrap.
        public var namedKeys: Int

        /// Whether nothing is left to rewrap.
        public var isEmpty: Bool { subjectKeys == 0 && namedKeys == 0 }
    }

    /// Adds a new version to the master key file and makes it current for this key ring.
    ///
    /// The file is replaced atomically first, then the key store records a check value for the new version; keys
    /// created from now on are wrapped under it. Existing keys keep opening under their own version until
    /// ``rewrapSubjectKeys(limit:)`` and ``rewrapNamedKeys()`` move them. A crash between the two steps is harmless:
    /// the next open records the check value.
    ///
    /// - Parameter file: The master key file this key ring was opened with.
    /// - Returns: The new current version.
    /// - Throws: ``KeyringError`` `storage` when the file or the key store cannot be written.
    public func rotateMasterKey(file: URL) throws -> Int {
        try master.withLock { current in
            let next = try current.addingVersion(at: file)
            try store.write { sql in
                let context = Array("pdgate.master-check.v1\u{0}\(next.currentVersion)".utf8)
                let sealed = AEAD.seal(Array("pdgate master key check".utf8), key: next.current,
                                       associatedData: context)
                try sql.execute("INSERT INTO master_check (master_version, sealed) VALUES (?, ?) ON CONFLICT DO NOTHING",
                                [.integer(Int64(next.currentVersion)), .blob(Data(sealed))])
            }
            current = next
            return next.currentVersion
        }
    }

    /// Counts the keys wrapped under an older master key version than the current one.
    public func keysUnderOlderMasterVersions() async throws -> OlderKeys {
        let version = masterKey.currentVersion
        return try await store.asyncRead { sql in
            OlderKeys(
                subjectKeys: try sql.fetchValue("SELECT COUNT(*) FROM subject_key WHERE master_version < ?",
                                                [.integer(Int64(version))], as: Int.self) ?? 0,
                namedKeys: try sql.fetchValue("SELECT COUNT(*) FROM named_key WHERE master_version < ?",
                                              [.integer(Int64(version))], as: Int.self) ?? 0)
        }
    }

    /// Rewraps up to `limit` subject keys still under an older master key version, in one key-store transaction.
    ///
    /// The subject keys themselves do not change, so no sealed field is touched. Each row is updated only if it
    /// still holds what was read, so a key destroyed meanwhile (an erasure) is never brought back.
    ///
    /// - Returns: How many keys were rewrapped; 0 when none is left.
    /// - Throws: ``KeyringError`` (`wrongMasterKey` when a version is missing from the file, `decryptionFailed`).
    public func rewrapSubjectKeys(limit: Int) async throws -> Int {
        let master = masterKey
        return try await store.asyncWrite { sql in
            let rows = try sql.fetchAll("""
                SELECT subject, master_version, wrapped FROM subject_key WHERE master_version < ? LIMIT ?
                """, [.integer(Int64(master.currentVersion)), .integer(Int64(limit))])
            for row in rows {
                let text: String = row["subject"]
                guard let subject = SubjectID(text) else {
                    throw KeyringError(.storage, "keys.sqlite holds a malformed subject id")
                }
                let version: Int = row["master_version"]
                let wrapped: Data = row["wrapped"]
                let bytes = try AEAD.open(Array(wrapped), key: master.key(version: version),
                                          associatedData: Self.wrapContext(subject, version))
                let rewrapped = AEAD.seal(bytes, key: master.current,
                                          associatedData: Self.wrapContext(subject, master.currentVersion))
                try sql.execute("""
                    UPDATE subject_key SET master_version = ?, wrapped = ? WHERE subject = ? AND master_version = ?
                    """, [.integer(Int64(master.currentVersion)), .blob(Data(rewrapped)), .text(text),
                          .integer(Int64(version))])
            }
            return rows.count
        }
    }

    /// Rewraps every named key still under an older master key version, in one key-store transaction.
    ///
    /// - Returns: How many were rewrapped.
    public func rewrapNamedKeys() async throws -> Int {
        let master = masterKey
        return try await store.asyncWrite { sql in
            let rows = try sql.fetchAll("""
                SELECT name, master_version, wrapped FROM named_key WHERE master_version < ?
                """, [.integer(Int64(master.currentVersion))])
            for row in rows {
                let name: String = row["name"]
                let version: Int = row["master_version"]
                let wrapped: Data = row["wrapped"]
                let bytes = try AEAD.open(Array(wrapped), key: master.key(version: version),
                                          associatedData: Self.namedContext(name, version))
                let rewrapped = AEAD.seal(bytes, key: master.current,
                                          associatedData: Self.namedContext(name, master.currentVersion))
                try sql.execute("""
                    UPDATE named_key SET master_version = ?, wrapped = ? WHERE name = ? AND master_version = ?
                    """, [.integer(Int64(master.currentVersion)), .blob(Data(rewrapped)), .text(name),
                          .integer(Int64(version))])
            }
            return rows.count
        }
    }

    /// Every subject id that has a key, for consistency checks.
    public func subjectsWithKeys() async throws -> Set<String> {
        try await store.asyncRead { sql in Set(try sql.fetchColumn("SELECT subject FROM subject_key", as: String.self)) }
    }
}
