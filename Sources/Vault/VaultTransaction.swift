import Foundation
public import GRDB
public import Keyring

/// Typed operations on the vault inside one transaction (or read snapshot).
///
/// Valid only during the closure that received it.
public struct VaultTransaction {
    /// The underlying connection, for modules that keep their own tables in the vault file (Audit).
    public let db: Database

    // MARK: Subjects

    /// Inserts a new subject and returns its row id.
    public func insertSubject(_ id: SubjectID, record: SealedRecord, now: Int64, importRun: Int64? = nil) throws -> Int64 {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO subject (pseudonym, status, fields, created_at, updated_at, import_run)
            VALUES (?, 'active', ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [id.rawValue, Data(record.encoded()), now, now, importRun])
        return db.lastInsertedRowID
    }

    /// Replaces a subject's sealed fields.
    public func updateSubject(rowID: Int64, record: SealedRecord, now: Int64) throws {
        let statement = try db.cachedStatement(sql: "UPDATE subject SET fields = ?, updated_at = ? WHERE id = ?")
        try statement.execute(arguments: [Data(record.encoded()), now, rowID])
    }

    /// Sets a subject's processing status.
    public func setStatus(_ status: StoredSubject.Status, of id: SubjectID, now: Int64) throws {
        try db.execute(sql: "UPDATE subject SET status = ?, updated_at = ? WHERE pseudonym = ?",
                       arguments: [status.rawValue, now, id.rawValue])
    }

    /// The subject with a row id.
    public func subject(rowID: Int64) throws -> StoredSubject? {
        let statement = try db.cachedStatement(sql: "SELECT \(Self.subjectColumns) FROM subject WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [rowID]).map(Self.subject(from:))
    }

    /// The subject with a pseudonym.
    public func subject(_ id: SubjectID) throws -> StoredSubject? {
        let statement = try db.cachedStatement(sql: "SELECT \(Self.subjectColumns) FROM subject WHERE pseudonym = ?")
        return try Row.fetchOne(statement, arguments: [id.rawValue]).map(Self.subject(from:))
    }

    /// Pseudonyms of every subject, in creation order.
    public func allSubjectIDs() throws -> [SubjectID] {
        try String.fetchAll(db, sql: "SELECT pseudonym FROM subject ORDER BY id").compactMap(SubjectID.init)
    }

    /// Whether a subject exists.
    public func subjectExists(_ id: SubjectID) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM subject WHERE pseudonym = ?", arguments: [id.rawValue]) ?? false
    }

