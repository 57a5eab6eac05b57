import Foundation
internal import Storage

extension Vault {
    /// Every table of the vault, parents before children, and whether SQLite keeps it with a rowid.
    static let tables: [(name: String, hasRowID: Bool)] = [
        ("subject", true), ("subject_index", true), ("consent_event", true), ("import_run", true),
        ("audit_log", true), ("audit_checkpoint", true), ("erasure_ledger", true), ("data_request", true),
        ("api_token", true), ("destruction_act", true), ("outbox", true), ("address_status", false),
        ("suppression", false), ("incident", true), ("reconfirmation", false), ("inbound_mark", false),
        ("pending_signup", false), ("act_number", true),
        // The web front ends' sessions and codes move too, so a migration logs nobody out.
        ("web_challenge", false), ("web_session", false), ("web_link", false), ("web_failure", false),
    ]

    /// Tables whose `id` the database generates, whose counter must follow the copied rows.
    static let generatedIDTables = ["subject", "consent_event", "import_run", "erasure_ledger", "data_request",
                                    "api_token", "destruction_act", "outbox", "incident", "act_number"]

    /// Copies every row of this vault into `target`, which must be empty, keeping ids, and returns the rows
    /// copied per table.
    ///
    /// Runs one read snapshot here and one transaction there, so the copy is all or nothing and consistent with
    /// itself; writers should be stopped meanwhile (rows written later are not copied). On PostgreSQL the id
    /// counters are moved past the copied ids.
    ///
    /// - Throws: ``VaultError`` `conflict` when `target` already holds rows, `storage` on failure.
    public func copy(to target: Vault) async throws -> [String: Int] {
        let nonEmpty = try await target.read { tx in
            try Self.tables.map(\.name).filter { try tx.sql.fetchValue("SELECT COUNT(*) FROM \($0)", as: Int.self) != 0 }
        }
        guard nonEmpty.isEmpty else {
            throw VaultError(.conflict, "the target vault is not empty (\(nonEmpty.joined(separator: ", ")))")
        }
        let sourceDialect = dialect
        return try await read { source in
            try target.writeBlocking { destination in
                var counts: [String: Int] = [:]
                for table in Self.tables {
                    var copied = 0
                    var last: Int64 = 0
                    while true {
                        let rows: [SQLRow]
                        let paged = table.hasRowID && sourceDialect == .sqlite
                        if paged {
                            rows = try source.sql.fetchAll(
                                "SELECT rowid AS pdgate_rowid, * FROM \(table.name) WHERE rowid > ? ORDER BY rowid LIMIT 2000",
                                [.integer(last)])
                        } else {
                            rows = try source.sql.fetchAll("SELECT * FROM \(table.name)", [])
                        }
                        try Self.insert(rows, into: table.name, with: destination.sql)
                        copied += rows.count
                        guard paged, let tail = rows.last, rows.count == 2000 else { break }
                        last = tail["pdgate_rowid"]
                    }
                    counts[table.name] = copied
                }
                if destination.dialect == .postgres {
                    for table in Self.generatedIDTables {
                        try destination.sql.execute("""
                            SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE(MAX(id), 0) + 1, false)
                            FROM \(table)
                            """)
                    }
                }
                return counts
            }
        }
    }

    /// Rows per table, for checking a copy.
    public func rowCounts() async throws -> [String: Int] {
        try await read { tx in
            var counts: [String: Int] = [:]
            for table in Self.tables {
                counts[table.name] = try tx.sql.fetchValue("SELECT COUNT(*) FROM \(table.name)", as: Int.self) ?? 0
            }
            return counts
        }
    }

    /// Inserts rows, up to 200 per statement, leaving out SQLite's rowid column.
    static func insert(_ rows: [SQLRow], into table: String, with sql: any SQLExecutor) throws {
        guard let first = rows.first else { return }
        let keep = first.columns.indices.filter { first.columns[$0] != "pdgate_rowid" }
        let columns = keep.map { first.columns[$0] }.joined(separator: ", ")
        let marks = "(" + Array(repeating: "?", count: keep.count).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + 200, rows.count)]
            let values = Array(repeating: marks, count: chunk.count).joined(separator: ", ")
            try sql.execute("INSERT INTO \(table) (\(columns)) VALUES \(values)",
                            chunk.flatMap { row in keep.map { row.values[$0] } })
            start += chunk.count
        }
    }
}
