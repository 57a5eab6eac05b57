public import Core
public import Foundation
public import Storage
import Synchronization

/// The key ring: the master key, the key store and the keys derived from them.
///
/// Subject keys are random (never derived, so they can be shredded) and stored wrapped under the current master
/// key with XChaCha20-Poly1305, the wrapping bound to the subject id and master key version. Index, suppression
/// and signing keys are random named keys wrapped the same way, so rotating the master key rewraps them without
/// re-indexing anything.
///
/// Methods without `async` are for callers already inside a database transaction of the vault (synchronous
/// closures); the `async` ones are for everything else.
public final class Keyring: Sendable {
    /// The master key in use; ``rotateMasterKey(file:)`` moves it to a new version while the key ring is open.
    public var masterKey: MasterKey { master.withLock { $0 } }
    let master: Mutex<MasterKey>
    let store: KeyStore
    private let indexes: [BlindIndex.Kind: BlindIndex]
    /// Signs audit checkpoints.
    public let signer: Signer
    /// Digests the web front ends' short-lived secrets (codes, session ids, link tokens) for the vault.
    public let secretDigest: SecretDigest

    /// Opens the key ring, creating the key store and its named keys on first use.
    ///
    /// - Parameters:
    ///   - masterKeyURL: The master key file (mode 0600).
    ///   - keyStoreURL: The key database, `keys.sqlite`.
    /// - Throws: ``KeyringError``; `wrongMasterKey` when the master key file is not the one this store was made with.
    public convenience init(masterKeyURL: URL, keyStoreURL: URL) throws {
        try self.init(masterKeyURL: masterKeyURL, keyStore: .sqlite(keyStoreURL))
    }

    /// Opens the key ring on a key store at a location: an SQLite file or a PostgreSQL database of its own (its own
    /// credentials, never the data database's).
    ///
    /// - Throws: ``KeyringError``; `storage` when the key store cannot be reached, `wrongMasterKey` as above.
    public init(masterKeyURL: URL, keyStore location: DatabaseLocation) throws {
        let master = try MasterKey.load(from: masterKeyURL)
        let store = try KeyStore(location: location)
        try Self.checkMaster(master, store: store)
        var named: [String: SymmetricKey] = [:]
        for name in BlindIndex.Kind.allCases.map(\.keyName) + ["audit.signing", "outbox.payload", SecretDigest.keyName] {
            named[name] = try Self.namedKey(name, master: master, store: store)
        }
        var indexes: [BlindIndex.Kind: BlindIndex] = [:]
        for kind in BlindIndex.Kind.allCases { indexes[kind] = BlindIndex(kind: kind, key: named[kind.keyName]!) }
        self.master = Mutex(master)
        self.store = store
        self.indexes = indexes
        self.signer = Signer(seed: named["audit.signing"]!)
        self.outboxKey = named["outbox.payload"]!
        self.secretDigest = SecretDigest(key: named[SecretDigest.keyName]!)
    }

    private let outboxKey: SymmetricKey

    /// Seals an outbox payload (a person reference that must outlive the subject key until delivered).
    public func sealOutboxPayload(_ bytes: [UInt8], event: String) -> [UInt8] {
        AEAD.seal(bytes, key: outboxKey, associatedData: Array("pdgate.outbox.v1\u{0}\(event)".utf8))
    }

    /// Opens what ``sealOutboxPayload(_:event:)`` sealed for the same event.
    public func openOutboxPayload(_ box: [UInt8], event: String) throws -> [UInt8] {
        try AEAD.open(box, key: outboxKey, associatedData: Array("pdgate.outbox.v1\u{0}\(event)".utf8))
    }

    /// The blind index of one kind.
    public func blindIndex(_ kind: BlindIndex.Kind) -> BlindIndex { indexes[kind]! }

    // MARK: Subject keys

