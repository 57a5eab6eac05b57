import Foundation
public import Storage

extension Keyring {
    /// The key store's tables.
    static let keyTables = ["master_check", "named_key", "subject_key", "subject_key_next"]

    /// Copies every wrapped key of this key ring's store into an empty key store at `location` (created and
    /// migrated on the way) and returns the rows copied per table.
    ///
    /// Keys stay wrapped under the same master key versions: the copy opens with the same master key file.
    ///
    /// - Throws: ``KeyringError`` `storage` when the target holds keys already or cannot be written.
    public func copyKeyStore(to location: DatabaseLocation) throws -> [String: Int] {
        let target = try KeyStore(location: location)
        defer { try? target.close() }
        let rows = try store.read { sql in
            try Self.keyTables.map { table in (table, try sql.fetchAll("SELECT * FROM \(table)", [])) }
        }
        return try target.write { sql in
            for table in Self.keyTables where try sql.fetchValue("SELECT COUNT(*) FROM \(table)", as: Int.self) != 0 {
                throw KeyringError(.storage, "the target key store is not empty (\(table)); nothing was copied")
            }
            var counts: [String: Int] = [:]
            for (table, tableRows) in rows {
                var start = 0
                while start < tableRows.count {
                    let chunk = tableRows[start..<min(start + 500, tableRows.count)]
                    let columns = chunk[chunk.startIndex].columns
                    let marks = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
                    try sql.execute("""
                        INSERT INTO \(table) (\(columns.joined(separator: ", "))) \
                        VALUES \(Array(repeating: marks, count: chunk.count).joined(separator: ", "))
                        """, chunk.flatMap(\.values))
                    start += chunk.count
                }
                counts[table] = tableRows.count
            }
            return counts
        }
    }

    /// Rows per key-store table, for checking a copy.
    public func keyStoreCounts() throws -> [String: Int] {
        try store.read { sql in
            var counts: [String: Int] = [:]
            for table in Self.keyTables {
                counts[table] = try sql.fetchValue("SELECT COUNT(*) FROM \(table)", as: Int.self) ?? 0
            }
            return counts
        }
    }
}
