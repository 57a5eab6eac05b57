extension PostgresStore {
    /// Applies the PostgreSQL statements of the steps not yet recorded in `table`, in order, in one transaction.
    ///
    /// An advisory lock makes instances that start together take turns; the later ones find nothing to do.
    func migrate(_ migrations: [SchemaMigration], recordedIn table: String) throws {
        try writeBlocking { sql in
            try sql.lockUntilCommit("migrate.\(table)")
            try sql.execute("CREATE TABLE IF NOT EXISTS \(table) (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
            let applied = Set(try sql.fetchColumn("SELECT name FROM \(table)", as: String.self))
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.postgres { try sql.execute(statement) }
                try sql.execute("INSERT INTO \(table) (name, applied_at) VALUES (?, EXTRACT(EPOCH FROM now())::BIGINT)",
                                [.text(migration.name)])
            }
        }
    }
}