    /// Creates and stores random keys for new subjects, committing before returning.
    ///
    /// Call it before writing the subjects' vault rows: a key without a subject is swept as garbage, a subject
    /// without a key would be unreadable.
    public func createSubjectKeys(for subjects: [SubjectID]) throws -> [SubjectID: SubjectKey] {
        var result: [SubjectID: SubjectKey] = [:]
        result.reserveCapacity(subjects.count)
        let now = Int64(Date().timeIntervalSince1970)
        let master = masterKey
        try store.write { sql in
            let insert = try sql.prepareInsert(
                into: "subject_key", columns: ["subject", "key_version", "master_version", "wrapped", "created_at"])
            for (subject, key) in zip(subjects, SymmetricKey.random(count: subjects.count)) {
                let wrapped = AEAD.seal(key.bytes, key: master.current, associatedData: Self.wrapContext(subject, master.currentVersion))
                try insert.add([.text(subject.rawValue), .integer(1), .integer(Int64(master.currentVersion)),
                                .blob(Data(wrapped)), .integer(now)])
                result[subject] = SubjectKey(subject: subject, version: 1, key: key)
            }
        }
        return result
    }

    /// The key of one subject (synchronous, for use inside a vault transaction).
    public func subjectKey(for subject: SubjectID) throws -> SubjectKey {
        let row = try store.read { sql in try Self.fetchWrapped(sql, subject) }
        return try unwrap(row, subject: subject)
    }

    /// The key of one subject.
    ///
    /// - Throws: ``KeyringError`` `subjectKeyMissing` when the key was destroyed (the subject was erased).
    public func subjectKey(for subject: SubjectID) async throws -> SubjectKey {
        let row = try await store.asyncRead { sql in try Self.fetchWrapped(sql, subject) }
        return try unwrap(row, subject: subject)
    }

    /// The keys of many subjects, read in one pass over the key store (scans such as the retention purge). Subjects
    /// whose key was destroyed are missing from the result.
    public func subjectKeys(for subjects: [SubjectID]) async throws -> [SubjectID: SubjectKey] {
        guard !subjects.isEmpty else { return [:] }
        let rows = try await store.asyncRead { sql in try Self.fetchCurrent(sql, subjects) }
        var keys: [SubjectID: SubjectKey] = [:]
        keys.reserveCapacity(rows.count)
        for (subject, wrapped) in rows { keys[subject] = try unwrap(wrapped, subject: subject) }
        return keys
    }

    /// Whether the key of a subject still exists.
    public func hasKey(for subject: SubjectID) async throws -> Bool {
        try await store.asyncRead { sql in
            try sql.fetchValue("SELECT 1 FROM subject_key WHERE subject = ?", [.text(subject.rawValue)], as: Bool.self)
                ?? false
        }
    }

    /// Destroys the keys of subjects: crypto-shredding. Idempotent.
    ///
    /// - Returns: How many keys existed and were destroyed.
    @discardableResult
    public func destroySubjectKeys(_ subjects: [SubjectID]) async throws -> Int {
        try await store.asyncWrite { sql in try Self.deleteKeys(of: subjects, in: sql) }
    }

    /// Synchronous ``destroySubjectKeys(_:)`` for use inside a vault transaction.
    @discardableResult
    public func destroySubjectKeysNow(_ subjects: [SubjectID]) throws -> Int {
        try store.write { sql in try Self.deleteKeys(of: subjects, in: sql) }
    }

    /// Subject ids that have a key, created before `cutoff` (for sweeping keys whose subject never got written).
    public func subjectsWithKeys(createdBefore cutoff: Date) async throws -> [SubjectID] {
        try await store.asyncRead { sql in
            try sql.fetchColumn("SELECT subject FROM subject_key WHERE created_at < ?",
                                [.integer(Int64(cutoff.timeIntervalSince1970))], as: String.self)
                .compactMap(SubjectID.init)
        }
    }

    /// Number of subject keys held.
    public func subjectKeyCount() async throws -> Int {
        try await store.asyncRead { sql in try sql.fetchValue("SELECT COUNT(*) FROM subject_key", as: Int.self) ?? 0 }
    }

    /// Checkpoints an SQLite key store's WAL into the main file and truncates it, so destroyed keys leave no copy
    /// there (nothing to do on PostgreSQL).
    public func checkpoint() async throws {
        try await store.checkpoint()
    }

