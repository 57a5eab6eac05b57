public import Core
import Foundation
public import Keyring
public import Storage

/// Typed operations on the vault inside one transaction (or read snapshot).
///
/// Valid only during the closure that received it. The operations run on a ``SQLExecutor`` of the vault's
/// backend (SQLite or PostgreSQL) in the SQL both share; the few statements that differ ask ``dialect``.
public struct VaultTransaction {
    /// Runs this transaction's statements.
    package let sql: any SQLExecutor
    /// Whether reads of a subject or request row lock it until commit (`FOR UPDATE`): true in the write
    /// transactions of a backend with concurrent writers, so a read-then-write never loses another's update.
    let locksRows: Bool
    /// The inserts a bulk write repeats, prepared at first use in this transaction.
    package let inserts: BulkInserts
    /// The audit chain's head once this transaction has locked it for appending.
    package let chainHead = AuditChainHead()

    init(_ sql: any SQLExecutor, writing: Bool = false) {
        self.sql = sql
        self.locksRows = writing && sql.dialect == .postgres
        self.inserts = BulkInserts(sql)
    }

    /// ` FOR UPDATE` where rows read for a later write must be locked, or nothing.
    var forUpdate: String { locksRows ? " FOR UPDATE" : "" }

    /// The executor itself, for tests that tamper with stored rows on purpose.
    @_spi(Testing) public var executor: any SQLExecutor { sql }

    /// The backend's dialect.
    package var dialect: SQLDialect { sql.dialect }

