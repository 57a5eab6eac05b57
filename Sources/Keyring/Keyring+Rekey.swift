public import Core
import Foundation
internal import Storage

/// Re-keying a subject for a partial erasure (legal hold).
///
/// The fields kept under a hold are re-sealed under a new random key and the old key is destroyed, so no earlier
/// copy of the vault opens the erased fields with a key store from after the erasure. Two files share no
/// transaction, so the new key is first *staged* (`subject_key_next`), the vault is rewritten under it, and then
/// ``promoteStagedKeys(_:)`` replaces the old key with the staged one in one key-store transaction. A staged key
/// is also the record of an unfinished re-keying: ``stagedSubjectKeys()`` lists them for recovery at start.
extension Keyring {
    /// Stages a new key for each subject (version one above its current key) and returns the staged keys.
    ///
    /// Idempotent: a subject that already has a staged key gets that one back. Subjects without a key (erased)
    /// are missing from the result.
    ///
    /// - Parameter atLeast: The lowest version each new key may take (a replayed erasure takes the version the
    ///   erasure ledger recorded, so a key store restored with it is not mistaken for an older one).
    public func stageSubjectKeys(for subjects: [SubjectID], atLeast: [SubjectID: Int] = [:]) async throws
        -> [SubjectID: SubjectKey]
    {
        guard !subjects.isEmpty else { return [:] }
        let master = masterKey
        let now = Int64(Date().timeIntervalSince1970)
        let rows = try await store.asyncWrite { sql -> [(SubjectID, WrappedKey)] in
            let staged = try Self.fetchStaged(sql, subjects)
            let current = try Self.fetchCurrent(sql, subjects)
            let insert = try sql.prepareInsert(into: "subject_key_next",
                                               columns: ["subject", "key_version", "master_version", "wrapped",
                                                         "created_at"])
            var rows: [(SubjectID, WrappedKey)] = []
            for subject in subjects {
                if let staged = staged[subject] {
                    rows.append((subject, staged))
                    continue
                }
                guard let current = current[subject] else { continue }
                let key = SymmetricKey.random()
                let wrapped = AEAD.seal(key.bytes, key: master.current,
                                        associatedData: Self.wrapContext(subject, master.currentVersion))
                let new = WrappedKey(keyVersion: max(current.keyVersion + 1, atLeast[subject] ?? 0),
                                     masterVersion: master.currentVersion, wrapped: wrapped)
                try insert.add([.text(subject.rawValue), .integer(Int64(new.keyVersion)),
                                .integer(Int64(new.masterVersion)), .blob(Data(wrapped)), .integer(now)])
                rows.append((subject, new))
            }
            return rows
        }
        var keys: [SubjectID: SubjectKey] = [:]
        for (subject, wrapped) in rows { keys[subject] = try unwrap(wrapped, subject: subject) }
        return keys
    }

    /// Every staged key: re-keyings a crash interrupted, for recovery to finish or abandon.
    public func stagedSubjectKeys() async throws -> [SubjectID: SubjectKey] {
        let rows = try await store.asyncRead { sql in
            try sql.fetchAll("SELECT subject, key_version, master_version, wrapped FROM subject_key_next", []) { row in
                (row[0] as String, WrappedKey(keyVersion: row[1], masterVersion: row[2], wrapped: row[3]))
            }
        }
        var keys: [SubjectID: SubjectKey] = [:]
        for (text, wrapped) in rows {
            guard let subject = SubjectID(text) else { continue }
            keys[subject] = try unwrap(wrapped, subject: subject)
        }
        return keys
    }

    /// Replaces each subject's key with its staged key in one key-store transaction: from here the old key, and
    /// with it every field sealed only under it, is gone. Idempotent (a subject with no staged key is skipped).
    ///
    /// - Returns: How many keys were replaced.
    @discardableResult
    public func promoteStagedKeys(_ subjects: [SubjectID]) async throws -> Int {
        guard !subjects.isEmpty else { return 0 }
        return try await store.asyncWrite { sql in
            guard sql.dialect == .postgres else {
                var count = 0
                for subject in subjects {
                    guard let staged = try Self.fetchStaged(sql, subject) else { continue }
                    count += try sql.execute("""
                        UPDATE subject_key SET key_version = ?, master_version = ?, wrapped = ? WHERE subject = ?
                        """, [.integer(Int64(staged.keyVersion)), .integer(Int64(staged.masterVersion)),
                              .blob(Data(staged.wrapped)), .text(subject.rawValue)])
                    _ = try sql.execute("DELETE FROM subject_key_next WHERE subject = ?", [.text(subject.rawValue)])
                }
                return count
            }
            // The whole batch in two statements: each is a round trip to the server.
            let list = SQLValue.postgresTextArray(subjects.map(\.rawValue))
            let count = try sql.execute("""
                UPDATE subject_key AS k SET key_version = n.key_version, master_version = n.master_version,
                    wrapped = n.wrapped
                FROM subject_key_next AS n WHERE n.subject = k.subject AND n.subject \(PostgresList.texts)
                """, [list])
            _ = try sql.execute("DELETE FROM subject_key_next WHERE subject \(PostgresList.texts)", [list])
            return count
        }
    }

    /// Drops staged keys whose re-keying never reached the vault (the erasure is re-applied from the ledger).
    public func discardStagedKeys(_ subjects: [SubjectID]) async throws {
        guard !subjects.isEmpty else { return }
        try await store.asyncWrite { sql in
            guard sql.dialect == .postgres else {
                for subject in subjects {
                    _ = try sql.execute("DELETE FROM subject_key_next WHERE subject = ?", [.text(subject.rawValue)])
                }
                return
            }
            _ = try sql.execute("DELETE FROM subject_key_next WHERE subject \(PostgresList.texts)",
                                [.postgresTextArray(subjects.map(\.rawValue))])
        }
    }

    /// The staged keys of many subjects: one statement on PostgreSQL, one look-up per subject on SQLite.
    static func fetchStaged(_ sql: any SQLExecutor, _ subjects: [SubjectID]) throws -> [SubjectID: WrappedKey] {
        guard sql.dialect == .postgres else {
            var keys: [SubjectID: WrappedKey] = [:]
            for subject in subjects { keys[subject] = try fetchStaged(sql, subject) }
            return keys
        }
        let rows = try sql.fetchAll("""
            SELECT subject, key_version, master_version, wrapped FROM subject_key_next
            WHERE subject \(PostgresList.texts)
            """, [.postgresTextArray(subjects.map(\.rawValue))]) { row in
            (SubjectID(row[0] as String), WrappedKey(keyVersion: row[1], masterVersion: row[2], wrapped: row[3]))
        }
        return Dictionary(rows.compactMap { id, key in id.map { ($0, key) } }, uniquingKeysWith: { $1 })
    }

    static func fetchStaged(_ sql: any SQLExecutor, _ subject: SubjectID) throws -> WrappedKey? {
        try sql.fetchOne("SELECT key_version, master_version, wrapped FROM subject_key_next WHERE subject = ?",
                         [.text(subject.rawValue)]) { row in
            WrappedKey(keyVersion: row[0], masterVersion: row[1], wrapped: row[2])
        }
    }
}