    /// Writes a consistent copy of an SQLite key store to `destination` (keep it apart from vault backups, and
    /// short-lived).
    ///
    /// - Throws: ``KeyringError`` `storage`; on PostgreSQL, where `pg_dump` of the key database makes the backups.
    public func backup(to destination: URL) throws {
        try store.backup(to: destination)
    }

    /// Where the key store is (a file, or a PostgreSQL URL whose password is hidden when printed).
    public var keyStoreLocation: DatabaseLocation { store.location }

    /// Closes the key store.
    public func close() throws {
        try store.close()
    }

    // MARK: Internals

    /// Deletes the keys of subjects, and any key a partial erasure staged for them.
    static func deleteKeys(of subjects: [SubjectID], in sql: any SQLExecutor) throws -> Int {
        if sql.dialect == .postgres {
            guard !subjects.isEmpty else { return 0 }
            _ = try sql.execute("DELETE FROM subject_key_next WHERE subject \(PostgresList.texts)",
                                [.postgresTextArray(subjects.map(\.rawValue))])
            return try sql.execute("DELETE FROM subject_key WHERE subject \(PostgresList.texts)",
                                   [.postgresTextArray(subjects.map(\.rawValue))])
        }
        let delete = try sql.prepare("DELETE FROM subject_key WHERE subject = ?")
        let deleteStaged = try sql.prepare("DELETE FROM subject_key_next WHERE subject = ?")
        var count = 0
        for subject in subjects {
            _ = try deleteStaged.execute([.text(subject.rawValue)])
            count += try delete.execute([.text(subject.rawValue)])
        }
        return count
    }

    struct WrappedKey: Sendable {
        let keyVersion: Int
        let masterVersion: Int
        let wrapped: [UInt8]
    }

    static func fetchWrapped(_ sql: any SQLExecutor, _ subject: SubjectID) throws -> WrappedKey? {
        try sql.fetchOne("SELECT key_version, master_version, wrapped FROM subject_key WHERE subject = ?",
                         [.text(subject.rawValue)]) { row in
            WrappedKey(keyVersion: row[0], masterVersion: row[1], wrapped: row[2])
        }
    }

    /// The wrapped keys of many subjects in one statement (PostgreSQL, where each statement is a round trip).
    static func fetchWrapped(_ sql: any SQLExecutor, _ subjects: [SubjectID]) throws -> [(SubjectID, WrappedKey)] {
        let query = "SELECT subject, key_version, master_version, wrapped FROM subject_key "
            + "WHERE subject \(PostgresList.texts)"
        return try sql.fetchAll(query, [.postgresTextArray(subjects.map(\.rawValue))]) { row in
            (SubjectID(row[0] as String), WrappedKey(keyVersion: row[1], masterVersion: row[2], wrapped: row[3]))
        }.compactMap { id, wrapped in id.map { ($0, wrapped) } }
    }

    /// The current keys of many subjects (those without a key are missing): one statement on PostgreSQL, one
    /// look-up per subject on SQLite, where each is an in-process call.
    static func fetchCurrent(_ sql: any SQLExecutor, _ subjects: [SubjectID]) throws -> [SubjectID: WrappedKey] {
        guard sql.dialect == .postgres else {
            var keys: [SubjectID: WrappedKey] = [:]
            keys.reserveCapacity(subjects.count)
            for subject in subjects { keys[subject] = try fetchWrapped(sql, subject) }
            return keys
        }
        return Dictionary(try fetchWrapped(sql, subjects), uniquingKeysWith: { $1 })
    }

    func unwrap(_ row: WrappedKey?, subject: SubjectID) throws -> SubjectKey {
        guard let row else {
            throw KeyringError(.subjectKeyMissing, "no key for \(subject); the subject was erased or never existed")
        }
        let bytes = try AEAD.open(row.wrapped, key: masterKey.key(version: row.masterVersion),
                                  associatedData: Self.wrapContext(subject, row.masterVersion))
        return SubjectKey(subject: subject, version: row.keyVersion, key: SymmetricKey(bytes: bytes))
    }

    static func wrapContext(_ subject: SubjectID, _ masterVersion: Int) -> [UInt8] {
        Array("pdgate.subject-key.v1\u{0}\(subject.rawValue)\u{0}\(masterVersion)".utf8)
    }

