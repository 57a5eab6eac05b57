/// One step of a PostgreSQL schema: a name recorded once applied, and its statements (one per string: the
/// extended query protocol runs one statement at a time).
public struct PostgresMigration: Sendable {
    public let name: String
    public let statements: [String]

    public init(_ name: String, _ statements: [String]) {
        self.name = name
        self.statements = statements
    }
}

extension PostgresStore {
    /// Applies the migrations not yet recorded in `table`, in order, in one transaction.
    ///
    /// An advisory lock makes instances that start together take turns; the later ones find nothing to do.
    public func migrate(_ migrations: [PostgresMigration], recordedIn table: String) throws {
        try writeBlocking { sql in
            try sql.lockUntilCommit("migrate.\(table)")
            try sql.execute("CREATE TABLE IF NOT EXISTS \(table) (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
            let applied = Set(try sql.fetchColumn("SELECT name FROM \(table)", as: String.self))
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements { try sql.execute(statement) }
                try sql.execute("INSERT INTO \(table) (name, applied_at) VALUES (?, EXTRACT(EPOCH FROM now())::BIGINT)",
                                [.text(migration.name)])
            }
        }
    }
}
