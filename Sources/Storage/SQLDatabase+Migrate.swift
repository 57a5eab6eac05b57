import GRDB

extension SQLDatabase {
    /// Applies the steps of `migrations` not yet applied, in order.
    ///
    /// An SQLite file records the applied steps in GRDB's `grdb_migrations` table, as every earlier pdgate did;
    /// PostgreSQL records them in `table`, and an advisory lock makes instances that start together take turns
    /// (the later ones find nothing to do). Steps run in one transaction on PostgreSQL, one transaction each on
    /// SQLite (whose foreign keys are checked at the end of each step).
    ///
    /// - Parameters:
    ///   - migrations: The database's whole list, in order.
    ///   - table: Where PostgreSQL records the applied steps.
    ///   - count: Applies only the first `count` steps, as an older pdgate would have left the database (for
    ///     upgrade tests); nil applies them all.
    /// - Throws: ``StorageError`` when a step fails.
    public func migrate(_ migrations: [SchemaMigration], recordedIn table: String, throughFirst count: Int? = nil)
        throws
    {
        let steps = Array(migrations.prefix(count ?? migrations.count))
        guard let last = steps.last else { return }
        switch backend {
        case .sqlite(let pool):
            var migrator = DatabaseMigrator()
            for step in migrations {
                migrator.registerMigration(step.name) { db in
                    if !step.sqlite.isEmpty { try db.execute(sql: step.sqlite) }
                }
            }
            try Self.mappingErrors { try migrator.migrate(pool, upTo: last.name) }
        case .postgres(let store):
            try store.migrate(steps, recordedIn: table)
        }
    }
}