    static func namedContext(_ name: String, _ masterVersion: Int) -> [UInt8] {
        Array("pdgate.named-key.v1\u{0}\(name)\u{0}\(masterVersion)".utf8)
    }

    private static let checkPlaintext = Array("pdgate master key check".utf8)

    private static func checkMaster(_ master: MasterKey, store: KeyStore) throws {
        do {
            try store.write { sql in
                // Instances starting together take turns here, so they agree on one check value and one key set.
                try sql.lockUntilCommit("keyring.setup")
                let context = Array("pdgate.master-check.v1\u{0}\(master.currentVersion)".utf8)
                let sealed = try sql.fetchValue("SELECT sealed FROM master_check WHERE master_version = ?",
                                                [.integer(Int64(master.currentVersion))], as: Data.self)
                if let sealed {
                    guard (try? AEAD.open(Array(sealed), key: master.current, associatedData: context)) == checkPlaintext else {
                        throw KeyringError(.wrongMasterKey,
                            "the master key file does not match keys.sqlite (wrong or replaced master.key); nothing was changed")
                    }
                }
                if let newest = try sql.fetchValue("SELECT MAX(master_version) FROM master_check", as: Int.self),
                    newest > master.currentVersion {
                    throw KeyringError(.wrongMasterKey,
                        "keys.sqlite was rotated to master key version \(newest), but master.key stops at version "
                            + "\(master.currentVersion) (an older copy of the file?); nothing was changed")
                }
                if sealed == nil {
                    let others = try sql.fetchValue("SELECT COUNT(*) FROM master_check", as: Int.self) ?? 0
                    let keys = try sql.fetchValue("SELECT COUNT(*) FROM named_key", as: Int.self) ?? 0
                    if others > 0 || keys > 0 {
                        // A store made with other master key versions: the file must still hold those versions.
                        for row in try sql.fetchAll("SELECT master_version, sealed FROM master_check", []) {
                            let version: Int = row["master_version"]
                            let check: Data = row["sealed"]
                            guard let key = master.versions[version] else {
                                throw KeyringError(.wrongMasterKey,
                                    "keys.sqlite was made with master key version \(version), which master.key lacks")
                            }
                            let context = Array("pdgate.master-check.v1\u{0}\(version)".utf8)
                            let opened = try? AEAD.open(Array(check), key: key, associatedData: context)
                            guard opened == checkPlaintext else {
                                throw KeyringError(.wrongMasterKey, "master key version \(version) in master.key "
                                    + "does not match keys.sqlite; nothing was changed")
                            }
                        }
                    }
                    let sealed = AEAD.seal(checkPlaintext, key: master.current, associatedData: context)
                    try sql.execute("INSERT INTO master_check (master_version, sealed) VALUES (?, ?)",
                                    [.integer(Int64(master.currentVersion)), .blob(Data(sealed))])
                }
            }
        } catch let error as KeyringError {
            throw error
        } catch {
            throw KeyStore.keyringError(error)
        }
    }

    private static func namedKey(_ name: String, master: MasterKey, store: KeyStore) throws -> SymmetricKey {
        try store.write { sql in
            try sql.lockUntilCommit("keyring.setup")
            if let row = try sql.fetchOne("SELECT master_version, wrapped FROM named_key WHERE name = ?",
                                          [.text(name)]) {
                let version: Int = row["master_version"]
                let wrapped: Data = row["wrapped"]
                let bytes = try AEAD.open(Array(wrapped), key: master.key(version: version),
                                          associatedData: namedContext(name, version))
                return SymmetricKey(bytes: bytes)
            }
            let key = SymmetricKey.random()
            let wrapped = AEAD.seal(key.bytes, key: master.current, associatedData: namedContext(name, master.currentVersion))
            try sql.execute("INSERT INTO named_key (name, master_version, wrapped, created_at) VALUES (?, ?, ?, ?)",
                            [.text(name), .integer(Int64(master.currentVersion)), .blob(Data(wrapped)),
                             .integer(Int64(Date().timeIntervalSince1970))])
            return key
    }
    }
}
