internal import Storage

/// One registered export file: where it is, when it was written and expires, who wrote it for which purpose.
public struct ExportFileRecord: Sendable, Equatable {
    public var id: Int64
    /// The file's path as written: relative to the data directory when it is inside it, else absolute.
    public var path: String
    public var writtenAt: Int64
    public var expiresAt: Int64
    public var principal: String
    public var purpose: String
}

/// The register of export files and the people each holds (pseudonyms only), so a file never outlives its life and
/// an erasure finds every file that holds the person.
extension VaultTransaction {
    /// Registers an export file with the pseudonyms of the people in it; returns its id.
    public func registerExport(path: String, writtenAt: Int64, expiresAt: Int64, principal: String, purpose: String,
                               subjects: [String]) throws -> Int64 {
        let id = try sql.insert("""
            INSERT INTO export_file (path, written_at, expires_at, principal, purpose) VALUES (?, ?, ?, ?, ?)
            """, [.text(path), .integer(writtenAt), .integer(expiresAt), .text(principal), .text(purpose)])
        let insert = try sql.prepareInsert(into: "export_member", columns: ["export_id", "subject"])
        for subject in Set(subjects).sorted() { try insert.add([.integer(id), .text(subject)]) }
        return id
    }

    /// Export files whose life ended by `now`.
    public func expiredExports(now: Int64) throws -> [ExportFileRecord] {
        try sql.fetchAll("SELECT * FROM export_file WHERE expires_at <= ? ORDER BY id", [.integer(now)])
            .map(Self.exportFile(from:))
    }

    /// Export files that hold any of `subjects`.
    public func exports(holding subjects: [String]) throws -> [ExportFileRecord] {
        guard !subjects.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: subjects.count).joined(separator: ",")
        return try sql.fetchAll("""
            SELECT * FROM export_file WHERE id IN (SELECT export_id FROM export_member WHERE subject IN (\(marks)))
            ORDER BY id
            """, subjects.map { .text($0) }).map(Self.exportFile(from:))
    }

    /// The pseudonyms that `principals` exported between `from` and `to` (an incident's scope); every principal's
    /// when `principals` is empty.
    public func exportedSubjects(principals: [String], from: Int64, to: Int64) throws -> Set<String> {
        let marks = Array(repeating: "?", count: principals.count).joined(separator: ",")
        return Set(try sql.fetchColumn("""
            SELECT DISTINCT m.subject FROM export_member m JOIN export_file f ON f.id = m.export_id
            WHERE f.written_at BETWEEN ? AND ?\(principals.isEmpty ? "" : " AND f.principal IN (\(marks))")
            """, [.integer(from), .integer(to)] + principals.map { .text($0) }, as: String.self))
    }

    /// Forgets a registered export whose file is gone (its members go with it).
    public func forgetExport(id: Int64) throws {
        try sql.execute("DELETE FROM export_member WHERE export_id = ?", [.integer(id)])
        try sql.execute("DELETE FROM export_file WHERE id = ?", [.integer(id)])
    }

    private static func exportFile(from row: SQLRow) -> ExportFileRecord {
        ExportFileRecord(id: row["id"], path: row["path"], writtenAt: row["written_at"], expiresAt: row["expires_at"],
                         principal: row["principal"], purpose: row["purpose"])
    }
}