    /// Runs `body` in a savepoint: what it did is undone when it throws, and the rest of the transaction goes on.
    ///
    /// On SQLite the executor keeps the savepoint statements compiled, so a savepoint costs no parsing.
    func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        try sql.execute("SAVEPOINT grouped_write")
        do {
            let value = try body()
            try sql.execute("RELEASE SAVEPOINT grouped_write")
            return value
        } catch {
            if sql.isInsideTransaction {
                try sql.rollbackToSavepoint("grouped_write")
                try sql.execute("RELEASE SAVEPOINT grouped_write")
                // Appends the savepoint undid moved the head this transaction remembers.
                chainHead.forget()
            }
            throw error
        }
    }

    // MARK: Subjects

    /// Inserts a new subject and returns its row id.
    public func insertSubject(_ id: SubjectID, record: SealedRecord, now: Int64, importRun: Int64? = nil) throws -> Int64 {
        try inserts(.subject).addReturningID([
            .text(id.rawValue), .text(StoredSubject.Status.active.rawValue), .blob(Data(record.encoded())), .integer(now),
            .integer(now), importRun.sqlValue,
        ])
    }

    /// Replaces a subject's sealed fields.
    public func updateSubject(rowID: Int64, record: SealedRecord, now: Int64) throws {
        try sql.execute("UPDATE subject SET fields = ?, updated_at = ? WHERE id = ?",
                        [.blob(Data(record.encoded())), .integer(now), .integer(rowID)])
    }

    /// Sets a subject's processing status.
    public func setStatus(_ status: StoredSubject.Status, of id: SubjectID, now: Int64) throws {
        try sql.execute("UPDATE subject SET status = ?, updated_at = ? WHERE pseudonym = ?",
                        [.text(status.rawValue), .integer(now), .text(id.rawValue)])
    }

    /// The subject with a row id.
    public func subject(rowID: Int64) throws -> StoredSubject? {
        try sql.fetchOne("SELECT \(Self.subjectColumns) FROM subject WHERE id = ?" + forUpdate, [.integer(rowID)],
                         decoding: Self.subject(from:))
    }

    /// The subject with a pseudonym.
    public func subject(_ id: SubjectID) throws -> StoredSubject? {
        try sql.fetchOne("SELECT \(Self.subjectColumns) FROM subject WHERE pseudonym = ?" + forUpdate,
                         [.text(id.rawValue)], decoding: Self.subject(from:))
    }

    /// Pseudonyms of every subject, in creation order.
    public func allSubjectIDs() throws -> [SubjectID] {
        try sql.fetchColumn("SELECT pseudonym FROM subject ORDER BY id", as: String.self).compactMap(SubjectID.init)
    }

    /// Whether a subject exists.
    public func subjectExists(_ id: SubjectID) throws -> Bool {
        try sql.fetchValue("SELECT 1 FROM subject WHERE pseudonym = ?", [.text(id.rawValue)], as: Bool.self) ?? false
    }

    /// Number of subjects.
    public func subjectCount() throws -> Int {
        try sql.fetchValue("SELECT COUNT(*) FROM subject", as: Int.self) ?? 0
    }

    /// Deletes a subject's row and, by cascade, its index rows, what services reported about its addresses and the
    /// reconfirmations asked of them.
    public func deleteSubject(_ id: SubjectID) throws -> Bool {
        let deleted = try sql.execute("DELETE FROM subject WHERE pseudonym = ?", [.text(id.rawValue)]) > 0
        try clearAddressStatus(subject: id.rawValue)
        try deleteReconfirmations(subject: id.rawValue)
        return deleted
    }

    /// Deletes many subjects as ``deleteSubject(_:)`` does each: on PostgreSQL one statement per table for the whole
    /// list (each statement is a round trip there), on SQLite one cached statement per subject and table.
    public func deleteSubjects(_ ids: [SubjectID]) throws {
        guard !ids.isEmpty else { return }
        guard dialect == .postgres else {
            for id in ids { _ = try deleteSubject(id) }
            return
        }
        let list = SQLValue.postgresTextArray(ids.map(\.rawValue))
        for table in ["subject", "address_status", "reconfirmation"] {
            let column = table == "subject" ? "pseudonym" : "subject"
            try sql.execute("DELETE FROM \(table) WHERE \(column) \(PostgresList.texts)", [list])
        }
    }

    // MARK: Blind index

    /// Row ids of subjects whose index of `kind` holds `digest`.
    public func subjects(withDigest digest: [UInt8], kind: BlindIndex.Kind) throws -> [Int64] {
        try sql.fetchColumn("SELECT subject_id FROM subject_index WHERE digest = ? AND kind = ?",
                            [.blob(Data(digest)), .text(kind.rawValue)], as: Int64.self)
    }

    /// Pseudonyms of the subjects with a blind-index row of `kind` equal to `digest`, oldest first.
    public func subjectIDs(withDigest digest: [UInt8], kind: BlindIndex.Kind) throws -> [SubjectID] {
        try run(.subjectIDs(withDigest: digest, kind: kind))
    }

    /// Runs a one-statement look-up inside this transaction (``Vault/run(_:)`` runs it on its own).
    public func run<Result: Sendable>(_ query: VaultQuery<Result>) throws -> Result {
        try query.decode(try sql.fetchAll(query.sql, query.arguments))
    }

    /// How many blind-index rows of `kinds` the vault holds (at most `limit` are counted).
    public func indexRowCount(of kinds: [BlindIndex.Kind], limit: Int) throws -> Int {
        let placeholders = kinds.map { _ in "?" }.joined(separator: ", ")
        return try sql.fetchValue("""
            SELECT COUNT(*) FROM (SELECT 1 FROM subject_index WHERE kind IN (\(placeholders)) LIMIT ?) AS counted
            """, kinds.map { .text($0.rawValue) } + [.integer(Int64(limit))], as: Int.self) ?? 0
    }

    /// Calls `body` with the kind and digest of every blind-index row of `kinds`.
    public func forEachIndexDigest(of kinds: [BlindIndex.Kind],
                                   _ body: (BlindIndex.Kind, [UInt8]) throws -> Void) throws {
        let placeholders = kinds.map { _ in "?" }.joined(separator: ", ")
        try sql.forEachRow("SELECT kind, digest FROM subject_index WHERE kind IN (\(placeholders))",
                           kinds.map { .text($0.rawValue) }) { row in
            let kindName: String = row["kind"]
            guard let kind = BlindIndex.Kind(rawValue: kindName) else { return }
            let digest: Data = row["digest"]
            try body(kind, Array(digest))
        }
    }

    /// Adds an index row.
    public func addIndex(kind: BlindIndex.Kind, digest: [UInt8], rowID: Int64) throws {
        try inserts(.subjectIndex).add([.text(kind.rawValue), .blob(Data(digest)), .integer(rowID)])
    }

    /// Removes a subject's index rows of one kind.
    public func removeIndex(kind: BlindIndex.Kind, rowID: Int64) throws {
        try sql.execute("DELETE FROM subject_index WHERE kind = ? AND subject_id = ?",
                        [.text(kind.rawValue), .integer(rowID)])
    }

    // MARK: Consent ledger

    /// Appends a consent event (the ledger is append-only: there is no update or delete).
    @discardableResult
    public func appendConsent(_ event: ConsentEvent) throws -> Int64 {
        try inserts(.consentEvent).addReturningID([
            .text(event.subject.rawValue), .text(event.purpose), .text(event.action.rawValue), .integer(event.at),
            .text(event.channel), .text(event.source), .text(event.provenance.rawValue), event.proven.sqlValue,
            event.noticeID.sqlValue, event.noticeVersion.sqlValue, event.noticeHash.sqlValue, event.evidence.sqlValue,
            event.importRun.sqlValue, event.importRow.sqlValue, .text(event.principal),
        ])
    }

    /// A subject's consent history, oldest first, optionally for one purpose.
    public func consentEvents(of subject: SubjectID, purpose: String? = nil) throws -> [ConsentEvent] {
        var query = "SELECT \(Self.consentColumns) FROM consent_event WHERE subject = ?"
        var arguments: [SQLValue] = [.text(subject.rawValue)]
        if let purpose {
            query += " AND purpose = ?"
            arguments.append(.text(purpose))
        }
        return try sql.fetchAll(query + " ORDER BY id", arguments, decoding: Self.consent(from:))
    }

    /// Every withdrawal and every proven consent recorded (the person's own choices, not a spreadsheet's
    /// unproven tick), oldest first: a restore re-applies those an older backup lacks.
    public func ownChoices() throws -> [ConsentEvent] {
        try sql.fetchAll("SELECT \(Self.consentColumns) FROM consent_event WHERE action = 'withdrawn' OR proven <> 0 "
                         + "ORDER BY id", [], decoding: Self.consent(from:))
    }

    // MARK: Import runs

    /// Records the start of an import and returns its id.
    public func beginImport(_ run: ImportRun) throws -> Int64 {
        try sql.insert("""
            INSERT INTO import_run (started_at, file_name, file_sha256, encoding, delimiter, principal)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [.integer(run.startedAt), .text(run.fileName), .text(run.fileSHA256), .text(run.encoding),
                  .text(run.delimiter), .text(run.principal)])
    }

    /// The start times of the finished import runs: the time an import gives the values it writes (see
    /// ``SealedRecord/Field/isFromImport(importTimes:)``).
    public func importTimes() throws -> Set<Int64> {
        Set(try sql.fetchColumn("SELECT DISTINCT started_at FROM import_run WHERE finished_at IS NOT NULL",
                                as: Int64.self))
    }

    /// Records the outcome of an import.
    public func finishImport(_ run: ImportRun) throws {
        guard let id = run.id else { throw VaultError(.notFound, "import run has no id") }
        try sql.execute("""
            UPDATE import_run SET finished_at = ?, rows = ?, imported = ?, merged = ?, rejected = ? WHERE id = ?
            """, [run.finishedAt.sqlValue, .integer(Int64(run.rows)), .integer(Int64(run.imported)),
                  .integer(Int64(run.merged)), .integer(Int64(run.rejected)), .integer(id)])
    }

    // MARK: Erasure ledger

    /// Records the intent to erase subjects, before their keys are destroyed.
    public func recordErasureIntent(_ subjects: [SubjectID], now: Int64) throws {
        let insert = try inserts(.erasureIntent)
        for subject in subjects { try insert.add([.text(subject.rawValue), .integer(now), .text("pending")]) }
    }

    /// Subjects whose erasure was started but not finished.
    public func pendingErasures() throws -> [SubjectID] {
        try sql.fetchColumn("SELECT DISTINCT subject FROM erasure_ledger WHERE state = 'pending'", as: String.self)
            .compactMap(SubjectID.init)
    }

    /// Marks erasures done.
    public func completeErasure(_ subject: SubjectID, now: Int64) throws {
        try sql.execute("UPDATE erasure_ledger SET state = 'done', done_at = ? WHERE subject = ? AND state = 'pending'",
                        [.integer(now), .text(subject.rawValue)])
    }

    /// Marks the pending erasures of many subjects done (one statement on PostgreSQL).
    public func completeErasures(_ subjects: [SubjectID], now: Int64) throws {
        guard !subjects.isEmpty else { return }
        guard dialect == .postgres else {
            for subject in subjects { try completeErasure(subject, now: now) }
            return
        }
        try sql.execute("""
            UPDATE erasure_ledger SET state = 'done', done_at = ?
            WHERE subject \(PostgresList.texts) AND state = 'pending'
            """, [.integer(now), .postgresTextArray(subjects.map(\.rawValue))])
    }

    /// Every subject ever erased (to re-apply after a restore).
    public func erasedSubjects() throws -> [SubjectID] {
        try sql.fetchColumn("SELECT DISTINCT subject FROM erasure_ledger", as: String.self).compactMap(SubjectID.init)
    }

    // MARK: Row mapping

    /// The columns `subject(from:)` reads, in its order: decoding by position skips a name look-up per value,
    /// which a purge scan of every person pays a million times.
    static let subjectColumns = "id, pseudonym, status, fields, created_at, updated_at"

    /// A subject from a row of `subjectColumns`.
    static func subject(from row: any SQLRowReading) throws -> StoredSubject {
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
    static func consent(from row: any SQLRowReading) throws -> ConsentEvent {
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