    /// Number of subjects.
    public func subjectCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subject") ?? 0
    }

    /// Deletes a subject's row and, by cascade, its index rows, what services reported about its addresses and the
    /// reconfirmations asked of them.
    public func deleteSubject(_ id: SubjectID) throws -> Bool {
        try db.cachedStatement(sql: "DELETE FROM subject WHERE pseudonym = ?").execute(arguments: [id.rawValue])
        let deleted = db.changesCount > 0
        try clearAddressStatus(subject: id.rawValue)
        try deleteReconfirmations(subject: id.rawValue)
        return deleted
    }

    // MARK: Blind index

    /// Row ids of subjects whose index of `kind` holds `digest`.
    public func subjects(withDigest digest: [UInt8], kind: BlindIndex.Kind) throws -> [Int64] {
        let statement = try db.cachedStatement(sql: "SELECT subject_id FROM subject_index WHERE digest = ? AND kind = ?")
        return try Int64.fetchAll(statement, arguments: [Data(digest), kind.rawValue])
    }

    /// Pseudonyms of the subjects with a blind-index row of `kind` equal to `digest`, oldest first.
    public func subjectIDs(withDigest digest: [UInt8], kind: BlindIndex.Kind) throws -> [SubjectID] {
        let statement = try db.cachedStatement(sql: """
            SELECT s.pseudonym FROM subject_index i JOIN subject s ON s.id = i.subject_id
            WHERE i.digest = ? AND i.kind = ? ORDER BY s.id
            """)
        return try String.fetchAll(statement, arguments: [Data(digest), kind.rawValue]).compactMap(SubjectID.init)
    }

    /// How many blind-index rows of `kinds` the vault holds (at most `limit` are counted).
    public func indexRowCount(of kinds: [BlindIndex.Kind], limit: Int) throws -> Int {
        let placeholders = kinds.map { _ in "?" }.joined(separator: ", ")
        return try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (SELECT 1 FROM subject_index WHERE kind IN (\(placeholders)) LIMIT ?)
            """, arguments: StatementArguments(kinds.map(\.rawValue)) + [limit]) ?? 0
    }

    /// Calls `body` with the kind and digest of every blind-index row of `kinds`.
    public func forEachIndexDigest(of kinds: [BlindIndex.Kind],
                                   _ body: (BlindIndex.Kind, [UInt8]) throws -> Void) throws {
        let placeholders = kinds.map { _ in "?" }.joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: "SELECT kind, digest FROM subject_index WHERE kind IN (\(placeholders))",
                                       arguments: StatementArguments(kinds.map(\.rawValue)))
        while let row = try rows.next() {
            guard let kind = BlindIndex.Kind(rawValue: row[0]) else { continue }
            let digest: Data = row[1]
            try body(kind, Array(digest))
        }
    }

    /// Adds an index row.
    public func addIndex(kind: BlindIndex.Kind, digest: [UInt8], rowID: Int64) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO subject_index (kind, digest, subject_id) VALUES (?, ?, ?)")
        try statement.execute(arguments: [kind.rawValue, Data(digest), rowID])
    }

    /// Removes a subject's index rows of one kind.
    public func removeIndex(kind: BlindIndex.Kind, rowID: Int64) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM subject_index WHERE kind = ? AND subject_id = ?")
        try statement.execute(arguments: [kind.rawValue, rowID])
    }

    // MARK: Consent ledger

    /// Appends a consent event (the ledger is append-only: there is no update or delete).
    @discardableResult
    public func appendConsent(_ event: ConsentEvent) throws -> Int64 {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO consent_event (subject, purpose, action, at, channel, source, provenance, proven, notice_id,
                notice_version, notice_hash, evidence, import_run, import_row, principal)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            event.subject.rawValue, event.purpose, event.action.rawValue, event.at, event.channel, event.source,
            event.provenance.rawValue, event.proven, event.noticeID, event.noticeVersion, event.noticeHash,
            event.evidence, event.importRun, event.importRow, event.principal,
        ])
        return db.lastInsertedRowID
    }

    /// A subject's consent history, oldest first, optionally for one purpose.
    public func consentEvents(of subject: SubjectID, purpose: String? = nil) throws -> [ConsentEvent] {
        var sql = "SELECT \(Self.consentColumns) FROM consent_event WHERE subject = ?"
        var arguments: StatementArguments = [subject.rawValue]
        if let purpose {
            sql += " AND purpose = ?"
            _ = arguments.append(contentsOf: [purpose])
        }
        sql += " ORDER BY id"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.consent(from:))
    }

    // MARK: Import runs

    /// Records the start of an import and returns its id.
    public func beginImport(_ run: ImportRun) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO import_run (started_at, file_name, file_sha256, encoding, delimiter, principal)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [run.startedAt, run.fileName, run.fileSHA256, run.encoding, run.delimiter, run.principal])
        return db.lastInsertedRowID
    }

    /// Records the outcome of an import.
    public func finishImport(_ run: ImportRun) throws {
        guard let id = run.id else { throw VaultError(.notFound, "import run has no id") }
        try db.execute(sql: """
            UPDATE import_run SET finished_at = ?, rows = ?, imported = ?, merged = ?, rejected = ? WHERE id = ?
            """, arguments: [run.finishedAt, run.rows, run.imported, run.merged, run.rejected, id])
    }

    // MARK: Erasure ledger

    /// Records the intent to erase subjects, before their keys are destroyed.
    public func recordErasureIntent(_ subjects: [SubjectID], now: Int64) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO erasure_ledger (subject, requested_at, state) VALUES (?, ?, 'pending')")
        for subject in subjects {
            try statement.execute(arguments: [subject.rawValue, now])
        }
    }

    /// Subjects whose erasure was started but not finished.
    public func pendingErasures() throws -> [SubjectID] {
        try String.fetchAll(db, sql: "SELECT DISTINCT subject FROM erasure_ledger WHERE state = 'pending'")
            .compactMap(SubjectID.init)
    }

    /// Marks erasures done.
    public func completeErasure(_ subject: SubjectID, now: Int64) throws {
        try db.cachedStatement(sql: "UPDATE erasure_ledger SET state = 'done', done_at = ? WHERE subject = ? AND state = 'pending'")
            .execute(arguments: [now, subject.rawValue])
    }

    /// Every subject ever erased (to re-apply after a restore).
    public func erasedSubjects() throws -> [SubjectID] {
        try String.fetchAll(db, sql: "SELECT DISTINCT subject FROM erasure_ledger").compactMap(SubjectID.init)
    }

    // MARK: Row mapping

    /// The columns `subject(from:)` reads, in its order: decoding by position skips a name look-up per value,
    /// which a purge scan of every person pays a million times.
    static let subjectColumns = "id, pseudonym, status, fields, created_at, updated_at"

    /// A subject from a row of `subjectColumns`.
    static func subject(from row: Row) throws -> StoredSubject {
        let pseudonym: String = row[1]
        guard let id = SubjectID(pseudonym) else { throw VaultError(.corruptRecord, "malformed subject id in vault") }
        let fields: [UInt8] = Array(row[3] as Data)
        return StoredSubject(
            rowID: row[0], id: id, status: StoredSubject.Status(rawValue: row[2]) ?? .active,
            record: try SealedRecord(encoded: fields), createdAt: row[4], updatedAt: row[5])
    }

    /// The columns `consent(from:)` reads, in its order.
    static let consentColumns = """
        id, subject, purpose, action, at, channel, source, provenance, proven, notice_id, notice_version, \
        notice_hash, evidence, import_run, import_row, principal
        """

    /// A consent event from a row of `consentColumns`.
    static func consent(from row: Row) throws -> ConsentEvent {
        guard let subject = SubjectID(row[1] as String),
            let action = ConsentEvent.Action(rawValue: row[3]),
            let provenance = ConsentEvent.Provenance(rawValue: row[7])
        else { throw VaultError(.corruptRecord, "malformed consent event \(row[0] as Int64)") }
        var event = ConsentEvent(
            subject: subject, purpose: row[2], action: action, at: row[4], channel: row[5], source: row[6],
            provenance: provenance, proven: row[8], noticeID: row[9], noticeVersion: row[10], noticeHash: row[11],
            evidence: row[12], importRun: row[13], importRow: row[14], principal: row[15])
        event.id = row[0]
        return event
    }
}
